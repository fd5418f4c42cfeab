// Theme-wide reads and writes: every live annotation with a theme, notes for the search
// index, and the one transaction a rename, merge, delete, move or tag-all is written in (tags and
// annotations together, so an interrupted write never leaves a tag id without its theme).
import { readEveryAnnotation } from './annotations.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord, TagRecord } from './records.ts';
import { checkOneLivePerKey } from './themeRows.ts';

/** Live annotations carrying any theme (theme page, theme map). */
export async function readTaggedAnnotations(db: PizhuDatabase): Promise<AnnotationRecord[]> {
  return readEveryAnnotation(db, (r) => (r.deletedAt === null && r.tagIds.length > 0 ? r : null));
}

/** Live annotations with this theme. */
export async function readAnnotationsWithTag(db: PizhuDatabase, tagId: string): Promise<AnnotationRecord[]> {
  const rows = await db.annotations.where('tagIds').equals(tagId).toArray();
  return rows.filter((r) => r.deletedAt === null);
}

/** Live annotations that have a note, for the search index. */
export async function readNotes(db: PizhuDatabase): Promise<AnnotationRecord[]> {
  return readEveryAnnotation(db, (r) => (r.deletedAt === null && r.note.trim() !== '' ? r : null));
}

/**
 * One step of a theme action: tags and annotations written, atomically. A deleted theme is
 * written as a tombstone row (deletedAt set); no theme row is ever removed here.
 */
export async function writeThemeChange(db: PizhuDatabase, change: { putTags: readonly TagRecord[]; annotations: readonly AnnotationRecord[] }): Promise<void> {
  await db.transaction('rw', db.tags, db.annotations, async () => {
    if (change.putTags.length) await db.tags.bulkPut(change.putTags.map((t) => structuredClone(t)));
    // Another window may have taken a name meanwhile: this step then fails whole, not half.
    await checkOneLivePerKey(
      db,
      change.putTags.filter((t) => t.deletedAt === null).map((t) => t.key),
    );
    if (change.annotations.length) await db.annotations.bulkPut(change.annotations.map((r) => structuredClone(r)));
  });
}
