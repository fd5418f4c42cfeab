// Backup and restore of everything the user made, each one transaction: a backup is one
// consistent moment, and an import either merges completely or changes nothing.
//
// Merge rules (import never deletes; a deletion travels as a tombstone):
// - annotations, titles, reading positions: by id / library and article key, by the one rule the
//   annotation files are merged with (core/syncMerge.ts compareVersions: the later change
//   wins, a deletion being a change; a tombstone wins a tie; then a fixed order on contents),
//   so importing twice equals importing once and two machines importing each other agree;
// - themes: by id, the winner by that rule winning whole (name, aliases, colour, description,
//   parent, deletion: a tombstone newer than the edit here deletes here, an edit older than a
//   deletion here stays deleted); else by key among live themes (营商环境 here and 營商環境
//   there are one theme: the incoming annotations are pointed at the local one); else the
//   theme (or its tombstone, so the deletion travels on) is added. A theme deleted by the
//   import leaves the passages here, without it, as a delete here does;
// - settings: only those not set here (they have no time to compare; the user's current
//   choices stay).
import { compareVersions, versionStamp } from '../core/syncMerge.ts';
import { NO_LIBRARY } from '../core/userRows.ts';
import { isNoteConflictKey } from './noteConflictRows.ts';
import type { BackupData } from '../core/webAnnotation.ts';
import { WHOLE_TABLE_PAGE_ROWS, readEveryAnnotation } from './annotations.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord, ReadingRecord, TagRecord, TitleRecord } from './records.ts';
import { checkOneLivePerKey } from './themeRows.ts';
import { byId, keepingHeldLibraries } from './heldLibraries.ts';

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  tagsAdded: number;
}

/**
 * Every user row, read in one transaction so the backup is one moment's state. Annotations
 * come a page at a time within it (WHOLE_TABLE_PAGE_ROWS): no write to these tables gets
 * through until the last page is read.
 */
export async function readBackupData(db: PizhuDatabase): Promise<BackupData> {
  return db.transaction('r', [db.annotations, db.tags, db.libraryTitles, db.settings, db.libraryReading], async () => {
    const [annotations, tags, titles, settings, reading] = await Promise.all([
      readEveryAnnotation(db, (row) => row, WHOLE_TABLE_PAGE_ROWS),
      db.tags.toArray(),
      db.libraryTitles.toArray(),
      db.settings.toArray(),
      db.libraryReading.toArray(),
    ]);
    // An offer still open is this profile's choice to make, not a setting to carry elsewhere.
    return { annotations, tags, titles, settings: settings.filter((s) => !isNoteConflictKey(s.key)), reading };
  });
}

/** The incoming rows that win over the row here (or have none here): the rows to write. */
function newer<T extends { updatedAt: number; deletedAt?: number | null }>(incoming: readonly T[], existing: readonly (T | undefined)[]): T[] {
  return incoming.filter((row, i) => {
    const here = existing[i];
    return here === undefined || compareVersions(row, here) > 0;
  });
}

/**
 * Merges a backup into the database. `openLibrary` is the library open here (its id), which
 * counts as known even before it has a title or reading row of its own.
 */
