import { describe, expect, it } from 'vitest';
import { composeOffsetMaps, createOffsetMap, identityOffsetMap, SpanBuilder, SpanOffsetMap, type Span } from '../../src-renderer/core/offsetMap.ts';
import { mulberry32 as prng } from '../support/prng.ts';


// 这块主板很好 → 這塊主機板很好: 这块 aligned, 主板 → 主機板 atomic, 很好 aligned.
const boardSpans: Span[] = [
  { srcStart: 0, srcEnd: 2, dstStart: 0, dstEnd: 2, aligned: true },
  { srcStart: 2, srcEnd: 4, dstStart: 2, dstEnd: 5 },
  { srcStart: 4, srcEnd: 6, dstStart: 5, dstEnd: 7, aligned: true },
];

describe('createOffsetMap', () => {
  const m = createOffsetMap(boardSpans);

  it('maps aligned spans position by position and atomic spans to their start', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((p) => m.toTarget(p))).toEqual([0, 1, 2, 2, 5, 6, 7]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((t) => m.toSource(t))).toEqual([0, 1, 2, 2, 2, 4, 5, 6]);
  });

  it('widens ranges that end inside an atomic span, in both directions', () => {
    expect(m.rangeToTarget({ start: 3, end: 4 })).toEqual({ start: 2, end: 5 });
    expect(m.rangeToTarget({ start: 2, end: 3 })).toEqual({ start: 2, end: 5 });
    expect(m.rangeToTarget({ start: 1, end: 5 })).toEqual({ start: 1, end: 6 });
    expect(m.rangeToSource({ start: 3, end: 4 })).toEqual({ start: 2, end: 4 });
    expect(m.rangeToSource({ start: 0, end: 7 })).toEqual({ start: 0, end: 6 });
    expect(m.rangeToSource({ start: 4, end: 4 })).toEqual({ start: 2, end: 2 });
  });

  it('clamps offsets outside the texts', () => {
    expect(m.toTarget(-3)).toBe(0);
    expect(m.toTarget(99)).toBe(7);
    expect(m.toSource(99)).toBe(6);
  });

  it('merges aligned runs so identity text costs one span', () => {
    const big = createOffsetMap([
      { srcStart: 0, srcEnd: 5, dstStart: 0, dstEnd: 5, aligned: true },
      { srcStart: 5, srcEnd: 6, dstStart: 5, dstEnd: 6, aligned: true },
      { srcStart: 6, srcEnd: 1_000_000, dstStart: 6, dstEnd: 1_000_000, aligned: true },
    ]);
    expect(big.spanCount).toBe(1);
    expect(identityOffsetMap(10).toSource(7)).toBe(7);
  });

  it('rejects gaps, overlaps and aligned spans of unequal length', () => {
    expect(() => createOffsetMap([{ srcStart: 1, srcEnd: 2, dstStart: 0, dstEnd: 1 }])).toThrow(RangeError);
    expect(() =>
      createOffsetMap([
        { srcStart: 0, srcEnd: 2, dstStart: 0, dstEnd: 2 },
        { srcStart: 1, srcEnd: 3, dstStart: 2, dstEnd: 3 },
      ]),
    ).toThrow(RangeError);
    expect(() => createOffsetMap([{ srcStart: 0, srcEnd: 2, dstStart: 0, dstEnd: 3, aligned: true }])).toThrow(RangeError);
  });

  it('maps deleted source text to the next kept position, and range ends to the last kept one', () => {
    // "a, b" → "ab": ", " dropped.
    const d = createOffsetMap([
      { srcStart: 0, srcEnd: 1, dstStart: 0, dstEnd: 1, aligned: true },
      { srcStart: 1, srcEnd: 2, dstStart: 1, dstEnd: 1 },
      { srcStart: 2, srcEnd: 3, dstStart: 1, dstEnd: 1 },
      { srcStart: 3, srcEnd: 4, dstStart: 1, dstEnd: 2, aligned: true },
    ]);
    expect(d.spanCount).toBe(3); // the two deletions merge
    expect(d.toSource(1)).toBe(3);
    expect(d.rangeToSource({ start: 0, end: 1 })).toEqual({ start: 0, end: 1 });
    expect(d.rangeToSource({ start: 0, end: 2 })).toEqual({ start: 0, end: 4 });
    expect(d.toTarget(2)).toBe(1);
  });

  it('inverts', () => {
    const inv = m.invert();
    expect(inv.toTarget(3)).toBe(2);
    expect(inv.toSource(4)).toBe(5);
  });
});

