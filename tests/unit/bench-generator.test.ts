// The bench's generated library (tests/bench/generateLibrary.ts): the same seed gives the
// same library, and the library looks like a researcher's folder — sizes, scripts, pinyin,
// scraper artifacts, sub-folders — with annotations anchored where they say they are.
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { fingerprintText } from '../../src-main/library/decode.ts';
import {
  BENCH_15K_KEY,
  BENCH_OTHER_KEY,
  BIG_BYTES,
  bigFileCount,
  generateAnnotations,
  generateArticles,
} from '../bench/generateLibrary.ts';
import { median } from '../bench/figures.ts';

const library = generateArticles(100);

describe('generateArticles', () => {
  it('makes the same library from the same seed, another from another seed', () => {
    const again = generateArticles(100);
    expect(again.map((a) => [a.key, a.text])).toEqual(library.map((a) => [a.key, a.text]));
    const other = generateArticles(100, 8);
    expect(other.slice(2).map((a) => a.text)).not.toEqual(library.slice(2).map((a) => a.text));
  });

  it('makes as many articles as asked, with unique keys', () => {
    expect(library).toHaveLength(100);
    expect(new Set(library.map((a) => a.key)).size).toBe(100);
  });

  it('has a median file of 5–10 KB, a long tail and a 1 MB file', () => {
    const bytes = library.map((a) => a.bytes);
    expect(median(bytes)).toBeGreaterThanOrEqual(5_000);
    expect(median(bytes)).toBeLessThanOrEqual(10_000);
    const normal = bytes.filter((b) => b < BIG_BYTES);
    expect(Math.max(...normal)).toBeGreaterThan(3 * median(bytes));
    expect(bytes.filter((b) => b >= BIG_BYTES)).toHaveLength(bigFileCount(100));
    expect(library.every((a) => a.bytes === Buffer.byteLength(a.text, 'utf8'))).toBe(true);
  });

  it('mixes both scripts, pinyin annotations and scraper artifacts', () => {
    const traditional = library.filter((a) => a.script === 'traditional');
    expect(traditional.length).toBeGreaterThan(8);
    expect(traditional.length).toBeLessThan(40);
    expect(traditional.every((a) => /[們經濟發這個為與會來時]/.test(a.text))).toBe(true);
    expect(library.some((a) => /\p{Script=Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/u.test(a.text))).toBe(true);
    expect(library.some((a) => a.artifacts && /,,|,。/.test(a.text))).toBe(true);
  });

  it('files articles in sub-folders of different depths', () => {
    const depths = new Set(library.map((a) => a.key.split('/').length));
    expect(depths.size).toBeGreaterThanOrEqual(3);
    expect(library.every((a) => a.key.endsWith('.txt') && !a.key.startsWith('/'))).toBe(true);
  });

  it('holds the 15,000-character article and its neighbour under known keys', () => {
    const bench = library.find((a) => a.key === BENCH_15K_KEY)!;
    expect(bench.text).toHaveLength(15_000);
    expect(library.some((a) => a.key === BENCH_OTHER_KEY)).toBe(true);
  });

  it('gives every article a title the parser reads', () => {
    for (const a of library.filter((x) => x.bytes < BIG_BYTES).slice(0, 20)) {
      expect(loadArticle(a.text, { fileName: a.key }).article.meta.title).toBeTruthy();
    }
  });
});

describe('generateAnnotations', () => {
  const rows = generateAnnotations(library);

  it('annotates about 30 % of the articles with 1–20 highlights each', () => {
    const perArticle = new Map<string, number>();
    for (const r of rows) perArticle.set(r.articleKey, (perArticle.get(r.articleKey) ?? 0) + 1);
    expect(perArticle.size).toBeGreaterThan(15);
    expect(perArticle.size).toBeLessThan(45);
    expect(Math.max(...perArticle.values())).toBeLessThanOrEqual(20);
    expect(rows.some((r) => r.note !== '')).toBe(true);
    expect(rows.some((r) => r.tagIds.length > 0)).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('anchors each one on the canonical text of its article, fingerprinted as the host does', () => {
    const byKey = new Map(library.map((a) => [a.key, a]));
    for (const r of rows.slice(0, 50)) {
      const a = byKey.get(r.articleKey)!;
      const canonical = loadArticle(a.text, { fileName: a.key }).clean.text;
      expect(canonical.slice(r.position.start, r.position.end)).toBe(r.quote.exact);
      expect(r.fingerprint).toBe(fingerprintText(a.text));
    }
  });

  it('is deterministic, and stops at a total when one is asked for', () => {
    expect(generateAnnotations(library)).toEqual(rows);
    const capped = generateAnnotations(library.filter((a) => a.bytes < BIG_BYTES), { total: 500, min: 20, max: 40 });
    expect(capped).toHaveLength(500);
  });
});
