// Annotation and tag rows. Every write is one Dexie transaction; nothing here deletes a row:
// a removed annotation is a tombstone (deletedAt), so undo and a later sync still see it.
import { newTheme, themeKey } from '../core/themeIdentity.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord, TagRecord } from './records.ts';
import { inLibraryOrNone, type CountedRow } from '../core/annotationCounts.ts';
import { liveTagWithKey } from './themeRows.ts';
import { keepingHeldLibraries } from './heldLibraries.ts';

export { inLibraryOrNone };

/** Live (not deleted) annotations of one article of library `libraryId` (null: of any), oldest first. */
export async function readAnnotations(db: PizhuDatabase, articleKey: string, libraryId: string | null = null, pageRows: number = ARTICLE_PAGE_ROWS): Promise<AnnotationRecord[]> {
  const ofArticle = () => db.annotations.where('articleKey').equals(articleKey);
  // The usual article: one request. Rows of one key come in primary-key order.
  const rows = await ofArticle().limit(pageRows).toArray();
  if (rows.length === pageRows) {
    // More than a person makes (a merged or hostile backup): read in one request, their
    // decoding would block the page for seconds in one task. The rest are read a page at a
    // time by id: the article's ids come from its index as keys alone (no row decoded), so
    // no other article's row is read, however many lie between its ids.
    const after = rows[rows.length - 1].id;
    const rest = (await ofArticle().primaryKeys()).filter((id) => id > after);
    await pushRowsStillOfArticle(db, articleKey, rest, pageRows, rows);
  }
  return rows.filter((r) => shownInArticle(r, libraryId)).sort((a, b) => a.createdAt - b.createdAt);
}

/** A row the article shows: live, and of the library open (or of none). */
const shownInArticle = (row: AnnotationRecord, libraryId: string | null): boolean => row.deletedAt === null && inLibraryOrNone(row, libraryId);

/**
 * The stored live rows among `ids` that belong to `articleKey` (in library `libraryId`, or
 * none): what a change that named its rows brings to the article shown.
 */
export async function readArticleRowsById(db: PizhuDatabase, articleKey: string, ids: readonly string[], libraryId: string | null = null): Promise<AnnotationRecord[]> {
  const rows = await readAnnotationsById(db, ids);
  return rows.filter((r): r is AnnotationRecord => r !== undefined && r.articleKey === articleKey && shownInArticle(r, libraryId));
}

/**
 * Rows of one article read in one request; past that, a page at a time. A page is decoded in
 * one task of the page, so it must stay well under a frame on a slow machine.
 */
export const ARTICLE_PAGE_ROWS = 500;

/**
 * Writes whole rows (create, edit, soft delete and their undo all come here), with the new
 * themes they were just tagged with, in one transaction: a tag id never lands without its
 * theme. A new theme whose key another window stored meanwhile is that window's theme: the
 * rows are pointed at it. Returns the rows as written.
 */
export async function writeAnnotations(db: PizhuDatabase, records: readonly AnnotationRecord[], newTags: readonly TagRecord[] = []): Promise<AnnotationRecord[]> {
  if (newTags.length === 0) {
    return db.transaction('rw', db.annotations, async () => {
      const rows = await keepingLibraries(db, records.map((r) => structuredClone(r)));
      await db.annotations.bulkPut(rows);
      return rows;
    });
  }
  return db.transaction('rw', db.tags, db.annotations, async () => {
    const renamed = new Map<string, string>();
    for (const tag of newTags) {
      const here = await liveTagWithKey(db, tag.key);
      if (here && here.id !== tag.id) renamed.set(tag.id, here.id);
      else if (!here) await db.tags.add(structuredClone(tag));
    }
    const rows = await keepingLibraries(db, records.map((r) => structuredClone({ ...r, tagIds: [...new Set(r.tagIds.map((id) => renamed.get(id) ?? id))] })));
    await db.annotations.bulkPut(rows);
    return rows;
  });
}

/** `rows` with the libraries their stored rows are held by (keepingHeldLibraries). */
async function keepingLibraries(db: PizhuDatabase, rows: AnnotationRecord[]): Promise<AnnotationRecord[]> {
  const stored = await db.annotations.bulkGet(rows.map((r) => r.id));
  return rows.map((row, i) => keepingHeldLibraries(row, stored[i]));
}

/** The live theme with this search key, if there is one. */
export async function findTag(db: PizhuDatabase, key: string): Promise<TagRecord | undefined> {
  return liveTagWithKey(db, key);
}

/**
 * Rows read per request when every row is read: bounds the memory of a 100,000-row pass, and
 * a read the reader waits for (the annotations of the article just opened) waits for one
 * page at most.
 */
const PAGE_ROWS = ARTICLE_PAGE_ROWS;

/**
 * Rows a page for a whole-table read that writes wait on (the annotation files' full step, the
 * backup): a write made meanwhile waits for one page, and each page is a round trip, on a
 * busy machine a long one. Pages of 500 made a first start on 100,000 rows take 26 s where one
 * read of them all took 15, and held a backup's transaction 8 s at 32,000 rows.
 */
export const WHOLE_TABLE_PAGE_ROWS = 5_000;

/**
 * `pick` of every row (tombstones included) where it is not null, read a page at a time by
 * primary key: one getAll a page, where a cursor (Dexie's filter) pays a round trip a row.
 */
export async function readEveryAnnotation<T>(db: PizhuDatabase, pick: (row: AnnotationRecord) => T | null, pageRows: number = PAGE_ROWS): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: AnnotationRecord[] = await (after === null ? db.annotations.orderBy(':id') : db.annotations.where(':id').above(after)).limit(pageRows).toArray();
    for (const row of page) {
      const picked = pick(row);
      if (picked !== null) out.push(picked);
    }
    if (page.length < pageRows) return out;
    after = page[page.length - 1].id;
  }
}

