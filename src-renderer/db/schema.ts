// Every schema the `pizhu` database has had, oldest first. A schema change appends an entry
// (never edits an old one) with an upgrade function that rewrites the rows it affects;
// tests/unit/db-migrations.test.ts opens each older version, fills it and upgrades it.
import type { Transaction } from 'dexie';
import { NO_LIBRARY } from '../core/userRows.ts';

export interface SchemaVersion {
  version: number;
  /** Dexie `stores()` spec: primary key first, then indexes. `null` drops a table. */
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      annotations: 'id, articleKey, *tagIds, updatedAt',
      tags: 'id, &key, name',
      articles: 'key, fingerprint',
      settings: 'key',
      reading: 'articleKey',
    },
  },
  {
    // Titles the user gave articles. A table of their own, not a field of `articles`: that
    // table is a cache, rewritten whenever a file's fingerprint changes. New and empty, so
    // no rows to rewrite.
    version: 2,
    stores: {
      titles: 'articleKey',
    },
  },
  {
    // Crash drafts of notes being typed, one row per annotation, written on every keystroke
    // and deleted once the note itself is stored (db/drafts.ts). New and empty: no rows to
    // rewrite. Not user data of its own, so backups and snapshots leave it out.
    version: 3,
    stores: {
      drafts: 'annotationId',
    },
  },
  {
    // Themes become a codebook that can sync: a parent (nesting), an edit time (import keeps
    // the newer theme) and a deletion time (delete is a tombstone, so undo and a later import
    // see it). Rows written before get parentId null, deletedAt null and updatedAt 0: their
    // edit time is unknown, and 0 lets any dated edit from another copy win over them, where
    // the upgrade time would make an untouched theme beat a real rename made elsewhere.
    //
    // `key` stops being a unique index: a tombstone keeps its key (import matches themes by
    // key, and the deletion must still travel), yet the same name must be free for a new
    // theme at once. A new theme is a new row, not the tombstone brought back: the deleted
    // theme's id stays deleted on every copy. One live theme per key is kept by the writers,
    // each checking inside its own transaction (db/themeRows.ts).
    version: 4,
    stores: {
      tags: 'id, key, name, parentId',
    },
    upgrade: async (tx) => {
      await tx
        .table('tags')
        .toCollection()
        .modify((row: Record<string, unknown>) => {
          row.parentId ??= null;
          row.deletedAt ??= null;
          row.updatedAt ??= 0;
        });
    },
  },
  {
    // Titles and reading positions are kept per library: two libraries may each hold an
    // article of the same key (`001.txt`), and a title or place set in one must not show in
    // the other. IndexedDB cannot change a table's key, so the rows move to new tables keyed
    // by [libraryId, articleKey] and the old tables go once emptied (the snapshot written
    // before the upgrade keeps them as they were).
    //
    // Which library a row belongs to: the libraries whose annotation files hold an
    // annotation of that article (the annotations' `libraryIds`) — each of them gets the row,
    // as each showed it before. A row whose article no such annotation names gets
    // NO_LIBRARY, and the library the profile opens next (the one it last had open, which
    // the host remembers) takes it (db/libraryRows.ts).
    version: 5,
    stores: {
      libraryTitles: '[libraryId+articleKey], libraryId',
      libraryReading: '[libraryId+articleKey], libraryId',
      titles: null,
      reading: null,
    },
    upgrade: async (tx) => {
      const librariesOf = new Map<string, Set<string>>();
      await tx
        .table('annotations')
        .toCollection()
        .each((row: { articleKey: string; libraryIds?: string[] }) => {
          for (const id of row.libraryIds ?? []) {
            const set = librariesOf.get(row.articleKey) ?? new Set<string>();
            set.add(id);
            librariesOf.set(row.articleKey, set);
          }
        });
      const placed = (rows: { articleKey: string }[]) =>
        rows.flatMap((row) => {
          const ids = librariesOf.get(row.articleKey);
          return ids && ids.size > 0 ? [...ids].map((libraryId) => ({ ...row, libraryId })) : [{ ...row, libraryId: NO_LIBRARY }];
        });
      await tx.table('libraryTitles').bulkPut(placed(await tx.table('titles').toArray()));
      await tx.table('libraryReading').bulkPut(placed(await tx.table('reading').toArray()));
    },
  },
];

export const CURRENT_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;
