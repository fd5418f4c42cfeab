// A note typed here while another machine's version of it arrived (state/annotationSync.svelte.ts
// keeps both): the user keeps theirs, takes the other, or keeps both, as one undoable edit.
import type { AnnotationSync, NoteConflict } from './annotationSync.svelte.ts';
import type { AnnotationsState } from './annotations.svelte.ts';

export type NoteConflictChoice = 'mine' | 'theirs' | 'both';

/** The note a choice makes: both texts are kept in order, this machine's first. */
export function chosenNote(conflict: NoteConflict, choice: NoteConflictChoice): string {
  if (choice === 'mine') return conflict.localNote;
  if (choice === 'theirs') return conflict.remoteNote;
  return `${conflict.localNote.trimEnd()}\n\n${conflict.remoteNote.trimStart()}`;
}

/** Applies the choice for annotation `id`; undo gives back the text the note had (or, taking theirs, the text typed here). */
export async function resolveNoteConflict(sync: AnnotationSync, annotations: AnnotationsState, id: string, choice: NoteConflictChoice): Promise<void> {
  const conflict = sync.noteConflicts.find((c) => c.annotationId === id);
  const current = annotations.model.find(id);
  if (!conflict || !current) return;
  const note = chosenNote(conflict, choice);
  const undoTo = current.note === note ? (choice === 'theirs' ? conflict.localNote : conflict.remoteNote) : current.note;
  await annotations.chooseNote(id, note, undoTo);
  sync.settleNoteConflict(id);
}
