// The pieces of an article a snippet or a concordance line shows: Markdown's hidden ranges
// left out, the context counted in shown characters. Expected values written by hand.
import { describe, expect, it } from 'vitest';
import { shownContextBounds, shownSlice } from '../../src-renderer/core/shownText.ts';

// 营商**环境**是[核心](http://x)。 — the markers and the link's target are hidden.
const TEXT = '营商**环境**是[核心](http://x)。';
const HIDDEN = [
  { start: 2, end: 4 },
  { start: 6, end: 8 },
  { start: 9, end: 10 },
  { start: 12, end: 23 },
];

describe('shown text', () => {
  it('leaves the hidden ranges out of a slice, wherever the slice starts', () => {
    expect(shownSlice(TEXT, 0, TEXT.length, HIDDEN)).toBe('营商环境是核心。');
    expect(shownSlice(TEXT, 4, TEXT.length, HIDDEN)).toBe('环境是核心。');
    expect(shownSlice(TEXT, 8, 12, HIDDEN)).toBe('是核心');
    expect(shownSlice(TEXT, 3, 7, HIDDEN)).toBe('环境');
  });

  it('reaches as far as the shown characters it counts, a range ending where it looks being shown there', () => {
    // Around 环境 [4, 6), two shown characters each side: 营商 before, 是核 after.
    expect(shownContextBounds(TEXT, 4, 6, 2, HIDDEN)).toEqual({ from: 0, to: 11 });
    // Around 是 [8, 9), one each side: 境 before; after it [9, 10) is hidden, then 核.
    expect(shownContextBounds(TEXT, 8, 9, 1, HIDDEN)).toEqual({ from: 5, to: 11 });
  });
});
