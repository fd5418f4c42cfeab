// Crash drafts: the note being typed, written on every keystroke, so a window killed inside
// the editor's save delay loses nothing. IndexedDB, not localStorage: Chromium writes
// localStorage to disk seconds later, and a killed browser loses it (tests/e2e/crash.spec.ts
// measured both), while a committed IndexedDB transaction is already on disk.
import type { PizhuDatabase } from './database.ts';
import type { DraftRecord } from './records.ts';

export async function writeDraft(db: PizhuDatabase, draft: DraftRecord): Promise<void> {
  await db.drafts.put(draft);
}

/** Drops the draft of `annotationId` if it holds `note`: the note itself is stored now. A later keystroke's draft stays (false). */
export async function dropDraft(db: PizhuDatabase, annotationId: string, note: string): Promise<boolean> {
  return db.transaction('rw', db.drafts, async () => {
    const draft = await db.drafts.get(annotationId);
    if (draft && draft.note !== note) return false;
    if (draft) await db.drafts.delete(annotationId);
    return true;
  });
}

/**
 * After a crash: every draft typed after its note was last stored becomes the note (one
 * transaction); the rest are stale and go. Returns the ids of the notes recovered.
 */
export async function recoverDrafts(db: PizhuDatabase, now: number = Date.now()): Promise<string[]> {
  return db.transaction('rw', db.drafts, db.annotations, async () => {
    const drafts = await db.drafts.toArray();
    if (drafts.length === 0) return [];
    const rows = await db.annotations.bulkGet(drafts.map((d) => d.annotationId));
    const recovered = drafts.flatMap((draft, i) => {
      const row = rows[i];
      return row && row.deletedAt === null && row.note !== draft.note && draft.typedAt >= row.updatedAt ? [{ ...row, note: draft.note, updatedAt: Math.max(now, row.updatedAt + 1) }] : [];
    });
    if (recovered.length > 0) await db.annotations.bulkPut(recovered);
    await db.drafts.clear();
    return recovered.map((r) => r.id);
  });
}
