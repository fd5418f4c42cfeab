// The list's headers in one record a library, in a database of its own beside `pizhu`
// (`pizhu-list`). Each IndexedDB record costs a request, a transaction's share and a write of
// its own in the page, in the browser's storage and on disk: a row a file made a first start
// of 10,000 files put 10,000 records, and a warm start read them one cursor step each. A
// library's headers go into its record in one put and come back in one get. The header
// cache's table (`articles`) keeps the headers of single files a change event parsed between
// two passes over the folder, those of a file opened on its own, and those of profiles
// written before this record existed.
//
// A cache like the search index's store, never user data, deleted at any time: each header in
// it counts only while its file still has the fingerprint it was parsed from.
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
const DIGEST_FORMAT = 2;

interface StoredDigest {
  format: number;
  /** CLEAN_VERSION of the parser that made every header in it. */
  cleanVersion: number;
  /** The library the headers are of (libraryIdOf). */
  library: string;
  rows: DigestRow[];
}

/** The record of the library written last: a start reads it before it knows which library the host opens, which is most often that one. */
const LATEST_KEY = 'list';
/** Which library the latest record is of, and the others kept, the one left most recently first: small, read before each write. */
const LIBRARIES_KEY = 'libraries';
/** Libraries kept beside the latest; the one left longest ago goes first. */
const OTHERS_KEPT = 7;

interface StoredLibraries {
  latest: string | null;
  others: string[];
}

const otherKey = (library: string): string => `library:${library}`;

type DigestDatabase = Dexie & { digests: Table<unknown, string> };

/** Headers by key, and the library they are of. */
export interface ReadDigest {
  library: string;
  headers: Map<string, DigestHeader>;
}

/** The latest record's headers, and the clean version of the parser that made them. */
export interface LatestDigest {
  cleanVersion: number;
  digest: ReadDigest;
}

function readable(stored: unknown, cleanVersion: number): stored is StoredDigest {
  return ofThisFormat(stored) && stored.cleanVersion === cleanVersion;
}

function ofThisFormat(stored: unknown): stored is StoredDigest {
  const s = stored as Partial<StoredDigest> | undefined;
  return !!s && s.format === DIGEST_FORMAT && typeof s.cleanVersion === 'number' && typeof s.library === 'string' && Array.isArray(s.rows);
}

function headersOf(stored: StoredDigest): ReadDigest {
  return { library: stored.library, headers: new Map(stored.rows.map(([key, fingerprint, meta, length, hasRuby]) => [key, { fingerprint, meta, length, hasRuby }])) };
}

function librariesOf(stored: unknown): StoredLibraries | null {
  const s = stored as Partial<StoredLibraries> | undefined;
  if (!s || !Array.isArray(s.others) || !(s.latest === null || typeof s.latest === 'string')) return null;
  return { latest: s.latest, others: s.others.filter((r): r is string => typeof r === 'string') };
}

/** Opened for each read or write and closed after it: a start reads it once, a pass over a library writes it a few times. */
export class ListDigest {
  constructor(readonly name: string) {}

  private open(): DigestDatabase {
    const db = new Dexie(this.name) as DigestDatabase;
    db.version(1).stores({ digests: '' });
    return db;
  }

  /** The headers of the library written last, as a parser of this clean version made them; none from any other. */
  async readLatest(cleanVersion: number): Promise<ReadDigest | null> {
    const latest = await this.readLatestOfAnyVersion();
    return latest?.cleanVersion === cleanVersion ? latest.digest : null;
  }

  /**
   * The headers of the library written last, whichever parser made them: the page's entry reads
   * them before the parser's code has loaded, and the app checks the version when it takes them.
   */
  async readLatestOfAnyVersion(): Promise<LatestDigest | null> {
    const db = this.open();
    try {
      const stored = await db.digests.get(LATEST_KEY);
      return ofThisFormat(stored) ? { cleanVersion: stored.cleanVersion, digest: headersOf(stored) } : null;
    } finally {
      db.close();
    }
  }

  /** The headers of `library`, wherever its record is. */
  async read(cleanVersion: number, library: string): Promise<ReadDigest | null> {
    const db = this.open();
    try {
      const libraries = librariesOf(await db.digests.get(LIBRARIES_KEY));
      const stored = await db.digests.get(libraries?.latest === library ? LATEST_KEY : otherKey(library));
      return readable(stored, cleanVersion) && stored.library === library ? headersOf(stored) : null;
    } finally {
      db.close();
    }
  }

  /**
   * Replaces the record of `library` with these headers and makes it the latest. The library
   * written before keeps its record under its own key, so going back to it finds its headers;
   * beyond OTHERS_KEPT such libraries, the one left longest ago is let go.
   */
  async write(cleanVersion: number, library: string, headers: Iterable<[string, DigestHeader]>): Promise<void> {
    const rows: DigestRow[] = [];
    for (const [key, { fingerprint, meta, length, hasRuby }] of headers) rows.push([key, fingerprint, meta, length, hasRuby]);
    const record: StoredDigest = { format: DIGEST_FORMAT, cleanVersion, library, rows };
    const db = this.open();
    try {
      await db.transaction('rw', db.digests, async () => {
        const libraries = librariesOf(await db.digests.get(LIBRARIES_KEY)) ?? { latest: null, others: [] };
        let others = libraries.others.filter((r) => r !== library);
        const previous = libraries.latest;
        if (previous !== null && previous !== library) {
          // Read only when the library changes: the latest record is the large one.
          const latest = await db.digests.get(LATEST_KEY);
          if (readable(latest, cleanVersion) && latest.library === previous) {
            await db.digests.put(latest, otherKey(previous));
            others = [previous, ...others.filter((r) => r !== previous)];
          }
        }
        const dropped = others.slice(OTHERS_KEPT);
        others = others.slice(0, OTHERS_KEPT);
        // The written library's own older record, and those let go.
        await db.digests.bulkDelete([library, ...dropped].map(otherKey));
        await db.digests.put({ latest: library, others } satisfies StoredLibraries, LIBRARIES_KEY);
        await db.digests.put(record, LATEST_KEY);
      });
    } finally {
      db.close();
    }
  }
}
