// The page's entry asks for the listing, and a new folder's first screen of files, before the
// app's code has loaded (src-renderer/earlyStart.ts); the list's first pass takes that read
// over instead of asking again.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { listDigestName } from '../../src-renderer/db/listDigest.ts';
import { startEarly } from '../../src-renderer/earlyStart.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { withReadMade } from '../../src-renderer/state/libraryScan.ts';
import { LibraryState } from '../../src-renderer/state/library.svelte.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

const databases = testDatabases('early-start');

/** A folder of `count` files named 篇1.txt … 篇{count}.txt, each with its own title. */
function numberedFolder(count: number): FakeHost {
  const host = new FakeHost();
  // Added out of order: the order read must come from the keys, not from the listing's order.
  for (let i = count; i >= 1; i--) host.files.set(`篇${i}.txt`, { text: `第${i}篇报道\n\n发布时间：2026-03-0${1 + (i % 9)}\n\n第${i}篇的正文。\n` });
  return host;
}

describe('the page entry asking early', () => {
  it('asks for a new folder’s first screen in the list’s key order, numbers by their value', async () => {
    const host = numberedFolder(25);
    host.listsUnread = true;
    const early = startEarly(host, null);
    expect(early.firstScreen()).toBeNull();
    await early.listing;
    const first = early.firstScreen();
    await first?.bytes;
    const firstTwenty = ['篇1.txt', '篇2.txt', '篇3.txt', '篇4.txt', '篇5.txt', '篇6.txt', '篇7.txt', '篇8.txt', '篇9.txt', '篇10.txt', '篇11.txt', '篇12.txt', '篇13.txt', '篇14.txt', '篇15.txt', '篇16.txt', '篇17.txt', '篇18.txt', '篇19.txt', '篇20.txt'];
    expect(first?.keys).toEqual(firstTwenty);
    expect(first?.unread.map((e) => e.key)).toEqual([...firstTwenty, '篇21.txt', '篇22.txt', '篇23.txt', '篇24.txt', '篇25.txt']);
    expect(host.bulkReads).toEqual([firstTwenty]);
  });

  it('leaves out files the host has read or could not read', async () => {
    const host = numberedFolder(3);
    host.files.set('坏.txt', { error: { code: 'unreadable', detail: 'permission denied' } });
    host.listsUnread = true;
    // Read before this listing: the host lists 篇2.txt with its fingerprint, 坏.txt with its error.
    host.reads.push('篇2.txt', '坏.txt');
    const early = startEarly(host, null);
    await early.listing;
    expect(early.firstScreen()?.keys).toEqual(['篇1.txt', '篇3.txt']);
  });

  it('asks for no file when the host has read them all, or when the listing fails', async () => {
    const known = numberedFolder(5);
    const early = startEarly(known, null);
    await early.listing;
    expect(early.firstScreen()).toBeNull();
    expect(known.bulkReads).toEqual([]);

    const failing = numberedFolder(5);
    failing.listsUnread = true;
    failing.getLibrary = async () => {
      throw new Error('the host went away');
    };
    const failed = startEarly(failing, null);
    await expect(failed.listing).rejects.toThrow('the host went away');
    expect(failed.firstScreen()).toBeNull();
    expect(failing.bulkReads).toEqual([]);
  });

  it('hands the early answer to one read of exactly its keys; any other read goes to the host', async () => {
    const host = numberedFolder(3);
    const bytes = new Uint8Array([1, 2, 3]);
    const reads = withReadMade(host, { keys: ['篇1.txt', '篇2.txt'], bytes: Promise.resolve(bytes) });
    expect(await reads.readArticles(['篇1.txt', '篇2.txt'])).toBe(bytes);
    expect(host.bulkReads).toEqual([]);
    await reads.readArticles(['篇2.txt', '篇1.txt']);
    await reads.readArticles(['篇1.txt']);
    await reads.readArticles(['篇1.txt', '篇2.txt']);
    expect(host.bulkReads).toEqual([['篇2.txt', '篇1.txt'], ['篇1.txt'], ['篇1.txt', '篇2.txt']]);
  });

  it('the list’s first pass takes the early read over: each file read once, the list titled', async () => {
    const host = numberedFolder(30);
    host.listsUnread = true;
    // The list is made and loads at once, as a page whose app code was already compiled.
    const early = startEarly(host, null);
    const library = new LibraryState(host, null, () => 'date');
    library.readAhead(early.listing, early.firstScreen);
    await library.load(early.listing);
    await library.settled();
    // The pass's first batch is the early one: not asked again; the rest in one batch after it.
    expect(host.bulkReads).toHaveLength(2);
    expect(host.bulkReads[1]).toEqual(['篇21.txt', '篇22.txt', '篇23.txt', '篇24.txt', '篇25.txt', '篇26.txt', '篇27.txt', '篇28.txt', '篇29.txt', '篇30.txt']);
    const counts = new Map<string, number>();
    for (const key of host.reads) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(30);
    expect(library.item('篇10.txt')?.meta?.title).toBe('第10篇报道');
    expect(library.items.every((item) => item.meta !== null && item.entry.fingerprint !== null)).toBe(true);
  });

  it('asks the browser’s list of databases once: the app’s first-start check reads the entry’s answer', async () => {
    const host = numberedFolder(3);
    const db = databases.open();
    const asked = vi.spyOn(indexedDB, 'databases');
    const early = startEarly(host, listDigestName(db.name));
    const app = new AppState(host, db);
    try {
      expect(asked).toHaveBeenCalledTimes(1);
      app.prefetch(early);
      await app.start();
      expect(asked).toHaveBeenCalledTimes(1);
      // Newest first: 篇3 is of 3 March, 篇1 of the 1st.
      expect(app.library.visible.map((item) => item.key)).toEqual(['篇3.txt', '篇2.txt', '篇1.txt']);
    } finally {
      app.stop();
      asked.mockRestore();
    }
  });
});
