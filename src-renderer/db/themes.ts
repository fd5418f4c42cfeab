// Theme-wide reads and writes: every live annotation with a theme, notes for the search
// index, and the one transaction a rename, merge, delete, move or tag-all is written in (tags and
// annotations together, so an interrupted write never leaves a tag id without its theme).
import { readEveryAnnotation } from './annotations.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord, TagRecord } from './records.ts';
import { normalizeAliases, themeKey } from '../core/themeIdentity.ts';
import { stepOntoStored } from './rowVersions.ts';
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
 * written as a tombstone row (deletedAt set); no theme row is ever removed here. With `from`
 * (the themes' and annotations' rows as the step read them), a row stored is changed only
 * where the step changes it (stepOntoStored). Returns the annotation rows as written.
 */
export async function writeThemeChange(
  db: PizhuDatabase,
  change: { putTags: readonly TagRecord[]; annotations: readonly AnnotationRecord[]; from?: { tags: readonly TagRecord[]; annotations: readonly AnnotationRecord[] } },
): Promise<AnnotationRecord[]> {
  return db.transaction('rw', db.tags, db.annotations, async () => {
    const tags = change.from && change.putTags.length > 0 ? (await onStored(db.tags, change.putTags, change.from.tags, ['aliases'])).map(wholeTheme) : [...change.putTags];
    if (tags.length) await db.tags.bulkPut(tags.map((t) => structuredClone(t)));
    // Another window may have taken a name meanwhile: this step then fails whole, not half.
    await checkOneLivePerKey(
      db,
      tags.filter((t) => t.deletedAt === null).map((t) => t.key),
    );
    const rows = change.from && change.annotations.length > 0 ? await onStored(db.annotations, change.annotations, change.from.annotations, ['tagIds']) : [...change.annotations];
    if (rows.length) await db.annotations.bulkPut(rows.map((r) => structuredClone(r)));
    return rows;
  });
}

/** Each row of a step put onto its stored version, where the step read one (`from`); a row new to the step goes whole. */
async function onStored<T extends { id: string; updatedAt: number }>(table: { bulkGet(keys: string[]): Promise<(T | undefined)[]> }, rows: readonly T[], from: readonly T[], setFields: readonly (keyof T & string)[]): Promise<T[]> {
  const was = new Map(from.map((r) => [r.id, r]));
  const stored = await table.bulkGet(rows.map((r) => r.id));
  return rows.map((r, i) => {
    const before = was.get(r.id);
    return before === undefined ? r : stepOntoStored(stored[i], before, r, setFields);
  });
}

/**
 * A theme row put together field by field made whole again: its key is its name's (a step may
 * have changed the one while the stored row had another), its aliases clean, and only a
 * tombstone says what it was merged into (a theme brought back over another machine's merge is live).
 */
function wholeTheme(tag: TagRecord): TagRecord {
  const out: TagRecord = { ...tag, key: themeKey(tag.name), aliases: normalizeAliases(tag.name, tag.aliases) };
  if (out.deletedAt === null) delete out.mergedInto;
  return out;
}
