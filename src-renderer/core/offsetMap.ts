// Offset maps between a source text and a target text derived from it (a script view, a
// search key). The two texts are cut into aligned spans that cover both monotonically.
// An `aligned` span maps position by position (same length, e.g. unchanged text or a run
// of one-character substitutions); any other span is atomic: a boundary strictly inside
// it maps to the span's start, because nothing inside a converted phrase (主板→主機板)
// corresponds to anything inside the other side.
//
// Spans live in typed arrays with aligned runs merged: a 10 MB article converted with
// phrase dictionaries yields a few hundred thousand spans, not millions of objects.

import type { OffsetMap, Range } from './types.ts';

export interface Span {
  srcStart: number;
  srcEnd: number;
  dstStart: number;
  dstEnd: number;
  /** Positions inside map 1:1. Requires equal lengths. Default false (atomic span). */
  aligned?: boolean;
}

interface SpanArrays {
  src: Int32Array;
  dst: Int32Array;
  flags: Uint8Array;
}

/**
 * The working arrays of the last finished builder, for the next one: a library scan builds
 * several maps per file, and typed arrays are costly to allocate and collect. Only arrays up
 * to this many spans are kept, so one huge file leaves no huge arrays behind.
 */
const SPARE_MAX_SPANS = 1 << 16;
let spare: SpanArrays | null = null;

/** Collects spans in order, merging neighbours that can be one span without losing precision. */
export class SpanBuilder {
  private src: Int32Array;
  private dst: Int32Array;
  private flags: Uint8Array;
  /** Number of finished spans; span i is [src[i], src[i+1]) → [dst[i], dst[i+1]). */
  private count = 0;
  private srcEnd = 0;
  private dstEnd = 0;
  /** finish() has handed the working arrays on; they may belong to another builder now. */
  private finished = false;

  constructor(capacityHint = 16) {
    const cap = Math.max(4, capacityHint);
    if (spare !== null && spare.flags.length >= cap) {
      ({ src: this.src, dst: this.dst, flags: this.flags } = spare);
      spare = null;
    } else {
      this.src = new Int32Array(cap + 1);
      this.dst = new Int32Array(cap + 1);
      this.flags = new Uint8Array(cap);
    }
  }

  /** Append the span [srcEnd, srcEnd + srcLen) → [dstEnd, dstEnd + dstLen). */
  push(srcLen: number, dstLen: number, aligned: boolean): void {
    if (this.finished) throw new Error('a finished SpanBuilder takes no more spans');
    if (srcLen === 0 && dstLen === 0) return;
    if (aligned && srcLen !== dstLen) throw new RangeError('an aligned span needs equal lengths');
    const last = this.count - 1;
    if (last >= 0) {
      const lastAligned = this.flags[last] === 1;
      const lastDstEmpty = this.dst[last] === this.dstEnd;
      const lastSrcEmpty = this.src[last] === this.srcEnd;
      // Aligned runs merge; so do runs of pure deletions or pure insertions, which have
      // no inner target (or source) position that could tell them apart.
      if ((aligned && lastAligned) || (!aligned && !lastAligned && ((dstLen === 0 && lastDstEmpty) || (srcLen === 0 && lastSrcEmpty)))) {
        this.srcEnd += srcLen;
        this.dstEnd += dstLen;
        return;
      }
    }
    if (this.count + 1 >= this.src.length) this.grow();
    this.src[this.count] = this.srcEnd;
    this.dst[this.count] = this.dstEnd;
    this.flags[this.count] = aligned ? 1 : 0;
    this.count++;
    this.srcEnd += srcLen;
    this.dstEnd += dstLen;
  }

  private grow(): void {
    const cap = this.src.length * 2;
    const src = new Int32Array(cap);
    src.set(this.src);
    const dst = new Int32Array(cap);
    dst.set(this.dst);
    const flags = new Uint8Array(cap - 1);
    flags.set(this.flags);
    this.src = src;
    this.dst = dst;
    this.flags = flags;
  }

  get sourceLength(): number {
    return this.srcEnd;
  }

  get targetLength(): number {
    return this.dstEnd;
  }

