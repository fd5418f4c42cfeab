import type { PizhuDatabase } from './database.ts';
import type { TitleRecord } from './records.ts';

/** User titles in force, by article key (restored ones, `title: null`, are left out). */
export async function readUserTitles(db: PizhuDatabase): Promise<Map<string, string>> {
  const rows = await db.titles.toArray();
  return new Map(rows.flatMap((row) => (row.title === null ? [] : [[row.articleKey, row.title] as const])));
}

export async function writeUserTitle(db: PizhuDatabase, record: TitleRecord): Promise<void> {
  await db.titles.put(record);
}
