// The library index off the UI thread: cleaning and folding every article, search, theme
// mentions and suggestions run here, so typing and scrolling never wait for them. Requests
// are answered in order; the UI thread sends file texts (only it may talk to the host).
// This worker is also one of the library scan's workers (state/scanPool.ts): the entries of the
// batches it scans stay here under the page's ticket, where a scan worker's must be copied over
// (their text, key and map are most of what a first start makes, and the copy is a large share
// of the scan's own work), and their search keys are folded only when the page adopts them, so
// the list's headers need not wait for them (a scan worker's come folded). Other scan workers
// send theirs straight here, so the page never copies them either.
// Entries are stored in IndexedDB, so the next start restores them instead of re-reading.
import { expose } from 'comlink';
import { IndexService, type HandOver } from '../core/indexProtocol.ts';
import { LibraryIndex } from '../core/libraryIndex.ts';
import { DexieIndexStore } from '../db/indexStore.ts';
import type { SearchWorkerApi } from '../state/indexClient.ts';
import { scanRead, scanReadDeferred } from '../state/scanRead.ts';

const service = new IndexService(new LibraryIndex(), typeof indexedDB === 'undefined' ? null : new DexieIndexStore());

let queue: Promise<unknown> = Promise.resolve();
const searchWorker: SearchWorkerApi = {
  handle(request) {
    // One request at a time, in the order sent: a restore waiting on IndexedDB must not let a later put or search overtake it.
    const answer = queue.then(() => service.handle(request));
    queue = answer.catch(() => undefined);
    return answer;
  },
  takeHandOvers(port) {
    port.onmessage = (event: MessageEvent<HandOver>) => service.receiveHandOver(event.data);
  },
  scan(bytes, ticket) {
    return ticket === undefined ? scanRead(bytes, null) : scanReadDeferred(bytes, (make) => service.receiveDeferred(ticket, make));
  },
};

expose(searchWorker);
