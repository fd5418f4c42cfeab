// The library list: the host's snapshot plus each article's parsed header, read in the
// background (many files a request, parsed in the scan workers: libraryScan.ts) and cached in
// Dexie by fingerprint + CLEAN_VERSION, so a restart lists titles at once and only changed
// files are parsed again.
import { SvelteMap } from 'svelte/reactivity';
import { isUnread, type ArticleEntry, type ArticleError, type ArticleFile, type LibraryEvent, type LibraryInfo, type LibrarySnapshot, type PizhuApi } from '../../src-main/api.ts';
import { CLEAN_VERSION } from '../core/clean.ts';
import type { StoredIndexEntry } from '../core/libraryIndex.ts';
import type { ListDetails } from '../core/listDetails.ts';
import { searchKeyText } from '../core/searchKey.ts';
import { freshRows, readArticleCache, readCachedArticles, writeCachedArticles } from '../db/articleCache.ts';
import type { PizhuDatabase } from '../db/database.ts';
import { ListDigest, listDigestName } from '../db/listDigest.ts';
import type { EarlyDigestRead, FirstScreenRead } from '../earlyStart.ts';
import { libraryIdOf } from './conversionOverrides.ts';
import { keyRanksOf, offerStoredKeyOrder } from './keyOrder.ts';
import { HeldScan, scanInOrder, unreadInKeyOrder, withReadMade, type ScannedBatch } from './libraryScan.ts';
import { visibleItems, type LibraryItem } from './libraryItems.ts';
import { InlineScanPool, type ScanPool } from './scanPool.ts';
import type { LibrarySort } from './settings.svelte.ts';
import { afterPaint } from './yieldToPage.ts';

export interface Detail extends ListDetails {
  fingerprint: string;
}

/** Hands the index entries the scan built to the search index, so a new file is read and cleaned once for both. */
export interface IndexAdopt {
  /** A batch's entries: those in hand, and those a scan worker handed over under `ticket`. */
  adopt(entries: { key: string; entry: StoredIndexEntry }[], ticket: number | null): Promise<void>;
  /** Entries handed over under `ticket` for a batch the list left (a newer pass took over). */
  drop(ticket: number): void;
}

/** A batch's index entries in hand, by file. */
type KeyedEntries = Parameters<IndexAdopt['adopt']>[0];

/**
 * Cached headers read on a start: a library's digest (`library`; `whole` false: a file it
 * lacks may still be in the table) or the whole table's (`library` null).
 */
interface PrefetchedHeaders {
  headers: ReadonlyMap<string, Detail>;
  library: string | null;
  whole: boolean;
}

/** A digest write made now, of the headers listed when it was asked for. */
interface DigestSnapshot {
  library: string;
  headers: [string, Detail][];
}

/** After a pass that parsed nothing (it took headers from the table, or only lost some), this long before the digest is written. */
const DIGEST_WRITE_DELAY_MS = 2000;
/**
 * A pass over the folder puts the headers it parsed into the digest this often while it
 * goes on, not into a row a file: an app closed in the middle of a long first start keeps
 * what was parsed up to the last write, and each write is a single record.
 */
const DIGEST_CHECKPOINT_MS = 4000;
/**
 * The scan's count is shown this often at most, and when it is done: every change redraws the
 * list's head, and a first start of thousands of files takes batches many times a second, each
 * a frame the page and the compositor make while the workers need the cores.
 */
const SCAN_COUNT_SHOWN_MS = 250;

/**
 * How long a pass over the whole folder holds its index entries back: the search worker folds
 * the search keys of the files it scanned only when their entries are adopted, so on a first
 * start where it is the only scanner (two cores) every header comes in before the index takes
 * the search keys. Past it, a long pass adopts batch by batch and search grows with the list.
 */
const INDEX_WAITS_FOR_LIST_MS = 15_000;
/**
 * How long the rows of a folder new to the host wait for their first titles, read ahead
 * already (rowsHeld): drawn with file names first, the list was laid out and drawn twice, and
 * that first drawing held back the page that was to take the titles in.
 */
