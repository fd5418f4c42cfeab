// The codebook as a tree, for the exports: which themes are live, each theme's path from its
// root, and its children. Themes without a parent (or whose parent is gone) are roots.

export interface TreeTheme {
  id: string;
  name: string;
  parentId?: string | null;
  deletedAt?: number | null;
}

/** Themes that are not tombstones. */
export function liveThemes<T extends TreeTheme>(themes: readonly T[]): T[] {
  return themes.filter((t) => t.deletedAt === undefined || t.deletedAt === null);
}

/** The parent a live theme hangs under, or null: a missing or deleted parent, or a loop, makes it a root. */
function parentsOf(themes: readonly TreeTheme[]): Map<string, string | null> {
  const byId = new Map(themes.map((t) => [t.id, t]));
  const parent = new Map<string, string | null>();
  for (const t of themes) parent.set(t.id, t.parentId && t.parentId !== t.id && byId.has(t.parentId) ? t.parentId : null);
  // A loop (a under b under a) would never reach a root: its first member met becomes one.
  for (const t of themes) {
    const seen = new Set<string>([t.id]);
    let at = parent.get(t.id) ?? null;
    while (at !== null) {
      if (seen.has(at)) {
        parent.set(at, null);
        break;
      }
      seen.add(at);
      at = parent.get(at) ?? null;
    }
  }
  return parent;
}

/** Each live theme's names from its root down to itself. */
export function themePaths(themes: readonly TreeTheme[]): Map<string, string[]> {
  const live = liveThemes(themes);
  const byId = new Map(live.map((t) => [t.id, t]));
  const parent = parentsOf(live);
  const out = new Map<string, string[]>();
  const pathOf = (id: string): string[] => {
    const known = out.get(id);
    if (known) return known;
    const up = parent.get(id) ?? null;
    const path = [...(up === null ? [] : pathOf(up)), byId.get(id)!.name];
    out.set(id, path);
    return path;
  };
  for (const t of live) pathOf(t.id);
  return out;
}

/** Live themes by parent id (null: the roots), each list in the order given. */
export function themeChildren<T extends TreeTheme>(themes: readonly T[]): Map<string | null, T[]> {
  const live = liveThemes(themes);
  const parent = parentsOf(live);
  const out = new Map<string | null, T[]>();
  for (const t of live) {
    const p = parent.get(t.id) ?? null;
    const list = out.get(p);
    if (list) list.push(t);
    else out.set(p, [t]);
  }
  return out;
}

/** `id` and every live theme under it. */
export function themeAndDescendants(themes: readonly TreeTheme[], id: string): Set<string> {
  const children = themeChildren(themes);
  const out = new Set<string>();
  const walk = (at: string) => {
    if (out.has(at)) return;
    out.add(at);
    for (const c of children.get(at) ?? []) walk(c.id);
  };
  walk(id);
  return out;
}
