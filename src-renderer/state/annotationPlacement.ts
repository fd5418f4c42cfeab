// Where each annotation of the open article is now (anchored or orphan), and where
// annotations of a renamed file go. Plain functions over rows, kept apart from the runes.
import type { ArticleEntry } from '../../src-main/api.ts';
import { anchorAll } from '../core/anchor.ts';
import type { AnchorResult, AnchorTarget, Range } from '../core/types.ts';
import type { AnnotationRecord } from '../db/records.ts';

export interface AnchoredAnnotation {
  record: AnnotationRecord;
  /** Canonical range it was found at now. */
  range: Range;
  method: 'position' | 'quote' | 'fuzzy';
}

export interface Placement {
  /** In reading order. */
  anchored: AnchoredAnnotation[];
  orphans: AnnotationRecord[];
  /** Annotations still being anchored a slice at a time: in neither list until that is done. */
  pending: number;
}

export const NO_COUNTS: ReadonlyMap<string, number> = new Map();

const targetOf = (r: AnnotationRecord): AnchorTarget => ({ fingerprint: r.fingerprint, cleanVersion: r.cleanVersion, position: r.position, quote: r.quote });
const selectorKey = (r: AnnotationRecord) => [r.fingerprint, r.cleanVersion, r.position.start, r.position.end, r.quote.prefix, r.quote.exact, r.quote.suffix].join('\u0000');

/** Articles whose anchoring results are kept: the open one and a few just left, not every text of a session. */
export const ANCHOR_CACHE_ARTICLES = 8;

/**
 * Past this many annotations to anchor at once (more than a person makes on one article: a
 * merged or hostile backup), anchoring runs a slice at a time between the page's other tasks.
 */
export const ANCHOR_AT_ONCE = 2_000;

/** Lets the page draw and take input: the next task, ahead of other waiting work where the browser can. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

interface Anchored {
  /** The row the result was computed for: the same object needs no selector comparison. */
  record: AnnotationRecord;
  key: string;
  result: AnchorResult;
}

interface PlacedText {
  canonical: string;
  /** Annotation id → its result and the selectors it was computed from. */
  results: Map<string, Anchored>;
  /**
   * The placement of exactly these rows (the same array), put together by a slice-at-a-time
   * pass as it went: placing them again returns it, instead of listing and sorting every
   * row in one task.
   */
  finished: { records: readonly AnnotationRecord[]; placement: Placement } | null;
}

/** Reading order: by start, then end, then the older first. */
const inReadingOrder = (a: AnchoredAnnotation, b: AnchoredAnnotation) => a.range.start - b.range.start || a.range.end - b.range.end || a.record.createdAt - b.record.createdAt;

