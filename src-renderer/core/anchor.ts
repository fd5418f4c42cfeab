// Re-anchoring stored selectors on the current canonical text (DESIGN.md, Anchors), cheapest
// first as Hypothesis does (src/annotator/anchoring: selectors → anchors, position, then
// quote, then fuzzy):
//   1. position: same fingerprint and clean version, and the text at the old position is
//      still the quote → score 1;
//   2. quote: every exact occurrence of the quote, scored on prefix/suffix agreement and
//      distance from the old position; the best wins if it reaches MIN_QUOTE_SCORE;
//   3. fuzzy: approximate matches of the quote near places suggested by the old position,
//      the context and pieces of the quote, scored the same way, kept from MIN_FUZZY_SCORE;
//   4. otherwise an orphan, with the best score seen so the UI can say how close it came.
//
// Cost per annotation, text length n, quote length m, k exact occurrences:
//   position O(m); quote O(n) for indexOf (cached per distinct needle in anchorAll) plus
//   O(k·C) for the contexts (C = QUOTE_CONTEXT + slack, bit-parallel); fuzzy, only when no
//   exact occurrence is good enough, O(n) per seed needle (≤ 6, cached) plus
//   O(W·m·(m + 2s)) for at most W = MAX_FUZZY_WINDOWS windows of slack s ≈ m/2: quadratic
//   in the quote, never in the text.

import { CLEAN_VERSION } from './clean.ts';
import { AffixMatcher, approxSearch } from './approxMatch.ts';
import { normalizeRange, splitsSurrogatePair } from './textQuote.ts';
import type { AnchorResult, AnchorTarget, Range, TextQuote } from './types.ts';

export { QUOTE_CONTEXT, describeRange } from './textQuote.ts';
export { viewRangeToCanonical, canonicalRangeToView, alignCanonicalRange } from './viewRange.ts';

/** Weights of the match factors; quote identity counts most, position only breaks near-ties. */
export const SCORE_WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 4 } as const;

/**
 * Quotes up to this length lean fully on their context; longer ones identify themselves and
 * their context weighs proportionally less (a 64-character sentence found verbatim elsewhere
 * is that sentence moved; a four-character 營商環境 elsewhere is another mention).
 */
export const CONTEXT_RELEVANT_LENGTH = 16;

/** An exact occurrence needs at least this score; an exact quote whose context is gone does not (about 0.65 when
 * both sides agree with the stored context no better than unrelated text does, ~0.2). */
export const MIN_QUOTE_SCORE = 0.7;
/** A fuzzy match needs at least this score, else the annotation is an orphan. */
export const MIN_FUZZY_SCORE = 0.75;
/** A fuzzy match may differ from the quote in at most this share of its characters. */
export const MAX_FUZZY_ERROR_RATIO = 0.5;
/** Windows searched per fuzzy annotation, nearest the old position first. */
export const MAX_FUZZY_WINDOWS = 24;
/**
 * Longer quotes are kept and found by position or verbatim, but not by fuzzy matching, whose
 * cost grows with the square of the quote: no stored quote (a shared backup may hold one of
 * a million characters) can hold the reader up. A passage a person highlights is far shorter.
 */
export const MAX_FUZZY_QUOTE_CHARS = 2_000;
/** Seeds taken per seed needle, nearest the old position first. */
const SEEDS_PER_NEEDLE = 6;

/** How well a candidate place agrees with the stored selectors, each factor in [0, 1]. */
export interface MatchFactors {
  quote: number;
  prefix: number;
  suffix: number;
  position: number;
}

/** Weight of each side's context for a quote of this length. */
export function contextWeight(quoteLength: number): number {
  return SCORE_WEIGHTS.prefix * Math.min(1, CONTEXT_RELEVANT_LENGTH / Math.max(1, quoteLength));
}

/**
 * Weight of the position for a quote of this length: scaled with the context's, so it stays a
 * fifth of one context side and only breaks near-ties. Unscaled, it outweighed a whole side
 * from 81 characters on, and a long quote repeated elsewhere won over its own place.
 */
export function positionWeight(quoteLength: number): number {
  return SCORE_WEIGHTS.position * Math.min(1, CONTEXT_RELEVANT_LENGTH / Math.max(1, quoteLength));
}