export async function importBackupData(db: PizhuDatabase, data: BackupData, openLibrary: string | null = null): Promise<ImportSummary> {
  return db.transaction('rw', [db.annotations, db.tags, db.libraryTitles, db.settings, db.libraryReading], async () => {
    // Themes first: incoming annotations may have to point at a theme that is here under another id.
    const { tagMap, dead, deleted, added: tagsAdded } = await mergeThemes(db, data.tags);

    // A theme deleted here (or by this import) is not put back on a passage by the backup's
    // copy of it. The row is then dated as the untagging below dates it, so both copies end
    // with the same row whichever imports first.
    const incoming: AnnotationRecord[] = data.annotations.map((a) => structuredClone(withoutDeadThemes({ ...a, tagIds: [...new Set(a.tagIds.map((id) => tagMap.get(id) ?? id))] }, dead)));
    const existing = await db.annotations.bulkGet(incoming.map((a) => a.id));
    // A backup carries no libraries (they are this machine's): a row stored here keeps its own.
    const stored = byId(existing);
    const write = newer(incoming, existing).map((a) => keepingHeldLibraries(a, stored.get(a.id)));
    if (write.length > 0) await db.annotations.bulkPut(write);
    const added = existing.filter((e) => e === undefined).length;

    // Per library and article; an older backup's rows name no library and wait for the one opened
    // (db/libraryRows.ts). So do the rows of a library this machine does not know: a library's
    // id is its folder's path, and another machine's path names no library here.
    const known = new Set([...(await db.libraryTitles.orderBy('libraryId').uniqueKeys()), ...(await db.libraryReading.orderBy('libraryId').uniqueKeys())].map(String));
    if (openLibrary !== null) known.add(openLibrary);
    const placedHere = <T extends { libraryId: string; articleKey: string; updatedAt: number }>(rows: readonly T[]): T[] =>
      latestPerKey(rows.map((row) => (row.libraryId === NO_LIBRARY || known.has(row.libraryId) ? row : { ...row, libraryId: NO_LIBRARY })));
    const incomingTitles = placedHere(data.titles);
    const titles = await db.libraryTitles.bulkGet(incomingTitles.map((t) => [t.libraryId, t.articleKey]));
    const titleRows = newer<TitleRecord>(incomingTitles, titles);
    if (titleRows.length > 0) await db.libraryTitles.bulkPut(structuredClone(titleRows));

    const incomingReading = placedHere(data.reading);
    const reading = await db.libraryReading.bulkGet(incomingReading.map((r) => [r.libraryId, r.articleKey]));
    const readingRows = newer<ReadingRecord>(incomingReading, reading);
    if (readingRows.length > 0) await db.libraryReading.bulkPut(structuredClone(readingRows));

    const settings = await db.settings.bulkGet(data.settings.map((s) => s.key));
    const newSettings = data.settings.filter((s, i) => settings[i] === undefined && !isNoteConflictKey(s.key));
    if (newSettings.length > 0) await db.settings.bulkAdd(structuredClone(newSettings));

    // Passages here that carry a theme this import deleted lose it, as a delete here does.
    if (deleted.size > 0) {
      const written = new Set(write.map((a) => a.id));
      const untagged: AnnotationRecord[] = [];
      for (const id of deleted) {
        for (const row of await db.annotations.where('tagIds').equals(id).toArray()) {
          if (written.has(row.id)) continue;
          untagged.push(withoutDeadThemes(row, dead));
          written.add(row.id);
        }
      }
      if (untagged.length > 0) await db.annotations.bulkPut(untagged);
    }

    return { added, updated: write.length - added, unchanged: incoming.length - write.length, tagsAdded };
  });
}

/** One row per library and article: where two libraries' rows came to one, the later version. */
function latestPerKey<T extends { libraryId: string; articleKey: string; updatedAt: number }>(rows: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const key = JSON.stringify([row.libraryId, row.articleKey]);
    const seen = byKey.get(key);
    if (seen === undefined || compareVersions(row, seen) > 0) byKey.set(key, row);
  }
  return [...byKey.values()];
}

/** The row without deleted themes, dated no earlier than the latest deletion it loses. */
function withoutDeadThemes(row: AnnotationRecord, dead: ReadonlyMap<string, number>): AnnotationRecord {
  const lost = row.tagIds.filter((id) => dead.has(id));
  if (lost.length === 0) return row;
  return { ...row, tagIds: row.tagIds.filter((id) => !dead.has(id)), updatedAt: Math.max(row.updatedAt, ...lost.map((id) => dead.get(id)!)) };
}