/** One list of two lists each already in `order`; on a tie `a`'s item first, as a stable sort of a then b would. */
function mergeInOrder<T>(a: readonly T[], b: readonly T[], order: (x: T, y: T) => number): T[] {
  const out: T[] = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = order(b[j], a[i]) < 0 ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Slices of work sized to take a few milliseconds each on this machine. */
const SLICE_MS = { low: 3, high: 10 };

/**
 * Anchoring is pure but not free: a result is kept while neither the text nor the
 * annotation's selectors change, so recolouring one of 1,000 highlights anchors none.
 * The cache holds each article's text, so it keeps only the last few articles placed.
 */
export class AnchorCache {
  /** By fingerprint, least recently placed first. */
  private texts = new Map<string, PlacedText>();
  /** The slice-at-a-time pass running now, if any. */
  private pass: { fingerprint: string; canonical: string; cancelled: boolean } | null = null;
  /** Called when a slice-at-a-time pass has anchored all it was given: placing again finds every result. */
  onAnchored: (() => void) | null = null;

  constructor(
    private readonly maxArticles = ANCHOR_CACHE_ARTICLES,
    private readonly anchor: typeof anchorAll = anchorAll,
    private readonly nextTask: () => Promise<void> = yieldToPage,
    private readonly atOnce = ANCHOR_AT_ONCE,
  ) {}

  /** Fingerprints of the texts kept, least recently placed first. */
  keptFingerprints(): string[] {
    return [...this.texts.keys()];
  }

  place(canonical: string, fingerprint: string, records: readonly AnnotationRecord[]): Placement {
    const kept = this.texts.get(fingerprint);
    if (kept && kept.canonical === canonical && kept.finished?.records === records) {
      if (this.pass) this.pass.cancelled = true;
      this.pass = null;
      this.texts.delete(fingerprint);
      this.texts.set(fingerprint, kept);
      return kept.finished.placement;
    }
    const previous = kept && kept.canonical === canonical ? kept.results : new Map<string, Anchored>();
    // Only the annotations asked about now stay: a deleted one's result goes with it.
    const results = new Map<string, Anchored>();
    const todo: AnnotationRecord[] = [];
    for (const r of records) {
      const hit = previous.get(r.id);
      if (hit && hit.record === r) results.set(r.id, hit);
      else if (hit && hit.key === selectorKey(r)) results.set(r.id, { ...hit, record: r });
      else todo.push(r);
    }
    // A pass over another text, or over rows asked for before these, is not needed any more.
    if (this.pass) this.pass.cancelled = true;
    this.pass = null;
    const sliced = todo.length > this.atOnce;
    if (!sliced && todo.length > 0) {
      const fresh = this.anchor(canonical, fingerprint, todo.map(targetOf));
      todo.forEach((r, i) => results.set(r.id, { record: r, key: selectorKey(r), result: fresh[i] }));
    }
    this.texts.delete(fingerprint);
    this.texts.set(fingerprint, { canonical, results, finished: null });
    for (const oldest of this.texts.keys()) {
      if (this.texts.size <= this.maxArticles) break;
      this.texts.delete(oldest);
    }

    const anchored: AnchoredAnnotation[] = [];
    const orphans: AnnotationRecord[] = [];
    for (const record of records) {
      const result = results.get(record.id)?.result;
      if (!result) continue;
      if (result.status === 'anchored') anchored.push({ record, range: result.range, method: result.method });
      else orphans.push(record);
    }
    anchored.sort(inReadingOrder);
    if (sliced) void this.anchorInSlices(canonical, fingerprint, todo, records, { anchored, orphans });
    return { anchored, orphans, pending: sliced ? todo.length : 0 };
  }

  /**
   * Anchors `todo` on the kept text a slice at a time, each slice in its own task, keeping each
   * result as it comes (a pass cancelled by a newer placing loses none of them). The placement
   * of `records` is kept in reading order as the slices come in (`placed`: the rows placed
   * before the pass), so the placing that follows has nothing left to sort.
   */
  private async anchorInSlices(canonical: string, fingerprint: string, todo: readonly AnnotationRecord[], records: readonly AnnotationRecord[], placed: { anchored: AnchoredAnnotation[]; orphans: AnnotationRecord[] }): Promise<void> {
    const pass = { fingerprint, canonical, cancelled: false };
    this.pass = pass;
    let { anchored, orphans } = placed;
    let size = 64;
    for (let i = 0; i < todo.length; ) {
      await this.nextTask();
      const kept = this.texts.get(fingerprint);
      if (pass.cancelled || !kept || kept.canonical !== canonical) return;
      const started = performance.now();
      const slice = todo.slice(i, i + size);
      const fresh = this.anchor(canonical, fingerprint, slice.map(targetOf));
      const found: AnchoredAnnotation[] = [];
      const lost: AnnotationRecord[] = [];
      slice.forEach((r, k) => {
        const result = fresh[k];
        kept.results.set(r.id, { record: r, key: selectorKey(r), result });
        if (result.status === 'anchored') found.push({ record: r, range: result.range, method: result.method });
        else lost.push(r);
      });
      anchored = mergeInOrder(anchored, found.sort(inReadingOrder), inReadingOrder);
      // Orphans stay in the rows' order, which is the order they were made in.
      if (lost.length > 0) orphans = mergeInOrder(orphans, lost, (a, b) => a.createdAt - b.createdAt);
      i += slice.length;
      const ms = performance.now() - started;
      if (ms < SLICE_MS.low) size *= 2;
      else if (ms > SLICE_MS.high) size = Math.max(1, size >> 1);
    }
    if (this.pass !== pass) return;
    this.pass = null;
    const kept = this.texts.get(fingerprint);
    if (kept && kept.canonical === canonical) kept.finished = { records, placement: { anchored, orphans, pending: 0 } };
    this.onAnchored?.();
  }
}

export function withCount(counts: ReadonlyMap<string, number>, key: string, count: number): ReadonlyMap<string, number> {
  const next = new Map(counts);
  next.set(key, count);
  return next;
}

/**
 * Renames and moves inside the library: a key with annotations that is no longer in the
 * library goes to an entry with a fingerprint the annotations were made on. An entry that
 * has annotations of its own is a copy, not the renamed file, unless it is the only match.
 */
export function renameMoves(entries: readonly ArticleEntry[], annotated: ReadonlyMap<string, ReadonlySet<string>>): { from: string; to: string }[] {
  const present = new Set(entries.map((e) => e.key));
  const moves: { from: string; to: string }[] = [];
  for (const [key, fingerprints] of annotated) {
    if (present.has(key)) continue;
    const candidates = entries.filter((e) => e.fingerprint !== null && fingerprints.has(e.fingerprint));
    const target = candidates.find((e) => !annotated.has(e.key)) ?? candidates[0];
    if (target) moves.push({ from: key, to: target.key });
  }
  return moves;
}
