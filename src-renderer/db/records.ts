// Row shapes of the `pizhu` IndexedDB database (DESIGN.md "Data").
import type { ArticleMeta, Range } from '../core/types.ts';
import type { ThemeFields } from '../core/themeIdentity.ts';

export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export type AnnotationStyle = 'highlight' | 'underline';

export interface AnnotationRecord {
  id: string;
  articleKey: string;
  fingerprint: string;
  cleanVersion: number;
  position: Range;
  quote: TextQuoteSelector;
  color: string;
  /**
   * How it is drawn. Added after version 2 without an index, so no schema version: rows
   * written before it have none and read as 'highlight'.
   */
  style?: AnnotationStyle;
  /** Markdown. */
  note: string;
  tagIds: string[];
  createdAt: number;
  updatedAt: number;
  /** Soft delete: undo and a later sync need the tombstone. */
  deletedAt: number | null;
}

/** A theme row; `key` = searchKey(name), so 营商环境 and 營商環境 are one theme. */
export type TagRecord = ThemeFields;

/** What we last saw of a library file, so the list shows titles without parsing every file. */
export interface ArticleRecord {
  key: string;
  fingerprint: string;
  cleanVersion: number;
  /** Absolute folder of the library the file was seen in. */
  libraryRoot: string;
  meta: ArticleMeta;
  /** Characters of reading text (no whitespace), for the list. */
  length: number;
  hasRuby: boolean;
  seenAt: number;
}

/**
 * A title the user gave an article in place of the parsed or derived one. Keyed by library
 * key like reading positions and annotations, so it survives edits of the file (a new
 * fingerprint). Restoring the original keeps the row with `title: null`: deletes are soft.
 */
export interface TitleRecord {
  articleKey: string;
  title: string | null;
  updatedAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/**
 * Where the reader was in an article. Block index + fraction of that block survive a script
 * switch (blocks are canonical) and a font-size change (no pixels); `offset` is the block's
 * canonical start, kept to re-find the spot if the file changed and the blocks shifted.
 */
export interface ReadingRecord {
  articleKey: string;
  fingerprint: string | null;
  blockIndex: number;
  fraction: number;
  offset: number;
  updatedAt: number;
}
