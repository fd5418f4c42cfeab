// The library index off the UI thread: cleaning and folding every article, search, theme
// mentions and suggestions run here, so typing and scrolling never wait for them. Requests
// are answered in order; the UI thread sends file texts (only it may talk to the host), and the
// scan workers send the entries they build straight here, so the page never copies them.
// Entries are stored in IndexedDB, so the next start restores them instead of re-reading.
import { expose } from 'comlink';
import { IndexService, type HandOver, type IndexWorkerApi } from '../core/indexProtocol.ts';
import { LibraryIndex } from '../core/libraryIndex.ts';
import { DexieIndexStore } from '../db/indexStore.ts';

const service = new IndexService(new LibraryIndex(), typeof indexedDB === 'undefined' ? null : new DexieIndexStore());

let queue: Promise<unknown> = Promise.resolve();
const searchWorker: IndexWorkerApi = {
  handle(request) {
    // One request at a time, in the order sent: a restore waiting on IndexedDB must not let a later put or search overtake it.
    const answer = queue.then(() => service.handle(request));
    queue = answer.catch(() => undefined);
    return answer;
  },
  takeHandOvers(port) {
    port.onmessage = (event: MessageEvent<HandOver>) => service.receiveHandOver(event.data);
  },
};

expose(searchWorker);
