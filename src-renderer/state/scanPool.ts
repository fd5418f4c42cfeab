// The scan workers: as many as the machine has cores less the one the page runs on (at least
// one), each cleaning and parsing batches of files (core/scanArticle.ts). The search worker is
// one of them where it runs: the entries of what it scans are already where they are kept, and
// the others send theirs there. A batch is the host's readArticles answer as it came, bytes
// moved to the worker and decoded there. A batch goes to the worker with the fewest batches
// waiting; answers come back as promises (through comlink), so the caller keeps its own order
// whatever order the workers finish in. Where no worker was started (Node tests, a browser
// without them) the same function runs in the page, a few milliseconds of files a turn. Linked
// to the search worker (handEntriesToIndex), the workers send it the index entries themselves,
// under a ticket the caller adopts them by.
import { transfer } from 'comlink';
import { encodeReadResults } from '../../src-main/readResults.ts';
import { scanArticle, scanHeader, type ScanInput, type ScanOutput } from '../core/scanArticle.ts';
import type { IndexClient } from './indexClient.ts';
import { readApart, type ScannedRead } from './scanRead.ts';
import { WorkerFailed, type StartedWorker, type WorkerStarter } from './workerStarter.ts';
import { yieldToPage } from './yieldToPage.ts';

/**
 * How long the page scans before it lets a frame or input in. With a turn for every file, a
 * busy start drew a frame or more between two files of the list's first screen (scanned in the
 * page while the workers start), and their titles waited for all those frames.
 */
const PAGE_SLICE_MS = 8;

/** What every scanner exposes: a scan worker (workers/scan.worker.ts), and the search worker. */
export interface ScanApi {
  /**
   * Scans the files of a readArticles answer. With a `ticket` and a place for the entries (the
   * search worker itself, or a port to it), the entries are kept there under it (the results' `entry` null).
   */
  scan(read: Uint8Array, ticket?: number): ScannedRead;
}

