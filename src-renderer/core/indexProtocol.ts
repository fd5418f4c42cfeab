// Messages between the UI thread and the search worker. One handler serves both the worker
// and the in-thread fallback (Node tests, a browser without module workers), so they cannot
// drift apart.
import type { ConcordanceLine } from './concordance.ts';
import type { LibraryIndex, NoteEntry, SearchOptions, SearchResult, StoredIndexEntry, TermSuggestion, ThemeMentions, ThemeQuery } from './libraryIndex.ts';

export type IndexRequest =
  | { type: 'put'; key: string; fingerprint: string; raw: string }
  | { type: 'restore'; wanted: { key: string; fingerprint: string }[] }
  /** Entries the library scan built (buildIndexEntry) in its workers: checked, kept and stored. */
  | { type: 'adopt'; entries: { key: string; entry: StoredIndexEntry }[] }
  /** Entries kept in this worker under `ticket` (sent by a scan worker, or scanned here): adopted as `adopt`'s are; the page never copies them. */
  | { type: 'adoptHandedOver'; ticket: number }
  /** Entries sent under `ticket` that no one will adopt (their pass went stale): let go. */
  | { type: 'dropHandedOver'; ticket: number }
  | { type: 'remove'; key: string }
  | { type: 'keepOnly'; keys: string[] }
  | { type: 'fingerprints' }
  | { type: 'notes'; notes: NoteEntry[] }
  | { type: 'search'; query: string; options?: SearchOptions }
  | { type: 'mentions'; themes: ThemeQuery[]; keys?: string[] }
  | { type: 'concordance'; names: string[] }
  | { type: 'suggest'; limit: number; exclude: string[] };

export interface IndexResponses {
  put: boolean;
  restore: number;
  adopt: number;
  adoptHandedOver: number;
  dropHandedOver: null;
  remove: null;
  keepOnly: null;
  fingerprints: Record<string, string>;
  notes: null;
  search: SearchResult;
  mentions: ThemeMentions[];
  concordance: ConcordanceLine[];
  suggest: TermSuggestion[];
}

export type IndexResponse<R extends IndexRequest> = IndexResponses[R['type']];

/** What the search worker exposes (workers/search.worker.ts), called through comlink: a request, its answer. */
export interface IndexWorkerApi {
  handle(request: IndexRequest): Promise<unknown>;
  /** Takes the scan workers' entries from `port` ({@link HandOver} messages), for `adoptHandedOver`. */
  takeHandOvers(port: MessagePort): void;
}

/** Index entries a scan worker sends the search worker straight, under the ticket the page adopts them by. */
export interface HandOver {
  ticket: number;
  entries: { key: string; entry: StoredIndexEntry }[];
}

/** Where index entries outlive the worker (IndexedDB in the app); by fingerprint, so renames and other libraries share them. */
export interface IndexStore {
  load(fingerprints: readonly string[]): Promise<StoredIndexEntry[]>;
  save(entries: readonly StoredIndexEntry[]): Promise<void>;
}

/**
 * Entries are written once puts have stopped for SAVE_DELAY_MS, or once SAVE_HOLD wait,
 * SAVE_BATCH a transaction. A first scan adopts entries many times a second: their writes (the
 * whole text, key and map of every file, through the browser's storage process) take CPU from
 * the scan itself, and they only serve the next start, so they wait for the scan to pause.
 * Held entries share their text and map with the index, so holding a large library's first
 * scan costs little memory; the hold stays under the store's own limit (MAX_STORED_ENTRIES in
 * db/indexStore.ts), past which a write would drop the oldest entries it has just written.
 */
const SAVE_BATCH = 200;
const SAVE_HOLD = 20_000;
const SAVE_DELAY_MS = 1000;
/** Stored entries asked for at once when restoring. */
const RESTORE_CHUNK = 100;

/**
 * The index with its store: `restore` takes what an earlier run stored instead of reading
 * and cleaning the files again, and every `put` is stored for the next run. Without a store
 * (Node tests, a browser that refuses IndexedDB) it is the plain index.
 */
