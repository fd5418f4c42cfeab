// The codebook: themes nested under parent themes. Pure functions over live theme rows.
//
// The tree is read defensively: a parent that is missing or deleted puts the theme at the
// top level, and a loop (two copies each moved one theme under the other, then merged by an
// import) is cut at one deterministic place, so every theme shows exactly once. Moves made
// here are refused before they could make a loop.
import type { ThemeFields } from './themeIdentity.ts';

type Node = Pick<ThemeFields, 'id' | 'parentId'>;

/** Each theme's parent as the tree shows it: null at the top level, for a lost parent, or where a loop is cut. */
export function effectiveParents<T extends Node>(themes: readonly T[], order: (a: T, b: T) => number = byId): Map<string, string | null> {
  const byIdMap = new Map(themes.map((t) => [t.id, t]));
  const parent = new Map<string, string | null>();
  for (const t of themes) parent.set(t.id, t.parentId !== null && t.parentId !== t.id && byIdMap.has(t.parentId) ? t.parentId : null);
  // A loop has no way to the top: cut it at its first theme in `order`, which becomes top level.
  const settled = new Set<string>();
  for (const start of [...themes].sort(order)) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: string | null = start.id;
    while (at !== null && !settled.has(at) && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      at = parent.get(at) ?? null;
    }
    if (at !== null && onPath.has(at)) {
      const loop = path.slice(path.indexOf(at)).map((id) => byIdMap.get(id)!);
      parent.set([...loop].sort(order)[0].id, null);
    }
    for (const id of path) settled.add(id);
  }
  return parent;
}

const byId = (a: Node, b: Node): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Children of each theme id (and of null: the top level), each list in `order`. */
export function childrenByParent<T extends Node>(themes: readonly T[], order: (a: T, b: T) => number = byId): Map<string | null, T[]> {
  const parents = effectiveParents(themes, order);
  const out = new Map<string | null, T[]>();
  for (const t of [...themes].sort(order)) {
    const p = parents.get(t.id) ?? null;
    let list = out.get(p);
    if (!list) out.set(p, (list = []));
    list.push(t);
  }
  return out;
}

export interface TreeRow<T> {
  theme: T;
  /** 0 at the top level. */
  depth: number;
  parentId: string | null;
  childCount: number;
}

/** The themes in tree order (each parent before its children, siblings in `order`). */
export function themeTree<T extends Node>(themes: readonly T[], order: (a: T, b: T) => number = byId): TreeRow<T>[] {
  const children = childrenByParent(themes, order);
  const out: TreeRow<T>[] = [];
  // An explicit stack: a deep codebook must not run out of call stack.
  const stack: { theme: T; depth: number; parentId: string | null }[] = (children.get(null) ?? []).map((theme) => ({ theme, depth: 0, parentId: null })).reverse();
  while (stack.length > 0) {
    const { theme, depth, parentId } = stack.pop()!;
    const kids = children.get(theme.id) ?? [];
    out.push({ theme, depth, parentId, childCount: kids.length });
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ theme: kids[i], depth: depth + 1, parentId: theme.id });
  }
  return out;
}

/** The ids of a theme's descendants (children, their children…), not the theme itself. */
export function descendantIds<T extends Node>(themes: readonly T[], id: string): Set<string> {
  const children = childrenByParent(themes);
  const out = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    for (const kid of children.get(stack.pop()!) ?? []) {
      if (out.has(kid.id)) continue;
      out.add(kid.id);
      stack.push(kid.id);
    }
  }
  return out;
}

/** The ids from a theme's parent up to its top-level ancestor. */
export function ancestorIds<T extends Node>(themes: readonly T[], id: string): string[] {
  const parents = effectiveParents(themes);
  const out: string[] = [];
  for (let at = parents.get(id) ?? null; at !== null; at = parents.get(at) ?? null) out.push(at);
  return out;
}

/** The names from the top-level ancestor down to the theme itself (营商环境 › 政务服务), for exports and labels. */
export function themePath<T extends Node & { name: string }>(themes: readonly T[], id: string): string[] {
  const byIdMap = new Map(themes.map((t) => [t.id, t]));
  const self = byIdMap.get(id);
  if (!self) return [];
  return [...ancestorIds(themes, id).reverse().map((a) => byIdMap.get(a)!.name), self.name];
}

export type MoveCheck = { ok: true } | { ok: false; reason: 'missing' | 'self' | 'cycle' };

