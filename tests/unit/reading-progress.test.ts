// Progress through an article, its read state and the article offered to read on. Expected
// values are worked out by hand from the block extents written here.
import { describe, expect, it } from 'vitest';
import { parseBackup, toAnnotationCollection } from '../../src-renderer/core/webAnnotation.ts';
import { afterMarking, afterScroll, continueCandidate, lastReadText, percentOf, progressAt, readStateOf, sectionAt } from '../../src-renderer/core/readingProgress.ts';

// A header block 0–20 (title), then paragraphs 22–122, 124–324, 326–420: text from 0 to 420.
const BLOCKS = [
  { start: 0, end: 20 },
  { start: 22, end: 122 },
  { start: 124, end: 324 },
  { start: 326, end: 420 },
];

describe('progressAt', () => {
  it('is 0 above the first block', () => {
    expect(progressAt(BLOCKS, { blockIndex: -1, fraction: 0 }, false)).toBe(0);
  });

  it('counts the characters above the top of the view', () => {
    // Halfway into 124–324: 124 + 100 = 224 of 420.
    expect(progressAt(BLOCKS, { blockIndex: 2, fraction: 0.5 }, false)).toBeCloseTo(224 / 420, 10);
    // The start of the second paragraph: 22 of 420.
    expect(progressAt(BLOCKS, { blockIndex: 1, fraction: 0 }, false)).toBeCloseTo(22 / 420, 10);
  });

  it('measures from the first block, not from offset 0', () => {
    const shifted = [
      { start: 100, end: 200 },
      { start: 200, end: 300 },
    ];
    // Halfway into 200–300 is 250: 150 of the 200 characters from 100 to 300.
    expect(progressAt(shifted, { blockIndex: 1, fraction: 0.5 }, false)).toBe(0.75);
  });

  it('is all of it at the end, and never all of it before', () => {
    expect(progressAt(BLOCKS, { blockIndex: 2, fraction: 0.1 }, true)).toBe(1);
    expect(progressAt(BLOCKS, { blockIndex: 3, fraction: 1 }, false)).toBeLessThan(1);
    expect(percentOf(progressAt(BLOCKS, { blockIndex: 3, fraction: 1 }, false))).toBe(99);
  });

  it('takes an empty article as unread unless at its end', () => {
    expect(progressAt([], { blockIndex: 0, fraction: 0.4 }, false)).toBe(0);
    expect(progressAt([], { blockIndex: -1, fraction: 0 }, true)).toBe(1);
  });
});

describe('percentOf', () => {
  it('rounds down to whole percent', () => {
    expect(percentOf(0)).toBe(0);
    expect(percentOf(0.419)).toBe(41);
    expect(percentOf(224 / 420)).toBe(53);
    expect(percentOf(0.57)).toBe(57);
    expect(percentOf(1)).toBe(100);
  });
});

describe('read state', () => {
  it('is unread with no row, or a row never scrolled past the top', () => {
    expect(readStateOf(undefined)).toBe('unread');
    expect(readStateOf({})).toBe('unread');
    expect(readStateOf({ progress: 0, furthest: 0, readAt: null })).toBe('unread');
  });

  it('is being read once scrolled, read once the end was reached', () => {
    const first = afterScroll(undefined, 0.3, 1000);
    expect(first).toEqual({ progress: 0.3, furthest: 0.3, readAt: null, lastReadAt: 1000 });
    expect(readStateOf(first)).toBe('reading');
    const back = afterScroll(first, 0.1, 2000);
    expect(back).toEqual({ progress: 0.1, furthest: 0.3, readAt: null, lastReadAt: 2000 });
    const end = afterScroll(back, 1, 3000);
    expect(end).toEqual({ progress: 1, furthest: 1, readAt: 3000, lastReadAt: 3000 });
    expect(readStateOf(end)).toBe('read');
    // Scrolling back up in a finished article leaves it read, finished when it was.
    const again = afterScroll(end, 0.2, 4000);
    expect(again).toEqual({ progress: 0.2, furthest: 1, readAt: 3000, lastReadAt: 4000 });
    expect(readStateOf(again)).toBe('read');
  });

  it('marks unread and read by hand, keeping where the reader is', () => {
    const reading = { progress: 0.6, furthest: 0.8, readAt: 500, lastReadAt: 700 };
    const unread = afterMarking(reading, false, 900);
    expect(unread).toEqual({ progress: 0.6, furthest: 0, readAt: null, lastReadAt: 700 });
    expect(readStateOf(unread)).toBe('unread');
    const read = afterMarking(unread, true, 1000);
    expect(read).toEqual({ progress: 0.6, furthest: 0.6, readAt: 1000, lastReadAt: 700 });
    expect(readStateOf(read)).toBe('read');
    expect(afterMarking(undefined, true, 50)).toEqual({ progress: 0, furthest: 0, readAt: 50, lastReadAt: 0 });
    // Scrolling an article marked unread makes it one being read again.
    expect(readStateOf(afterScroll(unread, 0.61, 1100))).toBe('reading');
  });
});

