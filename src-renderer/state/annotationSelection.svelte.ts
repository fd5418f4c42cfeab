// What the reader's annotation commands act on: the text selected in the article (a
// canonical range) or the highlight the user clicked or just made, and the requests that
// open the pane's note editor or the toolbar's theme input for it.
import type { Range } from '../core/types.ts';
import type { AnnotationRecord } from '../db/records.ts';

export class AnnotationSelection {
  /** The reader's text selection as a canonical range (already widened to phrase boundaries). */
  range = $state.raw<Range | null>(null);
  /**
   * Set by the reader: brings `range` up to date with the DOM now. `selectionchange`
   * arrives a task after the selection moved, so a key pressed right after Shift+Arrow
   * would otherwise act on the selection one step old.
   */
  readSelection: (() => void) | null = null;
  /** The highlight the user clicked or just made: the toolbar acts on it. */
  selectedId = $state<string | null>(null);
  /** Asks the pane to open and focus a note editor (N key, note button); the pane clears it. */
  noteRequest = $state.raw<{ id: string } | null>(null);
  /** Bumped to ask the toolbar to open its theme input (T key). */
  tagRequest = $state(0);

  /** The selected highlight, while it is one of `records` (the open article's). */
  readonly selected: AnnotationRecord | null = $derived.by(() => {
    const id = this.selectedId;
    return id === null ? null : (this.records().find((r) => r.id === id) ?? null);
  });

  constructor(private readonly records: () => readonly AnnotationRecord[]) {}

  /** The reader's selection, read from the DOM now if the reader can. */
  current(): Range | null {
    this.readSelection?.();
    return this.range;
  }

  /** A highlight that is no longer shown is not selected. */
  keepOnly(records: readonly AnnotationRecord[]): void {
    if (this.selectedId && !records.some((r) => r.id === this.selectedId)) this.selectedId = null;
  }
}
