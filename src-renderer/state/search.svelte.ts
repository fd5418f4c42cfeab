// Library search (Ctrl/Cmd+K): keeps the worker's index in step with the library, one
// article at a time and only the ones whose fingerprint changed, and runs queries there.
// Theme names are searched here: they are few, and the tag list lives on this thread.
import type { ArticleEntry, PizhuApi } from '../../src-main/api.ts';
import type { ArticleHits, NoteHit, SearchResult } from '../core/libraryIndex.ts';
import { searchKeyText } from '../core/searchKey.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { TagRecord } from '../db/records.ts';
import { readNotes } from '../db/themes.ts';
import { createIndexClient, type IndexClient } from './indexClient.ts';

export interface SearchResults {
  query: string;
  themes: TagRecord[];
  articles: ArticleHits[];
  notes: NoteHit[];
}

const EMPTY: SearchResults = { query: '', themes: [], articles: [], notes: [] };

export class SearchState {
  readonly client: IndexClient;
  open = $state(false);
  query = $state('');
  results = $state.raw<SearchResults>(EMPTY);
  searching = $state(false);
  /** Articles indexed out of those readable, for the progress line. */
  indexed = $state(0);
  total = $state(0);
  /** Bumped whenever the index changed: mention counts and results go stale. */
  revision = $state(0);

  private syncQueue: Promise<void> = Promise.resolve();
  private wantedEntries: readonly ArticleEntry[] | null = null;
  private querySeq = 0;

  constructor(
    private readonly api: PizhuApi,
    private readonly db: PizhuDatabase | null,
    private readonly tags: () => readonly TagRecord[],
    client: IndexClient = createIndexClient(),
  ) {
    this.client = client;
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

  /** Resolves when every sync asked for so far is done. */
  settled(): Promise<void> {
    return this.syncQueue;
  }

  private async syncNow(entries: readonly ArticleEntry[]): Promise<void> {
    const readable = entries.filter((e): e is ArticleEntry & { fingerprint: string } => e.fingerprint !== null && e.error === null);
    await this.client.request({ type: 'keepOnly', keys: readable.map((e) => e.key) });
    const have = await this.client.request({ type: 'fingerprints' });
    const todo = readable.filter((e) => have[e.key] !== e.fingerprint);
    this.total = readable.length;
    this.indexed = readable.length - todo.length;
    let changed = todo.length === 0 ? Object.keys(have).length !== readable.length : false;
    for (const entry of todo) {
      // A newer library state is waiting: this pass is stale, the next one takes over.
      if (this.wantedEntries !== null) break;
      const result = await this.api.readArticle(entry.key).catch(() => null);
      if (result?.ok) {
        await this.client.request({ type: 'put', key: entry.key, fingerprint: result.file.fingerprint, raw: result.file.text });
        changed = true;
      }
      this.indexed++;
    }
    if (changed || todo.length > 0) this.revision++;
  }

  /** The notes as they are now, for the next query (notes change in many places; a query is rare). */
  private async refreshNotes(): Promise<void> {
    if (!this.db) return;
    const notes = await readNotes(this.db);
    await this.client.request({ type: 'notes', notes: notes.map((n) => ({ id: n.id, articleKey: n.articleKey, note: n.note })) });
  }

  async run(query: string): Promise<SearchResults> {
    const seq = ++this.querySeq;
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
      const found: SearchResult = await this.client.request({ type: 'search', query });
      const themes = this.tags().filter((t) => t.key.includes(key) || t.aliases.some((a) => searchKeyText(a).includes(key)));
      const results: SearchResults = { query, themes, articles: found.articles, notes: found.notes };
      if (seq === this.querySeq) this.results = results;
      return results;
    } finally {
      if (seq === this.querySeq) this.searching = false;
    }
  }

  dispose(): void {
    this.client.dispose();
  }
}
