// The page's first work, done by its entry module while the app's code is still arriving and
// compiling: the folder's listing is asked for, on a folder new to the host the files of the
// list's first screen as soon as the listing comes, the list's cached headers are read, and
// the browser's list of databases is asked for. All of it is in hand when the app starts.
// This module brings into the entry only the host API, the key order, the scan's
// batching (libraryScan.ts) and the header cache's database: nothing of the app's state, and
// no parser or conversion tables.
import type { ArticleEntry, LibrarySnapshot, PizhuApi } from '../src-main/api.ts';
import { askListedDatabases, type ListedDatabases } from './db/listedDatabases.ts';
import { ListDigest, type LatestDigest } from './db/listDigest.ts';
import { scanBatches, unreadInKeyOrder, type HostReads } from './state/libraryScan.ts';

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
  /** The browser's list of databases, which says whether the app's database is new or must be upgraded. */
  databases: ListedDatabases;
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
  return { listing, firstScreen: () => first, digest, databases: askListedDatabases() };
}

function askFirstScreen(api: HostReads, snapshot: LibrarySnapshot): FirstScreenRead | null {
  try {
    const unread = unreadInKeyOrder(snapshot.entries);
    if (unread.length === 0) return null;
    const keys = scanBatches(unread)[0];
    // A read that fails (or throws) is the scan's to report, as any batch's: it takes this one over.
    const bytes = Promise.resolve().then(() => api.readArticles(keys));
    bytes.catch(() => {});
    return { unread, keys, bytes };
  } catch (error) {
    // Asking early is only a head start: the list's own pass asks for what this did not.
    console.error('pizhu: the first screen was not asked for early', error);
    return null;
  }
}
