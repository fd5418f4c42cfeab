import type { PizhuDatabase } from './database.ts';
import type { ArticleRecord } from './records.ts';

/** From this many keys on, the whole table is read rather than each key. */
const WHOLE_TABLE_FROM = 500;
const PAGE_ROWS = 5_000;

/** Cached rows for these keys; only rows whose fingerprint and clean version still match count. */
export async function readCachedArticles(
  db: PizhuDatabase,
  wanted: readonly { key: string; fingerprint: string }[],
  cleanVersion: number,
): Promise<Map<string, ArticleRecord>> {
  if (wanted.length >= WHOLE_TABLE_FROM) return freshRows(await readArticleCache(db, cleanVersion), wanted);
  const fresh = new Map<string, ArticleRecord>();
  const rows = await db.articles.bulkGet(wanted.map((w) => w.key));
  rows.forEach((row, i) => {
    if (row && row.fingerprint === wanted[i].fingerprint && row.cleanVersion === cleanVersion) fresh.set(row.key, row);
  });
  return fresh;
}

/**
 * Every cached row of this clean version, by key, read a page at a time: bulkGet asks
 * IndexedDB once per key (half a second for 10,000 in Chromium), getAll once per page.
 */
export async function readArticleCache(db: PizhuDatabase, cleanVersion: number): Promise<Map<string, ArticleRecord>> {
  const out = new Map<string, ArticleRecord>();
  let after: string | null = null;
  for (;;) {
    const page: ArticleRecord[] = await (after === null ? db.articles.orderBy(':id') : db.articles.where(':id').above(after)).limit(PAGE_ROWS).toArray();
    for (const row of page) if (row.cleanVersion === cleanVersion) out.set(row.key, row);
    if (page.length < PAGE_ROWS) return out;
    after = page[page.length - 1].key;
  }
}

/** The rows of `all` whose file still has the fingerprint they were parsed from. */
export function freshRows<R extends { fingerprint: string }>(all: ReadonlyMap<string, R>, wanted: readonly { key: string; fingerprint: string }[]): Map<string, R> {
  const fresh = new Map<string, R>();
  for (const { key, fingerprint } of wanted) {
    const row = all.get(key);
    if (row && row.fingerprint === fingerprint) fresh.set(key, row);
  }
  return fresh;
}

export async function writeCachedArticles(db: PizhuDatabase, records: readonly ArticleRecord[]): Promise<void> {
  await db.articles.bulkPut(records);
}