  finish(): SpanOffsetMap {
    if (this.finished) throw new Error('a SpanBuilder finishes once');
    const n = this.count;
    // One buffer under all three arrays: a scan finishes several maps per file, and each
    // buffer is an allocation of its own outside the heap, which the garbage collector tracks.
    // Offsets of texts under 64 Ki units (nearly every article) take two bytes, not four: the
    // index keeps one map per file, and in Chromium a fresh ArrayBuffer costs by its size.
    const narrow = this.srcEnd <= 0xffff && this.dstEnd <= 0xffff;
    const width = narrow ? 2 : 4;
    const buffer = new ArrayBuffer(2 * width * (n + 1) + n);
    const src = narrow ? new Uint16Array(buffer, 0, n + 1) : new Int32Array(buffer, 0, n + 1);
    src.set(this.src.subarray(0, n));
    src[n] = this.srcEnd;
    const dst = narrow ? new Uint16Array(buffer, width * (n + 1), n + 1) : new Int32Array(buffer, width * (n + 1), n + 1);
    dst.set(this.dst.subarray(0, n));
    dst[n] = this.dstEnd;
    const flags = new Uint8Array(buffer, 2 * width * (n + 1), n);
    flags.set(this.flags.subarray(0, n));
    const map = new SpanOffsetMap(src, dst, flags);
    this.finished = true;
    if (this.flags.length <= SPARE_MAX_SPANS && (spare === null || spare.flags.length < this.flags.length)) {
      spare = { src: this.src, dst: this.dst, flags: this.flags };
    }
    return map;
  }
}

