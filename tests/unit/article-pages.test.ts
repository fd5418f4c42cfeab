// The annotation files' full step reads every row article by article, a page of whole articles
// at a time, and makes each page's files while the next page is read (db/annotations.ts
// eachArticlePage, db/syncRows.ts readSyncRecordsInParts). Expected values are written by hand.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eachArticlePage, writeAnnotations } from '../../src-renderer/db/annotations.ts';
import { readSyncRecordsInParts, type ArticleRecords } from '../../src-renderer/db/syncRows.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { annotationRow } from '../support/annotationRow.ts';
import { spyOnAnnotationsTable } from '../support/annotationsTableSpy.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('article-pages');

const rowsOf = (articleKey: string, count: number, extra: Partial<AnnotationRecord> = {}) =>
  Array.from({ length: count }, (_, i) => annotationRow(`${articleKey}-${String(i).padStart(2, '0')}`, { articleKey, ...extra }));

/** Each page as `article×rows`, in the order taken. */
async function pagesOf(rows: AnnotationRecord[], pageRows: number): Promise<string[][]> {
  const db = dbs.open();
  await writeAnnotations(db, rows);
  const pages: string[][] = [];
  await eachArticlePage(
    db,
    async (page) => {
      const counts = new Map<string, number>();
      for (const row of page) counts.set(row.articleKey, (counts.get(row.articleKey) ?? 0) + 1);
      pages.push([...counts].map(([key, n]) => `${key}×${n}`));
    },
    pageRows,
  );
  return pages;
}

describe('every row, a page of whole articles at a time', () => {
  it('cuts each page before its last article, which opens the next page', async () => {
    // 3 + 4 + 2 + 3 rows, pages of 5: a a a b b | b b b b c | c c d d d | d d d. A full page
    // cannot know whether its last article goes on: d, whole in the third read, is read again.
    const rows = [...rowsOf('a.txt', 3), ...rowsOf('b.txt', 4), ...rowsOf('c.txt', 2), ...rowsOf('d.txt', 3)];
    expect(await pagesOf(rows, 5)).toEqual([['a.txt×3'], ['b.txt×4'], ['c.txt×2'], ['d.txt×3']]);
  });

  it('reads an article of more rows than a page whole, alone, and goes on after it', async () => {
    const rows = [...rowsOf('a.txt', 2), ...rowsOf('b.txt', 12), ...rowsOf('c.txt', 1)];
    expect(await pagesOf(rows, 5)).toEqual([['a.txt×2'], ['b.txt×12'], ['c.txt×1']]);
  });

  it('an article of exactly a page comes whole, alone', async () => {
    // Reads of 5: a a b b b | b b b b b (all b: read whole by its ids) | c.
    const rows = [...rowsOf('a.txt', 2), ...rowsOf('b.txt', 5), ...rowsOf('c.txt', 1)];
    expect(await pagesOf(rows, 5)).toEqual([['a.txt×2'], ['b.txt×5'], ['c.txt×1']]);
  });

  it('a caller that fails stops the pass with its error', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [...rowsOf('a.txt', 2), ...rowsOf('b.txt', 2), ...rowsOf('c.txt', 2)]);
    let taken = 0;
    const pass = eachArticlePage(
      db,
      async () => {
        taken++;
        throw new Error('磁盘已满');
      },
      3,
    );
    await expect(pass).rejects.toThrow('磁盘已满');
    expect(taken).toBe(1);
  });

  it('takes articles in the order of their keys, every row once, tombstones and every library’s', async () => {
    const rows = [
      ...rowsOf('乙.md', 2, { libraryIds: ['/库/二'] }),
      ...rowsOf('甲.md', 3, { deletedAt: 9 }),
      ...rowsOf('a/b.txt', 1),
    ];
    // Keys in UTF-16 order, as IndexedDB orders strings: a/b.txt, 乙 (U+4E59), 甲 (U+7532).
    expect(await pagesOf(rows, 100)).toEqual([['a/b.txt×1', '乙.md×2', '甲.md×3']]);
  });

  it('a page shorter than asked is the last, whole as it is', async () => {
    expect(await pagesOf([...rowsOf('a.txt', 2), ...rowsOf('b.txt', 3)], 5)).toEqual([['a.txt×2'], ['b.txt×3']]);
  });

  it('no rows: nothing is taken', async () => {
    expect(await pagesOf([], 5)).toEqual([]);
  });

  it('asks for the next page before the caller has done with one', async () => {
    const db = dbs.open();
    let queries = 0;
    spyOnAnnotationsTable(db, 'count-queries', (table) => ({
      query: (req) => {
        queries++;
        return table.query(req);
      },
    }));
    await writeAnnotations(db, [...rowsOf('a.txt', 3), ...rowsOf('b.txt', 3), ...rowsOf('c.txt', 3)]);
    const askedWhenTaken: number[] = [];
    await eachArticlePage(
      db,
      async () => {
        askedWhenTaken.push(queries);
      },
      4,
    );
    // Reads of 4: a a a b | b b b c | c c c. When a page is taken, the read of the one after it
    // has been asked for already; the last read, short of 4, has none after it.
    expect(askedWhenTaken).toEqual([2, 3, 3]);
  });
});

describe('the library’s records in parts', () => {
  const LIB = '/home/reader/新闻';
  const OTHER = '/home/reader/论文';

  it('hands each article’s own rows with its title, then the titles of articles it has no row of; adoption lists the rows of no library it lists', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [
      ...rowsOf('a.txt', 2, { libraryIds: [LIB] }),
      ...rowsOf('b.txt', 1, { libraryIds: [OTHER] }),
      ...rowsOf('c.txt', 2),
      ...rowsOf('z.txt', 1),
    ]);
    await db.libraryTitles.bulkPut([
      { libraryId: LIB, articleKey: 'a.txt', title: '甲', updatedAt: 3 },
      { libraryId: LIB, articleKey: 'b.txt', title: '乙', updatedAt: 3 },
      { libraryId: LIB, articleKey: 'q.txt', title: '不在库里', updatedAt: 3 },
      { libraryId: OTHER, articleKey: 'c.txt', title: '别的库', updatedAt: 3 },
    ]);
    const listed = new Set(['a.txt', 'b.txt', 'c.txt']);
    const scope = { id: LIB, lists: (key: string) => listed.has(key), keysInFiles: new Set<string>(), themesInFiles: new Set<string>() };
    const parts: ArticleRecords[] = [];
    const { adoption } = await readSyncRecordsInParts(db, scope, async (part) => void parts.push(part));
    const seen = parts.map((p) => ({ rows: p.annotations.map((a) => a.id), titles: p.titles.map((t) => t.title), adopted: p.adopted }));
    expect(seen).toEqual([
      // One page: a's own rows with its title, c's rows of no library (listed: taken), not b's
      // (another library's) nor z's (not listed).
      { rows: ['a.txt-00', 'a.txt-01', 'c.txt-00', 'c.txt-01'], titles: ['甲'], adopted: ['c.txt-00', 'c.txt-01'] },
      // b is listed with no row of this library: its title comes at the end; q is not listed.
      { rows: [], titles: ['乙'], adopted: [] },
    ]);
    // The rows as they travel: no local list of libraries.
    expect(parts[0].annotations.every((a) => a.libraryIds === undefined)).toBe(true);
    expect(adoption).toEqual({ libraryId: LIB, annotationIds: ['c.txt-00', 'c.txt-01'], themeIds: [] });
  });
});
