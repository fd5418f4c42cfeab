import { describe, expect, it } from 'vitest';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { listDetails, readingLength } from '../../src-renderer/core/listDetails.ts';
import { LibraryState } from '../../src-renderer/state/library.svelte.ts';
import { readFileSync } from 'node:fs';
import { SEEDS_DIR } from '../support/fakeHost.ts';
import { SettingsState, type LibrarySort } from '../../src-renderer/state/settings.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';

const databases = testDatabases('pizhu-library');
const freshDb = (name?: string): PizhuDatabase => databases.open(name);

async function loaded(host: FakeHost, db: PizhuDatabase | null) {
  // A real (reactive) settings state, so the sorted list follows a sort change as in the app.
  const settings = new SettingsState(null);
  const library = new LibraryState(host, db, () => settings.librarySort);
  await library.load();
  await library.settled();
  return { library, setSort: (s: LibrarySort) => settings.set('librarySort', s) };
}

describe('LibraryState', () => {
  it('lists the seeds with their parsed headers', async () => {
    const { library } = await loaded(FakeHost.withSeeds(), freshDb());
    expect(library.status).toBe('ready');
    expect(library.items).toHaveLength(5);
    const title = (key: string) => library.item(key)?.meta?.title;
    expect(title(SEED.s002)).toBe('德清：创新为翼攀高峰');
    expect(title(SEED.s003)).toBe('吴兴：加快打造新青年城市');
    expect(library.item(SEED.s004)?.meta?.titleDerived).toBe(true);
    expect(library.item(SEED.s004)?.hasRuby).toBe(true);
    expect(library.item(SEED.s000)?.hasRuby).toBe(false);
    for (const item of library.items) expect(item.length).toBeGreaterThan(1000);
  });

  it('sorts by date (dated first, newest first), by title and by source', async () => {
    const host = FakeHost.withSeeds();
    host.files.set('zz.txt', { text: '阿里云走进安吉\n\n这是一篇没有日期的短文，用来检验排序。\n' });
    const { library, setSort } = await loaded(host, null);
    expect(library.visible[0].key).toBe(SEED.s002);
    expect(library.visible.at(-1)?.key).toBe('zz.txt');
    setSort('title');
    expect(library.visible[0].key).toBe('zz.txt');
    const titles = library.visible.map((i) => i.meta!.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('zh-Hans-CN', { numeric: true }).compare));
    setSort('source');
    expect(library.visible[0].key).toBe(SEED.s002); // the only one with a source
  });

  it('filters by title, source or place in either script', async () => {
    const { library } = await loaded(FakeHost.withSeeds(), null);
    library.filter = '德清';
    expect(library.visible.map((i) => i.key)).toEqual([SEED.s002]);
    library.filter = '吳興';
    expect(library.visible.map((i) => i.key)).toEqual([SEED.s003]);
    library.filter = '浙江在線';
    expect(library.visible.map((i) => i.key)).toEqual([SEED.s002]);
    library.filter = '安吉';
    expect(library.visible.map((i) => i.key).sort()).toEqual([SEED.s000, SEED.s001]);
    library.filter = '不存在的文章';
    expect(library.visible).toEqual([]);
    library.filter = '，';
    expect(library.visible).toHaveLength(5);
  });

  it('uses the Dexie cache on the next start and parses only changed files', async () => {
    const db = freshDb();
    const host = FakeHost.withSeeds();
    await loaded(host, db);
    expect(host.reads).toHaveLength(5);

    host.reads = [];
    host.files.set(SEED.s003, { text: host.files.get(SEED.s003)!.text + '\n新增一段。\n' });
    const { library } = await loaded(host, db);
    expect(host.reads).toEqual([SEED.s003]);
    expect(library.item(SEED.s000)?.meta?.title).toContain('安吉');
    expect(library.item(SEED.s003)?.meta?.title).toBe('吴兴：加快打造新青年城市');
  });

  it('shows per-file errors without breaking the others', async () => {
    const host = FakeHost.withSeeds();
    host.files.set('broken/binary.txt', { error: { code: 'binary', detail: 'NUL bytes' } });
    host.files.set('empty.md', { text: '' });
    const { library } = await loaded(host, null);
    expect(library.item('broken/binary.txt')?.error?.code).toBe('binary');
    expect(library.item(SEED.s002)?.meta?.title).toBe('德清：创新为翼攀高峰');
    // A file that is gone by the time we read it.
    host.files.delete(SEED.s001);
    const library2 = new LibraryState(host, null, () => 'date');
    library2.applySnapshot({ ...host.snapshot(), entries: [...host.snapshot().entries, { ...library.item(SEED.s001)!.entry }] });
    await library2.settled();
    expect(library2.item(SEED.s001)?.error?.code).toBe('vanished');
  });

  it('follows add, change, remove and reset events', async () => {
    const host = FakeHost.withSeeds();
    const { library } = await loaded(host, null);
    host.files.set('new.txt', { text: '新文章标题\n\n正文第一段，讲营商环境。' });
    library.applyEvent({ type: 'add', entry: host.entry('new.txt') });
    await library.settled();
    expect(library.items).toHaveLength(6);
    expect(library.item('new.txt')?.meta).not.toBeNull();

    library.applyEvent({ type: 'remove', key: SEED.s000 });
    expect(library.item(SEED.s000)).toBeUndefined();

    host.files.set(SEED.s002, { error: { code: 'undecodable', detail: 'bad bytes' } });
    library.applyEvent({ type: 'change', entry: host.entry(SEED.s002) });
    await library.settled();
    expect(library.item(SEED.s002)?.error?.code).toBe('undecodable');
    expect(library.item(SEED.s002)?.meta).toBeNull();

    library.applyEvent({ type: 'reset', snapshot: { library: { root: '/other', name: 'other', isDefault: false }, entries: [] } });
    expect(library.items).toEqual([]);
    expect(library.info?.name).toBe('other');
  });

  it('reports a host failure instead of an empty list', async () => {
    const host = FakeHost.withSeeds();
    host.getLibrary = async () => {
      throw new Error('web host answered 500: disk on fire');
    };
    const library = new LibraryState(host, null, () => 'date');
    await library.load();
    expect(library.status).toBe('failed');
    expect(library.loadError).toContain('500');
    expect(library.tokenRefused).toBe(false);
    host.getLibrary = async () => {
      throw Object.assign(new Error('web host answered 401: bad token'), { status: 401 });
    };
    await library.load();
    expect(library.tokenRefused).toBe(true);
  });

  it('counts reading length without whitespace and astral characters once', () => {
    expect(readingLength('营商 环境\n𠀀')).toBe(5);
  });

  it('skips exactly what \\s matches in JavaScript, and counts a lone surrogate as one', () => {
    // ECMAScript WhiteSpace and LineTerminator, listed by hand from the specification.
    const whitespace = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
    expect(readingLength(whitespace)).toBe(0);
    // Zero-width space, NEL and the Mongolian vowel separator are not \s.
    expect(readingLength('\u200b\u0085\u180e')).toBe(3);
    // A high surrogate alone, a low one alone, then a pair.
    expect(readingLength('\ud840甲\udc00乙\ud840\udc00')).toBe(5);
  });
});

describe('list details of a very long file', () => {
  it('reads the header from the opening and the end, and counts the whole text', () => {
    const seed = readFileSync(`${SEEDS_DIR}/${SEED.s000}`, 'utf8');
    const short = listDetails(seed, SEED.s000);
    // The seed's body repeated to 1.5 M characters: past the whole-parse limit.
    const body = seed.slice(seed.indexOf('\n', 200));
    const long = seed + body.repeat(Math.ceil(1_500_000 / body.length));
    const details = listDetails(long, SEED.s000);
    expect(details.meta.title).toBe(short.meta.title);
    expect(details.meta.source).toBe(short.meta.source);
    expect(details.meta.date).toBe(short.meta.date);
    expect(details.length).toBe(readingLength(long));
    expect(details.length).toBeGreaterThan(1_000_000);
  });
});