const ROWS_WAIT_FOR_TITLES_MS = 400;
/**
 * Parsed headers are shown (and cached) this many at a time, or after this long: more, and
 * less often, the larger the pass. Every batch re-sorts the whole list, so a first start on
 * thousands of files would otherwise spend more of the page's thread sorting than reading;
 * a pass still shows its rows in some 25 steps after the first batch, which is shown at once.
 */
export function parseBatch(files: number): { rows: number; ms: number } {
  return { rows: Math.max(100, Math.ceil(files / 25)), ms: Math.min(1000, Math.max(250, Math.round(files / 10))) };
}

export class LibraryState {
  // Declared first and set in the constructor: the $derived fields below read them.
  private readonly api: PizhuApi;
  private readonly db: PizhuDatabase | null;
  private readonly sort: () => LibrarySort;
  private readonly userTitle: (key: string) => string | null;
  private readonly indexAdopt: IndexAdopt | null;
  private readonly pool: ScanPool;

  info = $state.raw<LibraryInfo | null>(null);
  entries = $state.raw<ArticleEntry[]>([]);
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  loadError = $state<string | null>(null);
  /** The host refused our token (web host restarted, old tab): the fix is the new URL. */
  tokenRefused = $state(false);
  filter = $state('');
  /**
   * The first scan of the current folder: files whose header the list has (from the cache or
   * just read) out of those it can read. Equal once the scan is done.
   */
  scanDone = $state(0);
  scanTotal = $state(0);
  /** Files the running scan is done with (read, unreadable or taken from the cache); `scanDone` shows it (showScanCount). */
  private scanCounted = 0;
  private scanCountTimer: ReturnType<typeof setTimeout> | null = null;
  /** The scan has files to read (not all were in the cache). */
  scanRead = $state(false);
  /**
   * The list is not drawn yet: a listing of files none of which the host has read (a folder
   * new to it) has its first screen of files being read ahead, and the rows wait for those
   * titles, up to ROWS_WAIT_FOR_TITLES_MS, to be drawn once, with them.
   */
  rowsHeld = $state(false);
  /** How long rowsHeld lasts at most (tests change it). */
  rowsWaitForTitlesMs = ROWS_WAIT_FOR_TITLES_MS;
  private rowsHeldTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Parsed headers by key, and a count of their changes the list follows: one signal for all
   * of them, where a reactive map tracked one a file, and a large library's list, made again
   * for each batch of headers, subscribed to each of thousands.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- followed through detailsVersion
  private readonly details = new Map<string, Detail>();
  private detailsVersion = $state(0);
  /** Errors met while reading files in the background, by key. */
  private readonly readErrors = new SvelteMap<string, ArticleError>();
  private readonly parseErrors = new SvelteMap<string, string>();
  /** Bumped by every snapshot so a stale background pass stops. */
  private generation = 0;
  private backgroundDone: Promise<void> = Promise.resolve();
  /** Settles once the cached headers of the current entries are read (or could not be). */
  private cacheDone: Promise<void> = Promise.resolve();
  private cacheDoneResolve: (() => void) | null = null;
  /** The header cache, read while the host lists the folder (prefetchCache). */
  private prefetched: Promise<PrefetchedHeaders | null> | null = null;
  /**
   * The same, once read: a listing that arrives after it takes the cached headers in the same
   * turn as its entries. Taken a microtask later, the list would be laid out and drawn twice
   * over, first with file names for titles, then with the titles.
   */
  private prefetchedRows: PrefetchedHeaders | null = null;
  /** The list's headers in one record, read on a start instead of the table's row a file. */
  private readonly digest: ListDigest | null;
  /** The list has headers the digest lacks (or the digest has some the list no longer shows). */
  private digestStale = false;
  private digestTimer: ReturnType<typeof setTimeout> | null = null;
  private digestWriting: Promise<void> = Promise.resolve();
  /** When the last digest write was asked for (performance.now()). */
  private digestAskedAt = 0;
  private closed = false;
  /** How long the list's headers stay still before the digest is written (tests shorten it). */
  digestDelayMs = DIGEST_WRITE_DELAY_MS;
  /** How long a pass over the whole folder holds its index entries back (tests change it). */
  indexWaitsForListMs = INDEX_WAITS_FOR_LIST_MS;
  /** How often a pass over the folder writes the digest while it goes on (tests shorten it). */
  digestCheckpointMs = DIGEST_CHECKPOINT_MS;
  /**
   * Told when a pass has learned fingerprints (or errors) of files the host listed unread:
   * what follows the library's fingerprints (renames, the search index) looks again.
   */
  onLearned: (() => void) | null = null;
  /** The index entries the current pass over the whole folder holds back (HeldAdoptions). */
  private heldAdoptions: HeldAdoptions | null = null;
  /** The read of the files a listing has unread, started before the list takes the listing (readAhead). */
  private readingAhead: { entries: readonly ArticleEntry[]; scan: HeldScan; files: number } | null = null;

