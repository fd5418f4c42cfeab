// Where each annotation of the open article is now (anchored or orphan), and where
// annotations of a renamed file go. Plain functions over rows, kept apart from the runes.
import type { ArticleEntry } from '../../src-main/api.ts';
import { anchorAll } from '../core/anchor.ts';
import type { AnchorResult, AnchorTarget, Range } from '../core/types.ts';
import type { AnnotationRecord } from '../db/records.ts';
import { yieldToPage } from './yieldToPage.ts';

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

/**
 * Runs each already in `order`, merged into one list a bounded amount of work per task
 * (pairwise, so n items over k runs cost n·log k steps): a sort of 100,000 rows in one task
 * would hold the page. On a tie the earlier run's item comes first, as in a stable sort of
 * the runs one after another. Null when `stopped` says the work is no longer wanted.
 */
export async function mergeRunsInTasks<T>(runs: readonly T[][], order: (x: T, y: T) => number, nextTask: () => Promise<void>, stopped: () => boolean): Promise<T[] | null> {
  let level = runs.filter((run) => run.length > 0);
  let started = performance.now();
  while (level.length > 1) {
    const next: T[][] = [];
    for (let r = 0; r < level.length; r += 2) {
      const a = level[r];
      const b = level[r + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      const out = new Array<T>(a.length + b.length);
      let i = 0;
      let j = 0;
      for (let k = 0; k < out.length; ) {
        const stop = Math.min(out.length, k + MERGE_STEPS);
        while (k < stop) out[k++] = j >= b.length || (i < a.length && order(b[j], a[i]) >= 0) ? a[i++] : b[j++];
        if (performance.now() - started > SLICE_MS.high) {
          await nextTask();
          if (stopped()) return null;
          started = performance.now();
        }
      }
      next.push(out);
    }
    level = next;
  }
  return level[0] ?? [];
}

/** Items merged between looks at the clock. */
const MERGE_STEPS = 2_048;

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
   * result as it comes (a pass cancelled by a newer placing loses none of them). Each slice's
   * placed rows are kept in reading order as a run, beside `placed` (the rows placed before
   * the pass); the runs are merged a task at a time at the end, so the placing that follows
   * has nothing left to sort.
   */
  private async anchorInSlices(canonical: string, fingerprint: string, todo: readonly AnnotationRecord[], records: readonly AnnotationRecord[], placed: { anchored: AnchoredAnnotation[]; orphans: AnnotationRecord[] }): Promise<void> {
    const pass = { fingerprint, canonical, cancelled: false };
    this.pass = pass;
    const stopped = () => {
      const kept = this.texts.get(fingerprint);
      return pass.cancelled || !kept || kept.canonical !== canonical;
    };
    const anchoredRuns: AnchoredAnnotation[][] = [placed.anchored];
    const orphanRuns: AnnotationRecord[][] = [placed.orphans];
    let size = 64;
    for (let i = 0; i < todo.length; ) {
      await this.nextTask();
      if (stopped()) return;
      const results = this.texts.get(fingerprint)!.results;
      const started = performance.now();
      const slice = todo.slice(i, i + size);
      const fresh = this.anchor(canonical, fingerprint, slice.map(targetOf));
      const found: AnchoredAnnotation[] = [];
      const lost: AnnotationRecord[] = [];
      slice.forEach((r, k) => {
        const result = fresh[k];
        results.set(r.id, { record: r, key: selectorKey(r), result });
        if (result.status === 'anchored') found.push({ record: r, range: result.range, method: result.method });
        else lost.push(r);
      });
      anchoredRuns.push(found.sort(inReadingOrder));
      orphanRuns.push(lost);
      i += slice.length;
      const ms = performance.now() - started;
      if (ms < SLICE_MS.low) size *= 2;
      else if (ms > SLICE_MS.high) size = Math.max(1, size >> 1);
    }
    const anchored = await mergeRunsInTasks(anchoredRuns, inReadingOrder, this.nextTask, stopped);
    // Orphans stay in the rows' order, which is the order they were made in.
    const orphans = anchored && (await mergeRunsInTasks(orphanRuns, (a, b) => a.createdAt - b.createdAt, this.nextTask, stopped));
    if (!anchored || !orphans || this.pass !== pass) return;
    this.pass = null;
    this.texts.get(fingerprint)!.finished = { records, placement: { anchored, orphans, pending: 0 } };
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
