// The database side of the annotation files: the records that travel, read out, and records
// read from files merged in by the one rule (core/syncMerge.ts). Rows are only ever put, never
// deleted: a deletion travels as a tombstone row like any other version.
import { compareVersions, sameKeyMerges, effectiveTagIds, themeResolution, type SyncRecords } from '../core/syncMerge.ts';
import type { PizhuDatabase } from './database.ts';
import { tellChangesCameFrom } from './changeOrigins.ts';
import { eachArticlePage } from './annotations.ts';
import type { AnnotationRecord, TagRecord, TitleRecord } from './records.ts';
import type { TitleRow } from '../core/userRows.ts';

/** The library whose annotation files are being read and written. */
export interface LibraryScope {
  /** Its local id (libraryIdOf): what an annotation's `libraryIds` holds. */
  id: string;
  /** Whether the library lists an article (its annotations of no library yet become its own). */
  lists(articleKey: string): boolean;
  /** Articles whose files were read from this library's folder. */
  keysInFiles: ReadonlySet<string>;
  /** Themes read from this library's codebook. */
  themesInFiles: ReadonlySet<string>;
}

const inLibrary = (row: AnnotationRecord, id: string): boolean => row.libraryIds?.includes(id) === true;

/** A row as the files and the merge see it: the local list of libraries left out. */
export function travelling(row: AnnotationRecord): AnnotationRecord {
  if (row.libraryIds === undefined) return row;
  const { libraryIds: _local, ...rest } = row;
  return rest;
}

/** A title as the files see it: the library it is stored under left out (the file is that library's). */
export function travellingTitle(row: TitleRecord): TitleRow {
  const { libraryId: _local, ...rest } = row;
  return rest;
}

const ofNoLibrary = (row: { libraryIds?: string[] }): boolean => row.libraryIds === undefined || row.libraryIds.length === 0;

/** Rows of no library that a library takes as its own: only their local field changes. */
export interface Adoption {
  libraryId: string;
  annotationIds: string[];
  themeIds: string[];
}

/** What a pass over the library's rows (readSyncRecordsInParts) finds besides the articles' parts. */
export interface LibraryRecords {
  /** The library's codebook: the themes it uses or has. */
  themes: TagRecord[];
  adoption: Adoption;
}

/** One part of the pass: whole articles' records. */
export interface ArticleRecords {
  /** The library's annotations of these articles (without the local field). */
  annotations: AnnotationRecord[];
  /** Their titles, and at the end those of articles no annotation of the library names. */
  titles: TitleRow[];
  /** Annotations of no library among them, which the library takes as its own (see adoption). */
  adopted: string[];
}

/**
 * What the library's files hold, article by article: its annotations (without the local field)
 * and the titles of its articles, handed to `take` a few thousand rows of whole articles at a
 * time while the next are read (eachArticlePage); at the end, the themes it uses or has (its
 * annotations' themes with their parents and merge targets, those in its codebook, and those
 * no annotation uses). `themes` (every theme stored, without the local field) is what `take`
 * names passages' themes by: a theme a passage of the library uses is the library's.
 * Annotations of no library yet (made before libraries were told apart, or just now) whose
 * article the library lists are its own, and so are themes of no library that no passage
 * uses: they are in the records, and in `adoption`, for adoptRows to store as the library's.
 */
