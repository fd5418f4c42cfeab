// Library search (Ctrl/Cmd+K): keeps the worker's index in step with the library (only the
// articles whose fingerprint changed: entries the library scan built, or files it did not
// hand over, read in bulk and scanned in the scan workers), and runs queries there.
// Theme names are searched here: they are few, and the tag list lives on this thread.
import { isUnread, type ArticleEntry, type PizhuApi } from '../../src-main/api.ts';
import { SEARCH_PAGE_ARTICLES, SEARCH_PAGE_NOTES, type ArticleHits, type NoteHit, type SearchResult } from '../core/libraryIndex.ts';
import { searchKeyText } from '../core/searchKey.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { TagRecord } from '../db/records.ts';
import { readNotes } from '../db/themes.ts';
import type { StoredIndexEntry } from '../core/libraryIndex.ts';
import { InlineIndexClient, type IndexClient } from './indexClient.ts';
import { scanInOrder } from './libraryScan.ts';
import { InlineScanPool, type ScanPool } from './scanPool.ts';

export interface SearchResults {
  query: string;
  themes: TagRecord[];
  /** The first pages of articles with hits (most hits first); `totalArticles` counts them all. */
  articles: ArticleHits[];
  totalArticles: number;
  totalHits: number;
  notes: NoteHit[];
  totalNotes: number;
}

/**
 * While a pass puts files into the index, an open search or theme page asks again at most this
 * often: each ask waits behind the worker's scanning, and every batch a second is more redraws
 * than anyone reads.
 */
const GROWTH_SHOWN_MS = 1000;

/** Stored index entries asked for in one request to the search worker. */
const RESTORE_PART = 500;

const EMPTY: SearchResults = { query: '', themes: [], articles: [], totalArticles: 0, totalHits: 0, notes: [], totalNotes: 0 };

export class SearchState {
  readonly client: IndexClient;
  open = $state(false);
  query = $state('');
  /** Text the dialog is to start from when it opens (a selection searched from the context menu). */
  startWith = $state<string | null>(null);
  results = $state.raw<SearchResults>(EMPTY);
  searching = $state(false);
  /** Articles indexed out of those readable, for the progress line. */
  indexed = $state(0);
  /** The index is being taken from what an earlier run stored, not built from the files. */
  restoring = $state(false);
  total = $state(0);
  /** Bumped whenever the index changed, also as it grows during a pass: results and mentions go stale. */
  revision = $state(0);
  /**
   * Bumped when a pass over the library has settled: what is counted over the whole index
   * (suggestions, the map, the concordance) follows this, not each growth.
   */
  settledRevision = $state(0);

  private syncQueue: Promise<void> = Promise.resolve();
  /** adoptScanned() put a file into the index since a sync last looked: the index changed. */
  private putByList = false;
  private wantedEntries: readonly ArticleEntry[] | null = null;
  private querySeq = 0;

  constructor(
    private readonly api: PizhuApi,
    private readonly db: PizhuDatabase | null,
    private readonly tags: () => readonly TagRecord[],
    client: IndexClient = new InlineIndexClient(),
    /** Settles when the library list's pass over new files is done: those files come through adoptScanned(). */
    private readonly listRead: () => Promise<void> = () => Promise.resolve(),
    /** Where the files the list did not hand over are cleaned and folded. */
    private readonly pool: ScanPool = new InlineScanPool(),
  ) {
    this.client = client;
  }

  /**
   * Takes the index entries the library scan built while reading files for their headers, so
   * a new file is read and cleaned once for both.
   */
  async adoptScanned(entries: { key: string; entry: StoredIndexEntry }[], handedOver: number | null = null): Promise<void> {
    const adopted = await this.adopt(entries, handedOver);
    if (adopted === 0) return;
    this.putByList = true;
    this.indexed = Math.min(this.total, this.indexed + adopted);
    this.grew();
  }

  private growthTimer: ReturnType<typeof setTimeout> | null = null;
  private grewSinceShown = false;

