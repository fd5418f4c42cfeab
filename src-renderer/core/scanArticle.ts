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
    return failedScan(key, error);
  }
}

/** A scan whose index entry is made when asked for: the header now, the search key later. */
export interface DeferredScan {
  output: ScanOutput;
  /** Makes the entry (null where the scan failed); throws where making it fails. */
  entry: (() => StoredIndexEntry) | null;
}

/**
 * scanArticle in two steps: cleaned and parsed now, for the header; folded for the search key
 * when `entry` is called. A text too long to parse whole for the list gets its entry now, from
 * its own whole parse, so a failure there is the scan's as it is in scanArticle.
 */
export function scanArticleDeferred({ key, fingerprint, raw }: ScanInput): DeferredScan {
  try {
    if (parsedWhole(raw)) {
      const loaded = loadArticle(raw, { fileName: key });
      return { output: { ok: true, key, fingerprint, details: detailsOf(loaded), entry: null }, entry: foldLater(fingerprint, indexedOf(loaded, key)) };
    }
    // A long text: the list reads its opening and end, the index the whole of it.
    const details = listDetails(raw, key);
    return { output: { ok: true, key, fingerprint, details, entry: null }, entry: madeAlready(buildIndexEntry(fingerprint, indexedText(raw, key))) };
  } catch (error) {
    return { output: failedScan(key, error), entry: null };
  }
}

// Made outside scanArticleDeferred's scope, so what waits holds only what the entry needs, not
// the raw text (a slice of its whole batch's answer) nor the parsed article.
function foldLater(fingerprint: string, indexed: ReturnType<typeof indexedOf>): () => StoredIndexEntry {
  return () => buildIndexEntry(fingerprint, indexed);
}

function madeAlready(entry: StoredIndexEntry): () => StoredIndexEntry {
  return () => entry;
}

export function scanArticle(input: ScanInput): ScanOutput {
  const { output, entry } = scanArticleDeferred(input);
  if (!output.ok || entry === null) return output;
  try {
    return { ...output, entry: entry() };
  } catch (error) {
    return failedScan(input.key, error);
  }
}

function failedScan(key: string, error: unknown): ScanOutput {
  return { ok: false, key, error: error instanceof Error ? error.message : String(error) };
}