/**
 * The themes of a backup merged into the database (inside the import's transaction). Returns
 * where each incoming id points here, the ids of every deleted theme after the merge, those
 * this import deleted (with when), and how many themes it added.
 */
async function mergeThemes(
  db: PizhuDatabase,
  tags: readonly TagRecord[],
): Promise<{ tagMap: Map<string, string>; dead: Map<string, number>; deleted: Set<string>; added: number }> {
  const local = await db.tags.toArray();
  const byId = new Map(local.map((t) => [t.id, t]));
  const liveByKey = new Map(local.filter((t) => t.deletedAt === null).map((t) => [t.key, t]));
  const tagMap = new Map<string, string>();
  const put: TagRecord[] = [];
  const deleted = new Set<string>();
  let added = 0;
  // First where each theme goes, so an incoming parent can be pointed at its theme here.
  const plan: { tag: TagRecord; here: TagRecord | undefined }[] = [];
  for (const tag of tags) {
    const here = byId.get(tag.id);
    if (here) {
      tagMap.set(tag.id, here.id);
      plan.push({ tag, here });
      continue;
    }
    const sameKey = tag.deletedAt === null ? liveByKey.get(tag.key) : undefined;
    if (sameKey) {
      tagMap.set(tag.id, sameKey.id);
      continue;
    }
    tagMap.set(tag.id, tag.id);
    plan.push({ tag, here: undefined });
    if (tag.deletedAt === null) liveByKey.set(tag.key, tag);
  }
  for (const { tag, here } of plan) {
    if (here && compareVersions(tag, here) <= 0) continue;
    let next: TagRecord = structuredClone({ ...tag, parentId: tag.parentId === null ? null : (tagMap.get(tag.parentId) ?? tag.parentId) });
    const holder = next.deletedAt === null ? liveByKey.get(next.key) : undefined;
    if (here && holder && holder.id !== here.id) {
      // Renamed there to a name another theme has here: the rest of the edit arrives, the
      // name here stays (two live themes never share a key; the user can merge them).
      next = { ...next, name: here.name, key: here.key, aliases: here.aliases };
    }
    if (here && here.deletedAt === null && next.deletedAt !== null) deleted.add(here.id);
    if (here && here.deletedAt === null && liveByKey.get(here.key)?.id === here.id && next.key !== here.key) liveByKey.delete(here.key);
    if (next.deletedAt === null) liveByKey.set(next.key, next);
    if (!here) added++;
    put.push(next);
  }
  if (put.length > 0) {
    await db.tags.bulkPut(put);
    await checkOneLivePerKey(
      db,
      put.filter((t) => t.deletedAt === null).map((t) => t.key),
    );
  }
  const dead = new Map(local.flatMap((t) => (t.deletedAt === null ? [] : [[t.id, t.deletedAt] as const])));
  for (const t of put) {
    if (t.deletedAt === null) dead.delete(t.id);
    else dead.set(t.id, t.deletedAt);
  }
  return { tagMap, dead, deleted, added };
}

/**
 * Restoring a snapshot: the user data becomes the backup's, in one transaction (a failure
 * half-way leaves the data as it was). A restore is an edit like any other, because the
 * annotation files carry it to other machines and bring their versions back here: every
 * restored annotation, theme and title is dated `now` (made when it was made), and every live
 * one the backup does not hold is deleted at `now`, as a tombstone, never removed (the
 * snapshot written before the restore keeps it). Older rows would lose to the files' versions
 * and removed rows would come back from them. Settings and reading positions stay on each
 * machine, so they are replaced as they were saved; this installation's id is its own and
 * stays. The articles cache is not user data and stays; note drafts go, or a draft typed
 * before the restore would overwrite a restored note.
 */
