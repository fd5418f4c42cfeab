// Merging copies of the user's records made on different machines (the annotation files a
// sync tool carries, a backup being imported). One rule decides every pair of versions of a
// record, so the result is the same on every machine whatever the order the copies arrive in:
//
// - the version changed last wins, where a deletion counts as a change at `deletedAt`;
// - at the same moment a tombstone wins over a live version;
// - at the same moment and the same liveness, the larger canonical serialisation wins: a
//   total order on contents, so no machine's arrival order can decide.
//
// Picking the winner of a total order per id is a join: commutative, associative and
// idempotent, and no id present in any copy is ever dropped (a deletion stays as a tombstone).
// What themes mean for passages (a theme merged into another, two machines that each made
// 营商环境) is not written into the records by the merge: it is read from the merged themes
// (themeResolution), so it too is the same everywhere.
import type { ThemeFields } from './themeIdentity.ts';
import type { AnnotationRow, TitleRow } from './userRows.ts';

/** The records that travel between machines; settings and reading positions stay on each. */
export interface SyncRecords {
  annotations: AnnotationRow[];
  themes: ThemeFields[];
  titles: TitleRow[];
}

interface Versioned {
  updatedAt: number;
  deletedAt?: number | null;
}

/**
 * JSON with object keys sorted and undefined fields left out: two equal records give one
 * string whatever order their fields were set in. Hand-written because it is a few lines and
 * only ever sees plain records (no cycles, no class instances).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * A record as it travels: without what only this machine notes on it (an annotation's
 * libraryIds), so a copy read from a file or a backup is the same version as the one here.
 */
function travelling<T extends Versioned>(row: T): T {
  if (!('libraryIds' in row)) return row;
  const { libraryIds: _local, ...rest } = row as T & { libraryIds?: unknown };
  return rest as T;
}

/** When a record last changed: its last edit or its deletion, whichever came later. */
export const versionStamp = (row: Versioned): number => (row.deletedAt === null || row.deletedAt === undefined ? row.updatedAt : Math.max(row.updatedAt, row.deletedAt));

/** Above 0 when `a` wins over `b`, below 0 when `b` wins, 0 only when they are the same version. */
export function compareVersions<T extends Versioned>(a: T, b: T): number {
  const stamps = versionStamp(a) - versionStamp(b);
  if (stamps !== 0) return stamps;
  const aDead = a.deletedAt !== null && a.deletedAt !== undefined;
  const bDead = b.deletedAt !== null && b.deletedAt !== undefined;
  if (aDead !== bDead) return aDead ? 1 : -1;
  const ta = travelling(a);
  const tb = travelling(b);
  // Most ties are one version met twice (a file read back, a copy this machine wrote): told
  // apart without making their canonical texts, which a file of a thousand rows pays for in full.
  if (sameData(ta, tb)) return 0;
  const ca = canonicalJson(ta);
  const cb = canonicalJson(tb);
  return ca === cb ? 0 : ca > cb ? 1 : -1;
}

/**
 * Whether two plain-data values are certainly one canonical text (key order and keys holding
 * undefined do not count). False where they might still be: the canonical texts then tell.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // A hole or an undefined element is written as null: the canonical texts tell those.
    for (let i = 0; i < a.length; i++) if (!(i in a) || !(i in b) || a[i] === undefined || !sameData(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let keys = 0;
  for (const key of Object.keys(ra)) {
    if (ra[key] === undefined) continue;
    keys++;
    if (!Object.hasOwn(rb, key) || !sameData(ra[key], rb[key])) return false;
  }
  for (const key of Object.keys(rb)) if (rb[key] !== undefined) keys--;
  return keys === 0;
}

/** The winning version of two versions of one record. */
export const winningVersion = <T extends Versioned>(a: T, b: T): T => (compareVersions(a, b) >= 0 ? a : b);

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every record of every copy, one winning version per key, sorted by key. */
export function mergeRows<T extends Versioned>(copies: readonly (readonly T[])[], keyOf: (row: T) => string): T[] {
  const winners = new Map<string, T>();
  for (const rows of copies) {
    for (const row of rows) {
      const key = keyOf(row);
      const here = winners.get(key);
      winners.set(key, here === undefined ? row : winningVersion(here, row));
    }
  }
  return [...winners.entries()].sort(([a], [b]) => byId(a, b)).map(([, row]) => row);
}

/** The copies merged: annotations and themes by id, titles by article key. */
export function mergeRecords(copies: readonly SyncRecords[]): SyncRecords {
  return {
    annotations: mergeRows(
      copies.map((c) => c.annotations),
      (a) => a.id,
    ),
    themes: mergeRows(
      copies.map((c) => c.themes),
      (t) => t.id,
    ),
    titles: mergeRows(
      copies.map((c) => c.titles),
      (t) => t.articleKey,
    ),
  };
}

/**
 * Where each theme's passages belong: the id of the live theme a theme id stands for, or null
 * when it stands for none (deleted without being merged, or merged into a deleted one).
 * - A theme merged into another (its tombstone names `mergedInto`) stands for what that one
 *   stands for; a chain that loops stands for none.
 * - Live themes with one key (营商环境 made on one machine, 營商環境 on another) all stand for
 *   the one with the smallest id: any rule would do that every machine computes alike.
 * An id the themes do not hold is not in the map (its theme may not have arrived yet).
 */
export function themeResolution(themes: readonly ThemeFields[]): Map<string, string | null> {
  const byThemeId = new Map(themes.map((t) => [t.id, t]));
  const keeper = new Map<string, string>();
  for (const t of themes) {
    if (t.deletedAt !== null) continue;
    const held = keeper.get(t.key);
    if (held === undefined || t.id < held) keeper.set(t.key, t.id);
  }
  const out = new Map<string, string | null>();
  const resolve = (id: string): string | null => {
    const seen = new Set<string>();
    let at: string = id;
    for (;;) {
      const theme = byThemeId.get(at);
      // A merge into a theme not seen yet: the passages wait for it under its id.
      if (theme === undefined) return at;
      if (theme.deletedAt === null) return keeper.get(theme.key)!;
      if (theme.mergedInto === undefined || theme.mergedInto === null || seen.has(at)) return null;
      seen.add(at);
      at = theme.mergedInto;
    }
  };
  for (const t of themes) out.set(t.id, resolve(t.id));
  return out;
}

/** A passage's theme ids as they read after merges: merged ones redirected, deleted ones gone, none twice. */
export function effectiveTagIds(tagIds: readonly string[], resolution: ReadonlyMap<string, string | null>): string[] {
  const out: string[] = [];
  for (const id of tagIds) {
    const to = resolution.has(id) ? resolution.get(id)! : id;
    if (to !== null && !out.includes(to)) out.push(to);
  }
  return out;
}

/**
 * Live themes that share a key with a theme of a smaller id, each with the theme it should be
 * merged into: the store keeps one live theme per key, so the caller merges these (as a user's
 * merge does). Every machine computes the same pairs from the same themes.
 */
export function sameKeyMerges(themes: readonly ThemeFields[]): { fromId: string; intoId: string }[] {
  const resolution = themeResolution(themes);
  return themes
    .filter((t) => t.deletedAt === null && resolution.get(t.id) !== t.id)
    .map((t) => ({ fromId: t.id, intoId: resolution.get(t.id)! }))
    .sort((a, b) => byId(a.fromId, b.fromId));
}
