// The user's corrections of conversions, one list per library: a correction made for one
// collection of articles (Hong Kong news, say) must not change how another one reads.
// Each list is one row of the settings table, keyed by its library, so a backup carries
// every library's list and an import adds the lists of libraries that have none here.
import type { ConversionOverride } from '../core/types.ts';

/** Limits of a list: a phrase is short, the list a list, not a dictionary. */
export const OVERRIDE_LIMITS = { phrase: 100, count: 500 } as const;
const OVERRIDE_SCRIPTS: readonly string[] = ['cn', 't', 'tw', 'twp', 'hk'];

/**
 * The settings row of the list before lists were per library: one list applied in every
 * library. Still read, from an old database or an old backup, and handed to a library.
 */
export const LEGACY_OVERRIDES_KEY = 'conversionOverrides';
const LIBRARY_PREFIX = 'conversionOverrides@';

/**
 * The bundled articles move with the app (an update, an AppImage mounted at a new path
 * each run): their list is keyed by what they are, not by where they are. Folders are
 * keyed by their absolute path, which never equals this.
 */
export const BUNDLED_LIBRARY = 'bundled';

/** Which list a library uses. */
export function libraryIdOf(info: { root: string; isDefault: boolean }): string {
  return info.isDefault ? BUNDLED_LIBRARY : info.root;
}

export function overridesKey(libraryId: string): string {
  return LIBRARY_PREFIX + libraryId;
}

export function isOverride(v: unknown): v is ConversionOverride {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.script === 'string' &&
    OVERRIDE_SCRIPTS.includes(o.script) &&
    typeof o.from === 'string' &&
    o.from !== '' &&
    o.from.length <= OVERRIDE_LIMITS.phrase &&
    !o.from.includes('\n') &&
    typeof o.to === 'string' &&
    o.to.length <= OVERRIDE_LIMITS.phrase &&
    !o.to.includes('\n')
  );
}

export function isOverrideList(v: unknown): v is ConversionOverride[] {
  return Array.isArray(v) && v.length <= OVERRIDE_LIMITS.count && v.every(isOverride);
}

export type LibraryLists = ReadonlyMap<string, ConversionOverride[]>;
export const NO_LISTS: LibraryLists = new Map();

/** The lists with `libraryId`'s replaced by `list`. */
export function withLibraryList(lists: LibraryLists, libraryId: string, list: ConversionOverride[]): LibraryLists {
  return new Map([...lists, [libraryId, list]]);
}

const sameEntry = (a: ConversionOverride, b: ConversionOverride) => a.script === b.script && a.from === b.from;

/** Every library's valid list among the settings rows; a list that does not validate is left out (and left stored). */
export function libraryOverridesFromRows(rows: ReadonlyMap<string, unknown>): LibraryLists {
  const lists = new Map<string, ConversionOverride[]>();
  for (const [key, value] of rows) {
    if (key.startsWith(LIBRARY_PREFIX) && key.length > LIBRARY_PREFIX.length && isOverrideList(value)) lists.set(key.slice(LIBRARY_PREFIX.length), value);
  }
  return lists;
}

/**
 * A library's list with an old library-wide list added: the library's own entry wins for a
 * phrase both correct in one view. What does not fit under the limit is returned as
 * `leftover`, to be kept where it was rather than dropped.
 */
export function adoptLegacy(own: readonly ConversionOverride[], legacy: readonly ConversionOverride[]): { list: ConversionOverride[]; leftover: ConversionOverride[] } {
  const list = [...own];
  const leftover: ConversionOverride[] = [];
  for (const o of legacy) {
    if (list.some((x) => sameEntry(x, o))) continue;
    if (list.length < OVERRIDE_LIMITS.count) list.push(o);
    else leftover.push(o);
  }
  return { list, leftover };
}

/** The list with `o` added, or replacing the entry for its phrase in its view; null when that would pass the limit. */
export function withOverride(list: readonly ConversionOverride[], o: ConversionOverride): ConversionOverride[] | null {
  const rest = list.filter((x) => !sameEntry(x, o));
  return rest.length >= OVERRIDE_LIMITS.count ? null : [...rest, o];
}

export function withoutOverride(list: readonly ConversionOverride[], o: ConversionOverride): ConversionOverride[] {
  return list.filter((x) => !sameEntry(x, o));
}