/** What a scan worker exposes (workers/scan.worker.ts): a scanner that sends its entries over the port it is given. */
export interface ScanWorkerApi extends ScanApi {
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

/** Scanners (the search worker among them where it runs): cores less the page's, at least one. */
export function scannerCount(cores: number | undefined): number {
  return Math.max(1, (cores ?? 2) - 1);
}

export class InlineScanPool implements ScanPool {
  readonly size = 0;
  /** `nextTurn` lets the page's other work run; `now` reads the clock `sliceMs` is measured by (tests give them). */
  constructor(
    private readonly nextTurn: () => Promise<void> = yieldToPage,
    private readonly now: () => number = () => performance.now(),
    private readonly sliceMs = PAGE_SLICE_MS,
  ) {}
  scan(bytes: Uint8Array<ArrayBuffer>): Promise<ScannedFiles> {
    return this.scanEach(bytes, scanArticle);
  }
  /** The headers alone (scanHeader): no index entries. */
  scanHeaders(bytes: Uint8Array<ArrayBuffer>): Promise<ScannedFiles> {
    return this.scanEach(bytes, scanHeader);
  }
  private async scanEach(bytes: Uint8Array<ArrayBuffer>, scanOne: (file: ScanInput) => ScanOutput): Promise<ScannedFiles> {
    const { files, read, unreadable } = readApart(bytes);
    const scanned: ScanOutput[] = [];
    // The first file waits a turn too: the caller's own work (the read's answer) ends first.
    let sliceStart = -Infinity;
    for (const file of files) {
      if (this.now() - sliceStart >= this.sliceMs) {
        await this.nextTurn();
        sliceStart = this.now();
      }
      scanned.push(scanOne(file));
    }
    return { scanned, read, unreadable, handedOver: null };
  }
  async handOverTo(): Promise<void> {}
  dispose(): void {}
}

class Scanner {
  /** Batches sent and not yet answered. */
  waiting = 0;
  /** Its entries go where the index takes them: the search worker's own, or a scan worker's once it has its port. */
  handsOver: boolean;
  /** The worker has failed: it is sent no more batches. */
  failed = false;
  constructor(
    readonly worker: StartedWorker<ScanApi>,
    /** A scan worker, which needs a port to the search worker; null for the search worker itself. */
    readonly needsPort: StartedWorker<ScanWorkerApi> | null,
  ) {
    this.handsOver = needsPort === null;
  }
  /** Scans `read` in the worker; with a `ticket`, its entries are kept under it where the index takes them. */
  async scan(read: Uint8Array<ArrayBuffer>, ticket: number | null): Promise<ScannedFiles> {
    this.waiting++;
    try {
      const answer = await this.worker.call((remote) => remote.scan(transfer(read, [read.buffer]), ticket ?? undefined));
      return { ...answer, handedOver: ticket };
    } catch (error) {
      if (error instanceof WorkerFailed) this.failed = true;
      throw error;
    } finally {
      this.waiting--;
    }
  }
}

export class WorkerScanPool implements ScanPool {
  private readonly scanners: Scanner[];
  private tickets = 0;
  /** Some worker has answered: its script is loaded and compiled. */
  private up = false;
  private readonly inPage = new InlineScanPool();
  /**
   * `searchWorker` scans too, keeping its entries; it comes last, so a scan worker as idle takes
   * the batch: the search worker also answers the index's requests (searches, the page adopting
   * entries), which wait behind the batches it holds.
   */
  constructor(scanWorkers: StartedWorker<ScanWorkerApi>[], searchWorker: StartedWorker<ScanApi> | null = null) {
    this.scanners = scanWorkers.map((w) => new Scanner(w, w));
    if (searchWorker) this.scanners.push(new Scanner(searchWorker, null));
    for (const scanner of this.scanners)
      scanner.scan(encodeReadResults([]), null).then(
        () => (this.up = true),
        () => {},
      );
  }
  get size(): number {
    return this.scanners.length;
  }
  scan(read: Uint8Array<ArrayBuffer>, urgent = false): Promise<ScannedFiles> {
    const working = this.scanners.filter((s) => !s.failed);
    // With every worker failed, the page scans.
    if (working.length === 0) return this.inPage.scan(read);
    // A worker's start (loading and compiling its script) can take seconds on a busy machine:
    // the list's first rows are not kept waiting for it.
    if (urgent && !this.up) return this.headersNow(read, working);
    const idlest = working.reduce((a, b) => (b.waiting < a.waiting ? b : a));
    // Moving a buffer moves all of it: a view into a larger one (never made by our hosts) is copied out first.
    const own = read.byteOffset === 0 && read.byteLength === read.buffer.byteLength ? read : read.slice();
    return idlest.scan(own, idlest.handsOver ? ++this.tickets : null);
  }
  /**
   * The page reads the headers, on a thread that is mounting the app meanwhile; the search worker
   * is sent the same files and builds their index entries once it is up, kept under a ticket the
   * page hands on with the headers. The request is sent first, so the worker has the entries
   * before the page's adopting them reaches it; and no file is read twice. Without a search
   * worker (the index in the page) the page scans whole.
   */
  private async headersNow(read: Uint8Array<ArrayBuffer>, working: Scanner[]): Promise<ScannedFiles> {
    const keeper = working.find((s) => s.needsPort === null);
    if (keeper === undefined) return this.inPage.scan(read);
    const ticket = ++this.tickets;
    // A failure is the adopting request's to report; the list has its headers either way.
    keeper.scan(read.slice(), ticket).catch(() => {});
    return { ...(await this.inPage.scanHeaders(read)), handedOver: ticket };
  }
  /**
   * Gives each scan worker a port to the search worker (`pipe` makes the two ends). A worker
   * hands its entries over only once both ends are in place; until then they come back here.
   */
  async handOverTo(index: HandOverTarget, pipe: () => [MessagePort, MessagePort]): Promise<void> {
    await Promise.all(
      this.scanners.map(async (s) => {
        const scanWorker = s.needsPort;
        if (scanWorker === null) return;
        const [scanEnd, indexEnd] = pipe();
        await Promise.all([scanWorker.call((remote) => remote.handOverTo(transfer(scanEnd, [scanEnd]))), index.takeHandOvers(indexEnd)]);
        s.handsOver = true;
      }),
    );
  }
  /** Stops the scan workers; the search worker is its client's to stop. */
  dispose(): void {
    for (const s of this.scanners) s.needsPort?.terminate();
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
 * as `workers` can start to make scannerCount in all; else the scan in the page.
 */
export function createScanPool(workers: WorkerStarter | null, index: IndexClient | null = null, cores = globalThis.navigator?.hardwareConcurrency): ScanPool {
  const searchWorker = index?.scanner?.() ?? null;
  const scanWorkers = workers?.scan(scannerCount(cores) - (searchWorker ? 1 : 0)) ?? [];
  return scanWorkers.length > 0 || searchWorker ? new WorkerScanPool(scanWorkers, searchWorker) : new InlineScanPool();
}
