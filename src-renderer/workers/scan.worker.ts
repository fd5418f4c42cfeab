// The library scan off the UI thread: each file cleaned and parsed once, for the list's header
// and the search index's entry (core/scanArticle.ts). The page sends batches of texts the host
// read in bulk and gets back headers and entries; it hands the entries on to the search worker.
import type { ScanReply, ScanRequest } from '../state/scanPool.ts';
import { scanArticle } from '../core/scanArticle.ts';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ScanRequest>) => void) | null; postMessage(reply: ScanReply): void };

scope.onmessage = (event) => {
  const { id, files } = event.data;
  scope.postMessage({ id, results: files.map(scanArticle) });
};
