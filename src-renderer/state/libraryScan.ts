// The library scan's reading: files asked of the host many at a time (readArticles: one request
// or IPC message a batch), each batch cleaned and parsed in the scan workers while the next is
// read, and the batches handed on in the order of the entries, so the list fills the same way
// every time whichever worker finishes first. Every file is read once.
import { isUnread, type ArticleEntry, type ArticleError, type ArticleFile, type PizhuApi } from '../../src-main/api.ts';
import { inKeyOrderSeedingRanks } from './keyOrder.ts';
import type { ScanOutput } from '../core/scanArticle.ts';
import type { ScanPool } from './scanPool.ts';
import { WorkerFailed } from './workerStarter.ts';

/** What a scan asks of the host. */
export type HostReads = Pick<PizhuApi, 'readArticles'>;

/** A batch asks for at most this many files, or this many bytes (a file larger than that goes alone). */
export const BATCH_FILES = 50;
export const BATCH_BYTES = 2 * 1024 * 1024;
/** The first batch is about a screen of rows: the list's top gets its titles before the rest is asked for. */
export const FIRST_BATCH_FILES = 20;
/** Batches under way hold at most this many bytes of files together, unless one batch alone is larger. */
export const AHEAD_BYTES = 8 * BATCH_BYTES;

export interface ScannedBatch {
  keys: string[];
  /** Files cleaned and parsed (or that failed to parse: `ok: false`), in the order asked. */
  scanned: ScanOutput[];
  /** The ticket the search worker holds their index entries under (ScannedFiles); null: the entries are in `scanned`. */
  handedOver: number | null;
  /** What the host said of each file it read (the text left out): its fingerprint comes with the read. */
  read: Omit<ArticleFile, 'text'>[];
  /** Files the host could not read, with its reason. */
  unreadable: { key: string; error: ArticleError }[];
  /** The whole batch failed (the host or a worker went away): its message. */
  failed: string | null;
}