/** Largest i in [0, n) with arr[i] <= x (arr non-decreasing, arr[0] = 0 <= x). */
function lastAtOrBefore(arr: Offsets, n: number, x: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (arr[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class SpanOffsetMap implements OffsetMap {
  /** `src[i]`, `dst[i]`: where span i starts; the last entry holds the text lengths. */
  constructor(
    private readonly src: Offsets,
    private readonly dst: Offsets,
    private readonly flags: Uint8Array,
  ) {}

  get spanCount(): number {
    return this.flags.length;
  }

  /** One aligned span over the whole text: each position maps to itself (a step that changed nothing). */
  get isIdentity(): boolean {
    return this.flags.length === 1 && this.flags[0] === 1;
  }

  get sourceLength(): number {
    return this.src[this.flags.length];
  }

  get targetLength(): number {
    return this.dst[this.flags.length];
  }

  span(i: number): Required<Span> {
    return {
      srcStart: this.src[i],
      srcEnd: this.src[i + 1],
      dstStart: this.dst[i],
      dstEnd: this.dst[i + 1],
      aligned: this.flags[i] === 1,
    };
  }

  /** The span holding source position p (the one starting at p when p is a boundary); -1 at the end. */
  spanIndexAtSource(p: number): number {
    if (p >= this.sourceLength) return -1;
    return lastAtOrBefore(this.src, this.spanCount, Math.max(0, p));
  }

  spanIndexAtTarget(t: number): number {
    if (t >= this.targetLength) return -1;
    return lastAtOrBefore(this.dst, this.spanCount, Math.max(0, t));
  }

  /** Start of the smallest unit containing p that maps exactly: p itself unless p is inside an atomic span. */
  sourceUnitStart(p: number): number {
    const i = this.spanIndexAtSource(p);
    if (i < 0) return this.sourceLength;
    return this.flags[i] === 1 ? p : this.src[i];
  }

  toTarget(sourceOffset: number): number {
    const p = clamp(sourceOffset, this.sourceLength);
    const i = this.spanIndexAtSource(p);
    if (i < 0) return this.targetLength;
    return this.flags[i] === 1 ? this.dst[i] + (p - this.src[i]) : this.dst[i];
  }

  toSource(targetOffset: number): number {
    const t = clamp(targetOffset, this.targetLength);
    const i = this.spanIndexAtTarget(t);
    if (i < 0) return this.sourceLength;
    return this.flags[i] === 1 ? this.src[i] + (t - this.dst[i]) : this.src[i];
  }

  /** End of a non-empty range: the end of the span holding its last position, so trailing atomic spans widen outward. */
  private endToTarget(end: number): number {
    const i = this.spanIndexAtSource(end - 1);
    return this.flags[i] === 1 ? this.dst[i] + (end - this.src[i]) : this.dst[i + 1];
  }

  private endToSource(end: number): number {
    const i = this.spanIndexAtTarget(end - 1);
    return this.flags[i] === 1 ? this.src[i] + (end - this.dst[i]) : this.src[i + 1];
  }

  rangeToTarget(range: Range): Range {
    const start = clamp(range.start, this.sourceLength);
    const end = clamp(range.end, this.sourceLength);
    const s = this.toTarget(start);
    if (end <= start) return { start: s, end: s };
    return { start: s, end: Math.max(s, this.endToTarget(end)) };
  }

  rangeToSource(range: Range): Range {
    const start = clamp(range.start, this.targetLength);
    const end = clamp(range.end, this.targetLength);
    const s = this.toSource(start);
    if (end <= start) return { start: s, end: s };
    return { start: s, end: Math.max(s, this.endToSource(end)) };
  }

  /** The inverse map (target → source). */
  invert(): SpanOffsetMap {
    return new SpanOffsetMap(this.dst, this.src, this.flags);
  }

  /** The arrays behind the map, for storing it (structured clone keeps typed arrays as they are). */
  toParts(): OffsetMapParts {
    return { src: this.src, dst: this.dst, flags: this.flags };
  }

  /** A map from stored parts; null when they are not a well-formed map (a damaged cache). */
  static fromParts(parts: OffsetMapParts): SpanOffsetMap | null {
    const { src, dst, flags } = parts;
    if (!isOffsets(src) || !isOffsets(dst) || !(flags instanceof Uint8Array)) return null;
    if (src.length !== flags.length + 1 || dst.length !== flags.length + 1 || src[0] !== 0 || dst[0] !== 0) return null;
    for (let i = 0; i < flags.length; i++) if (src[i + 1] < src[i] || dst[i + 1] < dst[i]) return null;
    return new SpanOffsetMap(src, dst, flags);
  }
}

export interface OffsetMapParts {
  src: Offsets;
  dst: Offsets;
  flags: Uint8Array;
}

/** Span starts: two bytes each where the text is shorter than 64 Ki code units, else four. */
export type Offsets = Int32Array | Uint16Array;

function isOffsets(a: unknown): a is Offsets {
  return a instanceof Int32Array || a instanceof Uint16Array;
}

function clamp(x: number, max: number): number {
  return x < 0 ? 0 : x > max ? max : x;
}

/** Build a map from spans covering both texts from offset 0, in order, without gaps. */
export function createOffsetMap(spans: readonly Span[]): SpanOffsetMap {
  const b = new SpanBuilder(spans.length);
  for (const s of spans) {
    if (s.srcStart !== b.sourceLength || s.dstStart !== b.targetLength) {
      throw new RangeError(`spans must be contiguous: expected a span at ${b.sourceLength}→${b.targetLength}, got ${s.srcStart}→${s.dstStart}`);
    }
    if (s.srcEnd < s.srcStart || s.dstEnd < s.dstStart) throw new RangeError('span ends before it starts');
    b.push(s.srcEnd - s.srcStart, s.dstEnd - s.dstStart, s.aligned === true);
  }
  return b.finish();
}

export function identityOffsetMap(length: number): SpanOffsetMap {
  const b = new SpanBuilder(1);
  b.push(length, length, true);
  return b.finish();
}

/**
 * Compose a: X→Y with b: Y→Z into X→Z. A composed span is the smallest stretch of Y whose
 * ends are exact positions in both maps; it is aligned only when both maps are aligned
 * across it. Spans that are empty on the Y side are not supported (no conversion step
 * inserts text out of nothing).
 */
export function composeOffsetMaps(a: SpanOffsetMap, b: SpanOffsetMap): SpanOffsetMap {
  const yLen = a.targetLength;
  if (b.sourceLength !== yLen) throw new RangeError(`cannot compose: first map ends at ${yLen}, second starts with ${b.sourceLength}`);
  const aSrc = a['src'];
  const aDst = a['dst'];
  const aFl = a['flags'];
  const bSrc = b['src'];
  const bDst = b['dst'];
  const bFl = b['flags'];
  if (yLen === 0) {
    const out = new SpanBuilder(1);
    out.push(a.sourceLength, b.targetLength, false);
    return out.finish();
  }
  // Spans that are empty in Y would make Y positions ambiguous; reject them rather than guess.
  for (let i = 0; i < a.spanCount; i++) if (aDst[i] === aDst[i + 1]) throw new RangeError('cannot compose: first map has a span that is empty in the middle text');
  for (let i = 0; i < b.spanCount; i++) if (bSrc[i] === bSrc[i + 1]) throw new RangeError('cannot compose: second map has a span that is empty in the middle text');
  // Through a map that changed nothing, every Y position is exact and the other map's spans
  // come out as they went in: it is the answer (maps are never changed once finished). A search
  // key's conversion changes nothing in most simplified texts, and a library scan composes one
  // map per file.
  if (a.isIdentity) return b;
  if (b.isIdentity) return a;
  const out = new SpanBuilder(Math.max(a.spanCount, b.spanCount));
  let ia = 0;
  let ib = 0;

  // Exact X and Z positions of a Y position that is a cut in both maps, given the spans holding it.
  const xAt = (y: number, i: number): number => (aFl[i] === 1 ? aSrc[i] + (y - aDst[i]) : aSrc[i]);
  const zAt = (y: number, i: number): number => (bFl[i] === 1 ? bDst[i] + (y - bSrc[i]) : bDst[i]);

  let y = 0;
  while (y < yLen) {
    while (aDst[ia + 1] <= y) ia++;
    while (bSrc[ib + 1] <= y) ib++;
    const x0 = xAt(y, ia);
    const z0 = zAt(y, ib);
    if (aFl[ia] === 1 && bFl[ib] === 1) {
      const end = Math.min(aDst[ia + 1], bSrc[ib + 1]);
      out.push(end - y, end - y, true);
      y = end;
      continue;
    }
    // Grow the end until it is exact in both maps: not strictly inside an atomic span of either.
    let end = y + 1;
    let ja = ia;
    let jb = ib;
    for (;;) {
      while (aDst[ja + 1] < end) ja++;
      while (bSrc[jb + 1] < end) jb++;
      if (aFl[ja] === 0 && aDst[ja] < end && end < aDst[ja + 1]) {
        end = aDst[ja + 1];
        continue;
      }
      if (bFl[jb] === 0 && bSrc[jb] < end && end < bSrc[jb + 1]) {
        end = bSrc[jb + 1];
        continue;
      }
      break;
    }
    // `end` is exact in both maps; find the spans holding it to read X and Z ends.
    let x1: number;
    let z1: number;
    if (end >= yLen) {
      x1 = a.sourceLength;
      z1 = b.targetLength;
    } else {
      while (aDst[ja + 1] <= end) ja++;
      while (bSrc[jb + 1] <= end) jb++;
      x1 = xAt(end, ja);
      z1 = zAt(end, jb);
    }
    out.push(x1 - x0, z1 - z0, false);
    y = end;
  }
  // Source text that a dropped to nothing at the very end is still part of X.
  if (out.sourceLength < a.sourceLength || out.targetLength < b.targetLength) {
    out.push(a.sourceLength - out.sourceLength, b.targetLength - out.targetLength, false);
  }
  return out.finish();
}

/** Maps of consecutive pieces of a text (each from its own conversion) as one map of the whole. */
export function concatOffsetMaps(maps: readonly SpanOffsetMap[]): SpanOffsetMap {
  const b = new SpanBuilder(maps.reduce((n, m) => n + m.spanCount, 0));
  for (const m of maps) {
    for (let i = 0; i < m.spanCount; i++) {
      const s = m.span(i);
      b.push(s.srcEnd - s.srcStart, s.dstEnd - s.dstStart, s.aligned);
    }
  }
  return b.finish();
}
