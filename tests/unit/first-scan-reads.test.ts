// A first start on a new folder reads each file once for both the list's header and the
// search index, many files a request, in the order of the folder's listing; when the index
// falls behind, the list does not wait for it.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { IndexRequest, IndexResponse, IndexStore } from '../../src-renderer/core/indexProtocol.ts';
import type { StoredIndexEntry } from '../../src-renderer/core/libraryIndex.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { InlineIndexClient, type IndexClient } from '../../src-renderer/state/indexClient.ts';
import { LibraryState } from '../../src-renderer/state/library.svelte.ts';
import { SearchState } from '../../src-renderer/state/search.svelte.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { scanArticle } from '../../src-renderer/core/scanArticle.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { ListDigest, listDigestName } from '../../src-renderer/db/listDigest.ts';
import { until } from '../support/appHarness.ts';
import { testDatabases } from '../support/testDatabases.ts';

const databases = testDatabases('first-scan');

/** A database whose opening waits until released: a first start, where making it takes a while. */
function slowToOpen(name?: string) {
  const db = databases.open(name);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const open = db.open.bind(db);
  db.open = (() => gate.then(() => open())) as typeof db.open;
  return { db, release };
}

const FILES = 40;

function folder(): FakeHost {
  const host = new FakeHost();
  for (let i = 0; i < FILES; i++) {
    const n = String(i).padStart(2, '0');
    host.files.set(`${n}.txt`, { text: `第${n}篇报道\n\n发布时间：2026-0${1 + (i % 9)}-1${i % 10}\n\n这是第${n}篇正文，讲述县域发展的第${n}号经验。独有词语${i === FILES - 1 ? '最后一篇' : `编号${n}`}。\n` });
  }
  return host;
}

/** The host, its bulk reads of any file from `from` on (in key order) held until `open()`. */
function readsFromHeld(host: FakeHost, from: string): { api: FakeHost; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const api = new Proxy(host, {
    get: (target, name) =>
      name === 'readArticles'
        ? async (keys: string[]) => {
            if (keys.some((k) => k >= from)) await gate;
            return target.readArticles(keys);
          }
        : Reflect.get(target, name),
  });
  return { api, open };
}

