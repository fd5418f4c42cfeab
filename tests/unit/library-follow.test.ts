// @vitest-environment happy-dom
// The list as a component draws it: its rows are read in an effect, and must be read again
// when the headers come, from the cache or from a scan, whichever turn they come in.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LibraryState } from '../../src-renderer/state/library.svelte.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { until } from '../support/appHarness.ts';
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
    // The listing is taken before the cache has answered: its rows are drawn at once, the new
    // file by its name. (Whether the cache answers before the first drawing is the machine's timing.)
    second.applySnapshot(await host.getLibrary());
    const titles = follow(() => second.items.map((item) => item.meta?.title ?? null));
    expect(await titles.last()).toHaveLength(3);
    expect((await titles.last())?.[2]).toBeNull();
    await second.cacheRead();
    expect(await titles.last()).toEqual(['县里优化营商环境', '乡里引进人才', null]);
    await second.settled();
    expect(await titles.last()).toEqual(['县里优化营商环境', '乡里引进人才', '镇上的新举措']);
    titles.stop();
    await second.close();
  });

  describe('a folder new to the host', () => {
    function newFolder(): FakeHost {
      const host = new FakeHost();
      host.listsUnread = true;
      host.files.set('a.txt', { text: '县里优化营商环境\n\n正文。\n' });
      host.files.set('b.txt', { text: '乡里引进人才\n\n正文。\n' });
      host.files.set('c.txt', { text: '镇上的新举措\n\n正文。\n' });
      return host;
    }
    /** The rows as drawn: null while none are (rowsHeld), else each row's title or null for a file name. */
    const drawnRows = (library: LibraryState) => follow(() => (library.rowsHeld ? null : library.visible.map((item) => item.meta?.title ?? null)));

    it('draws its rows once, with the titles read ahead, not with file names first', async () => {
      const host = newFolder();
      const library = new LibraryState(host, null, () => 'date', () => null);
      // However slow this machine is, the titles come before the list stops waiting.
      library.rowsWaitForTitlesMs = 60_000;
      const listing = host.getLibrary();
      library.readAhead(listing);
      const rows = drawnRows(library);
      await library.load(listing);
      await library.settled();
      expect(await rows.last()).toEqual(['县里优化营商环境', '乡里引进人才', '镇上的新举措']);
      // Before the listing, no rows; then none drawn while held; then the titles.
      expect(rows.seen).toEqual([[], null, ['县里优化营商环境', '乡里引进人才', '镇上的新举措']]);
      rows.stop();
    });

    it('draws them with file names when the titles take longer than the list waits', async () => {
      const host = newFolder();
      const hung = Object.assign(Object.create(host) as FakeHost, { readArticles: () => new Promise<never>(() => {}) });
      const library = new LibraryState(hung, null, () => 'date', () => null);
      library.rowsWaitForTitlesMs = 30;
      const listing = host.getLibrary();
      library.readAhead(listing);
      const rows = drawnRows(library);
      await library.load(listing);
      // Taken in the listing's turn: no timer has run since.
      expect(library.rowsHeld).toBe(true);
      await until(() => !library.rowsHeld, 'the list stops waiting');
      expect(await rows.last()).toEqual([null, null, null]);
      rows.stop();
    });

    it('does not hold a listing with files the host has read: their titles are cached', async () => {
      const host = newFolder();
      host.files.delete('c.txt');
      const first = new LibraryState(host, null, () => 'date', () => null);
      await first.load();
      await first.settled();
      host.files.set('c.txt', { text: '镇上的新举措\n\n正文。\n' });
      const library = new LibraryState(host, null, () => 'date', () => null);
      const listing = host.getLibrary();
      library.readAhead(listing);
      const rows = drawnRows(library);
      await library.load(listing);
      await library.settled();
      expect(rows.seen).not.toContain(null);
      expect(await rows.last()).toEqual(expect.arrayContaining(['镇上的新举措']));
      rows.stop();
    });
  });
});