  /**
   * Files went into the index during a pass: what was asked of it is asked again, so results
   * and mentions grow with the index rather than appear only once it is complete. At once the
   * first time, then at most once a GROWTH_SHOWN_MS.
   */
  private grew(): void {
    if (this.disposed) return;
    if (this.growthTimer !== null) {
      this.grewSinceShown = true;
      return;
    }
    this.revision++;
    this.growthTimer = setTimeout(() => {
      this.growthTimer = null;
      if (!this.grewSinceShown) return;
      this.grewSinceShown = false;
      this.grew();
    }, GROWTH_SHOWN_MS);
  }

  /** The pass's own revision says it all: no growth is left to show after it. */
  private growthShown(): void {
    if (this.growthTimer !== null) clearTimeout(this.growthTimer);
    this.growthTimer = null;
    this.grewSinceShown = false;
  }

  /** Puts a scan's entries into the index: those in hand, and those a scan worker handed over under `ticket`. Returns how many went in. */
  private async adopt(entries: { key: string; entry: StoredIndexEntry }[], ticket: number | null): Promise<number> {
    let adopted = 0;
    if (ticket !== null) adopted += await this.client.request({ type: 'adoptHandedOver', ticket });
    if (entries.length > 0) adopted += await this.client.request({ type: 'adopt', entries });
    return adopted;
  }

  /** Lets go of entries a scan worker handed over for a batch no one adopts. */
  dropScanned(handedOver: number): void {
    void this.client.request({ type: 'dropHandedOver', ticket: handedOver }).catch((error: unknown) => console.error('pizhu: search index not updated', error));
  }

  /**
   * Brings the index to `entries`: drops what left, (re)indexes what is new or changed.
   * Calls coalesce: a sync already waiting simply takes the newest entries.
   */
  sync(entries: readonly ArticleEntry[]): Promise<void> {
    const waiting = this.wantedEntries !== null;
    this.wantedEntries = entries;
    if (waiting) return this.syncQueue;
    this.syncQueue = this.syncQueue.then(async () => {
      const wanted = this.wantedEntries ?? [];
      this.wantedEntries = null;
      await this.syncNow(wanted).catch((error: unknown) => console.error('pizhu: search index not updated', error));
    });
    return this.syncQueue;
  }

  /** Opens the search dialog on `text`. */
  openWith(text: string): void {
    this.startWith = text;
    this.open = true;
  }

  /**
   * Resolves when the syncs asked for so far are done, and one more asked for while they ran
   * (a list's pass, once done, asks for one with the fingerprints it learned). No further:
   * a folder that keeps changing asks for syncs without end, and what waits here answers from
   * the index as it stands, to be told of later changes by `revision`.
   */
  async settled(): Promise<void> {
    const queue = this.syncQueue;
    await queue;
    if (this.syncQueue !== queue) await this.syncQueue;
  }

