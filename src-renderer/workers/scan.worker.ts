// The library scan off the UI thread: each file cleaned and parsed once, for the list's header
// and the search index's entry (core/scanArticle.ts). The page moves here each batch the host
// read in bulk, as the bytes it answered, and gets back the headers; the entries go straight to
// the search worker over the port it was given, under the page's ticket (they are the bulk of a
// scan's output, and the page would only pass them on), or back to the page where no port was
// given.
import { expose } from 'comlink';
import type { HandOver } from '../core/indexProtocol.ts';
import { scanArticle } from '../core/scanArticle.ts';
import type { ScanWorkerApi } from '../state/scanPool.ts';
import { readApart } from '../state/scanRead.ts';

let index: MessagePort | null = null;

const scanWorker: ScanWorkerApi = {
  scan(bytes, ticket) {
    const { files, read, unreadable } = readApart(bytes);
    const scanned = files.map(scanArticle);
    if (ticket === undefined || index === null) return { scanned, read, unreadable };
    const handOver: HandOver = { ticket, entries: [] };
    for (const result of scanned) {
      if (!result.ok || result.entry === null) continue;
      handOver.entries.push({ key: result.key, entry: result.entry });
      result.entry = null;
    }
    index.postMessage(handOver);
    return { scanned, read, unreadable };
  },
  handOverTo(port) {
    index = port;
  },
};

expose(scanWorker);
