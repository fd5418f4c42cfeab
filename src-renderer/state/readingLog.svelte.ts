// What the reader has read: per article its progress, read state and last-read time (stored
// with the reading position, on this machine only), and where the open article stands now.
// The list, the progress bar, the outline's current section and "continue reading" read it.
import { SvelteMap } from 'svelte/reactivity';
import { afterMarking, afterScroll, continueCandidate, percentOf, readStateOf, type ReadingMarks, type ReadState } from '../core/readingProgress.ts';
import type { ReadingRecord } from '../db/records.ts';
import type { ReadingPositions, ReadingSpot } from './readingPositions.ts';

/** Where the open article stands: the block at the top of the view and the share read. */
export interface CurrentSpot {
  key: string;
  blockIndex: number;
  progress: number;
  /** The block at the reading line, a little below the top: its section is the one being read. */
  lineBlock: number;
}

/** The list's last-read time moves at most this often while scrolling (its display shows minutes). */
const LIST_TIME_STEP_MS = 60_000;

export class ReadingLog {
  private readonly rows = new SvelteMap<string, ReadingRecord>();
  /** The open article's spot, as last scrolled to or restored. */
  current = $state.raw<CurrentSpot | null>(null);

  constructor(
    private readonly positions: ReadingPositions,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async load(): Promise<void> {
    const rows = await this.positions.all();
    for (const row of rows) this.rows.set(row.articleKey, row);
  }

  /** Another library is open: the log shows its articles, whose keys may be those of the last one's. */
  async openLibrary(libraryId: string): Promise<void> {
    if (libraryId === this.positions.libraryId) return;
    // Spots of the library left are written as its own.
    void this.positions.flush();
    this.positions.libraryId = libraryId;
    this.rows.clear();
    this.current = null;
    await this.load();
  }

  marks(key: string): ReadingMarks | undefined {
    return this.rows.get(key);
  }

  stateOf(key: string): ReadState {
    return readStateOf(this.rows.get(key));
  }

  /** When the article was last scrolled through (ms), or null. */
  lastReadAt(key: string): number | null {
    const at = this.rows.get(key)?.lastReadAt;
    return at && at > 0 ? at : null;
  }

  /** The share of the open article read now, as last seen; else what was stored. */
  progressOf(key: string): number {
    const current = this.current;
    if (current?.key === key) return current.progress;
    return this.rows.get(key)?.progress ?? 0;
  }

  /** The reader scrolled the open article: its spot, progress and read state are stored. */
  scrolled(key: string, fingerprint: string | null, spot: ReadingSpot, progress: number, lineBlock: number): void {
    const before = this.rows.get(key);
    const marks = afterScroll(before, progress, this.now());
    this.positions.save(key, fingerprint, spot, marks);
    this.show(key, spot.blockIndex, progress, lineBlock);
    // The list reads these rows: a new row only when what it shows changes.
    const unchanged =
      before &&
      before.blockIndex === spot.blockIndex &&
      percentOf(before.progress ?? 0) === percentOf(progress) &&
      readStateOf(before) === readStateOf(marks) &&
      marks.lastReadAt - (before.lastReadAt ?? 0) < LIST_TIME_STEP_MS;
    if (!unchanged) this.rows.set(key, { libraryId: this.positions.libraryId, articleKey: key, fingerprint, ...spot, ...marks, updatedAt: marks.lastReadAt });
  }

  /** The open article shows this spot without the reader scrolling (a restore): nothing is stored. */
  show(key: string, blockIndex: number, progress: number, lineBlock: number): void {
    const current = this.current;
    if (current?.key === key && current.blockIndex === blockIndex && current.progress === progress && current.lineBlock === lineBlock) return;
    this.current = { key, blockIndex, progress, lineBlock };
  }

  /** Marks an article read or unread; where the reader stands in it is kept. */
  async setRead(key: string, read: boolean): Promise<void> {
    const before = this.rows.get(key) ?? (await this.positions.get(key));
    const marks = afterMarking(before, read, this.now());
    const spot: ReadingSpot = before ? { blockIndex: before.blockIndex, fraction: before.fraction, offset: before.offset } : { blockIndex: -1, fraction: 0, offset: 0 };
    const fingerprint = before?.fingerprint ?? null;
    this.positions.save(key, fingerprint, spot, marks);
    this.rows.set(key, { libraryId: this.positions.libraryId, articleKey: key, fingerprint, ...spot, ...marks, updatedAt: this.now() });
    await this.positions.flush();
  }

  /** The article to offer to read on, or null (see continueCandidate). */
  continueKey(keys: ReadonlySet<string>, openKey: string | null): string | null {
    return continueCandidate([...this.rows.values()], keys, openKey);
  }
}