function readsOf(host: FakeHost): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of host.reads) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** An index client whose adopts wait until released: a worker that has fallen behind. */
class SlowIndexClient implements IndexClient {
  readonly inner = new InlineIndexClient();
  private gate: Promise<void>;
  release!: () => void;
  adopts = 0;
  constructor() {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  /** Every request waits, not only adopts: a worker still busy with other work. */
  gateEvery = false;
  /** Requests waiting at the gate. */
  waiting = 0;
  async request<R extends IndexRequest>(request: R): Promise<IndexResponse<R>> {
    if (request.type === 'adopt') this.adopts++;
    if (request.type === 'adopt' || this.gateEvery) {
      this.waiting++;
      await this.gate;
      this.waiting--;
    }
    return this.inner.request(request);
  }
  dispose(): void {}
}

describe('the first scan of a folder', () => {
  it('reads every file once, in bulk requests in the order listed, for both its header and the search index', async () => {
    const host = folder();
    const app = new AppState(host, null);
    await app.start();
    await app.library.settled();
    await app.search.settled();
    const reads = readsOf(host);
    const opened = app.reader.key;
    for (const key of host.files.keys()) expect(reads.get(key), key).toBe(key === opened ? 2 : 1);
    // The reader's own open is its one readArticle; everything else came in bulk, in listing order.
    expect(host.bulkReads.flat()).toEqual(app.library.entries.map((e) => e.key));
    expect(host.bulkReads.length).toBeLessThan(FILES);
    expect(app.library.items.every((item) => item.meta !== null)).toBe(true);
    expect([app.library.scanDone, app.library.scanTotal]).toEqual([FILES, FILES]);
    expect(app.search.indexed).toBe(FILES);
    expect(app.search.total).toBe(FILES);
    // Mention counts and results computed before are known to be stale.
    expect(app.search.revision).toBeGreaterThan(0);
    const found = await app.search.run('最後一篇');
    expect(found.articles.map((a) => a.key)).toEqual([`${FILES - 1}.txt`]);
    app.stop();
  });

  it('does not wait for an index that falls behind: the list finishes, the index completes after', async () => {
    const host = folder();
    const client = new SlowIndexClient();
    let library: LibraryState | null = null;
    const search = new SearchState(host, null, () => [], client, () => library!.settled());
    library = new LibraryState(host, null, () => 'date', () => null, { adopt: (entries, ticket) => search.adoptScanned(entries, ticket), drop: (ticket) => search.dropScanned(ticket) });
    await library.load();
    await library.settled();
    // Every header is there though the index has taken none of them yet.
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
    expect(client.adopts).toBeGreaterThan(0);
    expect(host.reads).toHaveLength(FILES);
    const synced = search.sync(library.entries);
    client.release();
    await synced;
    expect(search.indexed).toBe(FILES);
    expect((await client.inner.request({ type: 'search', query: '最后一篇' })).totalArticles).toBe(1);
  });

  it('says how many files the index is to hold as soon as it is asked to sync, before the search worker answers', async () => {
    const host = folder();
    const client = new SlowIndexClient();
    client.gateEvery = true;
    const search = new SearchState(host, null, () => [], client, async () => {});
    const entries = (await host.getLibrary()).entries;
    const synced = search.sync(entries);
    await until(() => client.waiting > 0, 'a request to the index');
    expect([search.indexed, search.total]).toEqual([0, FILES]);
    client.release();
    await synced;
    expect([search.indexed, search.total]).toEqual([FILES, FILES]);
  });

  it('holds the index entries of a pass back until every header is in, then sends them in the order scanned; past its wait, batch by batch', async () => {
    const adoptions = async (waitMs: number) => {
      const host = folder();
      const seen: { keys: string[]; headersIn: number }[] = [];
      let library: LibraryState | null = null;
      const search = new SearchState(host, null, () => [], new InlineIndexClient(), () => library!.settled());
      library = new LibraryState(host, null, () => 'date', () => null, {
        adopt: (entries, ticket) => {
          seen.push({ keys: entries.map((e) => e.key), headersIn: library!.items.filter((item) => item.meta !== null).length });
          return search.adoptScanned(entries, ticket);
        },
        drop: (ticket) => search.dropScanned(ticket),
      });
      library.indexWaitsForListMs = waitMs;
      await library.load();
      await library.settled();
      return seen;
    };
    const held = await adoptions(60_000);
    expect(held.length).toBeGreaterThan(1);
    expect(held.every((a) => a.headersIn === FILES)).toBe(true);
    expect(held.flatMap((a) => a.keys)).toEqual(Array.from({ length: FILES }, (_, i) => `${String(i).padStart(2, '0')}.txt`));
    // No wait: the first batch's entries go to the index before the list has the rest.
    const atOnce = await adoptions(0);
    expect(atOnce[0].headersIn).toBeLessThan(FILES);
    expect(atOnce.flatMap((a) => a.keys)).toHaveLength(FILES);
  });

  it('sends what a pass held back to the index when a new listing leaves the pass, before the sync of the new listing drops what it lacks', async () => {
    const host = folder();
    // The second batch of the first pass (20.txt on) waits: the pass holds the first batch's entries meanwhile.
    const { api, open } = readsFromHeld(host, '20.txt');
    const client = new InlineIndexClient();
    let library: LibraryState | null = null;
    const search = new SearchState(api, null, () => [], client, () => library!.settled());
    library = new LibraryState(api, null, () => 'date', () => null, { adopt: (entries, ticket) => search.adoptScanned(entries, ticket), drop: (ticket) => search.dropScanned(ticket) });
    library.indexWaitsForListMs = 60_000;
    await library.load();
    await until(() => library!.scanDone >= 20, 'the first batch taken');
    // 00.txt, read and held by the first pass, is deleted: the new listing lacks it.
    host.files.delete('00.txt');
    library.applySnapshot(await host.getLibrary());
    const synced = search.sync(library.entries);
    open();
    await library.settled();
    await synced;
    await search.settled();
    const indexed = await client.request({ type: 'fingerprints' });
    expect(Object.keys(indexed)).not.toContain('00.txt');
    expect(Object.keys(indexed)).toHaveLength(FILES - 1);
  });

  it('tells of the index growing while a pass is still reading, so a search asked again finds the files indexed so far', async () => {
    const host = folder();
    // Every batch from 20.txt on waits: the pass is not done while the first batch is indexed.
    const { api, open } = readsFromHeld(host, '20.txt');
    let library: LibraryState | null = null;
    const search = new SearchState(api, null, () => [], new InlineIndexClient(), () => library!.settled());
    library = new LibraryState(api, null, () => 'date', () => null, { adopt: (entries, ticket) => search.adoptScanned(entries, ticket), drop: (ticket) => search.dropScanned(ticket) });
    library.indexWaitsForListMs = 0;
    await library.load();
    const synced = search.sync(library.entries);
    await until(() => search.indexed > 0, 'a first batch indexed');
    expect(search.revision).toBeGreaterThan(0);
    expect(search.indexed).toBeLessThan(FILES);
    // What counts over the whole index waits for the pass to settle.
    expect(search.settledRevision).toBe(0);
    expect((await search.run('编号03')).articles.map((a) => a.key)).toEqual(['03.txt']);
    expect((await search.run('最后一篇')).articles).toEqual([]);
    open();
    await library.settled();
    await synced;
    expect(search.settledRevision).toBe(1);
    expect((await search.run('最后一篇')).articles.map((a) => a.key)).toEqual([`${FILES - 1}.txt`]);
    search.dispose();
  });

  it('tells of growth at once, then at most once a second however many batches come', async () => {
    vi.useFakeTimers();
    try {
      const client = new InlineIndexClient();
      const search = new SearchState(new FakeHost(), null, () => [], client);
      // Ten batches handed over in quick succession, each one file.
      const adoptOne = (i: number) => {
        const scanned = scanArticle({ key: `${i}.txt`, fingerprint: `f${i}`, raw: `第${i}篇\n\n正文${i}。\n` });
        if (!scanned.ok || !scanned.entry) throw new Error('not scanned');
        return search.adoptScanned([{ key: scanned.key, entry: scanned.entry }]);
      };
      await adoptOne(0);
      expect(search.revision).toBe(1);
      for (let i = 1; i < 10; i++) await adoptOne(i);
      expect(search.revision).toBe(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(search.revision).toBe(2);
      // Nothing more came: no further telling.
      await vi.advanceTimersByTimeAsync(5000);
      expect(search.revision).toBe(2);
      search.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a warm start restores the stored index a part at a time: a search between parts answers from those restored', async () => {
    const MANY = 1200;
    const host = new FakeHost();
    for (let i = 0; i < MANY; i++) host.files.set(`${String(i).padStart(4, '0')}.txt`, { text: `第${i}篇\n\n正文写着编号${i}号。\n` });
    const entries = (await host.getLibrary()).entries;
    // The store an earlier run left: an entry for every file's fingerprint.
    const stored = new Map<string, StoredIndexEntry>();
    for (const e of entries) {
      const scanned = scanArticle({ key: e.key, fingerprint: e.fingerprint!, raw: host.files.get(e.key)?.text ?? '' });
      if (scanned.ok && scanned.entry) stored.set(e.fingerprint!, scanned.entry);
    }
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const asked: number[] = [];
    const store: IndexStore = {
      async load(fingerprints) {
        // Past the first part's loads, the store waits: a slow disk mid-restore.
        if (asked.reduce((a, b) => a + b, 0) >= 500) await gate;
        asked.push(fingerprints.length);
        return fingerprints.flatMap((f) => (stored.has(f) ? [stored.get(f)!] : []));
      },
      async save() {},
    };
    const client = new InlineIndexClient(store);
    const requests: { type: string; size: number }[] = [];
    const counting: IndexClient = {
      request: (request) => {
        requests.push({ type: request.type, size: request.type === 'restore' ? request.wanted.length : 0 });
        return client.request(request);
      },
      dispose: () => {},
    };
    const search = new SearchState(host, null, () => [], counting, async () => {});
    const synced = search.sync(entries);
    await until(() => search.indexed >= 500, 'the first part restored');
    expect(search.indexed).toBe(500);
    expect(search.total).toBe(MANY);
    // Said as taken from the store, not built.
    expect(search.restoring).toBe(true);
    expect(search.revision).toBeGreaterThan(0);
    // Not waiting for the rest: the search answers from the first part.
    const early = search.run('编号7号');
    const late = search.run('编号1100号');
    open();
    expect((await early).articles.map((a) => a.key)).toEqual(['0007.txt']);
    expect((await late).articles).toEqual([]);
    await synced;
    expect(search.indexed).toBe(MANY);
    expect(search.restoring).toBe(false);
    expect((await search.run('编号1100号')).articles.map((a) => a.key)).toEqual(['1100.txt']);
    // Every file came from the store (none read), in parts of 500 at most.
    expect(host.reads).toEqual([]);
    expect(requests.filter((r) => r.type === 'restore').map((r) => r.size)).toEqual([500, 500, 200]);
    search.dispose();
  });

  it('settled waits also for a sync asked for while an earlier one ran', async () => {
    const host = folder();
    const library = new LibraryState(host, null, () => 'date', () => null);
    await library.load();
    await library.settled();
    const search = new SearchState(host, null, () => [], new InlineIndexClient(), () => library.settled());
    void search.sync(library.entries.slice(0, 1));
    // The first sync has begun: a sync asked for now cannot join it and runs after it.
    for (let i = 0; i < 3; i++) await Promise.resolve();
    const settled = search.settled();
    void search.sync(library.entries);
    await settled;
    expect(search.indexed).toBe(FILES);
  });

  it('a folder the host lists unread: each file read once, its header shown and the fingerprint that came with the read taken', async () => {
    const host = folder();
    // `printf '第一版\n' | sha256sum`
    host.files.set('甲.txt', { text: '第一版\n' });
    host.listsUnread = true;
    const app = new AppState(host, null);
    await app.start();
    expect(app.library.entries.every((e) => e.fingerprint === null && e.error === null)).toBe(true);
    await app.library.settled();
    await app.search.settled();
    const reads = readsOf(host);
    const opened = app.reader.key;
    for (const key of host.files.keys()) expect(reads.get(key), key).toBe(key === opened ? 2 : 1);
    expect(app.library.entries.find((e) => e.key === '甲.txt')?.fingerprint).toBe('a680f0ed9afce2b0e76a4d7a539144f9f4b343c4212a188e27e23499dd1da10b');
    expect(app.library.entries.every((e) => e.fingerprint !== null && e.error === null)).toBe(true);
    expect(app.library.items.every((item) => item.meta !== null)).toBe(true);
    expect(app.library.item('甲.txt')?.meta?.title).toBe('第一版');
    expect([app.search.indexed, app.search.total]).toEqual([FILES + 1, FILES + 1]);
    expect((await app.search.run('最後一篇')).articles.map((a) => a.key)).toEqual([`${FILES - 1}.txt`]);
    app.stop();
  });

  it('reads the files listed unread while the rest of the start goes on, and the list takes that pass over: each file read once', async () => {
    const host = folder();
    host.listsUnread = true;
    const library = new LibraryState(host, null, () => 'date');
    const listing = host.getLibrary();
    library.readAhead(listing);
    await until(() => host.bulkReads.length > 0, 'a read before the list has the listing');
    expect(library.entries).toEqual([]);
    await library.load(listing);
    await library.settled();
    expect(readsOf(host)).toEqual(new Map([...host.files.keys()].map((key) => [key, 1])));
    expect(library.items.every((item) => item.meta !== null && item.entry.fingerprint !== null)).toBe(true);
    // Read in the list's order: by key, the order of files without a header yet.
    expect(host.bulkReads[0]).toEqual(['00.txt', '01.txt', '02.txt', '03.txt', '04.txt', '05.txt', '06.txt', '07.txt', '08.txt', '09.txt', '10.txt', '11.txt', '12.txt', '13.txt', '14.txt', '15.txt', '16.txt', '17.txt', '18.txt', '19.txt']);
  });

  it('asks the search index about the library only after a frame has shown the list', async () => {
    const page = globalThis as { requestAnimationFrame?: (draw: () => void) => number };
    let framesDrawn = 0;
    // A page that draws a frame a few milliseconds after one is asked for.
    page.requestAnimationFrame = (draw) => Number(setTimeout(() => (framesDrawn++, draw()), 5));
    // Frames drawn when the start had the cached headers, and when it asked the index.
    let framesAtCacheRead = -1;
    const framesAtSync: number[] = [];
    const cacheRead = LibraryState.prototype.cacheRead;
    const cacheSpy = vi.spyOn(LibraryState.prototype, 'cacheRead').mockImplementation(function (this: LibraryState) {
      return cacheRead.call(this).then(() => void (framesAtCacheRead = framesDrawn));
    });
    const sync = SearchState.prototype.sync;
    const syncSpy = vi.spyOn(SearchState.prototype, 'sync').mockImplementation(function (this: SearchState, entries) {
      framesAtSync.push(framesDrawn);
      return sync.call(this, entries);
    });
    try {
      const app = new AppState(folder(), databases.open());
      await app.start();
      await app.search.settled();
      expect(framesAtCacheRead).toBeGreaterThanOrEqual(0);
      expect(framesAtSync.length).toBeGreaterThan(0);
      expect(framesAtSync[0]).toBeGreaterThan(framesAtCacheRead);
      expect(app.search.indexed).toBe(FILES);
      app.stop();
    } finally {
      cacheSpy.mockRestore();
      syncSpy.mockRestore();
      delete page.requestAnimationFrame;
    }
  });

  it('a window closed while it waits for that frame does not ask the index at all', async () => {
    const page = globalThis as { requestAnimationFrame?: (draw: () => void) => number };
    // A page that never draws (a hidden window): the start waits its fallback time.
    page.requestAnimationFrame = () => 0;
    let app: AppState | null = null;
    const cacheRead = LibraryState.prototype.cacheRead;
    const cacheSpy = vi.spyOn(LibraryState.prototype, 'cacheRead').mockImplementation(function (this: LibraryState) {
      // The window closes as the start has its headers, before the frame it waits for.
      return cacheRead.call(this).then(() => app!.stop());
    });
    const syncSpy = vi.spyOn(SearchState.prototype, 'sync');
    try {
      app = new AppState(folder(), null);
      await app.start();
      expect(syncSpy).not.toHaveBeenCalled();
    } finally {
      cacheSpy.mockRestore();
      syncSpy.mockRestore();
      delete page.requestAnimationFrame;
    }
  });

  it('a first start in a new profile shows the list and its first titles before the database is made', async () => {
    const host = folder();
    host.listsUnread = true;
    const { db, release } = slowToOpen();
    const app = new AppState(host, db);
    const started = app.start();
    await until(() => app.library.status === 'ready' && app.library.items.some((item) => item.meta !== null), 'titles with the database still closed');
    expect(db.isOpen()).toBe(false);
    release();
    await started;
    await app.library.settled();
    expect(app.library.items.every((item) => item.meta !== null)).toBe(true);
    // The headers reached the cache.
    await until(async () => (await new ListDigest(listDigestName(db.name)).readLatest(CLEAN_VERSION))?.headers.size === FILES, 'every header in the cache');
    app.stop();
  });

  it('a start in a profile that has its database waits for it before listing (titles, sort and settings are stored there)', async () => {
    const name = databases.freshName();
    const made = databases.open(name);
    await made.open();
    made.close();
    const host = folder();
    host.listsUnread = true;
    const { db, release } = slowToOpen(name);
    const app = new AppState(host, db);
    const started = app.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(app.library.status).toBe('loading');
    release();
    await started;
    expect(app.library.status).toBe('ready');
    app.stop();
  });

  it('lets a read-ahead go when the list takes another listing', async () => {
    const host = folder();
    host.listsUnread = true;
    const library = new LibraryState(host, null, () => 'date');
    library.readAhead(host.getLibrary());
    await until(() => host.bulkReads.length > 0, 'the read-ahead');
    host.files.delete('00.txt');
    await library.load(host.getLibrary());
    await library.settled();
    expect(library.entries.map((e) => e.key)).not.toContain('00.txt');
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
  });

  it('reads the rows the list shows first before the others', async () => {
    const host = new FakeHost();
    // Listed by key, shown newest first once dated; before any header only the keys order the list.
    for (const key of ['b.txt', 'a.txt', 'c.txt']) host.files.set(key, { text: `${key}的标题\n\n正文。\n` });
    host.listsUnread = true;
    const library = new LibraryState(host, null, () => 'title');
    await library.load();
    await library.settled();
    expect(host.bulkReads.flat()).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('shows the scan’s count a few times a second, not once a batch, and exactly at the end', async () => {
    const host = new FakeHost();
    const files = 520;
    for (let i = 0; i < files; i++) host.files.set(`${String(i).padStart(3, '0')}.txt`, { text: `第${i}篇\n\n正文第${i}段。\n` });
    // Each answer takes 150 ms, a few asked at once: batches far more often than the count may show.
    const api = new Proxy(host, {
      get: (target, name) =>
        name === 'readArticles'
          ? async (keys: string[]) => {
              await new Promise((r) => setTimeout(r, 150));
              return target.readArticles(keys);
            }
          : Reflect.get(target, name),
    });
    const library = new LibraryState(api, null, () => 'date', () => null);
    const shown: { value: number; at: number }[] = [];
    // Every value the count is given, and when (the field is a plain one where tests compile the state).
    let current = library.scanDone;
    Object.defineProperty(library, 'scanDone', {
      get: () => current,
      set(value: number) {
        shown.push({ value, at: performance.now() });
        current = value;
      },
    });
    await library.load();
    await library.settled();
    const batches = host.bulkReads.length;
    expect(batches).toBeGreaterThanOrEqual(11);
    expect([library.scanDone, library.scanTotal]).toEqual([files, files]);
    const values = shown.map((s) => s.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // Between the start's 0 and the end's total, each count shown a quarter second or more after the one before.
    const between = shown.filter((s) => s.value > 0 && s.value < files);
    expect(between.length).toBeGreaterThan(0);
    expect(between.length).toBeLessThan(batches - 2);
    for (let i = 1; i < between.length; i++) expect(between[i].at - between[i - 1].at).toBeGreaterThanOrEqual(240);
  });

  it('a file changed later is read once too', async () => {
    const host = folder();
    const app = new AppState(host, null);
    await app.start();
    await app.library.settled();
    await app.search.settled();
    host.reads.length = 0;
    host.files.set('05.txt', { text: '改写后的第05篇\n\n正文换成了新的内容：生物医药。\n' });
    host.emit({ type: 'change', entry: host.entry('05.txt') });
    await app.library.settled();
    await app.search.settled();
    expect(host.reads).toEqual(['05.txt']);
    expect(app.library.item('05.txt')?.meta?.title).toBe('改写后的第05篇');
    expect((await app.search.run('生物医药')).articles.map((a) => a.key)).toEqual(['05.txt']);
    app.stop();
  });
});