/** Random monotone map; `deletions` allows spans that are empty on the target side. */
function randomMap(rand: () => number, srcLen: number, deletions: boolean): SpanOffsetMap {
  const b = new SpanBuilder();
  while (b.sourceLength < srcLen) {
    const s = Math.min(srcLen - b.sourceLength, 1 + Math.floor(rand() * 3));
    const r = rand();
    if (r < 0.5) b.push(s, s, true);
    else if (deletions && r < 0.65) b.push(s, 0, false);
    else b.push(s, 1 + Math.floor(rand() * 3), false);
  }
  return b.finish();
}

/** Whether target position y of `m` is exact (not strictly inside an atomic span). */
function exactInTarget(m: SpanOffsetMap, y: number): boolean {
  return m.invert().sourceUnitStart(y) === y;
}

describe('composeOffsetMaps', () => {
  it('agrees with composing the maps position by position (random maps)', () => {
    const rand = prng(20261122);
    for (let round = 0; round < 300; round++) {
      const a = randomMap(rand, 1 + Math.floor(rand() * 40), false);
      const b = randomMap(rand, a.targetLength, true);
      const c = composeOffsetMaps(a, b);
      expect(c.sourceLength).toBe(a.sourceLength);
      expect(c.targetLength).toBe(b.targetLength);
      // Y positions exact in both maps are exactly the composed map's cuts.
      const cuts = new Set<number>();
      for (let y = 0; y <= a.targetLength; y++) {
        if (exactInTarget(a, y) && b.sourceUnitStart(y) === y) {
          const x = a.toSource(y);
          cuts.add(x);
          expect(c.sourceUnitStart(x)).toBe(x);
          expect(c.toTarget(x)).toBe(b.toTarget(y));
        }
      }
      for (let x = 0; x <= a.sourceLength; x++) {
        if (!cuts.has(x)) expect(c.sourceUnitStart(x)).toBeLessThan(x);
      }
    }
  });

  it('turns an aligned step followed by a phrase step into one atomic span', () => {
    // 刷新 → 刷新 (aligned) → 重新整理 (atomic)
    const a = createOffsetMap([{ srcStart: 0, srcEnd: 2, dstStart: 0, dstEnd: 2, aligned: true }]);
    const b = createOffsetMap([{ srcStart: 0, srcEnd: 2, dstStart: 0, dstEnd: 4 }]);
    const c = composeOffsetMaps(a, b);
    expect(c.spanCount).toBe(1);
    expect(c.span(0)).toEqual({ srcStart: 0, srcEnd: 2, dstStart: 0, dstEnd: 4, aligned: false });
  });

  it('answers the other map itself where one side changed nothing, still refusing a map with text out of nothing', () => {
    // 这块主板很好 → (t2s: nothing to change) → 這塊主機板很好: the phrase map as it is.
    const board = createOffsetMap(boardSpans);
    expect(composeOffsetMaps(identityOffsetMap(6), board)).toBe(board);
    expect(composeOffsetMaps(board, identityOffsetMap(7))).toBe(board);
    // The same identity cut in two aligned spans (as no builder makes it) goes the whole way round, to the same spans.
    const cutIdentity = SpanOffsetMap.fromParts({ src: Int32Array.of(0, 3, 6), dst: Int32Array.of(0, 3, 6), flags: Uint8Array.of(1, 1) })!;
    expect(cutIdentity.isIdentity).toBe(false);
    const spans = (m: SpanOffsetMap) => Array.from({ length: m.spanCount }, (_, i) => m.span(i));
    expect(spans(composeOffsetMaps(cutIdentity, board))).toEqual(spans(board));
    // 一 inserted before 二 out of nothing: refused through an identity as through any map.
    const inserting = createOffsetMap([
      { srcStart: 0, srcEnd: 0, dstStart: 0, dstEnd: 1 },
      { srcStart: 0, srcEnd: 1, dstStart: 1, dstEnd: 2, aligned: true },
    ]);
    expect(() => composeOffsetMaps(identityOffsetMap(1), inserting)).toThrow(RangeError);
    expect(() => composeOffsetMaps(inserting, identityOffsetMap(2))).not.toThrow();
  });

  it('refuses maps that do not meet', () => {
    expect(() => composeOffsetMaps(identityOffsetMap(3), identityOffsetMap(4))).toThrow(RangeError);
  });

  it('composes empty texts', () => {
    const c = composeOffsetMaps(identityOffsetMap(0), identityOffsetMap(0));
    expect(c.toTarget(0)).toBe(0);
  });
});

