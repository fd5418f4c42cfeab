// The scan workers: as many as the machine has cores less the one the page runs on (at least
// one), each cleaning and parsing batches of files (core/scanArticle.ts). The search worker is
// one of them where it runs: the entries of what it scans are already where they are kept, and
// the others send theirs there. A batch is the host's readArticles answer as it came, bytes
// moved to the worker and decoded there. A batch goes to the worker with the fewest batches
// waiting; answers come back as promises (through comlink), so the caller keeps its own order
// whatever order the workers finish in. Where no worker was started (Node tests, a browser
// without them) the same function runs in the page, a file between turns. Linked to the search
// worker (handEntriesToIndex), the workers send it the index entries themselves, under a ticket
// the caller adopts them by.
import { transfer } from 'comlink';
import { encodeReadResults } from '../../src-main/readResults.ts';
import { scanArticle, type ScanOutput } from '../core/scanArticle.ts';
import type { IndexClient } from './indexClient.ts';
import { readApart, type ScannedRead } from './scanRead.ts';
import type { StartedWorker, WorkerStarter } from './workerStarter.ts';

/** What a scan worker exposes (workers/scan.worker.ts; the search worker exposes `scan` too). */
export interface ScanWorkerApi {
  /**
   * Scans the files of a readArticles answer. With a `ticket` and a place for the entries (the
   * search worker itself, or a port to it), the entries are kept there under it (the results' `entry` null).
   */
  scan(read: Uint8Array, ticket?: number): ScannedRead;
  handOverTo(port: MessagePort): void;
}

export interface ScannedFiles extends ScannedRead {
  /** The ticket the search worker holds these files' entries under, to be adopted or dropped; null: the entries are in `scanned`. */
  handedOver: number | null;
}

export interface ScanPool {
  /**
   * Scans the files of a readArticles answer (its bytes are moved, not copied: `read` is empty
   * afterwards where a worker took it). `urgent`: the list waits for them (its first rows).
   */
  scan(read: Uint8Array<ArrayBuffer>, urgent?: boolean): Promise<ScannedFiles>;
  /** Workers in the pool (0 in the page). */
  readonly size: number;
  /** Has the pool's workers send their index entries to `index` over ports `pipe` makes (none in the page: the entries come back with the results). */
  handOverTo(index: HandOverTarget, pipe: () => [MessagePort, MessagePort]): Promise<void>;
  dispose(): void;
}

/** Where scan workers hand their index entries: the search worker's end of each port. */
export interface HandOverTarget {
  takeHandOvers(port: MessagePort): Promise<void>;
}

/** Scanners: cores less the page's, at least one. */
export function scanWorkerCount(cores: number | undefined): number {
  return Math.max(1, (cores ?? 2) - 1);
}

/**
 * A worker that scans: a scan worker (handOverTo gives it its port to the search worker), or the
 * search worker, which keeps the entries of what it scans (`keepsEntries`).
 */
export type Scanner = { worker: StartedWorker<ScanWorkerApi>; keepsEntries: false } | { worker: StartedWorker<Pick<ScanWorkerApi, 'scan'>>; keepsEntries: true };

export class InlineScanPool implements ScanPool {
  readonly size = 0;
  async scan(bytes: Uint8Array<ArrayBuffer>): Promise<ScannedFiles> {
    const { files, read, unreadable } = readApart(bytes);
    const scanned: ScanOutput[] = [];
    for (const file of files) {
      // A turn of the event loop between files: the page keeps answering.
      await new Promise((resolve) => setTimeout(resolve));
      scanned.push(scanArticle(file));
    }
    return { scanned, read, unreadable, handedOver: null };
  }
  async handOverTo(): Promise<void> {}
  dispose(): void {}
}

