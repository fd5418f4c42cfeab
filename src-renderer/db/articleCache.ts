import type { PizhuDatabase } from './database.ts';
import type { ArticleRecord } from './records.ts';

/** Cached rows for these keys; only rows whose fingerprint and clean version still match count. */
export async function readCachedArticles(
  db: PizhuDatabase,
  wanted: readonly { key: string; fingerprint: string }[],
  cleanVersion: number,
): Promise<Map<string, ArticleRecord>> {
  const rows = await db.articles.bulkGet(wanted.map((w) => w.key));
  const fresh = new Map<string, ArticleRecord>();
  rows.forEach((row, i) => {
    if (row && row.fingerprint === wanted[i].fingerprint && row.cleanVersion === cleanVersion) fresh.set(row.key, row);
  });
  return fresh;
}

export async function writeCachedArticles(db: PizhuDatabase, records: readonly ArticleRecord[]): Promise<void> {
  await db.articles.bulkPut(records);
}
