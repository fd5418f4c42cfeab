// What makes a theme one theme: its search key. 营商环境, 營商環境 and 营商環境 are the same
// theme; a rename that would give a theme another theme's key is a merge, not a rename.
import { searchKeyText } from './searchKey.ts';

/** The theme fields identity and merging need (db's TagRecord has these and more). */
export interface ThemeFields {
  id: string;
  key: string;
  name: string;
  aliases: string[];
  color: string;
  /** The theme's memo: what the code means, when to apply it. */
  description: string;
  /** The theme this one sits under in the codebook; null at the top level. */
  parentId: string | null;
  /** When the theme last changed (ms); 0 when never edited since themes had times. Import: newer wins. */
  updatedAt: number;
  /** When it was deleted (ms): a tombstone, kept so undo and a later import see the deletion. */
  deletedAt: number | null;
  /**
   * On a tombstone: the theme this one was merged into, so passages another machine tagged
   * with it meanwhile follow it there (syncMerge's themeResolution). Absent on other themes.
   */
  mergedInto?: string | null;
  /**
   * This machine's note of the libraries whose codebook holds the theme (as on annotations,
   * core/userRows.ts): a theme no passage uses is written to those codebooks alone. Local:
   * never written to the files. Absent until the theme is first written to or read from one.
   */
  libraryIds?: string[];
}

/** A theme that has not been deleted. */
export const isLiveTheme = (theme: Pick<ThemeFields, 'deletedAt'>): boolean => theme.deletedAt === null;

/** A new theme's fields (id and times from the caller, so tests can fix them). */
export function newTheme(id: string, name: string, now: number, more: Partial<Pick<ThemeFields, 'color' | 'description' | 'parentId'>> = {}): ThemeFields {
  const trimmed = name.trim();
  return { id, key: themeKey(trimmed), name: trimmed, aliases: [], color: more.color ?? '', description: more.description ?? '', parentId: more.parentId ?? null, updatedAt: now, deletedAt: null };
}

export const themeKey = (name: string): string => searchKeyText(name.trim());

/** The name and the aliases, one per key (an alias that only differs in script adds nothing). */
export function themeNames(theme: Pick<ThemeFields, 'name' | 'aliases'>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of [theme.name, ...theme.aliases]) {
    const k = themeKey(n);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(n.trim());
  }
  return out;
}

/** Aliases cleaned: trimmed, non-empty, none with the name's key, no two with one key. */
export function normalizeAliases(name: string, aliases: readonly string[]): string[] {
  return themeNames({ name, aliases: [...aliases] }).slice(1);
}

/** The theme among `themes` that has `name`'s key (营商环境 finds 營商環境), if any. */
export function findTheme<T extends Pick<ThemeFields, 'key'>>(themes: readonly T[], name: string): T | undefined {
  const key = themeKey(name);
  return key ? themes.find((t) => t.key === key) : undefined;
}

export type RenameResult<T> = { ok: true; theme: T } | { ok: false; reason: 'empty' } | { ok: false; reason: 'taken'; other: T };

/** `theme` renamed, or why not: a name with no characters, or one that is another theme's. */
export function rename<T extends ThemeFields>(themes: readonly T[], theme: T, name: string): RenameResult<T> {
  const trimmed = name.trim();
  const key = themeKey(trimmed);
  if (!key) return { ok: false, reason: 'empty' };
  const other = themes.find((t) => t.key === key && t.id !== theme.id);
  if (other) return { ok: false, reason: 'taken', other };
  return { ok: true, theme: { ...theme, name: trimmed, key, aliases: normalizeAliases(trimmed, theme.aliases) } };
}

/**
 * `from` merged into `into`: `into` keeps its id, name and colour and gains `from`'s name and
 * aliases as aliases (so its mentions are still found) and its description if it had none.
 */
export function mergeThemes<T extends ThemeFields>(from: T, into: T): T {
  return {
    ...into,
    aliases: normalizeAliases(into.name, [...into.aliases, from.name, ...from.aliases]),
    description: into.description.trim() ? into.description : from.description,
    color: into.color || from.color,
  };
}

/** An annotation's tag ids after `fromId` became `intoId` (never twice). */
export function retag(tagIds: readonly string[], fromId: string, intoId: string): string[] {
  const out: string[] = [];
  for (const id of tagIds) {
    const next = id === fromId ? intoId : id;
    if (!out.includes(next)) out.push(next);
  }
  return out;
}
