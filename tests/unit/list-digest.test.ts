// The list's headers kept in one record a library (db/listDigest.ts): a pass over the folder
// caches what it parsed there, not in a row a file; a start takes its titles from it in one
// read, checks each against the listing's fingerprint, and looks up what it lacks in the header
// cache's table before reading any file.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { ListDigest, listDigestName } from '../../src-renderer/db/listDigest.ts';
import { startEarly } from '../../src-renderer/earlyStart.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { keyRanksOf } from '../../src-renderer/state/keyOrder.ts';
import { LibraryState } from '../../src-renderer/state/library.svelte.ts';
import { until } from '../support/appHarness.ts';
import { FakeHost, SEED, showLibrary } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

const databases = testDatabases('list-digest');

/** A start as the app makes one: the cache read first, then the listing, then the background pass. */
async function started(host: FakeHost, db: PizhuDatabase, digestDelayMs = 0): Promise<LibraryState> {
  const library = new LibraryState(host, db, () => 'date');
  library.digestDelayMs = digestDelayMs;
  library.prefetchCache();
  await library.load();
  await library.settled();
  return library;
}

/** A first start on the seeds, closed once it has written the digest of their five headers. */
async function firstStartWritingDigest(host: FakeHost, db: PizhuDatabase): Promise<void> {
  const first = await started(host, db);
  await until(async () => (await digestKeys(db))?.length === 5, 'the digest');
  await first.close();
}

/** The keys in the digest of the library written last. */
async function digestKeys(db: PizhuDatabase): Promise<string[] | null> {
  const read = await new ListDigest(listDigestName(db.name)).readLatest(CLEAN_VERSION);
  return read ? [...read.headers.keys()].sort() : null;
}

const OTHER_ROOT = '/tmp/pizhu-test/其他';

