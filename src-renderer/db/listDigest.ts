// The list's headers in one record, in a database of its own beside `pizhu` (`pizhu-list`).
// The header cache (`articles`) keeps one row a file, and IndexedDB reads rows one cursor step
// each: half a second for 10,000 files in Chromium, on the way to a warm start's first rows.
// This record gives the same headers in one get. It is a cache like the search index's store,
// never user data, deleted at any time: each header in it counts only while its file still has
// the fingerprint it was parsed from, and a file it lacks is looked up in `articles` as before.
import { Dexie, type Table } from 'dexie';
import type { ListDetails } from '../core/listDetails.ts';

/** A file's header for the list, and the fingerprint of the text it was parsed from. */
export type DigestHeader = ListDetails & { fingerprint: string };

/** One database of headers for each `pizhu` database (the tests open many). */
export function listDigestName(databaseName: string): string {
  return `${databaseName}-list`;
}

type DigestRow = [key: string, fingerprint: string, meta: ListDetails['meta'], length: number, hasRuby: boolean];

/** The record's own shape; a record of another is not read. */
const DIGEST_FORMAT = 1;

interface StoredDigest {
  format: number;
  /** CLEAN_VERSION of the parser that made every header in it. */
  cleanVersion: number;
  rows: DigestRow[];
}

const DIGEST_KEY = 'list';

type DigestDatabase = Dexie & { digests: Table<StoredDigest, string> };

/** Opened for each read or write and closed after it: a start reads it once, a library's changes write it now and then. */
export class ListDigest {
  constructor(private readonly name: string) {}

  private open(): DigestDatabase {
    const db = new Dexie(this.name) as DigestDatabase;
    db.version(1).stores({ digests: '' });
    return db;
  }

  /** Headers by key, as last written by a parser of this clean version; none from any other. */
  async read(cleanVersion: number): Promise<Map<string, DigestHeader> | null> {
    const db = this.open();
    try {
      const stored = await db.digests.get(DIGEST_KEY);
      if (!stored || stored.format !== DIGEST_FORMAT || stored.cleanVersion !== cleanVersion || !Array.isArray(stored.rows)) return null;
      return new Map(stored.rows.map(([key, fingerprint, meta, length, hasRuby]) => [key, { fingerprint, meta, length, hasRuby }]));
    } finally {
      db.close();
    }
  }

  /** Replaces the record with these headers (the library open now: one library's list at a time). */
  async write(cleanVersion: number, headers: Iterable<[string, DigestHeader]>): Promise<void> {
    const rows: DigestRow[] = [];
    for (const [key, { fingerprint, meta, length, hasRuby }] of headers) rows.push([key, fingerprint, meta, length, hasRuby]);
    const db = this.open();
    try {
      await db.digests.put({ format: DIGEST_FORMAT, cleanVersion, rows }, DIGEST_KEY);
    } finally {
      db.close();
    }
  }
}
