// User titles: stored apart from the article cache, so a changed file keeps them; read by
// the list (title, sort, filter, derived mark) and the reader header in every script.
import { describe, expect, it } from 'vitest';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { readUserTitles } from '../../src-renderer/db/titles.ts';
import { NO_LIBRARY } from '../../src-renderer/core/userRows.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { LibraryState } from '../../src-renderer/state/library.svelte.ts';
import { itemTitle, itemTitleDerived } from '../../src-renderer/state/libraryItems.ts';
import { ReaderState } from '../../src-renderer/state/reader.svelte.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';
import { normaliseUserTitle, USER_TITLE_MAX, UserTitles } from '../../src-renderer/state/userTitles.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { until } from '../support/appHarness.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { ListDigest, listDigestName } from '../../src-renderer/db/listDigest.ts';

const databases = testDatabases('pizhu-titles');
const db = (name?: string): PizhuDatabase => databases.open(name);

const DERIVED_004 = '在縣域經濟爭先進位“群馬圖”上，今年的安徽濉溪縣，一組數據令人印象深刻';

async function library(host: FakeHost, database: PizhuDatabase | null, titles: UserTitles) {
  const settings = new SettingsState(null);
  const state = new LibraryState(host, database, () => settings.librarySort, (key) => titles.get(key));
  await state.load();
  await state.settled();
  return { state, settings };
}

describe('normaliseUserTitle', () => {
  it('makes one line with single spaces and no ends', () => {
    expect(normaliseUserTitle('  濉溪\n营商环境\t新观察  ')).toBe('濉溪 营商环境 新观察');
    expect(normaliseUserTitle('快多好省  敢为争先')).toBe('快多好省 敢为争先');
    expect(normaliseUserTitle('\u3000标题\u3000')).toBe('标题');
    expect(normaliseUserTitle(' \n\t ')).toBe('');
  });

  it('makes ASCII punctuation between Chinese full-width, as the reading text does', () => {
    expect(normaliseUserTitle('濉溪:营商环境,五问之后')).toBe('濉溪：营商环境，五问之后');
    expect(normaliseUserTitle('GDP 2.5% growth: 10:30')).toBe('GDP 2.5% growth: 10:30');
  });

  it('caps the length in characters, not UTF-16 units', () => {
    const long = '𠀀'.repeat(USER_TITLE_MAX + 10);
    expect([...normaliseUserTitle(long)]).toHaveLength(USER_TITLE_MAX);
  });
});

describe('UserTitles', () => {
  it('stores a title, survives a restart, and restoring keeps a tombstone row', async () => {
    const name = databases.freshName();
    const titles = new UserTitles(db(name));
    await titles.openLibrary('bundled');
    expect(titles.set(SEED.s004, '  濉溪:营商环境五问 ')).toBe(true);
    expect(titles.get(SEED.s004)).toBe('濉溪：营商环境五问');
    await titles.flush();

    const again = new UserTitles(db(name));
    await again.openLibrary('bundled');
    expect(again.get(SEED.s004)).toBe('濉溪：营商环境五问');
    expect(again.get(SEED.s000)).toBeNull();

    again.restore(SEED.s004);
    expect(again.get(SEED.s004)).toBeNull();
    await again.flush();
    const third = db(name);
    expect(await readUserTitles(third, 'bundled')).toEqual(new Map());
    expect(await third.libraryTitles.get(['bundled', SEED.s004])).toMatchObject({ libraryId: 'bundled', articleKey: SEED.s004, title: null });
  });

  it('refuses an empty title and writes the last of quick changes', async () => {
    const database = db();
    const titles = new UserTitles(database);
    expect(titles.set(SEED.s000, '   ')).toBe(false);
    expect(titles.get(SEED.s000)).toBeNull();
    titles.set(SEED.s000, '第一稿');
    titles.set(SEED.s000, '第二稿');
    titles.restore(SEED.s000);
    titles.set(SEED.s000, '定稿');
    await titles.flush();
    // No library open: the title is of none, until one is opened.
    expect(await readUserTitles(database, NO_LIBRARY)).toEqual(new Map([[SEED.s000, '定稿']]));
  });

  it('works without a database (private windows), remembering nothing', async () => {
    const titles = new UserTitles(null);
    await titles.load();
    titles.set(SEED.s001, '无库也能改');
    expect(titles.get(SEED.s001)).toBe('无库也能改');
    await titles.flush();
  });
});

