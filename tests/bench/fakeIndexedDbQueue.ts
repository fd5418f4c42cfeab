// fake-indexeddb (6.2.8) takes each request off a transaction's queue with Array#shift. A
// Dexie bulkGet or bulkPut of 100,000 rows queues 100,000 requests in one transaction, and a
// shift of an array that large copies the rest of it (V8 trims only small arrays in place):
// the fake then spends O(n²) in its own queue, most of the Node figure, where a browser's
// IndexedDB spends nothing. This gives the transactions a queue that takes from the front in
// O(1), so the Node figures measure our code and the store's own work; the Chromium suite
// measures the real IndexedDB. Only the bench installs it: unit tests keep the fake as shipped.
import { IDBTransaction as FDBTransaction } from 'fake-indexeddb';

interface QueuedRequest {
  request: { readyState: string };
  operation: () => unknown;
}

/** The four things the fake does with its queue: push, shift, length, iterate. */
class RequestQueue {
  private items: QueuedRequest[];
  private head = 0;
  constructor(items: QueuedRequest[]) {
    this.items = items;
  }
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: QueuedRequest): number {
    this.items.push(item);
    return this.length;
  }
  shift(): QueuedRequest | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined as unknown as QueuedRequest;
    // Drop the taken part now and then, so a long transaction does not keep it all.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  *[Symbol.iterator](): IterableIterator<QueuedRequest> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}

let installed = false;

/** Gives every fake transaction the O(1) queue, before its first request. */
export function installFakeIndexedDbQueue(): void {
  if (installed) return;
  installed = true;
  const proto = FDBTransaction.prototype as unknown as { _execRequestAsync: (...args: unknown[]) => unknown; _requests: unknown };
  const original = proto._execRequestAsync;
  proto._execRequestAsync = function (this: { _requests: unknown }, ...args: unknown[]) {
    if (Array.isArray(this._requests)) this._requests = new RequestQueue(this._requests as QueuedRequest[]);
    return original.apply(this, args);
  };
}