  readonly items: LibraryItem[] = $derived.by(() => {
    void this.detailsVersion;
    return this.entries.map((entry) => {
      const detail = this.details.get(entry.key);
      const meta = detail && detail.fingerprint === entry.fingerprint ? detail.meta : null;
      const userTitle = this.userTitle(entry.key);
      return {
        key: entry.key,
        entry,
        meta,
        userTitle,
        length: meta ? detail!.length : null,
        hasRuby: meta ? detail!.hasRuby : false,
        error: entry.error ?? this.readErrors.get(entry.key) ?? null,
        parseError: this.parseErrors.get(entry.key) ?? null,
      };
    });
  });

  private readonly foldedFilter = $derived(searchKeyText(this.filter.trim()));

  /** The list as shown: filtered and sorted. */
  readonly visible: LibraryItem[] = $derived.by(() => visibleItems(this.items, this.foldedFilter, this.sort()));


  constructor(
    api: PizhuApi,
    db: PizhuDatabase | null,
    sort: () => LibrarySort,
    userTitle: (key: string) => string | null = () => null,
    indexAdopt: IndexAdopt | null = null,
    pool: ScanPool = new InlineScanPool(),
  ) {
    this.api = api;
    this.indexAdopt = indexAdopt;
    this.pool = pool;
    this.db = db;
    this.digest = db ? new ListDigest(listDigestName(db.name)) : null;
    this.sort = sort;
    this.userTitle = userTitle;
  }

  /**
   * Starts reading the header cache now, before the folder's listing arrives: on a start the
   * two overlap, and the list shows titles in its first frame. The first load uses it.
   * `early`: the same read, which the page's entry started already (earlyStart.ts).
   */
  prefetchCache(early: EarlyDigestRead | null = null): void {
    const db = this.db;
    if (!db) return;
    const digest = this.digest;
    const latest = digest && early?.name === digest.name ? early.latest.then((read) => (read?.cleanVersion === CLEAN_VERSION ? read.digest : null)) : digest?.readLatest(CLEAN_VERSION);
    const fromDigest = latest
      ? latest.catch((error: unknown) => {
          reportCacheError('pizhu: list digest unavailable', error);
          return null;
        })
      : Promise.resolve(null);
    const prefetched: Promise<PrefetchedHeaders | null> = fromDigest
      .then(async (read) => {
        if (!read) return { headers: await readArticleCache(db, CLEAN_VERSION), library: null, whole: true };
        offerStoredKeyOrder(read.headers.keys());
        return { ...read, whole: false };
      })
      .then(
        (read) => {
          if (this.prefetched === prefetched) this.prefetchedRows = read;
          return read;
        },
        (error: unknown) => {
          reportCacheError('pizhu: article cache unavailable', error);
          return null;
        },
      );
    this.prefetched = prefetched;
  }

  /**
   * The app is closing: headers the digest lacks are written now (a pass under way, a write
   * still waiting), and no other write after this one.
   */
  close(): Promise<void> {
    if (this.digestStale && this.digest && !this.closed) void this.writeDigest(this.digest);
    if (this.digestTimer !== null) clearTimeout(this.digestTimer);
    this.digestTimer = null;
    this.showScanCount();
    this.releaseRows();
    this.closed = true;
    return this.digestWriting;
  }