/** Combined score in [0, 1]: a weighted mean, so raising any factor never lowers the score. */
export function scoreMatch(f: MatchFactors, quoteLength: number): number {
  const wc = contextWeight(quoteLength);
  const wp = positionWeight(quoteLength);
  const wq = SCORE_WEIGHTS.quote;
  return (wq * f.quote + wc * f.prefix + wc * f.suffix + wp * f.position) / (wq + 2 * wc + wp);
}

/** 1 at the old place, falling linearly to 0 at a whole text's length away. */
export function positionSimilarity(start: number, oldStart: number, textLength: number): number {
  const d = Math.abs(start - oldStart) / Math.max(1, textLength);
  return 1 - Math.min(1, d);
}

/** 1 − edits / length, for a pattern of this length (an empty pattern agrees with anything). */
export function similarity(errors: number, length: number): number {
  return length === 0 ? 1 : Math.max(0, 1 - errors / length);
}

/** Per-text work shared by every target anchored on it. */
export class PreparedText {
  private readonly occ = new Map<string, number[]>();
  constructor(readonly text: string) {}

  /** Every start of `needle` (overlapping ones too), ascending; cached per needle. */
  occurrences(needle: string): number[] {
    let hits = this.occ.get(needle);
    if (!hits) {
      hits = [];
      if (needle.length > 0) for (let i = this.text.indexOf(needle); i >= 0; i = this.text.indexOf(needle, i + 1)) hits.push(i);
      this.occ.set(needle, hits);
    }
    return hits;
  }
}

/** Scores candidate places for one stored quote. */
class CandidateScorer {
  private readonly prefix: AffixMatcher;
  private readonly suffix: AffixMatcher;
  constructor(
    private readonly text: string,
    private readonly quote: TextQuote,
    private readonly oldStart: number,
  ) {
    this.prefix = new AffixMatcher(quote.prefix, 'before');
    this.suffix = new AffixMatcher(quote.suffix, 'after');
  }

  factors(range: Range, quoteErrors: number): MatchFactors {
    return {
      quote: similarity(quoteErrors, this.quote.exact.length),
      prefix: similarity(this.prefix.distanceAt(this.text, range.start), this.prefix.length),
      suffix: similarity(this.suffix.distanceAt(this.text, range.end), this.suffix.length),
      position: positionSimilarity(range.start, this.oldStart, this.text.length),
    };
  }

  score(range: Range, quoteErrors: number): number {
    return scoreMatch(this.factors(range, quoteErrors), this.quote.exact.length);
  }
}

function validPosition(text: string, p: Range): boolean {
  return Number.isInteger(p.start) && Number.isInteger(p.end) && 0 <= p.start && p.start <= p.end && p.end <= text.length;
}

/** Up to `count` entries of ascending `sorted` nearest to x. */
function nearest(sorted: readonly number[], x: number, count: number): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  let l = lo - 1;
  let r = lo;
  while (out.length < count && (l >= 0 || r < sorted.length)) {
    if (r >= sorted.length || (l >= 0 && x - sorted[l] <= sorted[r] - x)) out.push(sorted[l--]);
    else out.push(sorted[r++]);
  }
  return out;
}

/** Where the quote might start now, from the old position, the context and pieces of the quote. */
function fuzzySeeds(prepared: PreparedText, quote: TextQuote, oldStart: number): number[] {
  const m = quote.exact.length;
  const seeds = [oldStart];
  const k = 8;
  if (quote.prefix.length >= 2) {
    const tail = quote.prefix.slice(-k);
    for (const o of nearest(prepared.occurrences(tail), oldStart - tail.length, SEEDS_PER_NEEDLE)) seeds.push(o + tail.length);
  }
  if (quote.suffix.length >= 2) {
    const head = quote.suffix.slice(0, k);
    for (const o of nearest(prepared.occurrences(head), oldStart + m, SEEDS_PER_NEEDLE)) seeds.push(o - m);
  }
  // Pigeonhole: with fewer edits than pieces, at least one piece is still there verbatim.
  const pieces = Math.min(4, Math.floor(m / 2));
  for (let i = 0; i < pieces; i++) {
    const a = Math.floor((i * m) / pieces);
    const b = Math.floor(((i + 1) * m) / pieces);
    for (const o of nearest(prepared.occurrences(quote.exact.slice(a, b)), oldStart + a, SEEDS_PER_NEEDLE)) seeds.push(o - a);
  }
  return seeds;
}

