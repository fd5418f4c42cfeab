// What the reader's long-article worker (workers/scriptView.worker.ts) exposes, called through
// comlink: the clean + parse of a long file, and its script views.
import type { OffsetMapParts } from './offsetMap.ts';
import type { Article, CleanResult, Range, Script, ViewOptions } from './types.ts';

/** A view as it crosses from the worker: its text, and its map in parts. */
export interface ViewParts {
  text: string;
  map: OffsetMapParts;
}

/** A piece of a view: `text` is the view of canonical [piece.start, piece.end), `map` from that range. */
export interface ViewPiece extends ViewParts {
  piece: Range;
}

export interface ParsedText {
  /** Without its edits when it comes from the worker: the page has no use for them (parse, there, did) and they are many. */
  clean: CleanResult;
  article: Article;
  /** Whether the text reads as traditional (core/scriptLang.ts). */
  traditional: boolean;
}

export interface ScriptViewWorkerApi {
  /**
   * The whole view of `text`. With `first` (the canonical range in view), that range is
   * converted on its own and handed to `onPiece` first, so the reader shows it while the whole
   * view is built. `options` is plain data (corner quotes, overrides).
   */
  view(text: string, script: Script, options: ViewOptions | undefined, first: Range | undefined, onPiece: ((piece: ViewPiece) => void) | undefined): Promise<ViewParts>;
  /** `raw` (the file `fileName`) cleaned and parsed. */
  parse(raw: string, fileName: string): Promise<ParsedText>;
  /** Loads the dictionaries of 繁體 and 简体 (both directions), so a first switch converts the part in view at once. */
  warm(): void;
}