  /**
   * Reads and parses the files the host lists unread as soon as the listing arrives, while the
   * database opens: they are new to the host, so no cached header can be theirs, and the list's
   * first rows get titles without waiting for the rest of the start. The first load of that
   * listing takes the pass over. `firstScreen`: the first of those reads, which the page's
   * entry made already (earlyStart.ts).
   */
  readAhead(pending: Promise<LibrarySnapshot>, firstScreen: () => FirstScreenRead | null = () => null): void {
    pending.then(
      (snapshot) => {
        if (this.readingAhead) return;
        const first = firstScreen();
        const unread = first ? first.unread : unreadInKeyOrder(snapshot.entries);
        if (unread.length === 0) return;
        const reads = first ? withReadMade(this.api, first) : this.api;
        this.readingAhead = { entries: snapshot.entries, scan: new HeldScan(reads, this.pool, unread), files: unread.length };
      },
      () => {},
    );
  }

  /** `pending`: a getLibrary() the caller already started. */
  async load(pending?: Promise<LibrarySnapshot>): Promise<void> {
    this.status = 'loading';
    try {
      this.applySnapshot(await (pending ?? this.api.getLibrary()));
    } catch (error) {
      this.fail(error);
    }
  }

  async reload(): Promise<void> {
    try {
      this.applySnapshot(await this.api.reloadLibrary());
    } catch (error) {
      this.fail(error);
    }
  }

  applySnapshot(snapshot: LibrarySnapshot): void {
    // The pass this listing leaves: what it took goes to the index now, ahead of the sync of the
    // new listing, which drops what the new listing lacks.
    this.heldAdoptions?.release();
    this.releaseRows();
    this.generation++;
    this.info = snapshot.library;
    this.entries = snapshot.entries;
    this.readErrors.clear();
    this.parseErrors.clear();
    this.status = 'ready';
    this.loadError = null;
    this.cacheDoneResolve?.();
    let cacheDone!: () => void;
    this.cacheDone = new Promise((resolve) => (cacheDone = resolve));
    this.cacheDoneResolve = cacheDone;
    // This pass's own: a pass a newer listing left must not settle the newer one's.
    this.backgroundDone = this.fillDetails(snapshot.entries, this.generation, true).finally(cacheDone);
    // For the bench (tests/bench/libraryStart.ts): the first frame after the list got rows.
    if (snapshot.entries.length > 0 && performance.getEntriesByName('pizhu:library-listed').length === 0) afterPaint(() => performance.mark('pizhu:library-listed'));
  }

  applyEvent(event: LibraryEvent): void {
    if (event.type === 'reset') {
      this.applySnapshot(event.snapshot);
      return;
    }
    if (event.type === 'remove') {
      this.entries = this.entries.filter((e) => e.key !== event.key);
      return;
    }
    const entry = event.entry;
    const at = this.entries.findIndex((e) => e.key === entry.key);
    this.entries = at < 0 ? [...this.entries, entry] : this.entries.with(at, entry);
    this.readErrors.delete(entry.key);
    this.parseErrors.delete(entry.key);
    const previous = this.backgroundDone;
    const generation = this.generation;
    this.backgroundDone = previous.then(() => this.fillDetails([entry], generation));
  }

  /**
   * Resolves once the list has what the cache knows of the current entries. Work that can
   * wait (counting annotations, restoring the search index) starts after it: IndexedDB
   * answers one request after another, and the titles on screen come first.
   */
  cacheRead(): Promise<void> {
    return this.cacheDone;
  }

  /** Resolves when the background pass over the current entries has finished. */
  settled(): Promise<void> {
    return this.backgroundDone;
  }

  item(key: string): LibraryItem | undefined {
    return this.items.find((i) => i.key === key);
  }

  private holdRows(): void {
    this.releaseRows();
    this.rowsHeld = true;
    this.rowsHeldTimer = setTimeout(() => this.releaseRows(), this.rowsWaitForTitlesMs);
  }

  private releaseRows(): void {
    if (this.rowsHeldTimer !== null) clearTimeout(this.rowsHeldTimer);
    this.rowsHeldTimer = null;
    if (this.rowsHeld) this.rowsHeld = false;
  }

