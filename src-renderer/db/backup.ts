// Backup and restore of everything the user made, each one transaction: a backup is one
// consistent moment, and an import either merges completely or changes nothing.
//
// Merge rules (import never deletes; a deletion travels as a tombstone):
// - annotations, titles, reading positions: by id / article key, the newer `updatedAt`
//   wins; on a tie the row already here stays, so importing twice equals importing once;
// - themes: by id, else by key (营商环境 here and 營商環境 there are one theme: the
//   incoming annotations are pointed at the local one); a new theme is added;
// - settings: only those not set here (they have no time to compare; the user's current
//   choices stay).
import type { BackupData } from '../core/webAnnotation.ts';
import { readEveryAnnotation } from './annotations.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord, ReadingRecord, TagRecord, TitleRecord } from './records.ts';

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  tagsAdded: number;
}

/**
 * Every user row, read in one transaction so the backup is one moment's state. Annotations
 * come a page at a time within it: one request for 100,000 rows held every other read of
 * this origin (the annotations of the article the reader just opened) for half a second.
 */
export async function readBackupData(db: PizhuDatabase): Promise<BackupData> {
  return db.transaction('r', [db.annotations, db.tags, db.titles, db.settings, db.reading], async () => {
    const [annotations, tags, titles, settings, reading] = await Promise.all([
      readEveryAnnotation(db, (row) => row),
      db.tags.toArray(),
      db.titles.toArray(),
      db.settings.toArray(),
      db.reading.toArray(),
    ]);
    return { annotations, tags, titles, settings, reading };
  });
}

/** Newer-wins merge of rows keyed by `key`; returns the rows to write. */
function newer<T extends { updatedAt: number }>(incoming: readonly T[], existing: readonly (T | undefined)[]): T[] {
  return incoming.filter((row, i) => {
    const here = existing[i];
    return here === undefined || row.updatedAt > here.updatedAt;
  });
}

export async function importBackupData(db: PizhuDatabase, data: BackupData): Promise<ImportSummary> {
  return db.transaction('rw', [db.annotations, db.tags, db.titles, db.settings, db.reading], async () => {
    // Themes first: incoming annotations may have to point at a theme that is here under another id.
    const localTags = await db.tags.toArray();
    const byId = new Map(localTags.map((t) => [t.id, t]));
    const byKey = new Map(localTags.filter((t) => t.deletedAt === null).map((t) => [t.key, t]));
    const tagMap = new Map<string, string>();
    const newTags: TagRecord[] = [];
    for (const tag of data.tags) {
      const here = byId.get(tag.id) ?? byKey.get(tag.key);
      if (here) {
        tagMap.set(tag.id, here.id);
      } else {
        const copy = structuredClone(tag);
        newTags.push(copy);
        byId.set(copy.id, copy);
        byKey.set(copy.key, copy);
        tagMap.set(tag.id, tag.id);
      }
    }
    if (newTags.length > 0) await db.tags.bulkAdd(newTags);

    const incoming: AnnotationRecord[] = data.annotations.map((a) => {
      const tagIds = [...new Set(a.tagIds.map((id) => tagMap.get(id) ?? id))];
      return structuredClone({ ...a, tagIds });
    });
    const existing = await db.annotations.bulkGet(incoming.map((a) => a.id));
    const write = newer(incoming, existing);
    if (write.length > 0) await db.annotations.bulkPut(write);
    const added = existing.filter((e) => e === undefined).length;

    const titles = await db.titles.bulkGet(data.titles.map((t) => t.articleKey));
    const titleRows = newer<TitleRecord>(data.titles, titles);
    if (titleRows.length > 0) await db.titles.bulkPut(structuredClone(titleRows));

    const reading = await db.reading.bulkGet(data.reading.map((r) => r.articleKey));
    const readingRows = newer<ReadingRecord>(data.reading, reading);
    if (readingRows.length > 0) await db.reading.bulkPut(structuredClone(readingRows));

    const settings = await db.settings.bulkGet(data.settings.map((s) => s.key));
    const newSettings = data.settings.filter((_, i) => settings[i] === undefined);
    if (newSettings.length > 0) await db.settings.bulkAdd(structuredClone(newSettings));

    return { added, updated: write.length - added, unchanged: incoming.length - write.length, tagsAdded: newTags.length };
  });
}

/**
 * Restoring a snapshot: the user data becomes exactly the backup's, in one transaction (a
 * failure half-way leaves the data as it was). The articles cache is not user data and stays;
 * note drafts go, or a draft typed before the restore would overwrite a restored note.
 */
export async function replaceBackupData(db: PizhuDatabase, data: BackupData): Promise<void> {
  await db.transaction('rw', [db.annotations, db.tags, db.titles, db.settings, db.reading, db.drafts], async () => {
    await Promise.all([db.annotations.clear(), db.tags.clear(), db.titles.clear(), db.settings.clear(), db.reading.clear(), db.drafts.clear()]);
    await Promise.all([
      db.tags.bulkAdd(data.tags),
      db.annotations.bulkAdd(data.annotations),
      db.titles.bulkAdd(data.titles),
      db.settings.bulkAdd(data.settings),
      db.reading.bulkAdd(data.reading),
    ]);
  });
}

/** Whether there is anything of the user's to keep: an annotation (even deleted), a theme or a replaced title. */
export async function hasUserData(db: PizhuDatabase): Promise<boolean> {
  const counts = await Promise.all([db.annotations.count(), db.tags.count(), db.titles.count()]);
  return counts.some((n) => n > 0);
}

/** Live (not deleted) annotations for an export: one article's, one theme's, one by id, or all. */
export async function liveAnnotations(db: PizhuDatabase, by: { articleKey?: string; tagId?: string; id?: string }): Promise<AnnotationRecord[]> {
  let rows: AnnotationRecord[];
  if (by.articleKey !== undefined) rows = await db.annotations.where('articleKey').equals(by.articleKey).toArray();
  else if (by.tagId !== undefined) rows = await db.annotations.where('tagIds').equals(by.tagId).toArray();
  else if (by.id !== undefined) rows = (await db.annotations.bulkGet([by.id])).filter((r): r is AnnotationRecord => r !== undefined);
  else rows = await db.annotations.toArray();
  return rows.filter((r) => r.deletedAt === null);
}