export async function readSyncRecordsInParts(db: PizhuDatabase, scope: LibraryScope, take: (part: ArticleRecords, themes: readonly TagRecord[]) => Promise<void>): Promise<LibraryRecords> {
  const [themes, titles] = await db.transaction('r', db.tags, db.libraryTitles, () => Promise.all([db.tags.toArray(), db.libraryTitles.where('libraryId').equals(scope.id).toArray()]));
  const titleOf = new Map(titles.map((t) => [t.articleKey, t]));
  const namingThemes = themes.map(travellingTheme);
  const used = new Set<string>();
  const usedHere = new Set<string>();
  const ownKeys = new Set<string>();
  const adoptedRows: string[] = [];
  await eachArticlePage(db, async (rows) => {
    const annotations: AnnotationRecord[] = [];
    const adopted: string[] = [];
    const keys = new Set<string>();
    for (const row of rows) {
      for (const id of row.tagIds) used.add(id);
      const adopt = ofNoLibrary(row) && scope.lists(row.articleKey);
      if (adopt) adopted.push(row.id);
      if (!adopt && !inLibrary(row, scope.id)) continue;
      annotations.push(travelling(row));
      for (const id of row.tagIds) usedHere.add(id);
      keys.add(row.articleKey);
    }
    for (const key of keys) ownKeys.add(key);
    adoptedRows.push(...adopted);
    const partTitles = [...keys].flatMap((key) => {
      const title = titleOf.get(key);
      return title ? [travellingTitle(title)] : [];
    });
    await take({ annotations, titles: partTitles, adopted }, namingThemes);
  });
  const rest = titles.filter((t) => !ownKeys.has(t.articleKey) && (scope.lists(t.articleKey) || scope.keysInFiles.has(t.articleKey)));
  if (rest.length > 0) await take({ annotations: [], titles: rest.map(travellingTitle), adopted: [] }, namingThemes);
  // A theme no passage uses and no library holds yet (made here just now, or before themes
  // were told apart by library) becomes the open library's, like an annotation of none.
  const adoptedThemes = themes.filter((t) => ofNoLibrary(t) && !used.has(t.id)).map((t) => ({ ...t, libraryIds: [scope.id] }));
  const adoptedIds = new Set(adoptedThemes.map((t) => t.id));
  return {
    themes: themesOfLibrary([...themes.filter((t) => !adoptedIds.has(t.id)), ...adoptedThemes], usedHere, scope).map(travellingTheme),
    adoption: { libraryId: scope.id, annotationIds: adoptedRows, themeIds: [...adoptedIds] },
  };
}

/** How many rows of an adoption one transaction stores: a write made meanwhile waits for one piece at most. */
export const ADOPT_PIECE = 500;
/**
 * Dexie (4.4, its observability middleware) names each row of a write of fewer than 50 in its
 * change event; a write of 50 or more it reports as the whole table.
 */
const NAMED_WRITE_ROWS = 49;

/** Puts `rows` in writes Dexie names each row of: another window, not told where they came from, looks at these rows alone. */
async function putNamed(db: PizhuDatabase, rows: readonly AnnotationRecord[]): Promise<void> {
  for (let at = 0; at < rows.length; at += NAMED_WRITE_ROWS) await db.annotations.bulkPut(rows.slice(at, at + NAMED_WRITE_ROWS));
}

/**
 * Stores the first ADOPT_PIECE rows of `adoption` (its themes with the first piece) as its
 * library's, where they are still of no library, as they are now (an edit made since is kept);
 * a theme a passage has come to use meanwhile is left. Returns what is left to store. The
 * change is told to this window as a local field's (changeOrigins.ts) while `stillOpen()`: the
 * open library's files and counts are the same either way.
 */
export async function adoptRows(db: PizhuDatabase, adoption: Adoption, stillOpen: () => boolean): Promise<Adoption> {
  const ids = adoption.annotationIds.slice(0, ADOPT_PIECE);
  const { libraryId, themeIds } = adoption;
  await db.transaction('rw', db.annotations, db.tags, async (tx) => {
    const rows = await db.annotations.bulkGet(ids);
    const still = rows.filter((r): r is AnnotationRecord => r !== undefined && ofNoLibrary(r)).map((r) => ({ ...r, libraryIds: [libraryId] }));
    await putNamed(db, still);
    if (themeIds.length > 0) {
      const used = new Set(await db.annotations.where('tagIds').anyOf(themeIds).distinct().toArray().then((tagged) => tagged.flatMap((a) => a.tagIds)));
      const themes = (await db.tags.bulkGet(themeIds)).filter((t): t is TagRecord => t !== undefined && ofNoLibrary(t) && !used.has(t.id)).map((t) => ({ ...t, libraryIds: [libraryId] }));
      if (themes.length > 0) await db.tags.bulkPut(themes);
    }
    if (stillOpen()) tellChangesCameFrom(tx, 'local-field');
  });
  return { libraryId, annotationIds: adoption.annotationIds.slice(ADOPT_PIECE), themeIds: [] };
}

/** The articles of annotations `ids` (those still stored). */
export async function articleKeysOf(db: PizhuDatabase, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.annotations.bulkGet([...ids]);
  return new Set(rows.flatMap((r) => (r ? [r.articleKey] : [])));
}

/**
 * The library's records (readSyncRecordsInParts) for the articles `keys` alone (no themes: an article's file names its
 * themes from the codebook's): one index lookup per article, not a pass over every row. Its
 * rows of no library are few, and stored as the library's at once, in the same transaction
 * (told to this window as a local field's change while `stillOpen()`).
 */
