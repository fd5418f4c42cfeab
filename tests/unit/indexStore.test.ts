// The search index kept between runs: a second start restores every unchanged article from
// IndexedDB instead of reading and cleaning it, with search results identical to a fresh
// build; a stale format, a damaged entry or another fingerprint is refused and re-read.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indexedText } from '../../src-renderer/core/article.ts';
import { IndexService } from '../../src-renderer/core/indexProtocol.ts';
import { buildIndexEntry, INDEX_FORMAT, LibraryIndex, type StoredIndexEntry } from '../../src-renderer/core/libraryIndex.ts';
import { DexieIndexStore } from '../../src-renderer/db/indexStore.ts';
import { encodeReadResults } from '../../src-main/readResults.ts';
import { scanReadDeferred } from '../../src-renderer/state/scanRead.ts';
import { uncachedSearchKey } from '../../src-renderer/core/searchKey.ts';

// Counted, not changed: a deferred scan must fold no search key before its entries are adopted.
vi.mock('../../src-renderer/core/searchKey.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-renderer/core/searchKey.ts')>();
  return { ...original, uncachedSearchKey: vi.fn(original.uncachedSearchKey) };
});
import { SEEDS_DIR } from '../support/fakeHost.ts';

const files = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort();
const raw = (f: string) => readFileSync(`${SEEDS_DIR}/${f}`, 'utf8');
const wanted = files.map((key) => ({ key, fingerprint: `fp-${key}` }));

let n = 0;
const stores: { store: DexieIndexStore; name: string }[] = [];
function openStore(max?: number): { store: DexieIndexStore; name: string } {
  const name = `pizhu-index-test-${n++}`;
  const opened = { store: new DexieIndexStore(name, max), name };
  stores.push(opened);
  return opened;
}
afterEach(async () => {
  for (const { store, name } of stores.splice(0)) {
    store.close();
    await Dexie.delete(name);
  }
});

async function firstRun(store: DexieIndexStore): Promise<IndexService> {
  const service = new IndexService(new LibraryIndex(), store);
  for (const f of files) await service.handle({ type: 'put', key: f, fingerprint: `fp-${f}`, raw: raw(f) });
  await service.flush();
  return service;
}

