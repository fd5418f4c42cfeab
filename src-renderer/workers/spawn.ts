// Starts the app's workers in the page and talks to them through comlink. The one module that
// creates a Worker: app.ts hands it to the app's state, which never touches Worker itself and so
// runs unchanged in Node tests (with no starter, everything runs in the page).
import { wrap, type Endpoint } from 'comlink';
import type { ScanWorkerApi } from '../state/scanPool.ts';
import { WorkerFailed, type StartedWorker, type WorkerStarter } from '../state/workerStarter.ts';

/** `create()`'s worker wrapped for calls; null where no module worker can run (the caller works in the page). */
function start<T>(label: string, create: () => Worker): StartedWorker<T> | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return wrapWorker<T>(label, create());
  } catch (error) {
    console.error(`pizhu: ${label} unavailable, working in the page`, error);
    return null;
  }
}

/** What wrapWorker needs of a worker: a comlink endpoint that reports its failure and can be stopped. */
export type WorkerEnd = Endpoint & { terminate(): void };

/** A worker (or any endpoint that stands for one) whose exposed T is called through comlink. */
export function wrapWorker<T>(label: string, worker: WorkerEnd): StartedWorker<T> {
  const remote = wrap<T>(worker);
  // Comlink leaves a call waiting for ever when its worker dies (a script that cannot load, an
  // error outside any call): the calls under way then fail with its error instead, for their callers to report.
  const underWay = new Set<(error: Error) => void>();
  worker.addEventListener('error', (event) => {
    const error = new WorkerFailed(`${label} failed: ${(event as ErrorEvent).message ?? 'it could not start'}`);
    for (const reject of underWay) reject(error);
    underWay.clear();
  });
  return {
    call: (use) =>
      new Promise((resolve, reject) => {
        underWay.add(reject);
        use(remote)
          .then(resolve, reject)
          .finally(() => underWay.delete(reject));
      }),
    terminate: () => worker.terminate(),
  };
}

const started = <T>(worker: StartedWorker<T> | null): worker is StartedWorker<T> => worker !== null;

// Each worker is named by a literal `new Worker(new URL(...), { type: 'module' })`: that is how Vite
// finds it and bundles it as its own module chunk, served from 'self' (CSP worker-src).
export const pageWorkers: WorkerStarter = {
  search: () => start('search worker', () => new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-search' })),
  scan: (count) =>
    Array.from({ length: count }, (_, i) =>
      start<ScanWorkerApi>('scan worker', () => new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: `pizhu-scan-${i + 1}` })),
    ).filter(started),
  scriptView: () => start('script view worker', () => new Worker(new URL('./scriptView.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-script-view' })),
  backup: () => start('backup worker', () => new Worker(new URL('./backup.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-backup' })),
  qdpx: () => start('.qdpx worker', () => new Worker(new URL('./qdpx.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-qdpx' })),
  pipe: () => {
    const { port1, port2 } = new MessageChannel();
    return [port1, port2];
  },
};