  private fail(error: unknown): void {
    this.status = 'failed';
    this.loadError = error instanceof Error ? error.message : String(error);
    this.tokenRefused = (error as { status?: unknown } | null)?.status === 401;
  }

  private async fillDetails(entries: readonly ArticleEntry[], generation: number, wholeFolder = false): Promise<void> {
    const adoptions = new HeldAdoptions(this.indexAdopt, wholeFolder ? this.indexWaitsForListMs : 0);
    if (wholeFolder) this.heldAdoptions = adoptions;
    try {
      await this.fillDetailsAdopting(entries, generation, wholeFolder, adoptions);
    } finally {
      if (generation === this.generation) this.releaseRows();
      // Before the pass is settled: what waits for it (the search index's sync) finds these adopted.
      adoptions.release();
      if (this.heldAdoptions === adoptions) this.heldAdoptions = null;
    }
  }

  private async fillDetailsAdopting(entries: readonly ArticleEntry[], generation: number, wholeFolder: boolean, adoptions: HeldAdoptions): Promise<void> {
    const prefetched = this.prefetched;
    const prefetchedRows = this.prefetchedRows;
    this.prefetched = null;
    this.prefetchedRows = null;
    const ahead = wholeFolder ? this.readingAhead : null;
    if (ahead) this.readingAhead = null;
    const aheadOf = ahead?.entries === entries ? ahead : null;
    // Read ahead for a listing the list never took: its batches are let go.
    if (ahead && !aheadOf) this.letGo(ahead.scan);
    if (aheadOf && entries.length > 0 && entries.every((e) => e.fingerprint === null)) this.holdRows();
    // Files listed unread are read like new ones: their fingerprint comes with the read.
    const readable = entries.filter((e) => e.error === null);
    const known = readable.filter((e): e is ArticleEntry & { fingerprint: string } => e.fingerprint !== null);
    if (wholeFolder) {
      this.scanTotal = readable.length;
      this.scanCounted = 0;
      this.showScanCount();
      this.scanRead = false;
    }
    if (readable.length === 0) return;
    const pending = new PendingHeaders(aheadOf?.files ?? 0);
    let learnedAny = false;
    let parsedAny = false;
    // A pass over a library's folder keeps its headers in the library's digest; a file opened
    // on its own (a library of one file in a folder of many) and a change event use the table.
    const viaDigest = wholeFolder && this.digest !== null && this.digestLibrary() !== null;
    // Not before the pass has taken the cached headers: a checkpoint then would write the digest
    // with only the files read ahead, and mark it up to date.
    let cacheTaken = false;
    const show = async (): Promise<void> => {
      const taken = pending.take();
      if (taken === null || generation !== this.generation) return;
      learnedAny ||= taken.learned.size > 0;
      parsedAny ||= taken.details.length > 0;
      // In the turn the headers are set: the rows are drawn once, with them.
      this.releaseRows();
      await this.showHeaders(taken, viaDigest);
      if (viaDigest && cacheTaken && this.digestStale && performance.now() - this.digestAskedAt >= this.digestCheckpointMs) this.writeDigestAtOnce(generation);
    };
    const stale = () => generation !== this.generation;
    const onLeft = (left: ScannedBatch) => this.dropHandedOver(left);
    const onBatch = async (scanned: ScannedBatch): Promise<void> => {
      this.takeBatch(scanned, pending, adoptions);
      if (wholeFolder) this.countScanned(scanned.keys.length);
      if (pending.due()) await show();
    };
    // Read many files a request and clean and parse them in the scan workers: the page only
    // takes the results, in the order of the entries. The index entries built on the way go
    // to the search worker, so a new file is read and cleaned once for both. Files read ahead
    // need no cached header (none can be theirs): the list takes them while the cache is read.
    if (wholeFolder && aheadOf) this.scanRead = true;
    const aheadDone = aheadOf ? aheadOf.scan.take({ onBatch, stale, onLeft }) : Promise.resolve();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- which files this pass found cached, for this pass only
    const cached = new Set<string>();
    const takeCached = (headers: ReadonlyMap<string, Detail>): void => {
      for (const [key, { fingerprint, meta, length, hasRuby }] of headers) {
        this.details.set(key, { fingerprint, meta, length, hasRuby });
        cached.add(key);
      }
      if (headers.size > 0) this.detailsVersion++;
      if (wholeFolder) this.countScanned(headers.size);
    };
    // Read already: no await, so the headers join the entries' turn (see prefetchedRows).
    let all = prefetchedRows ?? (prefetched ? await prefetched : null);
    if (generation !== this.generation) return;
    // Another library's digest, or none read: this library's own, if it has one.
    const library = this.digestLibrary();
    if (viaDigest && this.digest && library !== null && (all === null || (!all.whole && all.library !== library))) {
      const own = await this.digest.read(CLEAN_VERSION, library).catch((error: unknown) => {
        reportCacheError('pizhu: list digest unavailable', error);
        return null;
      });
      if (generation !== this.generation) return;
      if (own) {
        offerStoredKeyOrder(own.headers.keys());
        all = { ...own, whole: false };
      }
    }
    if (all) {
      const fresh = freshRows(all.headers, known);
      takeCached(fresh);
      // Headers of files gone or changed, or all of them from the table: the digest is written anew.
      if (all.whole || fresh.size !== all.headers.size) this.digestStale = true;
    }
    // The digest's gaps, or every file when nothing was read before the listing: the table may have them.
    const unlooked = all?.whole ? [] : all ? known.filter((entry) => !cached.has(entry.key)) : known;
    if (this.db && unlooked.length > 0) {
      try {
        const rows = await readCachedArticles(this.db, unlooked, CLEAN_VERSION);
        if (generation !== this.generation) return;
        takeCached(rows);
        if (rows.size > 0) this.digestStale = true;
      } catch (error) {
        reportCacheError('pizhu: article cache unavailable', error);
      }
    }
    if (generation !== this.generation) return;
    cacheTaken = true;
    this.cacheDoneResolve?.();
    // Then the others no cached header was found for.
    const todo = this.inListOrder(readable.filter((entry) => !cached.has(entry.key) && !(aheadOf && isUnread(entry))));
    if (wholeFolder && todo.length > 0) this.scanRead = true;
    pending.expect(todo.length + (aheadOf?.files ?? 0));
    await aheadDone;
    if (!stale()) await scanInOrder(this.api, this.pool, todo, onBatch, stale, onLeft);
    await show();
    if (wholeFolder && generation === this.generation) this.showScanCount();
    if (learnedAny && generation === this.generation) this.onLearned?.();
    // After a pass over the whole folder only: an event's header is in the table, where the next
    // start finds what the digest lacks, and rewriting thousands of headers for each saved file would cost more.
    // Headers this pass parsed are in no other cache: written at once.
    if (viaDigest && this.digestStale && generation === this.generation) {
      if (parsedAny) this.writeDigestAtOnce(generation);
      else this.writeDigestSoon(generation);
    }
  }

