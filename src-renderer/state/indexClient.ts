// The UI thread's end of the search worker: typed requests, replies matched by id. Where no
// module worker can run (Node tests, a browser without one) the same handler runs in-thread.
import { IndexService, type IndexEnvelope, type IndexReply, type IndexRequest, type IndexResponse, type IndexStore } from '../core/indexProtocol.ts';
import { LibraryIndex } from '../core/libraryIndex.ts';

export interface IndexClient {
  request<R extends IndexRequest>(request: R): Promise<IndexResponse<R>>;
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
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<IndexReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.error));
    };
    worker.onerror = (event) => {
      const error = new Error(`search worker failed: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  request<R extends IndexRequest>(request: R): Promise<IndexResponse<R>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const envelope: IndexEnvelope = { id, request };
      this.worker.postMessage(envelope);
    });
  }

  dispose(): void {
    this.worker.terminate();
  }
}

export function createIndexClient(): IndexClient {
  if (typeof Worker === 'undefined') return new InlineIndexClient();
  try {
    // Vite bundles the worker as its own module chunk, served from 'self' (CSP worker-src).
    return new WorkerIndexClient(new Worker(new URL('../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-search' }));
  } catch (error) {
    console.error('pizhu: search worker unavailable, indexing in the page', error);
    return new InlineIndexClient();
  }
}