class ScanWorker {
  /** Batches sent and not yet answered. */
  waiting = 0;
  /** The worker keeps its entries where the index takes them (the search worker itself, or a scan worker that has its port there). */
  handsOver: boolean;
  readonly worker: StartedWorker<Pick<ScanWorkerApi, 'scan'>>;
  /** Its port to the search worker is its to take (a scan worker). */
  readonly takesPort: StartedWorker<ScanWorkerApi> | null;
  constructor(scanner: Scanner) {
    this.worker = scanner.worker;
    this.handsOver = scanner.keepsEntries;
    this.takesPort = scanner.keepsEntries ? null : scanner.worker;
  }
  async scan(read: Uint8Array<ArrayBuffer>, nextTicket: () => number): Promise<ScannedFiles> {
    this.waiting++;
    try {
      const ticket = this.handsOver ? nextTicket() : null;
      const answer = await this.worker.call((remote) => remote.scan(transfer(read, [read.buffer]), ticket ?? undefined));
      return { ...answer, handedOver: ticket };
    } finally {
      this.waiting--;
    }
  }
}

export class WorkerScanPool implements ScanPool {
  private readonly workers: ScanWorker[];
  private tickets = 0;
  /** Some worker has answered: its script is loaded and compiled. */
  private up = false;
  private readonly inPage = new InlineScanPool();
  constructor(scanners: Scanner[]) {
    this.workers = scanners.map((s) => new ScanWorker(s));
    for (const { worker: w } of this.workers)
      w.call((remote) => remote.scan(encodeReadResults([]))).then(
        () => (this.up = true),
        () => {},
      );
  }
  get size(): number {
    return this.workers.length;
  }
  scan(read: Uint8Array<ArrayBuffer>, urgent = false): Promise<ScannedFiles> {
    // A worker's start (loading and compiling its script) can take seconds on a busy machine:
    // the list's first rows are not kept waiting for it.
    if (urgent && !this.up) return this.inPage.scan(read);
    const idlest = this.workers.reduce((a, b) => (b.waiting < a.waiting ? b : a));
    // Moving a buffer moves all of it: a view into a larger one (never made by our hosts) is copied out first.
    const own = read.byteOffset === 0 && read.byteLength === read.buffer.byteLength ? read : read.slice();
    return idlest.scan(own, () => ++this.tickets);
  }
  /**
   * Gives each worker a port to the search worker (`pipe` makes the two ends). A worker hands
   * its entries over only once both ends are in place; until then they come back here.
   */
  async handOverTo(index: HandOverTarget, pipe: () => [MessagePort, MessagePort]): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        const takesPort = w.takesPort;
        if (takesPort === null) return;
        const [scanEnd, indexEnd] = pipe();
        await Promise.all([takesPort.call((remote) => remote.handOverTo(transfer(scanEnd, [scanEnd]))), index.takeHandOvers(indexEnd)]);
        w.handsOver = true;
      }),
    );
  }
  dispose(): void {
    for (const w of this.workers) w.worker.terminate();
  }
}

/**
 * Has the scan workers send their index entries to the search worker straight, where both are
 * workers: the entries are the bulk of what a scan makes, and the page would only pass them on.
 */
export function handEntriesToIndex(pool: ScanPool, index: IndexClient, workers: WorkerStarter | null): void {
  const pipe = workers?.pipe;
  if (!index.takeHandOvers || !pipe) return;
  const takeHandOvers = index.takeHandOvers.bind(index);
  void pool.handOverTo({ takeHandOvers }, pipe).catch((error: unknown) => console.error('pizhu: scan workers keep their entries for the page', error));
}

/**
 * The scanners: the search worker where `index` runs in one, and as many scan workers besides
 * as `workers` can start to make scanWorkerCount in all; else the scan in the page.
 */
export function createScanPool(workers: WorkerStarter | null, index: IndexClient | null = null, cores = globalThis.navigator?.hardwareConcurrency): ScanPool {
  const searchWorker = index?.scanner?.() ?? null;
  const count = scanWorkerCount(cores) - (searchWorker ? 1 : 0);
  const scanners: Scanner[] = (count > 0 ? (workers?.scan(count) ?? []) : []).map((worker) => ({ worker, keepsEntries: false }));
  if (searchWorker) scanners.unshift({ worker: searchWorker, keepsEntries: true });
  return scanners.length > 0 ? new WorkerScanPool(scanners) : new InlineScanPool();
}