  /** Counts files the scan has the headers of: shown at once when they are all, else within SCAN_COUNT_SHOWN_MS. */
  private countScanned(files: number): void {
    this.scanCounted += files;
    if (this.scanCounted >= this.scanTotal) this.showScanCount();
    else this.scanCountTimer ??= setTimeout(() => this.showScanCount(), SCAN_COUNT_SHOWN_MS);
  }

  private showScanCount(): void {
    if (this.scanCountTimer !== null) clearTimeout(this.scanCountTimer);
    this.scanCountTimer = null;
    this.scanDone = this.scanCounted;
  }

  private writeDigestAtOnce(generation: number): void {
    if (!this.digest || this.closed || generation !== this.generation) return;
    if (this.digestTimer !== null) clearTimeout(this.digestTimer);
    this.digestTimer = null;
    void this.writeDigest(this.digest);
  }

  /** Writes the digest a little after the pass that changed the headers, when a start's busiest moments are over. */
  private writeDigestSoon(generation: number): void {
    const digest = this.digest;
    if (!digest || this.closed) return;
    if (this.digestTimer !== null) clearTimeout(this.digestTimer);
    this.digestTimer = setTimeout(() => {
      this.digestTimer = null;
      // A newer listing's pass is under way: its headers are not all in yet, and it writes when it ends.
      if (generation === this.generation) void this.writeDigest(digest);
    }, this.digestDelayMs);
  }

