// Titles the user gave articles (the issue: 004's derived title "which the user can
// replace"; any other title may be wrong too). The list, the header, <title>, sorting and
// filtering read them through here; Dexie keeps them apart from the article cache.
import { SvelteMap } from 'svelte/reactivity';
import { toFullWidth } from '../core/punctuation.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { TitleRecord } from '../db/records.ts';
import { readUserTitles, writeUserTitle } from '../db/titles.ts';
import { StorageStatus } from './storageStatus.svelte.ts';
import { NO_LIBRARY } from '../core/userRows.ts';

/** Longer than any headline; the input stops there too. */
export const USER_TITLE_MAX = 200;

/**
 * What a typed title is stored as: one line (a pasted title may carry line breaks), single
 * spaces, no ends, no control characters, and ASCII punctuation between Chinese characters
 * made full-width as in every other text the reader shows. Empty means "no title".
 */
export function normaliseUserTitle(input: string): string {
  const line = input
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return toFullWidth([...line].slice(0, USER_TITLE_MAX).join('').trim()).text;
}

export class UserTitles {
  /** The open library's titles, by article key. */
  private readonly titles = new SvelteMap<string, string>();
  private writes: Promise<unknown> = Promise.resolve();
  /** Titles set here and not stored yet, by library and key: a reload from the store keeps them. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly pending = new Map<string, TitleRecord>();
  /**
   * The library whose titles are shown and set (libraryIdOf). NO_LIBRARY until one is open:
   * a title set then is of no library, and the library opened next takes it (db/libraryRows.ts).
   */
  private libraryId: string = NO_LIBRARY;

  constructor(
    private readonly db: PizhuDatabase | null,
    private readonly storage: StorageStatus = new StorageStatus(),
  ) {}

  /** Another library is open: its titles are the ones shown. */
  async openLibrary(libraryId: string): Promise<void> {
    if (libraryId === this.libraryId) return;
    this.libraryId = libraryId;
    this.titles.clear();
    for (const record of this.pending.values()) if (record.libraryId === libraryId && record.title !== null) this.titles.set(record.articleKey, record.title);
    await this.load();
  }

  async load(): Promise<void> {
    if (!this.db) return;
    const libraryId = this.libraryId;
    const stored = await readUserTitles(this.db, libraryId);
    // Another library opened while these were read: its own load shows its titles.
    if (libraryId !== this.libraryId) return;
    // A title set while the rows were loading is newer than the stored one.
    for (const [key, title] of stored) if (!this.titles.has(key) && !this.pending.has(pendingKey(libraryId, key))) this.titles.set(key, title);
  }

  /** Another window gave or restored titles: the stored ones rule, except those still being written here. */
  async syncFromStore(): Promise<void> {
    if (!this.db) return;
    const libraryId = this.libraryId;
    const stored = await readUserTitles(this.db, libraryId);
    if (libraryId !== this.libraryId) return;
    const waiting = (key: string) => this.pending.has(pendingKey(libraryId, key));
    for (const key of [...this.titles.keys()]) if (!stored.has(key) && !waiting(key)) this.titles.delete(key);
    for (const [key, title] of stored) if (!waiting(key) && this.titles.get(key) !== title) this.titles.set(key, title);
  }

  get(key: string): string | null {
    return this.titles.get(key) ?? null;
  }

  /** Gives `key` (of the open library) the title `input`; an input that normalises to nothing changes nothing. */
  set(key: string, input: string): boolean {
    const title = normaliseUserTitle(input);
    if (!title) return false;
    if (this.titles.get(key) === title) return true;
    this.titles.set(key, title);
    this.store(key, title);
    return true;
  }

  /** Back to the file's own (or derived) title. */
  restore(key: string): void {
    if (!this.titles.has(key)) return;
    this.titles.delete(key);
    this.store(key, null);
  }

  /** Resolves when every change so far is stored. */
  flush(): Promise<unknown> {
    return this.writes;
  }

  private store(articleKey: string, title: string | null): void {
    const db = this.db;
    if (!db) return;
    const record: TitleRecord = { libraryId: this.libraryId, articleKey, title, updatedAt: Date.now() };
    const at = pendingKey(record.libraryId, articleKey);
    this.pending.set(at, record);
    // Chained, so a quick set-then-restore lands in that order; a failed one stays as the banner's retry.
    this.writes = this.writes.then(() =>
      this.storage.attempt(`title:${at}`, async () => {
        await writeUserTitle(db, record);
        if (this.pending.get(at) === record) this.pending.delete(at);
      }),
    );
  }
}

const pendingKey = (libraryId: string, articleKey: string): string => JSON.stringify([libraryId, articleKey]);
