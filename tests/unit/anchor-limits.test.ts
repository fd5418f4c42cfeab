// A stored quote of any length (a shared backup can hold one of a million characters) is kept
// and found by position or verbatim, but fuzzy matching, quadratic in the quote, is spared it.
import { describe, expect, it } from 'vitest';
import { anchor, MAX_FUZZY_QUOTE_CHARS } from '../../src-renderer/core/anchor.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { shownQuote } from '../../src-renderer/core/textQuote.ts';
import type { AnchorTarget } from '../../src-renderer/core/types.ts';

/** A text with no repeats a fuzzy match could latch onto: code points counted up from 一. */
const distinct = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + ((from + i) % 20_000))).join('');

function target(quote: string, prefix: string, suffix: string, start: number): AnchorTarget {
  return { fingerprint: 'old', cleanVersion: CLEAN_VERSION, position: { start, end: start + quote.length }, quote: { exact: quote, prefix, suffix } };
}

describe('quote limits', () => {
  const before = distinct(100, 5_000);
  const after = distinct(100, 9_000);

  it('a quote one character over the limit, edited in one place: kept, not fuzzily matched (an orphan)', () => {
    const quote = distinct(MAX_FUZZY_QUOTE_CHARS + 1);
    const edited = quote.slice(0, 500) + '改' + quote.slice(501);
    const result = anchor(before + edited + after, 'new', target(quote, before.slice(-32), after.slice(0, 32), 100));
    expect(result.status).toBe('orphan');
  });

  it('a quote at the limit, edited in one place: found by fuzzy matching', () => {
    const quote = distinct(MAX_FUZZY_QUOTE_CHARS);
    const edited = quote.slice(0, 500) + '改' + quote.slice(501);
    const result = anchor(before + edited + after, 'new', target(quote, before.slice(-32), after.slice(0, 32), 100));
    expect(result).toMatchObject({ status: 'anchored', method: 'fuzzy', range: { start: 100, end: 100 + MAX_FUZZY_QUOTE_CHARS } });
  });

  it('a million-character quote still found verbatim where the text moved', () => {
    const quote = 'a'.repeat(1_000_000);
    const text = '新的开头。' + before + quote + after;
    const result = anchor(text, 'new', target(quote, before.slice(-32), after.slice(0, 32), 100));
    expect(result).toMatchObject({ status: 'anchored', method: 'quote', range: { start: 105, end: 105 + 1_000_000 } });
  });
});

describe('quotes as lists show them', () => {
  it('whole up to the limit; past it the start and an ellipsis, never half a surrogate pair', () => {
    expect(shownQuote('营商环境', 4)).toBe('营商环境');
    expect(shownQuote('营商环境优化', 4)).toBe('营商环境…');
    expect(shownQuote('营商环𠀾境', 4)).toBe('营商环…');
    expect(shownQuote('a'.repeat(1_000_000))).toHaveLength(601);
  });
});
