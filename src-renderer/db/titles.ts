import type { PizhuDatabase } from './database.ts';
import type { TitleRecord } from './records.ts';

/** User titles in force in library `libraryId`, by article key (restored ones, `title: null`, are left out). */
export async function readUserTitles(db: PizhuDatabase, libraryId: string): Promise<Map<string, string>> {
  const rows = await db.libraryTitles.where('libraryId').equals(libraryId).toArray();
  return new Map(rows.flatMap((row) => (row.title === null ? [] : [[row.articleKey, row.title] as const])));
}

export async function writeUserTitle(db: PizhuDatabase, record: TitleRecord): Promise<void> {
  await db.libraryTitles.put(record);
}
