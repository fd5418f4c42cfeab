// Props more than one component takes: App.svelte hands each component the parts of the
// app it uses, and these parts come in the same shape to several of them.
import type { Range } from '../core/types.ts';
import type { I18n } from '../i18n/i18n.svelte.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { History } from '../state/history.svelte.ts';
import type { ToastState } from '../state/toast.svelte.ts';

/** The start's work in the background: the first read of the library's files, then the search index's build. */
export interface LoadProgress {
  /** Reading the files; building the search index; taking the index an earlier run stored. */
  stage: 'scan' | 'index' | 'restore';
  done: number;
  total: number;
}

/** Each stage's words: the bar's name, its count, and the word the toolbar shows beside its percent. */
export const LOAD_MESSAGES: Record<LoadProgress['stage'], { label: MessageKey; count: MessageKey; short: MessageKey }> = {
  scan: { label: 'library.scanLabel', count: 'library.scanCount', short: 'library.scanShort' },
  index: { label: 'library.indexLabel', count: 'library.indexCount', short: 'library.indexShort' },
  restore: { label: 'library.restoreLabel', count: 'library.restoreCount', short: 'library.indexShort' },
};

/** Opens an article at a passage (canonical range), flashed; an annotation's own place wins once anchored. */
export type OpenPassage = (key: string, range: Range, annotationId: string | null) => void;

/** A modal dialog whose edits join the window's undo history, with its own undo buttons and message. */
export interface EditingDialogProps {
  i18n: I18n;
  /** The window's undo history: its steps may have been made in the reader too. */
  history: History;
  /** The window's message is inert under the modal dialog: the dialog shows its own. */
  toast: ToastState;
  openAt: OpenPassage;
  onundo: () => void;
  onredo: () => void;
  open?: boolean;
}
