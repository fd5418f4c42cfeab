// The scan workers: as many as the machine has cores less the one the page runs on (at least
// one), each cleaning and parsing batches of files (core/scanArticle.ts). A batch goes to the
// worker with the fewest batches waiting; answers come back as promises, so the caller keeps
// its own order whatever order the workers finish in. Where no module worker can run (Node
// tests, a browser without them) the same function runs in the page, a file between turns.
// Hand-written: the request/answer pairing is the few lines below, and no worker-RPC library
// is a dependency of the app.
import { scanArticle, type ScanInput, type ScanOutput } from '../core/scanArticle.ts';

export interface ScanRequest {
  id: number;
  files: ScanInput[];
}
export interface ScanReply {
  id: number;
  results: ScanOutput[];
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

interface Waiting {
  resolve: (results: ScanOutput[]) => void;
  reject: (error: Error) => void;
}

class ScanWorker {
  private nextId = 1;
  readonly pending = new Map<number, Waiting>();
  constructor(readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<ScanReply>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data.results);
    };
    worker.onerror = (event) => {
      const error = new Error(`scan worker failed: ${event.message}`);
      for (const w of this.pending.values()) w.reject(error);
      this.pending.clear();
    };
  }
  scan(files: ScanInput[]): Promise<ScanOutput[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: ScanRequest = { id, files };
      this.worker.postMessage(request);
    });
  }
}

export class WorkerScanPool implements ScanPool {
  private readonly workers: ScanWorker[];
  constructor(workers: Worker[]) {
    this.workers = workers.map((w) => new ScanWorker(w));
  }
  get size(): number {
    return this.workers.length;
  }
  scan(files: ScanInput[]): Promise<ScanOutput[]> {
    const idlest = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return idlest.scan(files);
  }
  dispose(): void {
    for (const w of this.workers) w.worker.terminate();
  }
}

export function createScanPool(): ScanPool {
  if (typeof Worker === 'undefined') return new InlineScanPool();
  try {
    const count = scanWorkerCount(globalThis.navigator?.hardwareConcurrency);
    // Vite bundles the worker as its own module chunk, served from 'self' (CSP worker-src).
    return new WorkerScanPool(Array.from({ length: count }, (_, i) => new Worker(new URL('../workers/scan.worker.ts', import.meta.url), { type: 'module', name: `pizhu-scan-${i + 1}` })));
  } catch (error) {
    console.error('pizhu: scan workers unavailable, scanning in the page', error);
    return new InlineScanPool();
  }
}