export async function replaceBackupData(db: PizhuDatabase, data: BackupData, now: number): Promise<void> {
  await db.transaction('rw', [db.annotations, db.tags, db.libraryTitles, db.settings, db.libraryReading, db.drafts], async () => {
    const [annotations, tags, titles, installation] = await Promise.all([db.annotations.toArray(), db.tags.toArray(), db.libraryTitles.toArray(), db.settings.get(INSTALLATION_SETTING)]);
    // Dated after the version here even when this clock is behind the one that made it: the restore wins here.
    const dated = <T extends { updatedAt: number; deletedAt?: number | null }>(row: T, here: T | undefined): T => ({ ...structuredClone(row), updatedAt: Math.max(now, here ? versionStamp(here) + 1 : 0) });
    // Which libraries' files hold a row is this machine's note, not the backup's: it stays.
    const storedAnnotations = byId(annotations);
    const restoredAnnotations = restored(data.annotations, annotations, (a) => a.id, dated, (a, at) => (a.deletedAt === null ? { ...a, deletedAt: at } : null), now).map((a) => keepingHeldLibraries(a, storedAnnotations.get(a.id)));
    const storedTags = byId(tags);
    const restoredTags = restored(data.tags, tags, (t) => t.id, dated, (t, at) => (t.deletedAt === null ? { ...t, deletedAt: at } : null), now).map((t) => keepingHeldLibraries(t, storedTags.get(t.id)));
    // A title of no library (a snapshot from before titles were per library: the upgrade's own)
    // goes to the library opened next, over that library's row; it is dated after every row
    // here of its article, so it wins there even over the row this restore ends.
    const latestOf = new Map<string, number>();
    for (const t of titles) latestOf.set(t.articleKey, Math.max(latestOf.get(t.articleKey) ?? 0, versionStamp(t)));
    const datedTitle = (row: TitleRecord, here: TitleRecord | undefined): TitleRecord =>
      row.libraryId === NO_LIBRARY && latestOf.has(row.articleKey) ? { ...structuredClone(row), updatedAt: Math.max(now, latestOf.get(row.articleKey)! + 1) + 1 } : dated(row, here);
    const restoredTitles = restored(data.titles, titles, (t) => JSON.stringify([t.libraryId, t.articleKey]), datedTitle, (t, at) => (t.title === null ? null : { ...t, title: null, updatedAt: at }), now);
    await Promise.all([db.settings.clear(), db.libraryReading.clear(), db.drafts.clear()]);
    const settings = installation ? [...data.settings.filter((s) => s.key !== INSTALLATION_SETTING), installation] : data.settings;
    await Promise.all([
      db.tags.bulkPut(restoredTags),
      db.annotations.bulkPut(restoredAnnotations),
      db.libraryTitles.bulkPut(restoredTitles),
      db.settings.bulkAdd(settings),
      db.libraryReading.bulkAdd(data.reading),
    ]);
  });
}

/** The setting holding this installation's id (state/settings.svelte.ts). */
const INSTALLATION_SETTING = 'installationId';

/** The backup's rows dated now, and the rows here the backup lacks ended at `at` (null: already ended, left as they are). */
function restored<T extends { updatedAt: number; deletedAt?: number | null }>(
  incoming: readonly T[],
  here: readonly T[],
  keyOf: (row: T) => string,
  dated: (row: T, here: T | undefined) => T,
  end: (row: T, at: number) => T | null,
  now: number,
): T[] {
  const byKey = new Map(here.map((row) => [keyOf(row), row]));
  const rows = incoming.map((row) => dated(row, byKey.get(keyOf(row))));
  const kept = new Set(incoming.map(keyOf));
  for (const row of here) {
    if (kept.has(keyOf(row))) continue;
    const ended = end(row, Math.max(now, versionStamp(row) + 1));
    if (ended) rows.push(ended);
  }
  return rows;
}

/** Whether there is anything of the user's to keep: an annotation (even deleted), a theme or a replaced title. */
export async function hasUserData(db: PizhuDatabase): Promise<boolean> {
  const counts = await Promise.all([db.annotations.count(), db.tags.count(), db.libraryTitles.count()]);
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
