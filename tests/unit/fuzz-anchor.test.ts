// Property tests of anchoring over hostile Unicode (tests/support/fuzzText.ts): selectors
// made on a text find the same place on it, by position; after edits elsewhere, by quote;
// and nothing a stored target holds makes anchoring throw or return a broken range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchor, anchorAll, describeRange, QUOTE_CONTEXT, SCORE_WEIGHTS, similarity } from '../../src-renderer/core/anchor.ts';
import { AffixMatcher } from '../../src-renderer/core/approxMatch.ts';
import { clean, CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import type { AnchorTarget, Range } from '../../src-renderer/core/types.ts';
import { fuzzRun, rawText, shortText, splitsPair } from '../support/fuzzText.ts';

const canonicalText = fc.oneof(rawText.map((t) => clean(t).text), shortText);
/** A text with a range in it: ends anywhere, in either order, sometimes past the end. */
const textAndRange = canonicalText.chain((text) =>
  fc.tuple(fc.constant(text), fc.integer({ min: -2, max: text.length + 2 }), fc.integer({ min: -2, max: text.length + 2 })),
);

function target(text: string, r: Range, fingerprint = 'fp'): AnchorTarget {
  return { fingerprint, cleanVersion: CLEAN_VERSION, ...describeRange(text, r) };
}

const wholeRange = (text: string, r: Range) =>
  Number.isInteger(r.start) && Number.isInteger(r.end) && 0 <= r.start && r.start <= r.end && r.end <= text.length && !splitsPair(text, r.start) && !splitsPair(text, r.end);

describe('selectors, on any text', () => {
  it('describe whole characters with at most 32 units of context, and re-anchor by position on the same text', () => {
    fc.assert(
      fc.property(textAndRange, ([text, a, b]) => {
        const t = target(text, { start: a, end: b });
        const { position: p, quote: q } = t;
        expect(wholeRange(text, p), JSON.stringify(p)).toBe(true);
        // It covers what was asked, clamped to the text.
        const clamp = (x: number) => Math.min(text.length, Math.max(0, x));
        expect(p.start).toBeLessThanOrEqual(clamp(Math.min(a, b)));
        expect(p.end).toBeGreaterThanOrEqual(clamp(Math.max(a, b)));
        expect(q.exact).toBe(text.slice(p.start, p.end));
        expect(q.prefix.length).toBeLessThanOrEqual(QUOTE_CONTEXT);
        expect(q.suffix.length).toBeLessThanOrEqual(QUOTE_CONTEXT);
        expect(text.slice(p.start - q.prefix.length, p.start)).toBe(q.prefix);
        expect(text.slice(p.end, p.end + q.suffix.length)).toBe(q.suffix);
        expect(anchor(text, 'fp', t)).toEqual({ status: 'anchored', range: p, method: 'position', score: 1 });
      }),
      fuzzRun(0xa1, 400),
    );
  });

  it('after random edits away from the quote and its context, re-anchor by quote on the same characters', () => {
    const edit = fc.record({ at: fc.nat(), cut: fc.integer({ min: 0, max: 40 }), insert: fc.oneof(shortText, fc.string({ unit: 'grapheme', maxLength: 20 })) });
    fc.assert(
      fc.property(textAndRange, fc.array(edit, { minLength: 1, maxLength: 4 }), ([text, a, b], edits) => {
        const t = target(text, { start: a, end: b });
        fc.pre(t.quote.exact.length > 0);
        // Where the quote and its context are, as the edits move them.
        let cur = text;
        let ctxStart = t.position.start - t.quote.prefix.length;
        let ctxEnd = t.position.end + t.quote.suffix.length;
        let applied = 0;
        for (const e of edits) {
          // An edit before the context or after it, never touching it.
          const before = e.at % 2 === 0 && ctxStart > 0;
          const from = before ? e.at % (ctxStart + 1) : ctxEnd + (e.at % (cur.length - ctxEnd + 1));
          const to = before ? Math.min(ctxStart, from + e.cut) : Math.min(cur.length, from + e.cut);
          cur = cur.slice(0, from) + e.insert + cur.slice(to);
          if (before) {
            ctxStart += e.insert.length - (to - from);
            ctxEnd += e.insert.length - (to - from);
          }
          applied++;
        }
        expect(applied).toBe(edits.length);
        const moved = { start: ctxStart + t.quote.prefix.length, end: ctxEnd - t.quote.suffix.length };
        expect(cur.slice(moved.start, moved.end)).toBe(t.quote.exact);
        // An edit ending in a lone high surrogate right before a context that starts with a
        // lone low one makes a new character out of both: that edit touched the context.
        fc.pre(!splitsPair(cur, ctxStart) && !splitsPair(cur, ctxEnd));
        const r = anchor(cur, 'fp-edited', t);
        expect(r.status, JSON.stringify({ cur, t })).toBe('anchored');
        if (r.status !== 'anchored') return;
        expect(wholeRange(cur, r.range)).toBe(true);
        if (r.range.start !== moved.start || r.range.end !== moved.end) {
          // Another occurrence of the quote nearer the old offset may win only on a near-tie:
          // its context must agree with the stored one all but the position's weight's worth
          // (a fifth of one side), since the moved original agrees exactly.
          expect(r.method).toBe('quote');
          expect(cur.slice(r.range.start, r.range.end)).toBe(t.quote.exact);
          const prefix = new AffixMatcher(t.quote.prefix, 'before');
          const suffix = new AffixMatcher(t.quote.suffix, 'after');
          const agree = similarity(prefix.distanceAt(cur, r.range.start), prefix.length) + similarity(suffix.distanceAt(cur, r.range.end), suffix.length);
          expect(agree, JSON.stringify(r.range)).toBeGreaterThanOrEqual(2 - SCORE_WEIGHTS.position / SCORE_WEIGHTS.prefix - 1e-9);
        }
      }),
      fuzzRun(0xa2, 300),
    );
  });

  it('never throws on whatever a stored target holds; an anchored range is whole characters of the text', () => {
    const num = fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53));
    const str = fc.oneof(shortText, fc.string({ unit: 'binary', maxLength: 40 }));
    const junkTarget = fc.record({
      fingerprint: fc.constantFrom('fp', 'other'),
      cleanVersion: fc.constantFrom(CLEAN_VERSION, CLEAN_VERSION - 1, NaN),
      position: fc.record({ start: num, end: num }),
      quote: fc.record({ exact: str, prefix: str, suffix: str }),
    });
    fc.assert(
      fc.property(canonicalText, fc.array(junkTarget, { maxLength: 4 }), (text, targets) => {
        const all = anchorAll(text, 'fp', targets);
        expect(all).toHaveLength(targets.length);
        for (const [i, r] of all.entries()) {
          expect(r).toEqual(anchor(text, 'fp', targets[i]));
          if (r.status === 'anchored') {
            expect(wholeRange(text, r.range), JSON.stringify(r)).toBe(true);
            expect(r.score).toBeGreaterThan(0);
            expect(r.score).toBeLessThanOrEqual(1);
          } else {
            expect(Number.isFinite(r.bestScore)).toBe(true);
          }
        }
      }),
      fuzzRun(0xa3, 300),
    );
  });
});
