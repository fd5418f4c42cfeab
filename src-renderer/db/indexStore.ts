// The search worker's entries kept between runs, in a database of their own (`pizhu-index`):
// a cache that can be deleted at any time, never user data, so it stays out of the `pizhu`
// database's schema history, snapshots and restores. Keyed by content (fingerprint +
// format), so a renamed file or a second library with the same article shares an entry.
import { Dexie, type EntityTable } from 'dexie';
import type { StoredIndexEntry } from '../core/libraryIndex.ts';
import type { IndexStore } from '../core/indexProtocol.ts';

export const INDEX_DATABASE_NAME = 'pizhu-index';
/** Beyond this many entries the oldest-written go: a few libraries' worth, not every file ever seen. */
export const MAX_STORED_ENTRIES = 30_000;

interface StoredRow extends StoredIndexEntry {
  savedAt: number;
}

/** How many entries the store holds, kept beside them in the transactions that change them. */
interface CountRow {
  key: 'entries';
  count: number;
}

type IndexDatabase = Dexie & { entries: EntityTable<StoredRow, 'fingerprint'>; meta: EntityTable<CountRow, 'key'> };

export class DexieIndexStore implements IndexStore {
  private readonly db: IndexDatabase;

  constructor(name = INDEX_DATABASE_NAME, private readonly maxEntries = MAX_STORED_ENTRIES) {
    this.db = new Dexie(name) as IndexDatabase;
    this.db.version(1).stores({ entries: 'fingerprint, savedAt' });
    // The count is kept, not counted on every save: Chromium counts by walking the index and
    // looking up every entry's record, seconds at 10,000 articles, and every other IndexedDB
    // request of the page (a highlight being stored) waited behind each count. Counted once here.
    this.db
      .version(2)
      .stores({ meta: 'key' })
      .upgrade(async (tx) => {
        await tx.table('meta').put({ key: 'entries', count: await tx.table('entries').count() });
      });
  }

  async load(fingerprints: readonly string[]): Promise<StoredIndexEntry[]> {
    const rows = await this.db.entries.bulkGet([...fingerprints]);
    return rows.filter((row): row is StoredRow => row !== undefined);
  }

  async save(entries: readonly StoredIndexEntry[]): Promise<void> {
    const savedAt = Date.now();
    const { entries: rows, meta } = this.db;
    await this.db.transaction('rw', rows, meta, async () => {
      const fingerprints = [...new Set(entries.map((entry) => entry.fingerprint))];
      const present = new Set(await rows.where('fingerprint').anyOf(fingerprints).primaryKeys());
      await rows.bulkPut(entries.map((entry) => ({ ...entry, savedAt })));
      let count = ((await meta.get('entries'))?.count ?? 0) + fingerprints.filter((fp) => !present.has(fp)).length;
      const excess = count - this.maxEntries;
      if (excess > 0) count -= await rows.orderBy('savedAt').limit(excess).delete();
      await meta.put({ key: 'entries', count });
    });
  }

  close(): void {
    this.db.close();
  }
}
