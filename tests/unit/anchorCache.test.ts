// The anchoring cache of the open article: results are reused while text and selectors stay,
// and only the last few articles' texts are kept, least recently placed going first.
import { beforeEach, describe, expect, it } from 'vitest';
import { anchorAll } from '../../src-renderer/core/anchor.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { ANCHOR_CACHE_ARTICLES, AnchorCache, mergeRunsInTasks } from '../../src-renderer/state/annotationPlacement.ts';

const record = (id: string, fingerprint: string, start: number, exact: string): AnnotationRecord => ({
  id,
  articleKey: `${fingerprint}.txt`,
  fingerprint,
  cleanVersion: 1,
  position: { start, end: start + exact.length },
  quote: { exact, prefix: '', suffix: '' },
  color: 'yellow',
  style: 'highlight',
  note: '',
  tagIds: [],
  createdAt: 1,
  updatedAt: 1,
  deletedAt: null,
});

let anchoredCount = 0;
/** The real anchoring, counting the annotations it is asked to anchor. */
const countingAnchorAll: typeof anchorAll = (canonical, fingerprint, targets) => {
  anchoredCount += targets.length;
  return anchorAll(canonical, fingerprint, targets);
};

/** How many annotations were anchored (not taken from the cache) since the last call. */
function anchoredSinceLastAsked(): number {
  const n = anchoredCount;
  anchoredCount = 0;
  return n;
}

const TEXT = '优化营商环境，招商引资，人才。';

describe('AnchorCache', () => {
  beforeEach(() => void anchoredSinceLastAsked());

  it('anchors each annotation once while neither the text nor its selectors change', () => {
    const cache = new AnchorCache(ANCHOR_CACHE_ARTICLES, countingAnchorAll);
    const a = record('a', 'fp', 2, '营商环境');
    const b = record('b', 'fp', 7, '招商引资');
    expect(cache.place(TEXT, 'fp', [a, b]).anchored.map((x) => x.range)).toEqual([
      { start: 2, end: 6 },
      { start: 7, end: 11 },
    ]);
    expect(anchoredSinceLastAsked()).toBe(2);
    // Recolouring b changes no selector: nothing is anchored again.
    cache.place(TEXT, 'fp', [a, { ...b, color: 'green' }]);
    expect(anchoredSinceLastAsked()).toBe(0);
    // A changed text anchors everything again; a changed selector anchors that one.
    cache.place(`前言。${TEXT}`, 'fp', [a, b]);
    expect(anchoredSinceLastAsked()).toBe(2);
    const moved = { ...b, position: { start: 10, end: 14 } };
    expect(cache.place(`前言。${TEXT}`, 'fp', [a, moved]).anchored.map((x) => x.range)).toEqual([
      { start: 5, end: 9 },
      { start: 10, end: 14 },
    ]);
    expect(anchoredSinceLastAsked()).toBe(1);
  });

  it(`keeps the texts of the last ${ANCHOR_CACHE_ARTICLES} articles only, least recently placed going first`, () => {
    const cache = new AnchorCache(ANCHOR_CACHE_ARTICLES, countingAnchorAll);
    const fps = Array.from({ length: ANCHOR_CACHE_ARTICLES + 3 }, (_, i) => `fp${i}`);
    for (const fp of fps) cache.place(TEXT, fp, [record(`${fp}-a`, fp, 2, '营商环境')]);
    expect(cache.keptFingerprints()).toEqual(fps.slice(3));
    anchoredSinceLastAsked();

    // Placing a kept article again reuses its results and makes it the most recent.
    cache.place(TEXT, 'fp3', [record('fp3-a', 'fp3', 2, '营商环境')]);
    expect(anchoredSinceLastAsked()).toBe(0);
    expect(cache.keptFingerprints()).toEqual([...fps.slice(4), 'fp3']);
    cache.place(TEXT, 'new', [record('new-a', 'new', 7, '招商引资')]);
    expect(cache.keptFingerprints()).toEqual([...fps.slice(5), 'fp3', 'new']);
    expect(anchoredSinceLastAsked()).toBe(1);

    // An article that was let go is anchored again, with the same answer.
    expect(cache.place(TEXT, 'fp0', [record('fp0-a', 'fp0', 2, '营商环境')]).anchored.map((x) => x.range)).toEqual([{ start: 2, end: 6 }]);
    expect(anchoredSinceLastAsked()).toBe(1);
    expect(cache.keptFingerprints()).toHaveLength(ANCHOR_CACHE_ARTICLES);
  });

  it('forgets a deleted annotation: it is anchored afresh if it comes back', () => {
    const cache = new AnchorCache(ANCHOR_CACHE_ARTICLES, countingAnchorAll);
    const a = record('a', 'fp', 2, '营商环境');
    const b = record('b', 'fp', 7, '招商引资');
    cache.place(TEXT, 'fp', [a, b]);
    cache.place(TEXT, 'fp', [a]);
    anchoredSinceLastAsked();
    expect(cache.place(TEXT, 'fp', [a, b]).orphans).toEqual([]);
    expect(anchoredSinceLastAsked()).toBe(1);
  });
});