/**
 * Whether `id` may move under `parentId` (null: to the top level). Not under itself, and not
 * under one of its own descendants: that would make a loop with no way to the top.
 */
export function checkMove<T extends Node>(themes: readonly T[], id: string, parentId: string | null): MoveCheck {
  if (!themes.some((t) => t.id === id)) return { ok: false, reason: 'missing' };
  if (parentId === null) return { ok: true };
  if (parentId === id) return { ok: false, reason: 'self' };
  if (!themes.some((t) => t.id === parentId)) return { ok: false, reason: 'missing' };
  if (descendantIds(themes, id).has(parentId)) return { ok: false, reason: 'cycle' };
  return { ok: true };
}

/** Themes a theme may move under: every other theme except its descendants. */
export function possibleParents<T extends Node>(themes: readonly T[], id: string): T[] {
  const below = descendantIds(themes, id);
  return themes.filter((t) => t.id !== id && !below.has(t.id));
}

/**
 * The parent changes when a theme goes away (deleted, or merged into another): its children
 * move up to its own parent, so none is lost from the tree. Returns the changed children.
 */
export function childrenAfterRemoval<T extends ThemeFields>(themes: readonly T[], id: string, now: number): T[] {
  const gone = themes.find((t) => t.id === id);
  if (!gone) return [];
  const up = effectiveParents(themes).get(id) ?? null;
  return themes.filter((t) => t.parentId === id).map((t) => ({ ...t, parentId: up, updatedAt: now }));
}

/**
 * Parent changes when `fromId` merges into `intoId`: `from`'s children go under `into`; when
 * `into` sat below `from`, it takes `from`'s place first, so no loop is made.
 */
export function parentsAfterMerge<T extends ThemeFields>(themes: readonly T[], fromId: string, intoId: string, now: number): { into: T; children: T[] } | null {
  const from = themes.find((t) => t.id === fromId);
  const into = themes.find((t) => t.id === intoId);
  if (!from || !into || fromId === intoId) return null;
  const parents = effectiveParents(themes);
  const intoBelowFrom = descendantIds(themes, fromId).has(intoId);
  const movedInto = intoBelowFrom ? { ...into, parentId: parents.get(fromId) ?? null, updatedAt: now } : into;
  const children = themes.filter((t) => t.parentId === fromId && t.id !== intoId).map((t) => ({ ...t, parentId: intoId, updatedAt: now }));
  return { into: movedInto, children };
}

export interface RolledUpPassage<P> {
  passage: P;
  /** The theme (itself or a descendant) that tags it; the theme's own id when it tags it directly. */
  via: string;
}

/**
 * A theme's passages with its descendants': each passage once, tagged by the theme itself
 * where it is, else by its first descendant in tree order. A parent's count is this length.
 */
export function rolledUpPassages<T extends Node, P extends { id: string; tagIds: readonly string[] }>(themes: readonly T[], id: string, passages: readonly P[], order?: (a: T, b: T) => number): RolledUpPassage<P>[] {
  const below = descendantIds(themes, id);
  const rank = new Map(themeTree(themes, order).map((row, i) => [row.theme.id, i]));
  const out: RolledUpPassage<P>[] = [];
  for (const passage of passages) {
    if (passage.tagIds.includes(id)) {
      out.push({ passage, via: id });
      continue;
    }
    let via: string | null = null;
    for (const tagId of passage.tagIds) if (below.has(tagId) && (via === null || (rank.get(tagId) ?? 0) < (rank.get(via) ?? 0))) via = tagId;
    if (via !== null) out.push({ passage, via });
  }
  return out;
}

/** Rolled-up passage counts of every theme: its own passages and its descendants', each passage once. */
export function rolledUpCounts<T extends Node>(themes: readonly T[], passages: readonly { id: string; tagIds: readonly string[] }[]): Map<string, number> {
  const parents = effectiveParents(themes);
  const counts = new Map<string, number>(themes.map((t) => [t.id, 0]));
  for (const passage of passages) for (const at of withAncestors(parents, passage.tagIds)) counts.set(at, (counts.get(at) ?? 0) + 1);
  return counts;
}

/** A passage's themes and all their ancestors, each once (`parents` from effectiveParents). */
export function withAncestors(parents: ReadonlyMap<string, string | null>, tagIds: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const tagId of tagIds) {
    if (!parents.has(tagId)) continue;
    for (let at: string | null = tagId; at !== null && !out.has(at); at = parents.get(at) ?? null) out.add(at);
  }
  return out;
}
