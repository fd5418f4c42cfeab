// @vitest-environment happy-dom
// The list as a component draws it: its rows are read in an effect, and must be read again
// when the headers come, from the cache or from a scan, whichever turn they come in.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LibraryState } from '../../src-renderer/state/library.svelte.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { follow } from '../support/follow.svelte.ts';
import { testDatabases } from '../support/testDatabases.ts';

const databases = testDatabases('library-follow');

describe('the list drawn', () => {
  it('shows the cached headers that arrive after the listing, and then those a scan brings', async () => {
    const host = new FakeHost();
    host.files.set('a.txt', { text: '县里优化营商环境\n\n正文。\n' });
    host.files.set('b.txt', { text: '乡里引进人才\n\n正文。\n' });
    const db = databases.open();
    const first = new LibraryState(host, db, () => 'date', () => null);
    await first.load();
    await first.settled();
    await first.close();

    host.files.set('c.txt', { text: '镇上的新举措\n\n正文。\n' });
    const second = new LibraryState(host, db, () => 'date', () => null);
    // The listing is taken before the cache has answered: its rows are drawn with file names first.
    second.applySnapshot(await host.getLibrary());
    const titles = follow(() => second.items.map((item) => item.meta?.title ?? null));
    expect(await titles.last()).toEqual([null, null, null]);
    await second.cacheRead();
    expect(await titles.last()).toEqual(['县里优化营商环境', '乡里引进人才', null]);
    await second.settled();
    expect(await titles.last()).toEqual(['县里优化营商环境', '乡里引进人才', '镇上的新举措']);
    titles.stop();
    await second.close();
  });
});
