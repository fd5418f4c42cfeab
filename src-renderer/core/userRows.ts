// The user's data as rows: what Dexie stores (db/records.ts names these) and what the
// backup and the exporter read. Defined once here because core may not import db.
import type { Range, TextQuote } from './types.ts';
import type { ReadingMarks } from './readingProgress.ts';

export type AnnotationStyle = 'highlight' | 'underline';

/** Who made an annotation: a name the user set once, and an id made once per installation. */
export interface AnnotationAuthor {
  id: string;
  name: string;
}

export interface AnnotationRow {
  id: string;
  articleKey: string;
  fingerprint: string;
  cleanVersion: number;
  position: Range;
  quote: TextQuote;
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
  /** Absent on annotations made before authors were recorded. */
  author?: AnnotationAuthor;
  /**
   * This machine's note of the libraries whose annotation files hold the annotation (their
   * local ids, state/conversionOverrides.ts libraryIdOf), so two libraries with an article of
   * the same key keep their files apart. Local: never written to the files or a backup.
   * Absent until the annotation is first written to or read from a library's files.
   */
  libraryIds?: string[];
}

/**
 * A title the user gave an article in place of the parsed or derived one, as it travels in a
 * library's annotation files (the file is the library's, so no library is named). Keyed by
 * article key like annotations, so it survives edits of the file (a new fingerprint).
 * Restoring the original keeps the row with `title: null`: deletes are soft.
 */
export interface TitleRow {
  articleKey: string;
  title: string | null;
  updatedAt: number;
}

/**
 * The library a stored title or reading position belongs to: its local id
 * (state/conversionOverrides.ts libraryIdOf). Two libraries may each hold an article of the
 * same key (`001.txt`), and each keeps its own title and place in it.
 */
export interface OfLibrary {
  /** NO_LIBRARY: a row from before rows were told apart by library, until a library takes it. */
  libraryId: string;
}

/**
 * The library of rows written before titles and positions were kept per library (a database
 * or backup of that time) whose library could not be told: the next library opened takes
 * them (db/libraryRows.ts), as the library the profile had open is the one they were made in.
 */
export const NO_LIBRARY = '';

/** A title as stored, and as a backup carries it (an older backup's have no library). */
export type LibraryTitleRow = TitleRow & OfLibrary;

export interface SettingRow {
  key: string;
  value: unknown;
}

/**
 * Where the reader was in an article. Block index + fraction of that block survive a script
 * switch (blocks are canonical) and a font-size change (no pixels); `offset` is the block's
 * canonical start, kept to re-find the spot if the file changed and the blocks shifted.
 */
export interface ReadingRow extends ReadingMarks, OfLibrary {
  articleKey: string;
  fingerprint: string | null;
  blockIndex: number;
  fraction: number;
  offset: number;
  updatedAt: number;
}