describe('span offsets stored two bytes wide under 64 Ki code units', () => {
  // A text of n units with its unit at `cut` deleted (a space a search key drops): aligned, deleted, aligned.
  const deleting = (n: number, cut: number) =>
    createOffsetMap([
      { srcStart: 0, srcEnd: cut, dstStart: 0, dstEnd: cut, aligned: true },
      { srcStart: cut, srcEnd: cut + 1, dstStart: cut, dstEnd: cut },
      { srcStart: cut + 1, srcEnd: n, dstStart: cut, dstEnd: n - 1, aligned: true },
    ]);

  it('keeps two-byte offsets up to a text of 65,535 units and four-byte ones from 65,536, mapping the same either side', () => {
    const last = deleting(65_535, 65_000);
    expect(last.toParts().src).toBeInstanceOf(Uint16Array);
    expect(last.toParts().dst).toBeInstanceOf(Uint16Array);
    expect([0, 64_999, 65_000, 65_001, 65_535].map((p) => last.toTarget(p))).toEqual([0, 64_999, 65_000, 65_000, 65_534]);
    expect(last.toSource(65_534)).toBe(65_535);
    const first = deleting(65_536, 65_000);
    expect(first.toParts().src).toBeInstanceOf(Int32Array);
    expect([0, 64_999, 65_000, 65_001, 65_536].map((p) => first.toTarget(p))).toEqual([0, 64_999, 65_000, 65_000, 65_535]);
    // The target alone past 64 Ki (an insertion that lengthens it) also needs four bytes.
    const growing = createOffsetMap([
      { srcStart: 0, srcEnd: 60_000, dstStart: 0, dstEnd: 60_000, aligned: true },
      { srcStart: 60_000, srcEnd: 60_001, dstStart: 60_000, dstEnd: 70_000 },
    ]);
    expect(growing.toParts().dst).toBeInstanceOf(Int32Array);
    expect(growing.toTarget(60_001)).toBe(70_000);
    expect(growing.toSource(69_999)).toBe(60_000);
  });

  it('takes stored parts of either width back, and refuses other arrays', () => {
    const narrow = SpanOffsetMap.fromParts({ src: Uint16Array.of(0, 2, 4, 6), dst: Uint16Array.of(0, 2, 5, 7), flags: Uint8Array.of(1, 0, 1) })!;
    const wide = SpanOffsetMap.fromParts({ src: Int32Array.of(0, 2, 4, 6), dst: Int32Array.of(0, 2, 5, 7), flags: Uint8Array.of(1, 0, 1) })!;
    // 这块主板很好 → 這塊主機板很好 either way (the spans at the top of this file).
    for (const m of [narrow, wide]) {
      expect([0, 1, 2, 3, 4, 5, 6].map((p) => m.toTarget(p))).toEqual([0, 1, 2, 2, 5, 6, 7]);
      expect(m.rangeToSource({ start: 3, end: 4 })).toEqual({ start: 2, end: 4 });
    }
    expect(SpanOffsetMap.fromParts({ src: Float64Array.of(0, 6) as unknown as Int32Array, dst: Int32Array.of(0, 6), flags: Uint8Array.of(1) })).toBeNull();
    expect(SpanOffsetMap.fromParts({ src: Uint16Array.of(0, 6), dst: Uint16Array.of(0, 6, 7), flags: Uint8Array.of(1) })).toBeNull();
  });
});
