// One file of the library scan: cleaned and parsed once, for both the list (its header, reading
// length, pinyin) and the search index (its entry as stored). Pure: the scan workers run it,
// and so does the page where no worker can run.
import { indexedOf, indexedText, loadArticle } from './article.ts';
import { buildIndexEntry, type StoredIndexEntry } from './libraryIndex.ts';
import { detailsOf, listDetails, parsedWhole, type ListDetails } from './listDetails.ts';

export interface ScanInput {
  key: string;
  fingerprint: string;
  raw: string;
}

export type ScanOutput =
  /** `entry` null: a scan worker sent it to the search worker itself. */
  | { ok: true; key: string; fingerprint: string; details: ListDetails; entry: StoredIndexEntry | null }
  | { ok: false; key: string; error: string };

export function scanArticle({ key, fingerprint, raw }: ScanInput): ScanOutput {
  try {
    if (parsedWhole(raw)) {
      const loaded = loadArticle(raw, { fileName: key });
      return { ok: true, key, fingerprint, details: detailsOf(loaded), entry: buildIndexEntry(fingerprint, indexedOf(loaded, key)) };
    }
    // A long text: the list reads its opening and end, the index the whole of it.
    return { ok: true, key, fingerprint, details: listDetails(raw, key), entry: buildIndexEntry(fingerprint, indexedText(raw, key)) };
  } catch (error) {
    return { ok: false, key, error: error instanceof Error ? error.message : String(error) };
  }
}
