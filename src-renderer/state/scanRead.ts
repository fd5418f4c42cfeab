// A readArticles answer taken apart where it is scanned (a scan worker, or the page where none
// runs): the files to clean and parse, what the host said of each (its fingerprint, size and
// time: the entry's stamp), and the files it could not read.
import type { ArticleError, ArticleFile } from '../../src-main/api.ts';
import { decodeReadResults } from '../../src-main/readResults.ts';
import type { ScanInput } from '../core/scanArticle.ts';

export interface ReadApart {
  files: ScanInput[];
  /** What the host said of each file it read, the text left out. */
  read: Omit<ArticleFile, 'text'>[];
  /** Files the host could not read, with its reason. */
  unreadable: { key: string; error: ArticleError }[];
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
