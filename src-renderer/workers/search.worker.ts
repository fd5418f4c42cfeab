// The library index off the UI thread: cleaning and folding every article, search, theme
// mentions and suggestions run here, so typing and scrolling never wait for them. Requests
// are answered in order; the UI thread sends file texts (only it may talk to the host).
import { handleIndexRequest, type IndexEnvelope, type IndexReply } from '../core/indexProtocol.ts';
import { LibraryIndex } from '../core/libraryIndex.ts';

const index = new LibraryIndex();
const scope = self as unknown as { onmessage: ((e: MessageEvent<IndexEnvelope>) => void) | null; postMessage(reply: IndexReply): void };

scope.onmessage = (event) => {
  const { id, request } = event.data;
  let reply: IndexReply;
  try {
    reply = { id, ok: true, result: handleIndexRequest(index, request) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
