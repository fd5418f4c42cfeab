// The anchoring cache of the open article: results are reused while text and selectors stay,
// and only the last few articles' texts are kept, least recently placed going first.
import { beforeEach, describe, expect, it } from 'vitest';
import { anchorAll } from '../../src-renderer/core/anchor.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { ANCHOR_CACHE_ARTICLES, AnchorCache } from '../../src-renderer/state/annotationPlacement.ts';

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
