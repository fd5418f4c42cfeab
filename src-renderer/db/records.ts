// Row shapes of the `pizhu` IndexedDB database (DESIGN.md "Data").
import type { ArticleMeta, TextQuote } from '../core/types.ts';
import type { AnnotationRow, AnnotationStyle, LibraryTitleRow, ReadingRow, SettingRow } from '../core/userRows.ts';
import type { ThemeFields } from '../core/themeIdentity.ts';

export type TextQuoteSelector = TextQuote;
export type { AnnotationStyle };
export type AnnotationRecord = AnnotationRow;

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

/** Keyed by [libraryId, articleKey]: each library its own title for an article. */
export type TitleRecord = LibraryTitleRow;

export type SettingRecord = SettingRow;
/** Keyed by [libraryId, articleKey]: each library its own place in an article. */
export type ReadingRecord = ReadingRow;

/** The text of a note as last typed, kept until the note itself is stored (see db/drafts.ts). */
export interface DraftRecord {
  annotationId: string;
  note: string;
  /** When it was typed (ms): a draft older than the stored row is stale. */
  typedAt: number;
}