export async function readArticleSyncRecords(db: PizhuDatabase, scope: LibraryScope, keys: readonly string[], stillOpen: () => boolean = () => true): Promise<SyncRecords> {
  return db.transaction('rw', db.annotations, db.libraryTitles, async (tx) => {
    const [annotations, titles] = await Promise.all([db.annotations.where('articleKey').anyOf([...keys]).toArray(), db.libraryTitles.bulkGet(keys.map((key) => [scope.id, key]))]);
    const adopted = annotations.filter((a) => ofNoLibrary(a) && scope.lists(a.articleKey)).map((a) => ({ ...a, libraryIds: [scope.id] }));
    if (adopted.length > 0) {
      await putNamed(db, adopted);
      if (stillOpen()) tellChangesCameFrom(tx, 'local-field');
    }
    const own = [...annotations.filter((a) => inLibrary(a, scope.id)), ...adopted].map(travelling);
    const ownKeys = new Set(own.map((a) => a.articleKey));
    return {
      annotations: own,
      themes: [],
      titles: titles
        .filter((t): t is TitleRecord => t !== undefined && (ownKeys.has(t.articleKey) || scope.lists(t.articleKey) || scope.keysInFiles.has(t.articleKey)))
        .map(travellingTitle),
    };
  });
}

/**
 * The themes a library's codebook holds: those it held (read from its files or written to them
 * before), those its passages use, and their parents and merge targets. A theme another library
 * holds and no passage here uses stays out: only passages and the codebook tie a theme to a library.
 */
export function themesOfLibrary(themes: readonly TagRecord[], usedByLibrary: ReadonlySet<string>, scope: Pick<LibraryScope, 'id' | 'themesInFiles'>): TagRecord[] {
  const byId = new Map(themes.map((t) => [t.id, t]));
  const wanted = new Set<string>([...scope.themesInFiles, ...usedByLibrary]);
  for (const t of themes) if (t.libraryIds?.includes(scope.id)) wanted.add(t.id);
  // A theme's parent and the theme it was merged into go with it: the codebook read elsewhere resolves them.
  const pending = [...wanted];
  while (pending.length > 0) {
    const t = byId.get(pending.pop()!);
    for (const next of [t?.parentId, t?.mergedInto]) {
      if (next && !wanted.has(next)) {
        wanted.add(next);
        pending.push(next);
      }
    }
  }
  return themes.filter((t) => wanted.has(t.id));
}

/** A theme as the files see it: the local list of libraries left out. */
function travellingTheme(row: TagRecord): TagRecord {
  if (row.libraryIds === undefined) return row;
  const { libraryIds: _local, ...rest } = row;
  return rest;
}

/** Below this many ids, asking for each is cheap whatever the table holds. */
const FEW_IDS = 1_000;

/**
 * The stored rows of `ids`, in their order. IndexedDB answers bulkGet with a request per id;
 * when the ids are a good part of the table (a first read of a library's files, most of all
 * into an empty database) one read of the whole table costs far less.
 */
async function storedAnnotations(db: PizhuDatabase, ids: readonly string[]): Promise<(AnnotationRecord | undefined)[]> {
  if (ids.length < FEW_IDS || ids.length * 4 < (await db.annotations.count())) return db.annotations.bulkGet([...ids]);
  const byId = new Map((await db.annotations.toArray()).map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id));
}

export interface MergeOutcome {
  /** Ids of annotations whose stored version changed, with the note they had before (undefined: new). */
  changedAnnotations: Map<string, string | undefined>;
  /** Articles where a version stored here won over the one that arrived (their files differ from it). */
  articlesKeptHere: Set<string>;
  themesChanged: number;
  titlesChanged: number;
}

/**
 * Merges `incoming` into the database in one transaction: each row is put only where the
 * incoming version wins over the stored one. Then live themes that share a key (one made on
 * each machine) are merged into the one of smaller id, as every machine computes alike, so
 * the store keeps one live theme per key.
 */
