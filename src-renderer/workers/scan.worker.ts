// The library scan off the UI thread: each file cleaned and parsed once, for the list's header
// and the search index's entry (core/scanArticle.ts). The page moves here each batch the host
// read in bulk, as the bytes it answered, and gets back the headers; the entries go straight to
// the search worker over the port it was given, under the page's ticket (they are the bulk of a
// scan's output, and the page would only pass them on), or back to the page where no port was
// given.
import { expose } from 'comlink';
import type { ScanWorkerApi } from '../state/scanPool.ts';
import { scanRead } from '../state/scanRead.ts';

let index: MessagePort | null = null;

const scanWorker: ScanWorkerApi = {
  scan(bytes, ticket) {
    const port = index;
    return scanRead(bytes, ticket === undefined || port === null ? null : (entries) => port.postMessage({ ticket, entries }));
  },
  handOverTo(port) {
    index = port;
  },
};

expose(scanWorker);
