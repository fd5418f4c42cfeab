// The list's cache of parsed headers: a row counts only while its file's fingerprint and the
// clean version still match, whether a few keys are looked up or the whole table is read.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readCachedArticles, writeCachedArticles } from '../../src-renderer/db/articleCache.ts';
import type { ArticleRecord } from '../../src-renderer/db/records.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('article-cache');

const record = (key: string, fingerprint: string, cleanVersion = 3): ArticleRecord => ({
  key,
  fingerprint,
  cleanVersion,
  libraryRoot: '/lib',
  meta: { title: `标题 ${key}` } as ArticleRecord['meta'],
  length: 100,
  hasRuby: false,
  seenAt: 1,
});

describe('readCachedArticles', () => {
  it('a few keys: matching rows only (fingerprint and clean version), missing keys skipped', async () => {
    const db = dbs.open();
    await writeCachedArticles(db, [record('a.txt', 'f1'), record('b.txt', 'old'), record('c.txt', 'f3', 2), record('other.txt', 'f9')]);
    const got = await readCachedArticles(db, [{ key: 'a.txt', fingerprint: 'f1' }, { key: 'b.txt', fingerprint: 'f2' }, { key: 'c.txt', fingerprint: 'f3' }, { key: 'gone.txt', fingerprint: 'x' }], 3);
    expect([...got.keys()]).toEqual(['a.txt']);
  });

  it('thousands of keys: the table read a page at a time gives the same answer, across page boundaries', async () => {
    const db = dbs.open();
    const rows = Array.from({ length: 12_000 }, (_, i) => record(`d/${String(i).padStart(5, '0')}.txt`, i % 4 === 0 ? 'stale' : `f${i}`, i % 9 === 0 ? 2 : 3));
    await writeCachedArticles(db, rows);
    // Every other row is wanted; the rest belong to files no longer listed.
    const wanted = rows.filter((_, i) => i % 2 === 0).map((r, j) => ({ key: r.key, fingerprint: `f${j * 2}` }));
    const got = await readCachedArticles(db, wanted, 3);
    const expected = wanted.filter((_, j) => (j * 2) % 4 !== 0 && (j * 2) % 9 !== 0).map((w) => w.key);
    expect([...got.keys()].sort()).toEqual(expected.sort());
    expect(got.get(expected[0])?.meta.title).toBe(`标题 ${expected[0]}`);
    // The same keys looked up one by one agree.
    const few = wanted.slice(0, 300);
    const one = await readCachedArticles(db, few, 3);
    expect([...one.keys()].sort()).toEqual([...got.keys()].filter((k) => few.some((w) => w.key === k)).sort());
  });
});