/** The host now shows another library, of one file; the seeds' files, as they were, are returned. */
function showOtherLibrary(host: FakeHost): FakeHost['files'] {
  const seeds = new Map(host.files);
  host.files = new Map([['其他.txt', { text: '另一个文件夹的文章\n\n正文。\n' }]]);
  showLibrary(host, OTHER_ROOT, new Map());
  return seeds;
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Long enough for a digest write scheduled with no delay to have begun. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const SEED_KEYS = [SEED.s000, SEED.s001, SEED.s002, SEED.s003, SEED.s004].sort();

describe('the list digest', () => {
  it('reads back what it wrote, and nothing a parser of another clean version wrote', async () => {
    const name = listDigestName(databases.freshName());
    const digest = new ListDigest(name);
    try {
      expect(await digest.readLatest(3)).toBeNull();
      const meta = { kicker: null, title: '德清：创新为翼攀高峰', titleDerived: false, subtitle: null, authors: ['记者'], date: '2022-07-04', source: '浙江在线', editor: null, place: '德清' };
      await digest.write(3, '/data/县域', [['德清.txt', { fingerprint: 'f1', meta, length: 1234, hasRuby: false }]]);
      const headers = new Map([['德清.txt', { fingerprint: 'f1', meta, length: 1234, hasRuby: false }]]);
      expect(await digest.readLatest(3)).toEqual({ library: '/data/县域', headers });
      expect(await digest.read(3, '/data/县域')).toEqual({ library: '/data/县域', headers });
      expect(await digest.read(3, '/data/其他')).toBeNull();
      expect(await digest.readLatest(4)).toBeNull();
    } finally {
      await Dexie.delete(name);
    }
  });

  it('keeps each library its own record, the seven left most recently beside the latest', async () => {
    const name = listDigestName(databases.freshName());
    const digest = new ListDigest(name);
    const header = (title: string) => ({ fingerprint: `f-${title}`, meta: { kicker: null, title, titleDerived: false, subtitle: null, authors: [], date: null, source: null, editor: null, place: null }, length: 10, hasRuby: false });
    const titleIn = async (root: string) => (await digest.read(3, root))?.headers.get('a.txt')?.meta.title ?? null;
    try {
      await digest.write(3, '/lib/甲', [['a.txt', header('甲的文章')]]);
      await digest.write(3, '/lib/乙', [['a.txt', header('乙的文章')]]);
      expect((await digest.readLatest(3))?.library).toBe('/lib/乙');
      expect(await titleIn('/lib/甲')).toBe('甲的文章');
      expect(await titleIn('/lib/乙')).toBe('乙的文章');
      // Back to 甲, rewritten: the latest again, and 乙 keeps its own.
      await digest.write(3, '/lib/甲', [['a.txt', header('甲改过')]]);
      expect((await digest.readLatest(3))?.library).toBe('/lib/甲');
      expect(await titleIn('/lib/甲')).toBe('甲改过');
      expect(await titleIn('/lib/乙')).toBe('乙的文章');
      // Eight more libraries, one after another: 乙 and 甲 were left longest ago, so they go.
      for (const n of ['1', '2', '3', '4', '5', '6', '7', '8']) await digest.write(3, `/lib/${n}`, [['a.txt', header(`第${n}个`)]]);
      expect(await titleIn('/lib/乙')).toBeNull();
      expect(await titleIn('/lib/甲')).toBeNull();
      expect(await titleIn('/lib/1')).toBe('第1个');
      expect(await titleIn('/lib/8')).toBe('第8个');
    } finally {
      await Dexie.delete(name);
    }
  });

  it('gives a second start every title without a row of the table or a file read', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    expect(await digestKeys(db)).toEqual(SEED_KEYS);
    // The pass cached its headers in the digest alone, not in a row a file.
    expect(await db.articles.count()).toBe(0);
    host.reads = [];
    const library = await started(host, db);
    expect(host.reads).toEqual([]);
    expect(library.item(SEED.s002)?.meta?.title).toBe('德清：创新为翼攀高峰');
    expect(library.item(SEED.s003)?.meta?.title).toBe('吴兴：加快打造新青年城市');
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
    await library.close();
  });

  it('reads a file whose text changed since its header went into the digest', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    host.files.set(SEED.s003, { text: '吴兴换了标题\n\n正文一段。\n' });
    host.reads = [];
    const library = await started(host, db);
    expect(host.reads).toEqual([SEED.s003]);
    expect(library.item(SEED.s003)?.meta?.title).toBe('吴兴换了标题');
    await library.close();
  });

  it('looks up in the table a header the digest lacks, before reading the file', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    // A new file whose header reached the table but not the digest (the app closed in between).
    // Its title there is not the file's: only the table can give it.
    host.files.set('new.txt', { text: '新文章标题\n\n正文第一段，讲营商环境。\n' });
    const meta = { kicker: null, title: '表里的标题', titleDerived: false, subtitle: null, authors: [], date: null, source: null, editor: null, place: null };
    await db.articles.put({ key: 'new.txt', fingerprint: host.entry('new.txt').fingerprint!, cleanVersion: CLEAN_VERSION, libraryRoot: '', meta, length: 12, hasRuby: false, seenAt: 0 });
    host.reads = [];
    const library = await started(host, db);
    expect(host.reads).toEqual([]);
    expect(library.item('new.txt')?.meta?.title).toBe('表里的标题');
    expect(library.item(SEED.s002)?.meta?.title).toBe('德清：创新为翼攀高峰');
    // And this start writes the digest with it.
    await until(async () => (await digestKeys(db))?.length === 6, 'the digest with the new file');
    await library.close();
  });

  it('is not written again by a start it served whole, nor by a change event', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    const write = vi.spyOn(ListDigest.prototype, 'write');
    const library = await started(host, db);
    await settle();
    expect(write).not.toHaveBeenCalled();
    // A saved file: its new header goes to the table, not into a rewrite of every header.
    host.files.set(SEED.s003, { text: '吴兴换了标题\n\n正文一段。\n' });
    library.applyEvent({ type: 'change', entry: host.entry(SEED.s003) });
    await library.settled();
    await settle();
    expect(library.item(SEED.s003)?.meta?.title).toBe('吴兴换了标题');
    expect(write).not.toHaveBeenCalled();
    await library.close();
  });

  it('when the digest cannot be read, takes what the table has and reads the rest of the files, saying so', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    // A header a change event cached in the table.
    const meta = { kicker: null, title: '表里的标题', titleDerived: false, subtitle: null, authors: [], date: null, source: null, editor: null, place: null };
    await db.articles.put({ key: SEED.s001, fingerprint: host.entry(SEED.s001).fingerprint!, cleanVersion: CLEAN_VERSION, libraryRoot: '', meta, length: 12, hasRuby: false, seenAt: 0 });
    vi.spyOn(ListDigest.prototype, 'readLatest').mockRejectedValue(new Error('the digest is unreadable'));
    vi.spyOn(ListDigest.prototype, 'read').mockRejectedValue(new Error('the digest is unreadable'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    host.reads = [];
    const library = await started(host, db);
    expect(host.reads.sort()).toEqual(SEED_KEYS.filter((key) => key !== SEED.s001));
    expect(library.item(SEED.s001)?.meta?.title).toBe('表里的标题');
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
    expect(logged).toHaveBeenCalledWith('pizhu: list digest unavailable', expect.any(Error));
    await library.close();
  });

  it('gives a library opened again its own titles after another library was open', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    // Another library is opened and scanned: its digest becomes the latest.
    const seeds = showOtherLibrary(host);
    const other = await started(host, db);
    expect(other.item('其他.txt')?.meta?.title).toBe('另一个文件夹的文章');
    await until(async () => (await digestKeys(db))?.join() === '其他.txt', 'the other library’s digest');
    await other.close();
    // Back to the seeds: their headers come from their own record, no file read.
    host.files = seeds;
    host.snapshot = () => FakeHost.prototype.snapshot.call(host);
    host.reads = [];
    const library = await started(host, db);
    expect(host.reads).toEqual([]);
    expect(library.item(SEED.s002)?.meta?.title).toBe('德清：创新为翼攀高峰');
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
    await library.close();
  });

  it('writes a library the write was asked for, though another library was opened while it waited', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    const library = new LibraryState(host, db, () => 'date');
    library.digestDelayMs = 0;
    // The first write (the seeds') is held until the other library's pass has ended.
    const write = ListDigest.prototype.write;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const written: string[] = [];
    vi.spyOn(ListDigest.prototype, 'write').mockImplementation(async function (this: ListDigest, ...args: Parameters<ListDigest['write']>) {
      written.push(args[1]);
      if (written.length === 1) await held;
      return write.apply(this, args);
    });
    library.prefetchCache();
    await library.load();
    await library.settled();
    await until(() => written.length === 1, 'the seeds’ write asked for');
    // A second pass over the seeds, with a file changed: its write waits behind the first.
    host.files.set(SEED.s003, { text: '吴兴换了标题\n\n正文一段。\n' });
    await library.load();
    await library.settled();
    const seeds = showOtherLibrary(host);
    await library.load();
    await library.settled();
    expect(library.item('其他.txt')?.meta?.title).toBe('另一个文件夹的文章');
    release();
    await until(() => written.length === 3, 'the writes asked for');
    await library.close();
    expect(written).toEqual([written[0], written[0], OTHER_ROOT]);
    const digest = new ListDigest(listDigestName(db.name));
    const ofSeeds = await digest.read(CLEAN_VERSION, written[0]);
    const ofOther = await digest.read(CLEAN_VERSION, OTHER_ROOT);
    expect([...(ofSeeds?.headers.keys() ?? [])].sort()).toEqual([...seeds.keys()].sort());
    expect(ofSeeds?.headers.get(SEED.s003)?.meta.title).toBe('吴兴换了标题');
    expect([...(ofOther?.headers.keys() ?? [])]).toEqual(['其他.txt']);
  });

  it('keeps a file opened on its own out of its folder’s digest: its header goes to the table', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    const write = vi.spyOn(ListDigest.prototype, 'write');
    // The seeds' folder again, now as a library of one file in it.
    const base = host.snapshot.bind(host);
    host.snapshot = () => {
      const whole = base();
      return { library: { ...whole.library, singleFile: SEED.s002 }, entries: whole.entries.filter((e) => e.key === SEED.s002) };
    };
    host.files.set(SEED.s002, { text: '德清换了标题\n\n正文一段。\n' });
    const single = await started(host, db);
    await settle();
    expect(single.item(SEED.s002)?.meta?.title).toBe('德清换了标题');
    expect(write).not.toHaveBeenCalled();
    expect((await db.articles.get(SEED.s002))?.meta.title).toBe('德清换了标题');
    // The folder's own record still holds all five.
    expect(await digestKeys(db)).toEqual(SEED_KEYS);
    await single.close();
  });

  it('keeps the headers in the table when the digest cannot be written, so the next start reads no file', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    vi.spyOn(ListDigest.prototype, 'write').mockRejectedValue(new Error('quota exceeded'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const first = await started(host, db);
    await until(async () => (await db.articles.count()) === SEED_KEYS.length, 'the headers in the table');
    expect(logged).toHaveBeenCalledWith('pizhu: list digest not written', expect.any(Error));
    await first.close();
    host.reads = [];
    const library = await started(host, db);
    expect(host.reads).toEqual([]);
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
    await library.close();
  });

  it('keeps the headers in the list’s key order, numbers as numbers, and the next start takes that order as it was kept', async () => {
    const db = databases.open();
    const host = new FakeHost();
    for (const n of [10, 2, 12, 1, 11, 3]) host.files.set(`篇${n}.txt`, { text: `第${n}篇\n\n正文。\n` });
    const first = await started(host, db);
    await until(async () => (await digestKeys(db))?.length === 6, 'the digest');
    await first.close();
    const stored = await new ListDigest(listDigestName(db.name)).readLatest(CLEAN_VERSION);
    expect([...stored!.headers.keys()]).toEqual(['篇1.txt', '篇2.txt', '篇3.txt', '篇10.txt', '篇11.txt', '篇12.txt']);

    // Gone since: the order kept still names it, where a sort of the listing would not.
    host.files.delete('篇12.txt');
    // Ranks of other keys, as after another library: the next list's keys are not all ranked.
    keyRanksOf([{ key: '别的.txt' }]);
    host.reads = [];
    const next = await started(host, db);
    expect(host.reads).toEqual([]);
    expect(next.visible.map((item) => item.key)).toEqual(['篇1.txt', '篇2.txt', '篇3.txt', '篇10.txt', '篇11.txt']);
    expect([...keyRanksOf(next.items).keys()]).toEqual(['篇1.txt', '篇2.txt', '篇3.txt', '篇10.txt', '篇11.txt', '篇12.txt']);
    await next.close();
  });

  it('writes what a long pass has parsed as it goes, so an app closed in the middle of it keeps that', async () => {
    const db = databases.open();
    const host = new FakeHost();
    const keys: string[] = [];
    for (let i = 0; i < 40; i++) {
      const key = `${String(i).padStart(2, '0')}.txt`;
      keys.push(key);
      host.files.set(key, { text: `第${i}篇的标题\n\n正文${i}。\n` });
    }
    const read = host.readArticles.bind(host);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    host.readArticles = async (asked: string[]) => {
      if (++calls > 1) await held;
      return read(asked);
    };
    const first = new LibraryState(host, db, () => 'date');
    first.digestCheckpointMs = 0;
    first.prefetchCache();
    await first.load();
    await until(() => calls === 2, 'the second read asked for');
    const firstBatch = host.bulkReads[0];
    expect(firstBatch.length).toBeLessThan(40);
    // The second read never comes back before the app closes.
    await until(async () => (await digestKeys(db))?.join() === [...firstBatch].sort().join(), 'the headers of the first batch in the digest');
    await first.close();
    host.readArticles = read;
    host.reads = [];
    const library = await started(host, db);
    expect(host.reads.sort()).toEqual(keys.filter((key) => !firstBatch.includes(key)));
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
    await library.close();
    release();
  });

  it('hands a listing that comes after the cached headers its titles in the same turn', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    const library = new LibraryState(host, db, () => 'date');
    library.prefetchCache();
    await until(() => (library as unknown as { prefetchedRows: unknown }).prefetchedRows !== null, 'the cached headers');
    library.applySnapshot(await host.getLibrary());
    // No await between the listing and this look: the headers came with the entries.
    expect(library.items.every((item) => item.meta !== null)).toBe(true);
    await library.settled();
    await library.close();
  });
  it('takes the cached headers the page’s entry read, reading the digest no second time', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    const reads = vi.spyOn(ListDigest.prototype, 'readLatestOfAnyVersion');
    // As the entry does: the read starts before the app exists.
    const early = startEarly(host, listDigestName(db.name));
    host.reads = [];
    const library = new LibraryState(host, db, () => 'date');
    library.prefetchCache(early.digest);
    await library.load(early.listing);
    await library.settled();
    expect(reads).toHaveBeenCalledTimes(1);
    expect(host.reads).toEqual([]);
    expect(library.items.map((item) => item.meta?.title ?? null).every((title) => title !== null)).toBe(true);
    await library.close();
  });

  it('reads the digest itself when the entry read another database’s, and takes no headers a parser of another version made', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    // Another database's read: not this list's, so the list reads its own.
    const elsewhere = startEarly(host, listDigestName(databases.freshName()));
    host.reads = [];
    const library = new LibraryState(host, db, () => 'date');
    library.prefetchCache(elsewhere.digest);
    await library.load();
    await library.settled();
    expect(host.reads).toEqual([]);
    await library.close();

    // The entry's read made by a parser one version older: its headers are not shown, every file is read again.
    const early = startEarly(host, listDigestName(db.name));
    const latest = await early.digest!.latest;
    expect(latest?.cleanVersion).toBe(CLEAN_VERSION);
    const older = { name: early.digest!.name, latest: Promise.resolve({ ...latest!, cleanVersion: CLEAN_VERSION - 1 }) };
    host.reads = [];
    const again = new LibraryState(host, db, () => 'date');
    again.prefetchCache(older);
    await again.load();
    await again.settled();
    expect(host.reads.sort()).toEqual(SEED_KEYS);
    await again.close();
  });
  it('an app handed the entry’s start reads the digest once, and one whose digest cannot be read says so once and reads the files', async () => {
    const db = databases.open();
    const host = FakeHost.withSeeds();
    await firstStartWritingDigest(host, db);
    const reads = vi.spyOn(ListDigest.prototype, 'readLatestOfAnyVersion');
    const app = new AppState(host, db);
    app.prefetch(startEarly(host, listDigestName(db.name)));
    await app.start();
    await app.library.settled();
    expect(reads).toHaveBeenCalledTimes(1);
    expect(app.library.items.every((item) => item.meta !== null)).toBe(true);
    app.stop();

    reads.mockRejectedValue(new Error('the digest is unreadable'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    host.reads = [];
    const next = new AppState(host, db);
    next.prefetch(startEarly(host, listDigestName(db.name)));
    await next.start();
    await next.library.settled();
    expect(logged.mock.calls.filter(([message]) => message === 'pizhu: list digest unavailable')).toHaveLength(1);
    // The seeds' headers are in no table row either: each file is read for its header.
    expect(next.library.items.every((item) => item.meta !== null)).toBe(true);
    expect(host.reads.length).toBeGreaterThan(0);
    next.stop();
  });
});