describe('user titles in the library list', () => {
  it('replace the title, drop the derived mark, and sort and filter by the new title', async () => {
    const titles = new UserTitles(null);
    const { state, settings } = await library(FakeHost.withSeeds(), null, titles);
    const item = () => state.item(SEED.s004)!;
    expect(itemTitle(item())).toBe(DERIVED_004);
    expect(itemTitleDerived(item())).toBe(true);

    titles.set(SEED.s004, '阿里巴巴看濉溪');
    expect(itemTitle(item())).toBe('阿里巴巴看濉溪');
    expect(itemTitleDerived(item())).toBe(false);
    expect(item().meta?.titleDerived).toBe(true); // the parsed header is untouched

    settings.set('librarySort', 'title');
    expect(state.visible[0].key).toBe(SEED.s004);

    state.filter = '阿里巴巴';
    expect(state.visible.map((i) => i.key)).toEqual([SEED.s004]);
    state.filter = '群馬圖'; // words of the replaced title no longer find it
    expect(state.visible).toEqual([]);
    state.filter = '濉溪'; // the place still does
    expect(state.visible.map((i) => i.key)).toEqual([SEED.s004]);

    titles.restore(SEED.s004);
    state.filter = '群马图';
    expect(state.visible.map((i) => i.key)).toEqual([SEED.s004]);
    expect(itemTitleDerived(item())).toBe(true);
  });

  it('survive the file changing on disk (the article cache is rewritten, the title is not)', async () => {
    const database = db();
    const host = FakeHost.withSeeds();
    const titles = new UserTitles(database);
    await library(host, database, titles);
    titles.set(SEED.s004, '濉溪营商环境');
    await titles.flush();

    host.files.set(SEED.s004, { text: host.files.get(SEED.s004)!.text + '\n文件改动后新增的一段。\n' });
    const restarted = new UserTitles(database);
    await restarted.load();
    const { state } = await library(host, database, restarted);
    expect(host.reads.filter((k) => k === SEED.s004)).toHaveLength(2);
    const cachedFingerprint = async () => (await new ListDigest(listDigestName(database.name)).readLatest(CLEAN_VERSION))?.headers.get(SEED.s004)?.fingerprint;
    await until(async () => (await cachedFingerprint()) === host.entry(SEED.s004).fingerprint, 'the new header in the cache');
    expect(itemTitle(state.item(SEED.s004)!)).toBe('濉溪营商环境');
  });
});

describe('user titles in the reader header', () => {
  it('replace the title in every script and say what they replaced', async () => {
    const titles = new UserTitles(null);
    const settings = new SettingsState(null);
    const reader = new ReaderState(FakeHost.withSeeds(), () => settings.viewScript, () => settings.ruby, (key) => titles.get(key));
    await reader.open(SEED.s004);
    expect(reader.header).toMatchObject({ title: DERIVED_004, titleDerived: true, userTitle: false });

    titles.set(SEED.s004, '濉溪营商环境五问');
    expect(reader.header).toMatchObject({ title: '濉溪营商环境五问', originalTitle: DERIVED_004, titleDerived: false, userTitle: true });
    settings.set('script', 't');
    expect(reader.header?.title).toBe('濉溪營商環境五問');
    settings.set('script', 'cn');
    expect(reader.header?.originalTitle).toBe('在县域经济争先进位“群马图”上，今年的安徽濉溪县，一组数据令人印象深刻');

    await reader.open(SEED.s002);
    expect(reader.header).toMatchObject({ title: '德清：创新为翼攀高峰', userTitle: false });
  });
});

describe('user titles in the app', () => {
  it('are loaded before the library, so a restart shows them at once', async () => {
    const name = databases.freshName();
    const host = FakeHost.withSeeds();
    const app = new AppState(host, db(name));
    await app.start();
    app.titles.set(SEED.s000, '安吉热潮');
    await app.titles.flush();
    app.stop();

    const again = new AppState(host, db(name));
    await again.start();
    // The first list the restarted app builds already carries the title.
    expect(itemTitle(again.library.item(SEED.s000)!)).toBe('安吉热潮');
    again.select(SEED.s000);
    await again.library.settled();
    await new Promise((r) => setTimeout(r, 10));
    expect(again.reader.header?.title).toBe('安吉热潮');
    again.stop();
    // The app's background work under way (its first daily snapshot check) ends before the
    // file's databases are closed: a report after the file has ended is lost to the runner.
    await new Promise((r) => setTimeout(r, 100));
  });
});
