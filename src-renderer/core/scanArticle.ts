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
  /** `entry` null: a worker keeps it for the search index (see ScanPool), or sent it there itself. */
  | { ok: true; key: string; fingerprint: string; details: ListDetails; entry: StoredIndexEntry | null }
  | { ok: false; key: string; error: string };

/**
 * The header alone: what the list's first rows wait for when the page scans them because no
 * worker is up yet. The search key is most of a scan: the search worker builds it (ScanPool).
 */
export function scanHeader({ key, fingerprint, raw }: ScanInput): ScanOutput {
  try {
    const details = parsedWhole(raw) ? detailsOf(loadArticle(raw, { fileName: key })) : listDetails(raw, key);
    return { ok: true, key, fingerprint, details, entry: null };
  } catch (error) {
    return { ok: false, key, error: error instanceof Error ? error.message : String(error) };
  }
}

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