/** Windows [from, to) around the seeds, merged, nearest the old position first, at most MAX_FUZZY_WINDOWS. */
function fuzzyWindows(seeds: number[], oldStart: number, m: number, textLength: number): Range[] {
  const slack = Math.max(8, Math.ceil(m * MAX_FUZZY_ERROR_RATIO));
  const byDistance = [...new Set(seeds)].sort((a, b) => Math.abs(a - oldStart) - Math.abs(b - oldStart)).slice(0, MAX_FUZZY_WINDOWS);
  const wins = byDistance
    .map((s) => ({ start: Math.max(0, s - slack), end: Math.min(textLength, s + m + slack) }))
    .filter((w) => w.start < w.end)
    .sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const w of wins) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged;
}

function anchorPrepared(prepared: PreparedText, fingerprint: string, target: AnchorTarget): AnchorResult {
  const text = prepared.text;
  const quote: TextQuote = {
    exact: target.quote?.exact ?? '',
    prefix: target.quote?.prefix ?? '',
    suffix: target.quote?.suffix ?? '',
  };
  const pos = target.position;
  const hasPos = pos != null && Number.isFinite(pos.start) && Number.isFinite(pos.end);

  // 1. position
  if (hasPos && target.fingerprint === fingerprint && target.cleanVersion === CLEAN_VERSION && validPosition(text, pos) && text.slice(pos.start, pos.end) === quote.exact) {
    return { status: 'anchored', range: { start: pos.start, end: pos.end }, method: 'position', score: 1 };
  }
  const m = quote.exact.length;
  // An empty quote has nothing to look for: only an unchanged text keeps it (step 1).
  if (m === 0 || text.length === 0) return { status: 'orphan', bestScore: 0 };
  const oldStart = hasPos ? Math.min(Math.max(0, Math.floor(pos.start)), text.length) : 0;
  const scorer = new CandidateScorer(text, quote, oldStart);
  let bestScore = 0;

  // 2. exact quote, chosen by context
  let best: Range | null = null;
  let bestQuote = -1;
  for (const start of prepared.occurrences(quote.exact)) {
    // A quote ending in a lone high surrogate also "occurs" over the first half of a pair:
    // those are other characters, and a range must not cut one.
    if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, start + m)) continue;
    const range = { start, end: start + m };
    const s = scorer.score(range, 0);
    if (s > bestQuote) {
      bestQuote = s;
      best = range;
    }
  }
  if (best) {
    bestScore = bestQuote;
    if (bestQuote >= MIN_QUOTE_SCORE) return { status: 'anchored', range: best, method: 'quote', score: bestQuote };
  }

  // 3. fuzzy, near the seeds
  const maxErrors = Math.floor(m * MAX_FUZZY_ERROR_RATIO);
  let bestFuzzy: Range | null = null;
  let bestFuzzyScore = -1;
  if (maxErrors > 0 && m <= MAX_FUZZY_QUOTE_CHARS) {
    for (const w of fuzzyWindows(fuzzySeeds(prepared, quote, oldStart), oldStart, m, text.length)) {
      for (const hit of approxSearch(text, quote.exact, w.start, w.end, maxErrors)) {
        // Edits are counted in code units, so a match may end between the halves of a pair
        // (𠀾→𠀿 share their first half); a range is whole characters, and the context decides.
        const range = normalizeRange(text, hit);
        const s = scorer.score(range, hit.errors);
        if (s > bestFuzzyScore) {
          bestFuzzyScore = s;
          bestFuzzy = range;
        }
      }
    }
  }
  if (bestFuzzy) {
    bestScore = Math.max(bestScore, bestFuzzyScore);
    if (bestFuzzyScore >= MIN_FUZZY_SCORE) return { status: 'anchored', range: bestFuzzy, method: 'fuzzy', score: bestFuzzyScore };
  }
  return { status: 'orphan', bestScore };
}

/** Find a stored target on the current canonical text (whose sha-256 is `fingerprint`). */
export function anchor(canonical: string, fingerprint: string, target: AnchorTarget): AnchorResult {
  return anchorPrepared(new PreparedText(canonical), fingerprint, target);
}

/** anchor() for many targets on one text, sharing the occurrence index. Results are in target order. */
export function anchorAll(canonical: string, fingerprint: string, targets: readonly AnchorTarget[]): AnchorResult[] {
  const prepared = new PreparedText(canonical);
  return targets.map((t) => anchorPrepared(prepared, fingerprint, t));
}