  /** The library whose digest the list's headers go into: none for a file opened on its own. */
  private digestLibrary(): string | null {
    return this.info && this.info.singleFile === undefined ? libraryIdOf(this.info) : null;
  }

  /**
   * Takes the headers now, beside the fingerprints listed now (what the next start's listing
   * will check them against), and writes them after any write before: a write waiting behind
   * another still writes the library it was asked for, whatever was opened since.
   */
  private writeDigest(digest: ListDigest): Promise<void> {
    const library = this.digestLibrary();
    if (library === null) return this.digestWriting;
    // From when it is asked for: checkpoints do not queue up behind a write still waiting.
    this.digestAskedAt = performance.now();
    this.digestStale = false;
    const headers: [string, Detail][] = [];
    for (const entry of this.entries) {
      const detail = this.details.get(entry.key);
      if (detail && detail.fingerprint === entry.fingerprint) headers.push([entry.key, detail]);
    }
    // In key order, which the next start's list checks rather than sorting the keys again.
    const ranks = keyRanksOf(this.entries);
    headers.sort(([a], [b]) => ranks.get(a)! - ranks.get(b)!);
    const write = this.digestWriting.then(() => this.writeDigestNow(digest, { library, headers }));
    this.digestWriting = write;
    return write;
  }

  private async writeDigestNow(digest: ListDigest, { library, headers }: DigestSnapshot): Promise<void> {
    try {
      await digest.write(CLEAN_VERSION, library, headers);
      // For the bench (tests/bench/libraryStart.ts): how many of the listed files' headers are cached.
      performance.mark('pizhu:headers-cached', { detail: headers.length });
    } catch (error) {
      reportCacheError('pizhu: list digest not written', error);
      // The table keeps them instead, where the next start looks for what the digest lacks.
      if (this.db && !this.db.hasBeenClosed()) await this.cacheInTable(headers);
    }
  }

  /** One scanned batch: its failures noted, its headers and what its reads told gathered, its index entries sent on. */
  private takeBatch(scanned: ScannedBatch, pending: PendingHeaders, adoptions: HeldAdoptions): void {
    if (scanned.failed !== null) for (const key of scanned.keys) this.parseErrors.set(key, scanned.failed);
    for (const { key, error } of scanned.unreadable) {
      this.readErrors.set(key, error);
      pending.learned.set(key, { error });
    }
    for (const file of scanned.read) pending.learned.set(file.key, learnedOf(file));
    const entries: KeyedEntries = [];
    for (const result of scanned.scanned) {
      if (!result.ok) {
        this.parseErrors.set(result.key, result.error);
        continue;
      }
      pending.details.push([result.key, { fingerprint: result.fingerprint, ...result.details }]);
      if (result.entry) entries.push({ key: result.key, entry: result.entry });
    }
    if (entries.length > 0 || scanned.handedOver !== null) adoptions.add(entries, scanned.handedOver);
  }

  /**
   * Shows gathered headers, with what reads told of files listed unread, and caches them in
   * the table unless the pass keeps them in the library's digest (`viaDigest`).
   */
  private async showHeaders({ details, learned }: GatheredHeaders, viaDigest: boolean): Promise<void> {
    if (learned.size > 0) {
      // In the same turn as the headers: a header shows only beside the fingerprint it was parsed from.
      this.entries = this.entries.map((e) => {
        const news = isUnread(e) ? learned.get(e.key) : undefined;
        return news ? { ...e, ...news } : e;
      });
    }
    for (const [key, detail] of details) this.details.set(key, detail);
    if (details.length > 0) {
      this.detailsVersion++;
      this.digestStale = true;
    }
    if (details.length > 0 && !viaDigest) await this.cacheInTable(details);
  }

