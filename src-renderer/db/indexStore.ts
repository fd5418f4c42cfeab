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

type IndexDatabase = Dexie & { entries: EntityTable<StoredRow, 'fingerprint'> };

export class DexieIndexStore implements IndexStore {
  private readonly db: IndexDatabase;

  constructor(name = INDEX_DATABASE_NAME, private readonly maxEntries = MAX_STORED_ENTRIES) {
    this.db = new Dexie(name) as IndexDatabase;
    this.db.version(1).stores({ entries: 'fingerprint, savedAt' });
  }

  async load(fingerprints: readonly string[]): Promise<StoredIndexEntry[]> {
    const rows = await this.db.entries.bulkGet([...fingerprints]);
    return rows.filter((row): row is StoredRow => row !== undefined);
  }

  async save(entries: readonly StoredIndexEntry[]): Promise<void> {
    const savedAt = Date.now();
    await this.db.entries.bulkPut(entries.map((entry) => ({ ...entry, savedAt })));
    // Counted on the savedAt index, which holds only a number and a fingerprint a row: a count
    // of the store itself may read every record, each a whole text with its key and map.
    const excess = (await this.db.entries.orderBy('savedAt').count()) - this.maxEntries;
    if (excess > 0) await this.db.entries.orderBy('savedAt').limit(excess).delete();
  }

  close(): void {
    this.db.close();
  }
}
