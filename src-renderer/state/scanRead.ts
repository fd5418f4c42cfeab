// A readArticles answer taken apart where it is scanned (a scan worker, the search worker, or the
// page where none runs): the files to clean and parse, what the host said of each (its
// fingerprint, size and time: the entry's stamp), and the files it could not read.
import type { ArticleError, ArticleFile } from '../../src-main/api.ts';
import { decodeReadResults } from '../../src-main/readResults.ts';
import type { HandOver } from '../core/indexProtocol.ts';
import { scanArticle, scanArticleDeferred, type ScanInput, type ScanOutput } from '../core/scanArticle.ts';

export interface ReadApart {
  files: ScanInput[];
  /** What the host said of each file it read, the text left out. */
  read: Omit<ArticleFile, 'text'>[];
  /** Files the host could not read, with its reason. */
  unreadable: { key: string; error: ArticleError }[];
}

export interface ScannedRead extends Omit<ReadApart, 'files'> {
  /** Files cleaned and parsed (or that failed to parse: `ok: false`), in the order read. */
  scanned: ScanOutput[];
}

export function readApart(bytes: Uint8Array): ReadApart {
  const apart: ReadApart = { files: [], read: [], unreadable: [] };
  for (const result of decodeReadResults(bytes)) {
    if (result.ok) {
      const { text, ...stamp } = result.file;
      apart.files.push({ key: stamp.key, fingerprint: stamp.fingerprint, raw: text });
      apart.read.push(stamp);
    } else apart.unreadable.push({ key: result.key, error: result.error });
  }
  return apart;
}

/**
 * Scans every file of a readArticles answer. With `handOver`, the index entries go to it (the
 * search worker's keeping) and the results carry the headers only (`entry` null).
 */
export function scanRead(bytes: Uint8Array, handOver: ((entries: HandOver['entries']) => void) | null): ScannedRead {
  const { files, read, unreadable } = readApart(bytes);
  const scanned = files.map(scanArticle);
  if (handOver === null) return { scanned, read, unreadable };
  const entries: HandOver['entries'] = [];
  for (const result of scanned) {
    if (!result.ok || result.entry === null) continue;
    entries.push({ key: result.key, entry: result.entry });
    result.entry = null;
  }
  handOver(entries);
  return { scanned, read, unreadable };
}

/**
 * Scans every file of a readArticles answer for its header, and hands `keep` what makes the
 * index entries when they are asked for (the search worker's own batches: their entries stay
 * where they are made). A file whose entry cannot be made is left out, and said so.
 */
export function scanReadDeferred(bytes: Uint8Array, keep: (make: () => HandOver['entries']) => void): ScannedRead {
  const { files, read, unreadable } = readApart(bytes);
  const deferred = files.map(scanArticleDeferred);
  keep(() => {
    const entries: HandOver['entries'] = [];
    for (const { output, entry } of deferred) {
      if (!output.ok || entry === null) continue;
      try {
        entries.push({ key: output.key, entry: entry() });
      } catch (error) {
        console.error(`pizhu: ${output.key} not indexed`, error);
      }
    }
    return entries;
  });
  return { scanned: deferred.map(({ output }) => output), read, unreadable };
}
