// Messages between the reader and its long-article worker (workers/scriptView.worker.ts): the
// clean + parse of a long file, and its script views.
import type { OffsetMapParts } from './offsetMap.ts';
import type { Article, CleanResult, Range, Script, ViewOptions } from './types.ts';

export interface ViewRequest {
  kind?: 'view';
  id: number;
  /** The canonical text. */
  text: string;
  script: Script;
  /** The user's view options (corner quotes, overrides), plain data. */
  options?: ViewOptions;
  /**
   * The canonical range in view: converted on its own and sent first (a `piece` reply), so
   * the reader shows it while the whole view is built.
   */
  first?: Range;
}

export interface ParseRequest {
  kind: 'parse';
  id: number;
  raw: string;
  fileName: string;
}

export type WorkerRequest = ViewRequest | ParseRequest;

/** A piece of a view: `text` is the view of canonical [piece.start, piece.end), `map` from that range. */
export interface ViewPiece {
  piece: Range;
  text: string;
  map: OffsetMapParts;
}

export type ViewReply =
  | { id: number; ok: true; text: string; map: OffsetMapParts }
  | ({ id: number; ok: true; partial: true } & ViewPiece)
  | { id: number; ok: false; error: string };

export type ParseReply =
  | {
      id: number;
      ok: true;
      /**
       * The opening of the file only (core/leadingSlice.ts), sent ahead of the whole: its
       * canonical text is the beginning of the whole one's.
       */
      lead?: true;
      /** Without its edits: the page has no use for them (parse, here, did) and they are many. */
      clean: CleanResult;
      article: Article;
      /** Whether the text reads as traditional (core/scriptLang.ts), judged here too. */
      traditional: boolean;
    }
  | { id: number; ok: false; error: string };
