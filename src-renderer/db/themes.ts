// Theme-wide reads and writes: every live annotation with a theme, notes for the search
// index, and the one transaction a rename, merge, delete, move or tag-all is written in (tags and
// annotations together, so an interrupted write never leaves a tag id without its theme).
import { canonicalJson } from '../core/syncMerge.ts';
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
 * A step's version of a passage (`to`, made from `from` as the step read it) put onto the
 * passage as it is stored now: the step takes away the themes `from` had and `to` has not,
 * adds those `to` has and `from` had not, and sets each other field only where `from` and
 * `to` differ (a colour, a deletion). Everything else stays as stored, so a note, a colour or
 * a theme put on the passage since the step's rows were read (in another window, or by
 * another machine through the annotation files) is taken back neither by the step nor by its
 * undo or redo. Dated after the stored version, so it wins over it wherever it travels.
 */
export function stepOntoStored(stored: AnnotationRecord | undefined, from: AnnotationRecord, to: AnnotationRecord): AnnotationRecord {
  if (!stored) return to;
  const out: AnnotationRecord = { ...stored };
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)]) as Set<keyof AnnotationRecord>) {
    if (key === 'tagIds' || key === 'updatedAt' || key === 'id') continue;
    if (canonicalJson(from[key]) !== canonicalJson(to[key])) Object.assign(out, { [key]: to[key] });
  }
  const removed = new Set(from.tagIds.filter((id) => !to.tagIds.includes(id)));
  const added = new Set(to.tagIds.filter((id) => !from.tagIds.includes(id)));
  // In the step's order, then what the stored row has besides.
  out.tagIds = [...to.tagIds.filter((id) => added.has(id) || stored.tagIds.includes(id)), ...stored.tagIds.filter((id) => !removed.has(id) && !to.tagIds.includes(id))];
  out.updatedAt = Math.max(to.updatedAt, stored.updatedAt + 1);
  return out;
}

/**
 * One step of a theme action: tags and annotations written, atomically. A deleted theme is
 * written as a tombstone row (deletedAt set); no theme row is ever removed here. With `from`
 * (the annotations' rows as the step read them), an annotation stored is changed only
 * where the step changes it (stepOntoStored). Returns the annotation rows as written.
 */
export async function writeThemeChange(
  db: PizhuDatabase,
  change: { putTags: readonly TagRecord[]; annotations: readonly AnnotationRecord[]; from?: readonly AnnotationRecord[] },
): Promise<AnnotationRecord[]> {
  return db.transaction('rw', db.tags, db.annotations, async () => {
    if (change.putTags.length) await db.tags.bulkPut(change.putTags.map((t) => structuredClone(t)));
    // Another window may have taken a name meanwhile: this step then fails whole, not half.
    await checkOneLivePerKey(
      db,
      change.putTags.filter((t) => t.deletedAt === null).map((t) => t.key),
    );
    let rows = [...change.annotations];
    const from = change.from ? new Map(change.from.map((r) => [r.id, r])) : null;
    if (from && rows.length > 0) {
      const stored = await db.annotations.bulkGet(rows.map((r) => r.id));
      rows = rows.map((r, i) => {
        const was = from.get(r.id);
        return was === undefined ? r : stepOntoStored(stored[i], was, r);
      });
    }
    if (rows.length) await db.annotations.bulkPut(rows.map((r) => structuredClone(r)));
    return rows;
  });
}
