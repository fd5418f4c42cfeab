// Annotation and tag rows. Every write is one Dexie transaction; nothing here deletes a row:
// a removed annotation is a tombstone (deletedAt), so undo and a later sync still see it.
import { searchKeyText } from '../core/searchKey.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord, TagRecord } from './records.ts';

/** Live (not deleted) annotations of one article, oldest first. */
export async function readAnnotations(db: PizhuDatabase, articleKey: string): Promise<AnnotationRecord[]> {
  const rows = await db.annotations.where('articleKey').equals(articleKey).toArray();
  return rows.filter((r) => r.deletedAt === null).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Writes whole rows (create, edit, soft delete and their undo all come here), with the new
 * themes they were just tagged with, in one transaction: a tag id never lands without its
 * theme. A new theme whose key another window stored meanwhile is that window's theme: the
 * rows are pointed at it. Returns the rows as written.
 */
export async function writeAnnotations(db: PizhuDatabase, records: readonly AnnotationRecord[], newTags: readonly TagRecord[] = []): Promise<AnnotationRecord[]> {
  if (newTags.length === 0) {
    const rows = records.map((r) => structuredClone(r));
    await db.transaction('rw', db.annotations, () => db.annotations.bulkPut(rows));
    return rows;
  }
  return db.transaction('rw', db.tags, db.annotations, async () => {
    const renamed = new Map<string, string>();
    for (const tag of newTags) {
      const here = await db.tags.where('key').equals(tag.key).first();
      if (here && here.id !== tag.id) renamed.set(tag.id, here.id);
      else if (!here) await db.tags.add(structuredClone(tag));
    }
    const rows = records.map((r) => structuredClone({ ...r, tagIds: [...new Set(r.tagIds.map((id) => renamed.get(id) ?? id))] }));
    await db.annotations.bulkPut(rows);
    return rows;
  });
}

/** The theme with this search key, if there is one. */
export async function findTag(db: PizhuDatabase, key: string): Promise<TagRecord | undefined> {
  return db.tags.where('key').equals(key).first();
}

/** Live annotations per article key, for the library list. */
export async function countAnnotations(db: PizhuDatabase): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await db.annotations.each((row) => {
    if (row.deletedAt === null) counts.set(row.articleKey, (counts.get(row.articleKey) ?? 0) + 1);
  });
  return counts;
}

/** The fingerprints live annotations were made on, per article key. */
export async function annotatedFingerprints(db: PizhuDatabase): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  await db.annotations.each((row) => {
    if (row.deletedAt !== null) return;
    let set = out.get(row.articleKey);
    if (!set) out.set(row.articleKey, (set = new Set()));
    set.add(row.fingerprint);
  });
  return out;
}

/** A file renamed or moved inside the library: its annotations (tombstones too) follow it. Returns how many moved. */
export async function moveAnnotations(db: PizhuDatabase, fromKey: string, toKey: string, now: number = Date.now()): Promise<number> {
  return db.transaction('rw', db.annotations, async () => {
    const rows = await db.annotations.where('articleKey').equals(fromKey).toArray();
    await db.annotations.bulkPut(rows.map((r) => ({ ...r, articleKey: toKey, updatedAt: Math.max(r.updatedAt, now) })));
    return rows.length;
  });
}

export async function readTags(db: PizhuDatabase): Promise<TagRecord[]> {
  return db.tags.toArray();
}

/** The theme named `name`, created if no theme has the same search key (营商环境 = 營商環境). */
export async function ensureTag(db: PizhuDatabase, name: string, color = ''): Promise<TagRecord> {
  const trimmed = name.trim();
  const key = searchKeyText(trimmed);
  if (!key) throw new Error('a theme needs a name with letters or characters in it');
  return db.transaction('rw', db.tags, async () => {
    const existing = await db.tags.where('key').equals(key).first();
    if (existing) return existing;
    const tag: TagRecord = { id: crypto.randomUUID(), key, name: trimmed, aliases: [], color, description: '' };
    await db.tags.add(tag);
    return tag;
  });
}