describe('AnchorCache, more annotations than anchored at once', () => {
  beforeEach(() => void anchoredSinceLastAsked());

  /** A nextTask the test releases by hand, counting the tasks asked for. */
  function manualTasks() {
    const waiting: (() => void)[] = [];
    return {
      nextTask: () => new Promise<void>((resolve) => waiting.push(resolve)),
      /** Runs the first task asked for. */
      async step(): Promise<void> {
        waiting.shift()?.();
        await new Promise((r) => setTimeout(r, 0));
      },
      /** Runs every task asked for so far and the ones they ask for, until none is waiting. */
      async drain(): Promise<number> {
        let n = 0;
        while (waiting.length > 0) {
          waiting.shift()!();
          n++;
          await new Promise((r) => setTimeout(r, 0));
        }
        return n;
      },
    };
  }

  const many = (n: number) => Array.from({ length: n }, (_, i) => record(`r${i}`, 'fp', i % 2 === 0 ? 2 : 7, i % 2 === 0 ? '营商环境' : '招商引资'));

  it('anchors them in later tasks, loses none, and says when it is done', async () => {
    const tasks = manualTasks();
    const cache = new AnchorCache(ANCHOR_CACHE_ARTICLES, countingAnchorAll, tasks.nextTask, 3);
    let done = 0;
    cache.onAnchored = () => done++;
    const rows = [...many(5), record('gone', 'fp', 0, '不在文中的话')];
    const first = cache.place(TEXT, 'fp', rows);
    // Nothing anchored in the placing task itself: all six wait, in neither list.
    expect(first).toEqual({ anchored: [], orphans: [], pending: 6 });
    expect(anchoredSinceLastAsked()).toBe(0);
    expect(await tasks.drain()).toBeGreaterThan(0);
    expect(done).toBe(1);
    expect(anchoredSinceLastAsked()).toBe(6);
    const after = cache.place(TEXT, 'fp', rows);
    expect(anchoredSinceLastAsked()).toBe(0);
    expect(after.pending).toBe(0);
    expect(after.anchored.map((a) => [a.record.id, a.range.start])).toEqual([
      ['r0', 2], ['r2', 2], ['r4', 2], ['r1', 7], ['r3', 7],
    ]);
    expect(after.orphans.map((r) => r.id)).toEqual(['gone']);
  });

  it('a placing while a pass runs starts over from what is done: nothing anchored twice, nothing lost', async () => {
    const tasks = manualTasks();
    const cache = new AnchorCache(ANCHOR_CACHE_ARTICLES, countingAnchorAll, tasks.nextTask, 3);
    let done = 0;
    cache.onAnchored = () => done++;
    const rows = many(200);
    cache.place(TEXT, 'fp', rows);
    // One slice, then a new row arrives (made in the reader) and the rows are placed again.
    await tasks.step();
    const sliced = anchoredSinceLastAsked();
    expect(sliced).toBeGreaterThan(0);
    expect(sliced).toBeLessThan(200);
    const added = record('new', 'fp', 2, '营商环境');
    const mid = cache.place(TEXT, 'fp', [...rows, added]);
    expect(mid.anchored).toHaveLength(sliced);
    expect(mid.pending).toBe(201 - sliced);
    await tasks.drain();
    // The first pass was cancelled by the second: only the second reports.
    expect(done).toBe(1);
    expect(anchoredSinceLastAsked()).toBe(201 - sliced);
    const last = cache.place(TEXT, 'fp', [...rows, added]);
    expect(last.pending).toBe(0);
    expect(last.anchored).toHaveLength(201);
  });

  it('a pass for a text that was replaced stops; placing the new text anchors on it', async () => {
    const tasks = manualTasks();
    const cache = new AnchorCache(ANCHOR_CACHE_ARTICLES, countingAnchorAll, tasks.nextTask, 3);
    let done = 0;
    cache.onAnchored = () => done++;
    const rows = many(10);
    cache.place(TEXT, 'fp', rows);
    const moved = `前言。${TEXT}`;
    expect(cache.place(moved, 'fp', rows).pending).toBe(10);
    await tasks.drain();
    expect(done).toBe(1);
    expect(anchoredSinceLastAsked()).toBe(10);
    expect(cache.place(moved, 'fp', rows).anchored.map((a) => a.range.start).slice(0, 2)).toEqual([5, 5]);
  });
  it('keeps reading order as the slices come in: placing the same rows after the pass sorts nothing and anchors nothing', async () => {
    const tasks = manualTasks();
    const cache = new AnchorCache(ANCHOR_CACHE_ARTICLES, countingAnchorAll, tasks.nextTask, 3);
    // Six phrases of TEXT at these starts; the rows are made from the last phrase back to the first, over and over.
    const phrases: [number, string][] = [[0, '优化'], [2, '营商'], [4, '环境'], [7, '招商'], [9, '引资'], [12, '人才']];
    const made = (i: number): AnnotationRecord => {
      const [start, exact] = phrases[5 - (i % 6)];
      return { ...record(`m${i}`, 'fp', start, exact), createdAt: 100 + i };
    };
    const lost = (id: string, createdAt: number): AnnotationRecord => ({ ...record(id, 'fp', 0, '不在文中的话'), createdAt });
    // A few placed at once first (one of them an orphan), then many more with them: those go a slice at a time.
    const early = [made(0), made(1), lost('lost-early', 102)];
    cache.place(TEXT, 'fp', early);
    const rows = [...early, ...Array.from({ length: 40 }, (_, k) => made(k + 3)), lost('lost-late', 150)].sort((a, b) => a.createdAt - b.createdAt);
    anchoredSinceLastAsked();
    expect(cache.place(TEXT, 'fp', rows).pending).toBe(41);
    await tasks.drain();
    expect(anchoredSinceLastAsked()).toBe(41);
    const after = cache.place(TEXT, 'fp', rows);
    expect(anchoredSinceLastAsked()).toBe(0);
    // Reading order: by start, and at one start the older first. Row i sits at phrase 5 - i % 6.
    const made0to42 = [0, 1, ...Array.from({ length: 40 }, (_, k) => k + 3)];
    const expected = [0, 1, 2, 3, 4, 5].flatMap((phrase) => made0to42.filter((i) => 5 - (i % 6) === phrase).map((i) => `m${i}`));
    expect(after.anchored.map((a) => a.record.id)).toEqual(expected);
    expect(after.anchored.map((a) => a.range.start).slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
    expect(after.orphans.map((r) => r.id)).toEqual(['lost-early', 'lost-late']);
    expect(after.pending).toBe(0);
    // Placing the same rows again gives the same placement, not a sorted copy of it.
    expect(cache.place(TEXT, 'fp', rows)).toBe(after);
    // Other rows (one more highlight) are placed afresh, in the same order.
    const more = [...rows, made(43)];
    expect(cache.place(TEXT, 'fp', more).anchored.map((a) => a.record.id)).toEqual([0, 1, 2, 3, 4, 5].flatMap((phrase) => [...made0to42, 43].filter((i) => 5 - (i % 6) === phrase).map((i) => `m${i}`)));
  });
});

describe('mergeRunsInTasks', () => {
  const byKey = (a: [number, string], b: [number, string]) => a[0] - b[0];
  const never = () => false;
  const task = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  it('merges sorted runs into one order; on a tie the earlier run first', async () => {
    const runs: [number, string][][] = [
      [[1, 'a1'], [3, 'a3'], [5, 'a5']],
      [],
      [[1, 'c1'], [2, 'c2'], [5, 'c5'], [9, 'c9']],
      [[0, 'd0'], [5, 'd5']],
      [[5, 'e5']],
    ];
    expect((await mergeRunsInTasks(runs, byKey, task, never))!.map((x) => x[1])).toEqual(['d0', 'a1', 'c1', 'c2', 'a3', 'a5', 'c5', 'd5', 'e5', 'c9']);
    expect(await mergeRunsInTasks([], byKey, task, never)).toEqual([]);
    expect(await mergeRunsInTasks([[], []], byKey, task, never)).toEqual([]);
  });

  it('merges 100,000 items over many runs without losing or repeating one', async () => {
    // Run r holds the numbers congruent to r modulo 37, ascending: together 0 … 99,999 once each.
    const runs = Array.from({ length: 37 }, (_, r) => Array.from({ length: Math.ceil((100_000 - r) / 37) }, (_, k): [number, string] => [r + 37 * k, '']));
    const merged = (await mergeRunsInTasks(runs, byKey, task, never))!;
    expect(merged).toHaveLength(100_000);
    expect(merged.every((x, i) => x[0] === i)).toBe(true);
  });
});
