import { Dexie, type EntityTable, type Table } from 'dexie';
import { SCHEMA_VERSIONS, type SchemaVersion } from './schema.ts';
import type { AnnotationRecord, ArticleRecord, DraftRecord, ReadingRecord, SettingRecord, TagRecord, TitleRecord } from './records.ts';

export const DATABASE_NAME = 'pizhu';

export type PizhuDatabase = Dexie & {
  annotations: EntityTable<AnnotationRecord, 'id'>;
  tags: EntityTable<TagRecord, 'id'>;
  articles: EntityTable<ArticleRecord, 'key'>;
  settings: EntityTable<SettingRecord, 'key'>;
  /** Reading positions, by [libraryId, articleKey]. */
  libraryReading: Table<ReadingRecord, [string, string]>;
  /** Titles the user gave articles, by [libraryId, articleKey]. */
  libraryTitles: Table<TitleRecord, [string, string]>;
  drafts: EntityTable<DraftRecord, 'annotationId'>;
};

/** Declares the given schema history on a Dexie instance (the migration test uses prefixes of it). */
export function declareVersions(db: Dexie, versions: readonly SchemaVersion[]): void {
  for (const schema of versions) {
    const declared = db.version(schema.version).stores(schema.stores);
    if (schema.upgrade) declared.upgrade(schema.upgrade);
  }
}

/** Opens (lazily, on first use) the database with the full, current schema history. */
export function createDatabase(name: string = DATABASE_NAME): PizhuDatabase {
  // Strict: a commit is reported only once it is on disk. Chromium's default (relaxed) reports
  // it from memory, so on a full disk a write could "succeed", the host's copy of the unsaved
  // change be dropped, and the browser lose the row when it fails to flush.
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as PizhuDatabase;
  declareVersions(db, SCHEMA_VERSIONS);
  return db;
}
