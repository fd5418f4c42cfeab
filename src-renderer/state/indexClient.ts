// The UI thread's end of the search worker: typed requests, each answered through comlink. Where
// no worker was started (Node tests, a browser without module workers) the same handler runs in-thread.
import { transfer } from 'comlink';
import { IndexService, type IndexRequest, type IndexResponse, type IndexStore, type IndexWorkerApi } from '../core/indexProtocol.ts';
import { LibraryIndex } from '../core/libraryIndex.ts';
import type { ScanApi } from './scanPool.ts';
import type { StartedWorker, WorkerStarter } from './workerStarter.ts';

/** What the search worker exposes (workers/search.worker.ts): the index, and the library scan's `scan` (state/scanPool.ts). */
export type SearchWorkerApi = IndexWorkerApi & ScanApi;

export interface IndexClient {
  request<R extends IndexRequest>(request: R): Promise<IndexResponse<R>>;
  /** Has the search worker take scan workers' entries from `port` (a worker client only). */
  takeHandOvers?(port: MessagePort): Promise<void>;
  /** The search worker, to scan batches of the library whose entries it keeps (a worker client only). */
  scanner?(): StartedWorker<ScanApi>;
  dispose(): void;
}

/** In-thread: for tests and as the fallback. Each request still yields once, like a message would. */
export class InlineIndexClient implements IndexClient {
  readonly index = new LibraryIndex();
  readonly service: IndexService;
  constructor(store: IndexStore | null = null) {
    this.service = new IndexService(this.index, store);
  }
  async request<R extends IndexRequest>(request: R): Promise<IndexResponse<R>> {
    await Promise.resolve();
    return (await this.service.handle(request)) as IndexResponse<R>;
  }
  dispose(): void {}
}

export class WorkerIndexClient implements IndexClient {
  constructor(private readonly worker: StartedWorker<SearchWorkerApi>) {}

  scanner(): StartedWorker<ScanApi> {
    return this.worker;
  }

  request<R extends IndexRequest>(request: R): Promise<IndexResponse<R>> {
    return this.worker.call((remote) => remote.handle(request)) as Promise<IndexResponse<R>>;
  }

  takeHandOvers(port: MessagePort): Promise<void> {
    return this.worker.call((remote) => remote.takeHandOvers(transfer(port, [port])));
  }

  dispose(): void {
    this.worker.terminate();
  }
}

/** The search worker where `workers` can start one, else the index in the page. */
export function createIndexClient(workers: WorkerStarter | null): IndexClient {
  const worker = workers?.search();
  return worker ? new WorkerIndexClient(worker) : new InlineIndexClient();
}