  private async cacheInTable(details: readonly [string, Detail][]): Promise<void> {
    if (!this.db) return;
    const root = this.info?.root ?? '';
    const seenAt = Date.now();
    await writeCachedArticles(
      this.db,
      details.map(([key, detail]) => ({ key, ...detail, cleanVersion: CLEAN_VERSION, libraryRoot: root, seenAt })),
    ).catch((error: unknown) => reportCacheError('pizhu: article cache not written', error));
  }

  private letGo(scan: HeldScan): void {
    void scan.take({ onBatch: () => {}, stale: () => true, onLeft: (left) => this.dropHandedOver(left) });
  }

  /** Entries a scan worker handed over for a batch no one takes. */
  private dropHandedOver(left: ScannedBatch): void {
    if (left.handedOver !== null) this.indexAdopt?.drop(left.handedOver);
  }

  /** Files in the order the list shows them, so the rows on screen are read first. */
  private inListOrder<T extends { key: string }>(files: T[]): T[] {
    if (files.length < 2) return files;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this sort only
    const place = new Map(this.visible.map((item, i) => [item.key, i]));
    const last = place.size;
    return files.map((file, i) => ({ file, at: place.get(file.key) ?? last + i })).sort((a, b) => a.at - b.at).map(({ file }) => file);
  }
}

/**
 * A pass's index entries, sent to the search index in the order scanned: held back until the
 * pass ends or `waitMs` has gone by, then each as it comes.
 */
class HeldAdoptions {
  private held: [entries: KeyedEntries, ticket: number | null][] = [];
  private readonly until: number;
  private released = false;

  constructor(
    private readonly index: IndexAdopt | null,
    waitMs: number,
  ) {
    this.until = performance.now() + waitMs;
  }

  add(entries: KeyedEntries, ticket: number | null): void {
    if (this.index === null) return;
    this.held.push([entries, ticket]);
    if (this.released || performance.now() >= this.until) this.release();
  }

  release(): void {
    this.released = true;
    const held = this.held;
    this.held = [];
    // Not waited for: the list goes on while the search worker takes them, in the order sent.
    for (const [entries, ticket] of held) void this.index?.adopt(entries, ticket).catch((error: unknown) => console.error('pizhu: search index not updated', error));
  }
}

interface GatheredHeaders {
  details: [string, Detail][];
  learned: ReadonlyMap<string, Partial<ArticleEntry>>;
}

/**
 * What a pass has parsed and not shown yet: headers, and what reads told of files listed
 * unread. Shown in steps (parseBatch): every step re-sorts the whole list, and a first start
 * on a folder of thousands would otherwise re-sort it once per file.
 */
class PendingHeaders {
  details: [string, Detail][] = [];
  learned = new Map<string, Partial<ArticleEntry>>();
  private since = performance.now();
  private shownOnce = false;
  private step: { rows: number; ms: number };

  constructor(files: number) {
    this.step = parseBatch(files);
  }

  /** The pass now holds this many files: its steps are sized for them. */
  expect(files: number): void {
    this.step = parseBatch(files);
  }

  /** Whether to show what is gathered now: the first rows at once (the list's top is what the user looks at), then by count or age. */
  due(): boolean {
    return !this.shownOnce || this.details.length >= this.step.rows || performance.now() - this.since > this.step.ms;
  }

  /** What is gathered, emptied; null when there is nothing. */
  take(): GatheredHeaders | null {
    this.shownOnce = true;
    if (this.details.length === 0 && this.learned.size === 0) return null;
    const taken = { details: this.details, learned: this.learned };
    this.details = [];
    this.learned = new Map();
    this.since = performance.now();
    return taken;
  }
}

function learnedOf({ fingerprint, encoding, size, mtimeMs }: Omit<ArticleFile, 'text' | 'key'>): Partial<ArticleEntry> {
  return { fingerprint, encoding, size, mtimeMs, error: null };
}

/**
 * The article cache only saves re-parsing, so a failure is logged, not shown. A closed
 * database means the app (or a test) is shutting down mid-scan: nothing to report then.
 */
function reportCacheError(what: string, error: unknown): void {
  if (error instanceof Error && error.name === 'DatabaseClosedError') return;
  console.error(what, error);
}
