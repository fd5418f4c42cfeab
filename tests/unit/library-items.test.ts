// The library list's order: undated files in the collator's order of their keys (numbers as
// numbers), the same however often the list is sorted again and after files come and go.
import { describe, expect, it } from 'vitest';
import { keyRanksOf, offerStoredKeyOrder } from '../../src-renderer/state/keyOrder.ts';
import { firstInKeyOrder, inKeyOrderSeedingRanks, visibleItems, type LibraryItem } from '../../src-renderer/state/libraryItems.ts';

const item = (key: string, date: string | null = null): LibraryItem => ({
  key,
  entry: { key } as LibraryItem['entry'],
  meta: date === null ? null : ({ title: key, date } as LibraryItem['meta']),
  userTitle: null,
  length: null,
  hasRuby: false,
  error: null,
  parseError: null,
});

const keys = (items: LibraryItem[]) => items.map((i) => i.key);

describe('library list order by date', () => {
  it('puts dated files first, newest first, then the rest by key with numbers as numbers', () => {
    const items = [item('b10.txt'), item('b9.txt'), item('a.txt', '2024-01-02'), item('c.txt', '2024-03-01')];
    expect(keys(visibleItems(items, '', 'date'))).toEqual(['c.txt', 'a.txt', 'b9.txt', 'b10.txt']);
    // Sorted again with the same files: the same order.
    expect(keys(visibleItems(items, '', 'date'))).toEqual(['c.txt', 'a.txt', 'b9.txt', 'b10.txt']);
  });

  it('places a file that came since among the others, and forgets nothing when one goes', () => {
    const before = [item('b10.txt'), item('b9.txt')];
    expect(keys(visibleItems(before, '', 'date'))).toEqual(['b9.txt', 'b10.txt']);
    const added = [...before, item('b1.txt'), item('b100.txt')];
    expect(keys(visibleItems(added, '', 'date'))).toEqual(['b1.txt', 'b9.txt', 'b10.txt', 'b100.txt']);
    expect(keys(visibleItems(added.slice(1), '', 'date'))).toEqual(['b1.txt', 'b9.txt', 'b100.txt']);
    // Another library with none of these keys.
    expect(keys(visibleItems([item('z2.md'), item('z11.md'), item('y.md')], '', 'title'))).toEqual(['y.md', 'z2.md', 'z11.md']);
  });
});

describe('a new folder’s keys put in order for its first read', () => {
  it('come in the list’s key order, and the list then sorts all of them, and a subset or more, the same', () => {
    const files = [{ key: 'd/10.txt' }, { key: 'd/9.txt' }, { key: 'c.txt' }, { key: 'd/1.txt' }];
    expect(inKeyOrderSeedingRanks(files).map((f) => f.key)).toEqual(['c.txt', 'd/1.txt', 'd/9.txt', 'd/10.txt']);
    expect(keys(visibleItems([item('d/10.txt'), item('d/9.txt'), item('c.txt'), item('d/1.txt')], '', 'date'))).toEqual(['c.txt', 'd/1.txt', 'd/9.txt', 'd/10.txt']);
    expect(keys(visibleItems([item('d/10.txt'), item('d/1.txt')], '', 'date'))).toEqual(['d/1.txt', 'd/10.txt']);
    // A key the first read did not have.
    expect(keys(visibleItems([item('d/10.txt'), item('d/2.txt'), item('c.txt')], '', 'date'))).toEqual(['c.txt', 'd/2.txt', 'd/10.txt']);
  });
});

describe('keys found stored in key order', () => {
  it('give the ranks when they are in the collator’s order and hold every key, and are taken once', () => {
    // Stored by a start that also listed 篇3.txt, gone since.
    offerStoredKeyOrder(['篇1.txt', '篇2.txt', '篇3.txt', '篇10.txt']);
    const ranks = keyRanksOf([{ key: '篇10.txt' }, { key: '篇1.txt' }, { key: '篇2.txt' }]);
    // Taken as stored, the gone key with them: a sort of the listed keys would not have it.
    expect([...ranks.keys()]).toEqual(['篇1.txt', '篇2.txt', '篇3.txt', '篇10.txt']);
    expect(keys(visibleItems([item('篇10.txt'), item('篇1.txt'), item('篇2.txt')], '', 'date'))).toEqual(['篇1.txt', '篇2.txt', '篇10.txt']);
    // Taken: a later set of keys is sorted, not looked up in what was offered before.
    expect([...keyRanksOf([{ key: '篇20.txt' }, { key: '篇3.txt' }]).keys()]).toEqual(['篇3.txt', '篇20.txt']);
  });

  it('are not taken out of order (code points put 篇10 before 篇2), nor when a listed key is missing', () => {
    offerStoredKeyOrder(['篇1.txt', '篇10.txt', '篇2.txt']);
    expect([...keyRanksOf([{ key: '篇2.txt' }, { key: '篇10.txt' }, { key: '篇1.txt' }]).keys()]).toEqual(['篇1.txt', '篇2.txt', '篇10.txt']);
    expect(keys(visibleItems([item('篇10.txt'), item('篇2.txt'), item('篇1.txt')], '', 'date'))).toEqual(['篇1.txt', '篇2.txt', '篇10.txt']);

    offerStoredKeyOrder(['甲/1.txt', '甲/2.txt']);
    expect([...keyRanksOf([{ key: '甲/2.txt' }, { key: '乙.txt' }, { key: '甲/1.txt' }]).keys()]).toEqual(['甲/1.txt', '甲/2.txt', '乙.txt']);
  });

  it('are let go by the next call for ranks though it had them all ranked already', () => {
    expect([...keyRanksOf([{ key: '丙/2.txt' }, { key: '丙/1.txt' }]).keys()]).toEqual(['丙/1.txt', '丙/2.txt']);
    offerStoredKeyOrder(['丙/1.txt', '丙/2.txt', '丙/3.txt']);
    // Ranked already: the offer is not needed, and not kept.
    expect([...keyRanksOf([{ key: '丙/1.txt' }, { key: '丙/2.txt' }]).keys()]).toEqual(['丙/1.txt', '丙/2.txt']);
    // Kept, it would give these ranks (丙/3.txt is new to them) 丙/2.txt too.
    expect([...keyRanksOf([{ key: '丙/3.txt' }, { key: '丙/1.txt' }]).keys()]).toEqual(['丙/1.txt', '丙/3.txt']);
  });
});

describe('the article a library opens on when none was open', () => {
  it('is the first key in the list’s own key order, numbers as numbers, wherever it is listed', () => {
    expect(firstInKeyOrder(['seeds/10.txt', 'seeds/9.txt', 'seeds/2.txt', 'seeds/11.txt'])).toBe('seeds/2.txt');
    expect(firstInKeyOrder(['b/1.txt', 'a/2.txt', 'a/10.txt'])).toBe('a/2.txt');
    expect(firstInKeyOrder(['only.md'])).toBe('only.md');
    expect(firstInKeyOrder([])).toBeUndefined();
  });
});
