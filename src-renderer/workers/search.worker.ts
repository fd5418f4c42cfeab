// The library index off the UI thread: cleaning and folding every article, search, theme
// mentions and suggestions run here, so typing and scrolling never wait for them. Requests
// are answered in order; the UI thread sends file texts (only it may talk to the host).
// Entries are stored in IndexedDB, so the next start restores them instead of re-reading.
import { IndexService, type IndexEnvelope, type IndexReply } from '../core/indexProtocol.ts';
import { LibraryIndex } from '../core/libraryIndex.ts';
import { DexieIndexStore } from '../db/indexStore.ts';

const service = new IndexService(new LibraryIndex(), typeof indexedDB === 'undefined' ? null : new DexieIndexStore());
const scope = self as unknown as { onmessage: ((e: MessageEvent<IndexEnvelope>) => void) | null; postMessage(reply: IndexReply): void };

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  const { id, request } = event.data;
  // One request at a time, in the order sent: a restore waiting on IndexedDB must not let a later put or search overtake it.
  queue = queue.then(async () => {
    let reply: IndexReply;
    try {
      reply = { id, ok: true, result: await service.handle(request) };
    } catch (error) {
      reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    scope.postMessage(reply);
  });
};