  private async syncNow(entries: readonly ArticleEntry[]): Promise<void> {
    const readable = entries.filter((e): e is ArticleEntry & { fingerprint: string } => e.fingerprint !== null && e.error === null);
    // Files the host listed unread are indexed from the list's read of them (adoptScanned); once
    // their fingerprints are known, the next sync takes up any the list did not hand over.
    const unread = entries.filter(isUnread);
    // Known before the search worker answers, which may be busy scanning the list's files a
    // while: meanwhile the search says how far the index is from it, not that it has all it needs.
    this.total = readable.length + unread.length;
    this.indexed = Math.min(this.indexed, this.total);
    await this.client.request({ type: 'keepOnly', keys: [...readable, ...unread].map((e) => e.key) });
    const progress = async () => {
      const have = await this.client.request({ type: 'fingerprints' });
      const todo = readable.filter((e) => have[e.key] !== e.fingerprint);
      this.total = readable.length + unread.length;
      this.indexed = readable.length - todo.length + unread.filter((e) => have[e.key] !== undefined).length;
      return { have, todo };
    };
    const before = await progress();
    // What an earlier run stored is restored first; only the rest is read and cleaned. A part
    // at a time: a search asked meanwhile waits for one part, not the whole library's, and
    // answers from the parts restored so far.
    const toRestore = readable.filter((e) => before.have[e.key] !== e.fingerprint).map((e) => ({ key: e.key, fingerprint: e.fingerprint }));
    let restored = 0;
    this.restoring = toRestore.length > 0;
    try {
      for (let at = 0; at < toRestore.length; at += RESTORE_PART) {
        const part = await this.client.request({ type: 'restore', wanted: toRestore.slice(at, at + RESTORE_PART) });
        if (part === 0) continue;
        restored += part;
        this.indexed = Math.min(this.total, this.indexed + part);
        this.grew();
      }
    } finally {
      this.restoring = false;
    }
    // Files the list reads for their headers are indexed on the way (adoptScanned): wait for
    // that pass rather than read them a second time, then read only what it did not hand over.
    await this.listRead().catch(() => {});
    const { have, todo } = await progress();
    let changed = restored > 0 || this.putByList || (todo.length === 0 ? Object.keys(have).length !== readable.length + unread.length : false);
    this.putByList = false;
    // Adoptions are not waited for batch by batch: the search worker scans batches too, and a
    // request to it waits behind those it holds, where the pass would wait with it.
    const adopted: Promise<number>[] = [];
    // A newer library state waiting makes this pass stale: the next one takes over.
    await scanInOrder(
      this.api,
      this.pool,
      todo,
      (scanned) => {
        const entries = scanned.scanned.flatMap((r) => (r.ok && r.entry ? [{ key: r.key, entry: r.entry }] : []));
        const adopting = this.adopt(entries, scanned.handedOver);
        // Its failure is the pass's, when all are waited for below, not an unhandled rejection before.
        adopting.then((n) => n > 0 && this.grew()).catch(() => {});
        adopted.push(adopting);
        this.indexed = Math.min(this.total, this.indexed + scanned.keys.length);
      },
      () => this.wantedEntries !== null,
      (left) => {
        if (left.handedOver !== null) this.dropScanned(left.handedOver);
      },
    );
    if ((await Promise.all(adopted)).some((n) => n > 0)) changed = true;
    if (changed || todo.length > 0) {
      this.growthShown();
      this.revision++;
      this.settledRevision++;
    }
  }

  /** The worker's notes may be older than the store's: read again before the next query. */
  private notesStale = true;

  /** Annotations changed somewhere (this window, another, an import): the next query rereads the notes. */
  notesChanged(): void {
    this.notesStale = true;
  }

  /** The notes as they are now, for the next query: read again only after a change, a pass over every row being slow on a big database. */
  private async refreshNotes(): Promise<void> {
    if (!this.db || !this.notesStale) return;
    // Cleared before the read: a change that lands during it sets it again.
    this.notesStale = false;
    try {
      const notes = await readNotes(this.db);
      await this.client.request({ type: 'notes', notes: notes.map((n) => ({ id: n.id, articleKey: n.articleKey, note: n.note })) });
    } catch (error) {
      this.notesStale = true;
      throw error;
    }
  }

  /** Pages shown of the current query's results: "more" asks for one page more. */
  private pages = 1;

  /** The next page of articles (and notes) for the query on screen. */
  more(): Promise<SearchResults> {
    this.pages++;
    return this.run(this.query, { keepPages: true });
  }

  async run(query: string, { keepPages = false }: { keepPages?: boolean } = {}): Promise<SearchResults> {
    const seq = ++this.querySeq;
    if (!keepPages || query !== this.query) this.pages = 1;
    this.query = query;
    const key = searchKeyText(query.trim());
    if (!key) {
      this.results = EMPTY;
      this.searching = false;
      return EMPTY;
    }
    this.searching = true;
    try {
      await this.refreshNotes();
      const options = { articleLimit: SEARCH_PAGE_ARTICLES * this.pages, noteLimit: SEARCH_PAGE_NOTES * this.pages };
      const found: SearchResult = await this.client.request({ type: 'search', query, options });
      const themes = this.tags().filter((t) => t.key.includes(key) || t.aliases.some((a) => searchKeyText(a).includes(key)));
      const results: SearchResults = { ...found, query, themes };
      if (seq === this.querySeq) this.results = results;
      return results;
    } finally {
      if (seq === this.querySeq) this.searching = false;
    }
  }

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    this.growthShown();
    this.client.dispose();
  }
}