describe('stored search index', () => {
  it('a second run restores every article and searches exactly as the first', async () => {
    const { store, name } = openStore();
    const first = await firstRun(store);
    const again = new DexieIndexStore(name);
    stores.push({ store: again, name });
    const second = new IndexService(new LibraryIndex(), again);
    expect(await second.handle({ type: 'restore', wanted })).toBe(files.length);
    expect(second.index.fingerprints()).toEqual(first.index.fingerprints());
    for (const q of ['营商环境', '營商環境', '人才']) expect(second.index.search(q)).toEqual(first.index.search(q));
    expect(second.index.mentions([{ id: 't', names: ['营商环境'], tagged: [] }])).toEqual(first.index.mentions([{ id: 't', names: ['营商环境'], tagged: [] }]));
    // Already there: nothing to restore twice.
    expect(await second.handle({ type: 'restore', wanted })).toBe(0);
  });

  it('restores by content: a renamed file keeps its entry, a changed one does not', async () => {
    const { store } = openStore();
    await firstRun(store);
    const next = new IndexService(new LibraryIndex(), store);
    const restored = await next.handle({
      type: 'restore',
      wanted: [
        { key: 'renamed/000.txt', fingerprint: `fp-${files[0]}` },
        { key: files[1], fingerprint: 'fp-changed' },
      ],
    });
    expect(restored).toBe(1);
    expect(Object.keys(next.index.fingerprints())).toEqual(['renamed/000.txt']);
  });

  it('refuses entries of another format or with a damaged map', () => {
    const index = new LibraryIndex();
    index.put('a.txt', 'fp', raw(files[0]));
    const good = index.stored('a.txt')!;
    const fresh = () => new LibraryIndex();
    expect(fresh().restore('a.txt', good)).toBe(true);
    expect(good.format).toBe(INDEX_FORMAT);
    const bad: StoredIndexEntry[] = [
      { ...good, format: 'clean1-key1' },
      { ...good, text: good.text.slice(1) },
      { ...good, key: good.key + 'x' },
      { ...good, map: { ...good.map, src: good.map.src.slice(1) } },
      { ...good, map: { ...good.map, dst: Int32Array.from(good.map.dst).reverse() } },
      { ...good, map: { src: [0] as unknown as Int32Array, dst: good.map.dst, flags: good.map.flags } },
      // The blocks a passage is cut in: odd, out of the text, or out of order.
      { ...good, units: good.units.slice(1) },
      { ...good, units: [0, good.text.length + 1] },
      { ...good, units: [10, 20, 0, 5] },
      { ...good, units: undefined as unknown as number[] },
    ];
    for (const entry of bad) expect(fresh().restore('a.txt', entry)).toBe(false);
  });

  it('keeps the newest entries when the store is full', async () => {
    const { store } = openStore(3);
    const service = await firstRun(store);
    const kept = await store.load(files.map((f) => `fp-${f}`));
    expect(kept).toHaveLength(3);
    expect(service.index.fingerprints()).toHaveProperty(files[0]);
  });

  it('keeps its count itself: the same entries saved again take no room, and a save counts nothing', async () => {
    const { store } = openStore(files.length);
    await firstRun(store);
    const indexCount = vi.spyOn(IDBIndex.prototype, 'count');
    const storeCount = vi.spyOn(IDBObjectStore.prototype, 'count');
    try {
      // Every file again (a second library of the same articles): still every one kept.
      await firstRun(store);
      expect(await store.load(files.map((f) => `fp-${f}`))).toHaveLength(files.length);
      expect(indexCount).not.toHaveBeenCalled();
      expect(storeCount).not.toHaveBeenCalled();
    } finally {
      indexCount.mockRestore();
      storeCount.mockRestore();
    }
  });

  it('a store written by the version before counts its entries once, on upgrade', async () => {
    const name = `pizhu-index-test-${n++}`;
    const older = new Dexie(name);
    older.version(1).stores({ entries: 'fingerprint, savedAt' });
    const index = new LibraryIndex();
    index.put('x.txt', 'fp', raw(files[0]));
    const entry = index.stored('x.txt')!;
    // Four entries, written at 1 … 4.
    await older.table('entries').bulkPut([1, 2, 3, 4].map((i) => ({ ...entry, fingerprint: `old-${i}`, savedAt: i })));
    older.close();
    const store = new DexieIndexStore(name, 5);
    stores.push({ store, name });
    // Two more: one over the limit of five, so the oldest goes.
    await store.save([
      { ...entry, fingerprint: 'new-1' },
      { ...entry, fingerprint: 'new-2' },
    ]);
    const kept = (await store.load(['old-1', 'old-2', 'old-3', 'old-4', 'new-1', 'new-2'])).map((e) => e.fingerprint);
    expect(kept).toEqual(['old-2', 'old-3', 'old-4', 'new-1', 'new-2']);
  });

  it('holds the entries a scan adopts while it goes on, and writes them once it pauses, 200 a transaction', async () => {
    vi.useFakeTimers();
    try {
      const saved: number[] = [];
      const store = { load: () => Promise.resolve([]), save: (entries: readonly StoredIndexEntry[]) => (saved.push(entries.length), Promise.resolve()) };
      const service = new IndexService(new LibraryIndex(), store);
      const indexed = indexedText(raw(files[0]), files[0]);
      // 10,050 files in batches of 50, a batch every 100 ms: no pause of a second.
      for (let batch = 0; batch < 201; batch++) {
        const entries = Array.from({ length: 50 }, (_, i) => ({ key: `k${batch * 50 + i}`, entry: buildIndexEntry(`fp${batch * 50 + i}`, indexed) }));
        expect(await service.handle({ type: 'adopt', entries })).toBe(50);
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(saved).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(saved).toEqual([...Array.from({ length: 50 }, () => 200), 50]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a store that fails only costs a re-read', async () => {
    const warnings: string[] = [];
    const broken = { load: () => Promise.reject(new Error('disk gone')), save: () => Promise.reject(new Error('disk gone')) };
    const service = new IndexService(new LibraryIndex(), broken, (m) => warnings.push(m));
    expect(await service.handle({ type: 'restore', wanted })).toBe(0);
    expect(await service.handle({ type: 'put', key: files[0], fingerprint: 'fp', raw: raw(files[0]) })).toBe(true);
    await service.flush();
    expect(warnings).toEqual(['pizhu: stored search index unavailable', 'pizhu: search index not stored']);
  });

  it('restores a large library a chunk at a time, copies of one file included, and keeps what came before a failure', async () => {
    const entry = (await (async () => {
      const index = new LibraryIndex();
      index.put('x.txt', 'fp', raw(files[0]));
      return index.stored('x.txt')!;
    })()) as StoredIndexEntry;
    const many = Array.from({ length: 650 }, (_, i) => ({ ...entry, fingerprint: `fp-${i}` }));
    const asked: number[] = [];
    let failAfter = Infinity;
    const store = {
      load: async (fps: readonly string[]) => {
        if (asked.length >= failAfter) throw new Error('disk gone');
        asked.push(fps.length);
        return many.filter((e) => fps.includes(e.fingerprint));
      },
      save: async () => {},
    };
    // Two keys with the same content (a copy): both restored from one stored entry.
    const wantedMany = [...many.map((e, i) => ({ key: `d/${i}.txt`, fingerprint: e.fingerprint })), { key: 'copy.txt', fingerprint: 'fp-0' }];
    const service = new IndexService(new LibraryIndex(), store);
    expect(await service.handle({ type: 'restore', wanted: wantedMany })).toBe(651);
    expect(asked.length).toBeGreaterThan(1);
    expect(Math.max(...asked)).toBeLessThan(650);
    expect(asked.reduce((a, b) => a + b, 0)).toBe(650);
    expect(service.index.fingerprints()['copy.txt']).toBe('fp-0');

    const warnings: string[] = [];
    asked.length = 0;
    failAfter = 1;
    const partial = new IndexService(new LibraryIndex(), store, (m) => warnings.push(m));
    const got = (await partial.handle({ type: 'restore', wanted: wantedMany })) as number;
    expect(got).toBe(asked[0] + 1);
    expect(warnings).toEqual(['pizhu: stored search index unavailable']);
  });
});

describe('entries a scan worker handed over', () => {
  const entryFor = (key: string, text: string) => ({ key, entry: buildIndexEntry(`fp-${key}`, indexedText(text, key)) });

  it('waits for entries asked for before they came, and adopts them then', async () => {
    const service = new IndexService(new LibraryIndex(), null);
    const asked = service.handle({ type: 'adoptHandedOver', ticket: 7 });
    service.receiveHandOver({ ticket: 7, entries: [entryFor('a.txt', '县里优化营商环境。'), entryFor('b.txt', '招商引资。')] });
    expect(await asked).toBe(2);
    expect(service.index.search('营商环境').articles.map((a) => a.key)).toEqual(['a.txt']);
  });

  it('keeps what makes the entries of a batch the search worker scanned, and makes them only when they are adopted', async () => {
    const file = (key: string, text: string) => ({ ok: true as const, file: { key, text, fingerprint: `fp-${key}`, encoding: 'utf-8' as const, size: text.length * 3, mtimeMs: 1 } });
    const bytes = encodeReadResults([file('繁.txt', '臺灣優化營商環境\n\n縣裡出臺新規。'), file('简.txt', '人才引进\n\n县里引进人才。')]);
    const service = new IndexService(new LibraryIndex(), null);
    const folds = vi.mocked(uncachedSearchKey);
    folds.mockClear();
    const scanned = scanReadDeferred(bytes, (make) => service.receiveDeferred(4, make));
    // The headers now, no entry yet: the list goes on before any search key is folded.
    expect(scanned.scanned.map((r) => (r.ok ? [r.key, r.details.meta.title, r.entry] : r.key))).toEqual([
      ['繁.txt', '臺灣優化營商環境', null],
      ['简.txt', '人才引进', null],
    ]);
    expect(folds).not.toHaveBeenCalled();
    expect(service.index.search('营商环境').totalArticles).toBe(0);
    expect(await service.handle({ type: 'adoptHandedOver', ticket: 4 })).toBe(2);
    expect(folds).toHaveBeenCalledTimes(2);
    // Folded across scripts as a scan made at once would be: the simplified query finds the traditional text.
    expect(service.index.search('营商环境').articles.map((a) => a.key)).toEqual(['繁.txt']);
    expect(service.index.search('人才').articles.map((a) => a.key)).toEqual(['简.txt']);
    // A batch whose pass went stale is let go without its entries ever being made.
    folds.mockClear();
    scanReadDeferred(encodeReadResults([file('旧.txt', '旧闻\n\n正文。')]), (make) => service.receiveDeferred(5, make));
    await service.handle({ type: 'dropHandedOver', ticket: 5 });
    expect(folds).not.toHaveBeenCalled();
    expect(service.handOversHeld).toBe(0);
  });

  it('lets go of dropped entries, whether they came before the drop or after it', async () => {
    const service = new IndexService(new LibraryIndex(), null);
    service.receiveHandOver({ ticket: 1, entries: [entryFor('early.txt', '人才引进。')] });
    await service.handle({ type: 'dropHandedOver', ticket: 1 });
    await service.handle({ type: 'dropHandedOver', ticket: 2 });
    service.receiveHandOver({ ticket: 2, entries: [entryFor('late.txt', '人才引进。')] });
    // A later ticket is still adopted.
    service.receiveHandOver({ ticket: 3, entries: [entryFor('kept.txt', '人才引进。')] });
    expect(await service.handle({ type: 'adoptHandedOver', ticket: 3 })).toBe(1);
    expect(Object.keys(service.index.fingerprints())).toEqual(['kept.txt']);
    // Nothing dropped is kept in memory.
    expect(service.handOversHeld).toBe(0);
  });

  it('gives up on entries that never come rather than hold up every request after', async () => {
    vi.useFakeTimers();
    try {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const service = new IndexService(new LibraryIndex(), null);
      const asked = service.handle({ type: 'adoptHandedOver', ticket: 9 });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await asked).toBe(0);
      expect(warn).toHaveBeenCalledOnce();
      // Should they come after all, they are not adopted behind the page's back.
      service.receiveHandOver({ ticket: 9, entries: [entryFor('stray.txt', '人才。')] });
      expect(service.index.fingerprints()).toEqual({});
      warn.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });
});
