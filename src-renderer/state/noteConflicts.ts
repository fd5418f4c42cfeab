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

/**
 * What "mine" is when the choice is made: the user may have typed on after the other version
 * arrived. The text typed and not yet stored wins; else the note itself, when the typing since
 * has been stored over the version that arrived; else the text typed when it arrived.
 */
export async function localNoteNow(annotations: AnnotationsState, conflict: NoteConflict, storedNote: string): Promise<string> {
  const typed = await annotations.typedDraft(conflict.annotationId);
  if (typed !== undefined) return typed;
  return storedNote !== conflict.remoteNote ? storedNote : conflict.localNote;
}

/** Applies the choice for annotation `id`; undo gives back the text the note had (or, taking theirs, the text typed here). */
export async function resolveNoteConflict(sync: AnnotationSync, annotations: AnnotationsState, id: string, choice: NoteConflictChoice): Promise<void> {
  const offered = sync.noteConflicts.find((c) => c.annotationId === id);
  const before = annotations.model.find(id);
  if (!offered || !before) return;
  const localNote = await localNoteNow(annotations, offered, before.note);
  const current = annotations.model.find(id);
  if (!current) return;
  const conflict = { ...offered, localNote };
  const note = chosenNote(conflict, choice);
  const undoTo = current.note === note ? (choice === 'theirs' ? conflict.localNote : conflict.remoteNote) : current.note;
  await annotations.chooseNote(id, note, undoTo);
  sync.settleNoteConflict(id);
}