describe('continueCandidate', () => {
  const rows = [
    { articleKey: 'a.txt', lastReadAt: 100, furthest: 0.4, readAt: null },
    { articleKey: 'b.txt', lastReadAt: 300, furthest: 1, readAt: 290 },
    { articleKey: 'c.txt', lastReadAt: 200, furthest: 0.2, readAt: null },
    { articleKey: 'd.txt', lastReadAt: 400, furthest: 0.5, readAt: null },
  ];
  const all = new Set(['a.txt', 'b.txt', 'c.txt', 'd.txt']);

  it('offers the article being read that was read last', () => {
    expect(continueCandidate(rows, all, 'b.txt')).toBe('d.txt');
  });

  it('offers nothing when that article is open already', () => {
    expect(continueCandidate(rows, all, 'd.txt')).toBeNull();
  });

  it('skips finished articles and those gone from the library', () => {
    expect(continueCandidate(rows, new Set(['a.txt', 'b.txt', 'c.txt']), null)).toBe('c.txt');
    expect(continueCandidate(rows, new Set(['b.txt']), null)).toBeNull();
  });
});

describe('sectionAt', () => {
  const headings = [2, 7, 15];
  it('is the last heading at or above the top block', () => {
    expect(sectionAt(headings, -1)).toBeNull();
    expect(sectionAt(headings, 1)).toBeNull();
    expect(sectionAt(headings, 2)).toBe(2);
    expect(sectionAt(headings, 6)).toBe(2);
    expect(sectionAt(headings, 7)).toBe(7);
    expect(sectionAt(headings, 40)).toBe(15);
  });
});

describe('lastReadText', () => {
  // 2026-12-03 09:05 and 2026-12-03 14:00 UTC; 2026-11-20; 2025-06-01.
  const now = Date.UTC(2026, 11, 3, 14, 0);
  it('shows the time today, the day this year, the date before', () => {
    expect(lastReadText(Date.UTC(2026, 11, 3, 9, 5), now, 'en', 'UTC')).toBe('09:05');
    expect(lastReadText(Date.UTC(2026, 10, 20, 9, 5), now, 'en', 'UTC')).toBe('Nov 20');
    expect(lastReadText(Date.UTC(2026, 10, 20, 9, 5), now, 'zh-Hans', 'UTC')).toBe('11月20日');
    expect(lastReadText(Date.UTC(2025, 5, 1, 9, 5), now, 'en', 'UTC')).toBe('Jun 1, 2025');
  });
  it('takes the day in the given time zone', () => {
    // 23:30 UTC on 2 December is 07:30 on 3 December in Shanghai: today there.
    expect(lastReadText(Date.UTC(2026, 11, 2, 23, 30), now, 'en', 'Asia/Shanghai')).toBe('07:30');
  });
});

describe('progress and read state in a backup', () => {
  const row = { libraryId: '/books/甲', articleKey: '001.txt', fingerprint: 'f', blockIndex: 4, fraction: 0.5, offset: 120, updatedAt: 9000, progress: 0.42, furthest: 0.6, readAt: null, lastReadAt: 9000 };
  const collection = (reading: unknown[]) => JSON.stringify(toAnnotationCollection({ annotations: [], tags: [], titles: [], settings: [], reading: reading as never }, 1, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f'));

  it('come back from an exported backup as they were, with their library', () => {
    const parsed = parseBackup(collection([row, { ...row, articleKey: '002.txt', readAt: 8000 }]));
    expect(parsed.ok && parsed.data.reading).toEqual([row, { ...row, articleKey: '002.txt', readAt: 8000 }]);
  });

  it('leave rows written before them as they are (of no library: a backup of that time names none), and refuse a bad one by name', () => {
    const old = { articleKey: '003.txt', fingerprint: null, blockIndex: -1, fraction: 0, offset: 0, updatedAt: 5 };
    const parsed = parseBackup(collection([old]));
    expect(parsed.ok && parsed.data.reading).toEqual([{ libraryId: '', articleKey: '003.txt', fingerprint: null, blockIndex: -1, fraction: 0, offset: 0, updatedAt: 5 }]);
    const bad = parseBackup(collection([{ ...row, readAt: 'yesterday' }]));
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain('pizhu:reading[0].readAt');
  });
});
