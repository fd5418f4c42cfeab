// The scan workers: as many as the machine has cores less the one the page runs on (at least
// one), each cleaning and parsing batches of files (core/scanArticle.ts). A batch goes to the
// worker with the fewest batches waiting; answers come back as promises (through comlink), so the
// caller keeps its own order whatever order the workers finish in. Where no worker was started
// (Node tests, a browser without them) the same function runs in the page, a file between turns.
import { scanArticle, type ScanInput, type ScanOutput } from '../core/scanArticle.ts';
import type { StartedWorker, WorkerStarter } from './workerStarter.ts';

/** What a scan worker exposes (workers/scan.worker.ts). */
export interface ScanWorkerApi {
  scan(files: ScanInput[]): ScanOutput[];
}

export interface ScanPool {
  /** Scans `files`; the results in the same order. */
  scan(files: ScanInput[]): Promise<ScanOutput[]>;
  /** Workers in the pool (0 in the page). */
  readonly size: number;
  dispose(): void;
}

/** Cores less the page's, at least one. */
export function scanWorkerCount(cores: number | undefined): number {
  return Math.max(1, (cores ?? 2) - 1);
}

export class InlineScanPool implements ScanPool {
  readonly size = 0;
  async scan(files: ScanInput[]): Promise<ScanOutput[]> {
    const out: ScanOutput[] = [];
    for (const file of files) {
      // A turn of the event loop between files: the page keeps answering.
      await new Promise((resolve) => setTimeout(resolve));
      out.push(scanArticle(file));
    }
    return out;
  }
  dispose(): void {}
}

class ScanWorker {
  /** Batches sent and not yet answered. */
  waiting = 0;
  constructor(readonly worker: StartedWorker<ScanWorkerApi>) {}
  async scan(files: ScanInput[]): Promise<ScanOutput[]> {
    this.waiting++;
    try {
      return await this.worker.call((remote) => remote.scan(files));
    } finally {
      this.waiting--;
    }
  }
}

export class WorkerScanPool implements ScanPool {
  private readonly workers: ScanWorker[];
  constructor(workers: StartedWorker<ScanWorkerApi>[]) {
    this.workers = workers.map((w) => new ScanWorker(w));
  }
  get size(): number {
    return this.workers.length;
  }
  scan(files: ScanInput[]): Promise<ScanOutput[]> {
    const idlest = this.workers.reduce((a, b) => (b.waiting < a.waiting ? b : a));
    return idlest.scan(files);
  }
  dispose(): void {
    for (const w of this.workers) w.worker.terminate();
  }
}

/** The scan workers `workers` can start, else the scan in the page. */
export function createScanPool(workers: WorkerStarter | null): ScanPool {
  const started = workers?.scan() ?? [];
  return started.length > 0 ? new WorkerScanPool(started) : new InlineScanPool();
}