/** Keys in batches of at most `maxFiles` files (`firstFiles` in the first) and `maxBytes` bytes, in the order given. */
export function readBatches(entries: readonly { key: string; size: number }[], maxFiles = BATCH_FILES, maxBytes = BATCH_BYTES, firstFiles = maxFiles): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const { key, size } of entries) {
    if (current.length > 0 && (current.length >= (batches.length === 0 ? firstFiles : maxFiles) || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(key);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The batches a scan of `entries` reads, in their order: the first about a screen of rows. */
export function scanBatches(entries: readonly { key: string; size: number }[]): string[][] {
  return readBatches(entries, BATCH_FILES, BATCH_BYTES, FIRST_BATCH_FILES);
}

/** The files a listing has unread, in the list's key order (their ranks seeded); none seeds nothing. */
export function unreadInKeyOrder(entries: readonly ArticleEntry[]): ArticleEntry[] {
  const unread = entries.filter(isUnread);
  return unread.length === 0 ? unread : inKeyOrderSeedingRanks(unread);
}

async function readAndScan(api: HostReads, pool: ScanPool, keys: string[], urgent: boolean, retried = 0): Promise<ScannedBatch> {
  try {
    const { scanned, handedOver, read, unreadable } = await pool.scan(await api.readArticles(keys), urgent);
    return { keys, scanned, handedOver, read, unreadable, failed: null };
  } catch (error) {
    // The worker failed, not the files: the bytes went with it, so the batch is read again for
    // the scanners left (the pool sends no more to a failed one, and the page scans when none
    // is); each worker can fail once.
    if (error instanceof WorkerFailed && retried < pool.size) return readAndScan(api, pool, keys, urgent, retried + 1);
    return { keys, scanned: [], handedOver: null, read: [], unreadable: [], failed: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads and scans `entries`, calling `onBatch` once per batch in their order. A few batches
 * are under way at once (two per worker and two being read); `stale()` stops the pass
 * between batches, and each batch it leaves goes to `onLeft` instead (to let go of entries
 * handed over for it).
 */
export async function scanInOrder(
  api: HostReads,
  pool: ScanPool,
  entries: readonly { key: string; size: number }[],
  onBatch: (batch: ScannedBatch) => Promise<void> | void,
  stale: () => boolean = () => false,
  onLeft: (batch: ScannedBatch) => void = () => {},
): Promise<void> {
  const batches = scanBatches(entries);
  const sizes = new Map(entries.map((e) => [e.key, e.size]));
  const bytesOf = (keys: string[]): number => keys.reduce((sum, key) => sum + (sizes.get(key) ?? 0), 0);
  // Per worker one batch it scans and one waiting, and two being read: while the page takes a
  // batch (its headers shown and cached), the workers still have work queued, where with one
  // batch each they would wait on the page. Large files (a batch of one) are held to a total
  // under way, so a folder of books does not hold that many of them in memory at once.
  const ahead = 2 * pool.size + 2;
  const underWay: { scanned: Promise<ScannedBatch>; bytes: number }[] = [];
  let bytesUnderWay = 0;
  let next = 0;
  const more = (): boolean => next < batches.length && underWay.length < ahead && (underWay.length === 0 || bytesUnderWay + bytesOf(batches[next]) <= AHEAD_BYTES);
  const start = (): void => {
    const bytes = bytesOf(batches[next]);
    // The first batch is the list's top: urgent (ScanPool.scan).
    underWay.push({ scanned: readAndScan(api, pool, batches[next], next === 0), bytes });
    bytesUnderWay += bytes;
    next++;
  };
  while (more()) start();
  while (underWay.length > 0) {
    const { scanned, bytes } = underWay.shift()!;
    const done = await scanned;
    bytesUnderWay -= bytes;
    if (stale()) {
      onLeft(done);
      for (const left of underWay) void left.scanned.then(onLeft);
      return;
    }
    while (more()) start();
    await onBatch(done);
  }
}

type BatchTaker = { onBatch: (batch: ScannedBatch) => Promise<void> | void; stale: () => boolean; onLeft: (batch: ScannedBatch) => void };

/**
 * A scanInOrder pass started before anyone is there to take its batches: it reads and scans as
 * many as scanInOrder keeps under way, then waits. `take` hands those, and the rest as they
 * come, to the taker, whose `stale` can stop it; a pass taken as stale gives every batch to `onLeft`.
 */
export class HeldScan {
  private taker: BatchTaker | null = null;
  private release!: () => void;
  private readonly taken = new Promise<void>((resolve) => (this.release = resolve));
  private readonly done: Promise<void>;

  constructor(api: HostReads, pool: ScanPool, entries: readonly { key: string; size: number }[]) {
    this.done = scanInOrder(
      api,
      pool,
      entries,
      async (batch) => {
        await this.taken;
        if (this.taker!.stale()) this.taker!.onLeft(batch);
        else await this.taker!.onBatch(batch);
      },
      () => this.taker !== null && this.taker.stale(),
      (batch) => void this.taken.then(() => this.taker!.onLeft(batch)),
    );
  }

  /** Resolves when the pass is over. */
  take(taker: BatchTaker): Promise<void> {
    this.taker = taker;
    this.release();
    return this.done;
  }
}

/** A read made before the scan began: its keys, in order, and the host's answer. */
export interface ReadMadeAlready {
  keys: readonly string[];
  bytes: Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * `api`'s reads, with one read made already: a read of exactly its keys takes that answer
 * (once, and lets it go), any other read goes to the host.
 */
export function withReadMade(api: HostReads, made: ReadMadeAlready): HostReads {
  let waiting: ReadMadeAlready | null = made;
  return {
    readArticles(keys) {
      const read = waiting;
      if (read && keys.length === read.keys.length && keys.every((key, i) => key === read.keys[i])) {
        waiting = null;
        return read.bytes;
      }
      return api.readArticles(keys);
    },
  };
}
