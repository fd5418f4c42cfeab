// The library scan off the UI thread: each file cleaned and parsed once, for the list's header
// and the search index's entry (core/scanArticle.ts). The page sends batches of texts the host
// read in bulk and gets back headers and entries; it hands the entries on to the search worker.
import { expose } from 'comlink';
import { scanArticle } from '../core/scanArticle.ts';
import type { ScanWorkerApi } from '../state/scanPool.ts';

const scanWorker: ScanWorkerApi = {
  scan: (files) => files.map(scanArticle),
};

expose(scanWorker);
