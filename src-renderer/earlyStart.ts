// The page's first work, done by its entry module while the app's code is still arriving and
// compiling (the page's thread has nothing else to do then): the folder's listing is asked
// for, on a folder new to the host the files of the list's first screen as soon as the
// listing comes, and the list's cached headers are read. All of it is in hand when the app
// starts. This module runs with the host API's, the key order's and the header cache's modules
// only: nothing of the app's state, and no parser or conversion tables, may come into the
// entry through it.
import { isUnread, type ArticleEntry, type LibrarySnapshot, type PizhuApi } from '../src-main/api.ts';
import { ListDigest, type LatestDigest } from './db/listDigest.ts';
import { inKeyOrderSeedingRanks } from './state/keyOrder.ts';
import { BATCH_BYTES, BATCH_FILES, FIRST_BATCH_FILES, readBatches, type HostReads } from './state/libraryScan.ts';

/** The first screen of a folder new to the host, asked for before the app started. */
export interface FirstScreenRead {
  /** The files the host listed unread, in the collator's order of their keys (their ranks seeded). */
  unread: ArticleEntry[];
  /** The first batch a scan of `unread` reads, in its order. */
  keys: string[];
  /** The host's answer for `keys`. */
  bytes: Promise<Uint8Array<ArrayBuffer>>;
}

/** The header cache's latest record, read from the database of that name. */
export interface EarlyDigestRead {
  name: string;
  latest: Promise<LatestDigest | null>;
}

export interface EarlyStart {
  /** The listing. Once it has come, `firstScreen` says what was asked of its files. */
  listing: Promise<LibrarySnapshot>;
  /** Null before the listing has come, and when it has no file the host has not read. */
  firstScreen: () => FirstScreenRead | null;
  /** Null where the page has no IndexedDB. */
  digest: EarlyDigestRead | null;
}

/** `digestName`: the header cache's database (listDigestName), or null to read none. */
export function startEarly(api: Pick<PizhuApi, 'getLibrary'> & HostReads, digestName: string | null): EarlyStart {
  let first: FirstScreenRead | null = null;
  // Set before anyone awaiting the listing runs: the list's first pass looks for it then.
  const listing = api.getLibrary().then((snapshot) => {
    first = askFirstScreen(api, snapshot);
    return snapshot;
  });
  // Its failure is the app's to show, when it takes the listing over.
  listing.catch(() => {});
  let digest: EarlyDigestRead | null = null;
  if (digestName !== null) {
    const latest = new ListDigest(digestName).readLatestOfAnyVersion();
    // A cache that cannot be read is the app's to report, when it takes the read over.
    latest.catch(() => {});
    digest = { name: digestName, latest };
  }
  return { listing, firstScreen: () => first, digest };
}

function askFirstScreen(api: HostReads, snapshot: LibrarySnapshot): FirstScreenRead | null {
  const unread = inKeyOrderSeedingRanks(snapshot.entries.filter(isUnread));
  if (unread.length === 0) return null;
  const keys = readBatches(unread, BATCH_FILES, BATCH_BYTES, FIRST_BATCH_FILES)[0];
  // A read that fails (or throws) is the scan's to report, as any batch's: it takes this one over.
  const bytes = Promise.resolve().then(() => api.readArticles(keys));
  bytes.catch(() => {});
  return { unread, keys, bytes };
}

/**
 * `api`'s reads, with the first screen's read already made: a read of exactly its keys takes
 * that answer (once), any other read goes to the host.
 */
export function withFirstScreen(api: HostReads, first: FirstScreenRead): HostReads {
  let taken = false;
  return {
    readArticles(keys) {
      if (!taken && keys.length === first.keys.length && keys.every((key, i) => key === first.keys[i])) {
        taken = true;
        return first.bytes;
      }
      return api.readArticles(keys);
    },
  };
}