export class IndexService {
  private readonly handOvers = new HandOvers();
  private pendingSaves = new Map<string, StoredIndexEntry>();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    readonly index: LibraryIndex,
    private readonly store: IndexStore | null,
    private readonly warn: (message: string, error: unknown) => void = (message, error) => console.warn(message, error),
  ) {}

  async handle(request: IndexRequest): Promise<unknown> {
    if (request.type === 'restore') return this.restore(request.wanted);
    if (request.type === 'adopt') return this.adopt(request.entries);
    if (request.type === 'adoptHandedOver') return this.adopt(await this.handOvers.take(request.ticket));
    if (request.type === 'dropHandedOver') {
      this.handOvers.drop(request.ticket);
      return null;
    }
    const result = handleIndexRequest(this.index, request);
    if (request.type === 'put' && result === true && this.store) {
      const entry = this.index.stored(request.key);
      if (entry) this.queueSave(entry);
    }
    return result;
  }

  /** Entries a scan worker sent straight here, or this worker scanned itself; adopted when the page asks, in its order. */
  receiveHandOver(handOver: HandOver): void {
    this.handOvers.put(handOver.ticket, handOver.entries);
  }

  /**
   * Entries of a batch this worker scanned, made only when the page adopts them (`make`): a
   * first start's list takes every header before the index folds a search key.
   */
  receiveDeferred(ticket: number, make: () => Entries): void {
    this.handOvers.put(ticket, make);
  }

  /** Handed-over batches held in memory, waiting for the page's word. */
  get handOversHeld(): number {
    return this.handOvers.held;
  }

  /** Resolves when every entry put so far has been handed to the store. */
  flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.saveNow();
    return this.saving;
  }

  private async restore(wanted: readonly { key: string; fingerprint: string }[]): Promise<number> {
    if (!this.store) return 0;
    const have = this.index.fingerprints();
    const missing = wanted.filter((w) => have[w.key] !== w.fingerprint);
    if (missing.length === 0) return 0;
    const byFingerprint = new Map<string, { key: string; fingerprint: string }[]>();
    for (const w of missing) byFingerprint.set(w.fingerprint, [...(byFingerprint.get(w.fingerprint) ?? []), w]);
    const fingerprints = [...byFingerprint.keys()];
    let restored = 0;
    // A chunk at a time: the page's own reads (the article just opened, its annotations) share
    // IndexedDB with this and wait for the request in hand, and a chunk's entries are all
    // that is held in memory twice.
    for (let at = 0; at < fingerprints.length; at += RESTORE_CHUNK) {
      let stored: StoredIndexEntry[];
      try {
        stored = await this.store.load(fingerprints.slice(at, at + RESTORE_CHUNK));
      } catch (error) {
        // A cache that cannot be read only means reading the files again.
        this.warn('pizhu: stored search index unavailable', error);
        return restored;
      }
      for (const entry of stored) for (const w of byFingerprint.get(entry.fingerprint) ?? []) if (this.index.restore(w.key, entry)) restored++;
    }
    return restored;
  }

  private adopt(entries: readonly { key: string; entry: StoredIndexEntry }[]): number {
    let adopted = 0;
    for (const { key, entry } of entries) {
      if (!this.index.restore(key, entry)) continue;
      adopted++;
      if (this.store) this.queueSave(entry);
    }
    return adopted;
  }

  private queueSave(entry: StoredIndexEntry): void {
    this.pendingSaves.set(entry.fingerprint, entry);
    if (this.pendingSaves.size >= SAVE_HOLD) return this.saveNow();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saveNow();
    }, SAVE_DELAY_MS);
  }

  private saveNow(): void {
    if (!this.store || this.pendingSaves.size === 0) return;
    const held = [...this.pendingSaves.values()];
    this.pendingSaves = new Map();
    const store = this.store;
    for (let at = 0; at < held.length; at += SAVE_BATCH) {
      const batch = held.slice(at, at + SAVE_BATCH);
      this.saving = this.saving.then(() => store.save(batch)).catch((error: unknown) => this.warn('pizhu: search index not stored', error));
    }
  }
}

type Entries = HandOver['entries'];

/**
 * Handed-over entries by ticket. A scan worker's come on its port and the page's request to
 * adopt them on another, so either may come first: a request waits for its entries. A scan
 * worker sends them before it answers the page, which asks only after that answer, so they do
 * come (the search worker's own batches are put before it answers); the wait is bounded all the
 * same, as a request that never ended would hold up every search after it.
 */
class HandOvers {
  /** Entries, or what makes them when they are taken. */
  private readonly arrived = new Map<number, Entries | (() => Entries)>();
  private readonly waiting = new Map<number, (entries: Entries) => void>();
  private readonly dropped = new Set<number>();

  put(ticket: number, entries: Entries | (() => Entries)): void {
    if (this.dropped.delete(ticket)) return;
    const waiter = this.waiting.get(ticket);
    if (waiter) waiter(typeof entries === 'function' ? entries() : entries);
    else this.arrived.set(ticket, entries);
  }

  take(ticket: number): Promise<Entries> {
    const entries = this.arrived.get(ticket);
    if (entries) {
      this.arrived.delete(ticket);
      return Promise.resolve(typeof entries === 'function' ? entries() : entries);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(ticket);
        // Should they come after all, they are let go of.
        this.dropped.add(ticket);
        console.warn(`pizhu: scanned entries ${ticket} never came; those files are indexed when next read`);
        resolve([]);
      }, HAND_OVER_WAIT_MS);
      this.waiting.set(ticket, (arrived) => {
        clearTimeout(timer);
        this.waiting.delete(ticket);
        resolve(arrived);
      });
    });
  }

  drop(ticket: number): void {
    if (!this.arrived.delete(ticket)) this.dropped.add(ticket);
  }

  get held(): number {
    return this.arrived.size;
  }
}

/** How long an adopt waits for its handed-over entries before giving up on them. */
const HAND_OVER_WAIT_MS = 30_000;

export function handleIndexRequest(index: LibraryIndex, request: Exclude<IndexRequest, { type: 'restore' | 'adopt' | 'adoptHandedOver' | 'dropHandedOver' }>): unknown {
  switch (request.type) {
    case 'put':
      return index.put(request.key, request.fingerprint, request.raw);
    case 'remove':
      index.remove(request.key);
      return null;
    case 'keepOnly':
      index.keepOnly(request.keys);
      return null;
    case 'fingerprints':
      return index.fingerprints();
    case 'notes':
      index.setNotes(request.notes);
      return null;
    case 'search':
      return index.search(request.query, request.options);
    case 'mentions':
      return index.mentions(request.themes, request.keys);
    case 'concordance':
      return index.concordance(request.names);
    case 'suggest':
      return index.suggest(request.limit, request.exclude);
  }
}
