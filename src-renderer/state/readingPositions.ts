// Per-article reading position, saved debounced (scrolling fires many events) and flushed
// when the page hides so a reload or quit keeps the last spot. Kept per library: two
// libraries may each hold an article of the same key, and each has its own place in it.
import type { PizhuDatabase } from '../db/database.ts';
import type { ReadingRecord } from '../db/records.ts';
import { readLibraryPositions, readPosition, writePosition } from '../db/reading.ts';
import type { ReadingMarks } from '../core/readingProgress.ts';
import { NO_LIBRARY } from '../core/userRows.ts';
import { StorageStatus } from './storageStatus.svelte.ts';

export type ReadingSpot = Pick<ReadingRecord, 'blockIndex' | 'fraction' | 'offset'>;

const pendingKey = (libraryId: string, articleKey: string): string => JSON.stringify([libraryId, articleKey]);

export class ReadingPositions {
  /** Spots saved and not written yet, by library and article. */
  private pending = new Map<string, ReadingRecord>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writes: Promise<unknown> = Promise.resolve();
  /**
   * The library whose positions are read and saved (libraryIdOf). NO_LIBRARY until one is
   * open: a spot saved then is of no library, and the library opened next takes it.
   */
  libraryId: string = NO_LIBRARY;

  constructor(
    private readonly db: PizhuDatabase | null,
    private readonly delayMs = 400,
    private readonly storage: StorageStatus = new StorageStatus(),
  ) {}

  async get(articleKey: string): Promise<ReadingRecord | undefined> {
    const waiting = this.pending.get(pendingKey(this.libraryId, articleKey));
    if (waiting) return waiting;
    if (!this.db) return undefined;
    try {
      return await readPosition(this.db, this.libraryId, articleKey);
    } catch (error) {
      console.error('pizhu: reading position unavailable', error);
      return undefined;
    }
  }

  /** `marks`: progress and read state to store with the spot (reading log). */
  save(articleKey: string, fingerprint: string | null, spot: ReadingSpot, marks: ReadingMarks = {}): void {
    const libraryId = this.libraryId;
    this.pending.set(pendingKey(libraryId, articleKey), { libraryId, articleKey, fingerprint, ...spot, ...marks, updatedAt: Date.now() });
    if (this.timer === null) this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Every stored row of the open library, with what is still waiting to be written in place of its stored one. */
  async all(): Promise<ReadingRecord[]> {
    const libraryId = this.libraryId;
    let stored: ReadingRecord[] = [];
    if (this.db) {
      try {
        stored = await readLibraryPositions(this.db, libraryId);
      } catch (error) {
        console.error('pizhu: reading positions unavailable', error);
      }
    }
    const rows = new Map(stored.map((row) => [row.articleKey, row]));
    for (const row of this.pending.values()) if (row.libraryId === libraryId) rows.set(row.articleKey, row);
    return [...rows.values()];
  }

  /** Writes everything pending now. */
  flush(): Promise<unknown> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const records = [...this.pending.values()];
    this.pending.clear();
    const db = this.db;
    if (db && records.length > 0) {
      this.writes = this.writes.then(() =>
        Promise.all(records.map((r) => this.storage.attempt(`reading:${pendingKey(r.libraryId, r.articleKey)}`, () => writePosition(db, r)))),
      );
    }
    return this.writes;
  }
}
