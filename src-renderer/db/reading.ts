import type { PizhuDatabase } from './database.ts';
import type { ReadingRecord } from './records.ts';

export async function readPosition(db: PizhuDatabase, articleKey: string): Promise<ReadingRecord | undefined> {
  return db.reading.get(articleKey);
}

export async function writePosition(db: PizhuDatabase, record: ReadingRecord): Promise<void> {
  await db.reading.put(record);
}

export async function readAllPositions(db: PizhuDatabase): Promise<ReadingRecord[]> {
  return db.reading.toArray();
}
