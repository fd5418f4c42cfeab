// What state is given to run work off the page: one starter per kind of worker, made where the
// app is wired (workers/spawn.ts, from app.ts), so state never creates a Worker itself and runs
// as it is in Node tests. A starter answers null (or no scan workers) where no worker can run;
// state then does the same work in the page.
import type { Remote } from 'comlink';
import type { ScriptViewWorkerApi } from '../core/viewProtocol.ts';
import type { BackupWorkerApi } from './backupEncoding.ts';
import type { SearchWorkerApi } from './indexClient.ts';
import type { QdpxWorkerApi } from './qdpxJob.ts';
import type { ScanWorkerApi } from './scanPool.ts';

/** A worker failed (its script could not load, an error outside any call): the calls under way, and every later one, reject with this. */
export class WorkerFailed extends Error {
  override name = 'WorkerFailed';
}

/** A running worker: what it exposes (through comlink), and its end. */
export interface StartedWorker<T> {
  /** Calls the worker through its remote; the call rejects as well when the worker dies first. */
  call<R>(use: (remote: Remote<T>) => Promise<R>): Promise<R>;
  /** Stops the worker; calls still under way are dropped. */
  terminate(): void;
}

export interface WorkerStarter {
  search(): StartedWorker<SearchWorkerApi> | null;
  /** `count` of the library scan's workers (state/scanPool.ts says how many), none where workers cannot run. */
  scan(count: number): StartedWorker<ScanWorkerApi>[];
  scriptView(): StartedWorker<ScriptViewWorkerApi> | null;
  backup(): StartedWorker<BackupWorkerApi> | null;
  qdpx(): StartedWorker<QdpxWorkerApi> | null;
  /** Two joined ports, for workers to talk without the page (a scan worker to the search worker). */
  pipe?(): [MessagePort, MessagePort];
}
