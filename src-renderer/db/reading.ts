import type { PizhuDatabase } from './database.ts';
import type { ReadingRecord } from './records.ts';

/** Where the reader was in article `articleKey` of library `libraryId`. */
export async function readPosition(db: PizhuDatabase, libraryId: string, articleKey: string): Promise<ReadingRecord | undefined> {
  return db.libraryReading.get([libraryId, articleKey]);
}

export async function writePosition(db: PizhuDatabase, record: ReadingRecord): Promise<void> {
  await db.libraryReading.put(record);
}

/** Every reading position of library `libraryId`. */
export async function readLibraryPositions(db: PizhuDatabase, libraryId: string): Promise<ReadingRecord[]> {
  return db.libraryReading.where('libraryId').equals(libraryId).toArray();
}
