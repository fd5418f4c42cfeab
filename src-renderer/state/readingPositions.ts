// Per-article reading position, saved debounced (scrolling fires many events) and flushed
// when the page hides so a reload or quit keeps the last spot.
import type { PizhuDatabase } from '../db/database.ts';
import type { ReadingRecord } from '../db/records.ts';
import { readAllPositions, readPosition, writePosition } from '../db/reading.ts';
import type { ReadingMarks } from '../core/readingProgress.ts';
import { StorageStatus } from './storageStatus.svelte.ts';

export type ReadingSpot = Pick<ReadingRecord, 'blockIndex' | 'fraction' | 'offset'>;

export class ReadingPositions {
  private pending = new Map<string, ReadingRecord>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: PizhuDatabase | null,
    private readonly delayMs = 400,
    private readonly storage: StorageStatus = new StorageStatus(),
  ) {}

  async get(articleKey: string): Promise<ReadingRecord | undefined> {
    const waiting = this.pending.get(articleKey);
    if (waiting) return waiting;
    if (!this.db) return undefined;
    try {
      return await readPosition(this.db, articleKey);
    } catch (error) {
      console.error('pizhu: reading position unavailable', error);
      return undefined;
    }
  }

  /** `marks`: progress and read state to store with the spot (reading log). */
  save(articleKey: string, fingerprint: string | null, spot: ReadingSpot, marks: ReadingMarks = {}): void {
    this.pending.set(articleKey, { articleKey, fingerprint, ...spot, ...marks, updatedAt: Date.now() });
    if (this.timer === null) this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Every stored row, with what is still waiting to be written in place of its stored one. */
  async all(): Promise<ReadingRecord[]> {
    let stored: ReadingRecord[] = [];
    if (this.db) {
      try {
        stored = await readAllPositions(this.db);
      } catch (error) {
        console.error('pizhu: reading positions unavailable', error);
      }
    }
    const rows = new Map(stored.map((row) => [row.articleKey, row]));
    for (const [key, row] of this.pending) rows.set(key, row);
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
        Promise.all(records.map((r) => this.storage.attempt(`reading:${r.articleKey}`, () => writePosition(db, r)))),
      );
    }
    return this.writes;
  }
}
