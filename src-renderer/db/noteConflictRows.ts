// The other machine's versions of notes that were being typed here when they arrived, offered
// beside the typing until the user chooses (state/annotationSync.svelte.ts). Kept in the
// settings table, a row for each note, so a reload or a crash before the choice loses neither
// text, and two windows of one profile keep each other's offers. They belong to this profile's
// open choices, not to its settings: a backup leaves them out.
import type { PizhuDatabase } from './database.ts';

const NOTE_CONFLICT_PREFIX = 'pendingNoteConflict:';

export interface StoredNoteConflict {
  annotationId: string;
  localNote: string;
  remoteNote: string;
}

/** Whether a settings row is an offer's, not a setting. */
export const isNoteConflictKey = (key: string): boolean => key.startsWith(NOTE_CONFLICT_PREFIX);

function isStoredNoteConflict(value: unknown): value is StoredNoteConflict {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.annotationId === 'string' && typeof v.localNote === 'string' && typeof v.remoteNote === 'string';
}

/** The offers still open, of live annotations only (one deleted since has nothing to offer). A damaged row reads as none. */
export async function readNoteConflicts(db: PizhuDatabase): Promise<StoredNoteConflict[]> {
  const rows = await db.settings.where('key').startsWith(NOTE_CONFLICT_PREFIX).toArray();
  const stored = rows.map((row) => row.value).filter(isStoredNoteConflict);
  if (stored.length === 0) return [];
  const annotations = await db.annotations.bulkGet(stored.map((c) => c.annotationId));
  return stored.filter((_, i) => annotations[i] !== undefined && annotations[i]!.deletedAt === null).map(({ annotationId, localNote, remoteNote }) => ({ annotationId, localNote, remoteNote }));
}

export async function putNoteConflicts(db: PizhuDatabase, conflicts: readonly StoredNoteConflict[]): Promise<void> {
  await db.settings.bulkPut(conflicts.map(({ annotationId, localNote, remoteNote }) => ({ key: NOTE_CONFLICT_PREFIX + annotationId, value: { annotationId, localNote, remoteNote } })));
}

/** The user chose: the offer goes. */
export async function dropNoteConflict(db: PizhuDatabase, annotationId: string): Promise<void> {
  await db.settings.delete(NOTE_CONFLICT_PREFIX + annotationId);
}
