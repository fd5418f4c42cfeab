// The other machine's versions of notes that were being typed here when they arrived, offered
// beside the typing until the user chooses (state/annotationSync.svelte.ts). Kept in the
// settings table, so a reload or a crash before the choice loses neither text. They belong to
// this profile's open choices, not to its settings: a backup leaves them out.
import type { PizhuDatabase } from './database.ts';

export const NOTE_CONFLICTS_KEY = 'pendingNoteConflicts';

export interface StoredNoteConflict {
  annotationId: string;
  localNote: string;
  remoteNote: string;
}

function isStoredNoteConflict(value: unknown): value is StoredNoteConflict {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.annotationId === 'string' && typeof v.localNote === 'string' && typeof v.remoteNote === 'string';
}

/** The offers still open, of live annotations only (one deleted since has nothing to offer). A damaged row reads as none. */
export async function readNoteConflicts(db: PizhuDatabase): Promise<StoredNoteConflict[]> {
  const row = await db.settings.get(NOTE_CONFLICTS_KEY);
  const stored = Array.isArray(row?.value) ? row.value.filter(isStoredNoteConflict) : [];
  if (stored.length === 0) return [];
  const rows = await db.annotations.bulkGet(stored.map((c) => c.annotationId));
  return stored.filter((_, i) => rows[i] !== undefined && rows[i]!.deletedAt === null).map(({ annotationId, localNote, remoteNote }) => ({ annotationId, localNote, remoteNote }));
}

export async function writeNoteConflicts(db: PizhuDatabase, conflicts: readonly StoredNoteConflict[]): Promise<void> {
  if (conflicts.length === 0) await db.settings.delete(NOTE_CONFLICTS_KEY);
  else await db.settings.put({ key: NOTE_CONFLICTS_KEY, value: conflicts.map(({ annotationId, localNote, remoteNote }) => ({ annotationId, localNote, remoteNote })) });
}