/**
 * Every row (tombstones and every library's included), a page at a time in the order of their
 * article keys, each page holding whole articles: `take` has each page while the next is read,
 * so a caller making something of each article (its annotation file) works while the browser's
 * storage reads on. A page is read through the `articleKey` index, up to `pageRows` rows; the
 * rows of its last article, which may go on past it, are left for the next page, which starts
 * at that article. An article of more rows than a page comes alone, read a page of ids at a time.
 * Each read is a transaction of its own (see WHOLE_TABLE_PAGE_ROWS): a row written meanwhile may
 * be read as it was, or missed, and one moved to another article meanwhile may be read in both
 * or neither.
 */
export async function eachArticlePage(db: PizhuDatabase, take: (rows: AnnotationRecord[]) => Promise<void>, pageRows: number = WHOLE_TABLE_PAGE_ROWS): Promise<void> {
  const pageFrom = (key: string | null, withKey: boolean): Promise<AnnotationRecord[]> => {
    const rows = key === null ? db.annotations.orderBy('articleKey') : withKey ? db.annotations.where('articleKey').aboveOrEqual(key) : db.annotations.where('articleKey').above(key);
    const read = rows.limit(pageRows).toArray();
    // Awaited in its turn; one that fails while the caller still works on a page is not left unhandled meanwhile.
    read.catch(() => {});
    return read;
  };
  let next = pageFrom(null, false);
  for (;;) {
    let page = await next;
    if (page.length < pageRows) {
      if (page.length > 0) await take(page);
      return;
    }
    const lastKey = page[page.length - 1].articleKey;
    let cut = page.length - 1;
    while (cut > 0 && page[cut - 1].articleKey === lastKey) cut--;
    if (cut === 0) {
      next = pageFrom(lastKey, false);
      page = await readWholeArticle(db, lastKey, pageRows);
    } else {
      next = pageFrom(lastKey, true);
      page.length = cut;
    }
    await take(page);
  }
}

/** Every row of one article, its ids read first (keys alone) and its rows a page of ids a transaction. */
async function readWholeArticle(db: PizhuDatabase, articleKey: string, pageRows: number): Promise<AnnotationRecord[]> {
  const ids = await db.annotations.where('articleKey').equals(articleKey).primaryKeys();
  return pushRowsStillOfArticle(db, articleKey, ids, pageRows, []);
}

/**
 * Reads the rows of `ids` a page at a time and pushes onto `rows` those still of `articleKey`:
 * a row can be gone, or moved to another article, since its id was read. Returns `rows`.
 */
async function pushRowsStillOfArticle(db: PizhuDatabase, articleKey: string, ids: readonly string[], pageRows: number, rows: AnnotationRecord[]): Promise<AnnotationRecord[]> {
  for (let at = 0; at < ids.length; at += pageRows) {
    for (const row of await db.annotations.bulkGet(ids.slice(at, at + pageRows))) if (row !== undefined && row.articleKey === articleKey) rows.push(row);
  }
  return rows;
}

/** What counting needs of every row, tombstones included (the counter skips them). */
export function readCountedRows(db: PizhuDatabase): Promise<CountedRow[]> {
  return readEveryAnnotation(db, (r) => ({ id: r.id, articleKey: r.articleKey, fingerprint: r.fingerprint, deletedAt: r.deletedAt, libraryIds: r.libraryIds }));
}

/** The stored rows of `ids`, undefined where a row is gone. */
export async function readAnnotationsById(db: PizhuDatabase, ids: readonly string[]): Promise<(AnnotationRecord | undefined)[]> {
  return db.annotations.bulkGet([...ids]);
}

/**
 * A file renamed or moved inside library `libraryId` (null: any): its annotations (tombstones
 * too) follow it; another library's article of the same key keeps its own. Returns how many moved.
 */
export async function moveAnnotations(db: PizhuDatabase, fromKey: string, toKey: string, now: number = Date.now(), libraryId: string | null = null): Promise<number> {
  return db.transaction('rw', db.annotations, async () => {
    const rows = (await db.annotations.where('articleKey').equals(fromKey).toArray()).filter((r) => inLibraryOrNone(r, libraryId));
    await db.annotations.bulkPut(rows.map((r) => ({ ...r, articleKey: toKey, updatedAt: Math.max(r.updatedAt, now) })));
    return rows.length;
  });
}

/** The live themes (tombstones left out). */
export async function readTags(db: PizhuDatabase): Promise<TagRecord[]> {
  return (await db.tags.toArray()).filter((t) => t.deletedAt === null);
}

/** Each theme merged away (a tombstone with `mergedInto`): the theme it went into. */
export async function readThemeMerges(db: PizhuDatabase): Promise<Map<string, string>> {
  const merged = await db.tags.filter((t) => t.deletedAt !== null && typeof t.mergedInto === 'string').toArray();
  return new Map(merged.map((t) => [t.id, t.mergedInto!]));
}

/** The theme named `name`, created if no theme has the same search key (营商环境 = 營商環境). */
export async function ensureTag(db: PizhuDatabase, name: string, color = '', now: number = Date.now()): Promise<TagRecord> {
  const key = themeKey(name);
  if (!key) throw new Error('a theme needs a name with letters or characters in it');
  return db.transaction('rw', db.tags, async () => {
    const existing = await liveTagWithKey(db, key);
    if (existing) return existing;
    const tag: TagRecord = newTheme(crypto.randomUUID(), name, now, { color });
    await db.tags.add(tag);
    return tag;
  });
}