export async function mergeIntoDatabase(db: PizhuDatabase, incoming: SyncRecords, libraryId: string): Promise<MergeOutcome> {
  return db.transaction('rw', db.annotations, db.tags, db.libraryTitles, async (tx) => {
    const changedAnnotations = new Map<string, string | undefined>();
    const articlesKeptHere = new Set<string>();
    const stored = await storedAnnotations(db, incoming.annotations.map((a) => a.id));
    const putAnnotations = new Map<string, AnnotationRecord>();
    // Every annotation in the library's files is the library's, whichever version wins.
    const libraries = (here: AnnotationRecord | undefined): string[] => (here?.libraryIds?.includes(libraryId) ? here.libraryIds : [...(here?.libraryIds ?? []), libraryId]);
    incoming.annotations.forEach((row, i) => {
      const here = stored[i];
      const order = here ? compareVersions(row, travelling(here)) : 1;
      if (here && order <= 0) {
        if (order < 0) articlesKeptHere.add(here.articleKey);
        if (!inLibrary(here, libraryId)) putAnnotations.set(here.id, { ...here, libraryIds: libraries(here) });
        return;
      }
      changedAnnotations.set(row.id, here?.note);
      // Not cloned here: the store clones every value it puts, and nothing else keeps this object.
      putAnnotations.set(row.id, { ...travelling(row), libraryIds: libraries(here) });
    });
    const storedThemes = await db.tags.bulkGet(incoming.themes.map((t) => t.id));
    // Every theme in the library's codebook is the library's, whichever version wins.
    const themeLibraries = (here: TagRecord | undefined): string[] => (here?.libraryIds?.includes(libraryId) ? here.libraryIds : [...(here?.libraryIds ?? []), libraryId]);
    let newerThemes = 0;
    const putThemes = incoming.themes.flatMap((t, i): TagRecord[] => {
      const here = storedThemes[i];
      if (!here || compareVersions(t, here) > 0) {
        newerThemes++;
        return [{ ...(structuredClone(travellingTheme(t)) as TagRecord), libraryIds: themeLibraries(here) }];
      }
      // Only the local note changes: the theme as it travels is the same version.
      return here.libraryIds?.includes(libraryId) ? [] : [{ ...here, libraryIds: themeLibraries(here) }];
    });
    // The library's files hold its own titles: compared with, and stored as, this library's.
    const storedTitles = (await db.libraryTitles.bulkGet(incoming.titles.map((t) => [libraryId, t.articleKey]))).map((t) => (t ? travellingTitle(t) : undefined));
    const putTitles = incoming.titles
      .filter((t, i) => !storedTitles[i] || compareVersions(travellingTitle({ ...t, libraryId }), storedTitles[i]) > 0)
      .map((t): TitleRecord => ({ ...(structuredClone(travellingTitle({ ...t, libraryId })) as TitleRow), libraryId }));
    incoming.titles.forEach((t, i) => {
      if (storedTitles[i] && compareVersions(travellingTitle({ ...t, libraryId }), storedTitles[i]) < 0) articlesKeptHere.add(t.articleKey);
    });
    if (putThemes.length > 0) await db.tags.bulkPut(putThemes);
    let themesChanged = newerThemes;

    // Two live themes of one key: the later id becomes a tombstone pointing at the keeper, and
    // passages tagged with it follow. Stamps derive from the rows (not the clock), so two
    // machines doing this write the same rows and the files stop changing.
    const themes = await db.tags.toArray();
    const merges = sameKeyMerges(themes);
    if (merges.length > 0) {
      const byId = new Map(themes.map((t) => [t.id, t]));
      const tombstones = merges.map(({ fromId, intoId }) => {
        const from = byId.get(fromId)!;
        const stamp = Math.max(from.updatedAt, byId.get(intoId)!.updatedAt) + 1;
        return { ...from, updatedAt: stamp, deletedAt: stamp, mergedInto: intoId };
      });
      await db.tags.bulkPut(tombstones);
      themesChanged += tombstones.length;
      const resolution = themeResolution(await db.tags.toArray());
      const fromIds = merges.map((m) => m.fromId);
      const tagged = await db.annotations.where('tagIds').anyOf(fromIds).distinct().toArray();
      for (const row of tagged) {
        const base = putAnnotations.get(row.id) ?? row;
        if (!changedAnnotations.has(row.id)) changedAnnotations.set(row.id, row.note);
        articlesKeptHere.add(row.articleKey);
        putAnnotations.set(row.id, { ...base, tagIds: effectiveTagIds(base.tagIds, resolution), updatedAt: base.updatedAt + 1 });
      }
    }
    if (putAnnotations.size > 0) await db.annotations.bulkPut([...putAnnotations.values()]);
    if (putTitles.length > 0) await db.libraryTitles.bulkPut(putTitles);
    tellChangesCameFrom(tx, 'files');
    return { changedAnnotations, articlesKeptHere, themesChanged, titlesChanged: putTitles.length };
  });
}
