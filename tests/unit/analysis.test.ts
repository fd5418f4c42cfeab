// The analysis views' counting: co-occurrence, timeline and concordance on small libraries
// written here, every expected value worked out by hand from the passages listed.
import { describe, expect, it } from 'vitest';
import { coOccurrence, passagesWithBoth, type CodedPassage } from '../../src-renderer/core/coOccurrence.ts';
import { concordanceLines, sortConcordance, type ConcordanceLine } from '../../src-renderer/core/concordance.ts';
import { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { searchKey } from '../../src-renderer/core/searchKey.ts';
import { periodOf, timeline } from '../../src-renderer/core/timeline.ts';

// Three themes a, b, c over three articles:
//   x: p1 [a, b], p2 [a], p3 [b, c], p4 [a, b] deleted
//   y: p5 [a, c], p6 [b]
//   z: p7 [c], p8 [a, a] (a duplicate id counts once), p9 [gone] (a theme not asked for)
const passages: (CodedPassage & { id: string })[] = [
  { id: 'p1', articleKey: 'x', tagIds: ['a', 'b'], deletedAt: null },
  { id: 'p2', articleKey: 'x', tagIds: ['a'], deletedAt: null },
  { id: 'p3', articleKey: 'x', tagIds: ['b', 'c'], deletedAt: null },
  { id: 'p4', articleKey: 'x', tagIds: ['a', 'b'], deletedAt: 1_700_000_000_000 },
  { id: 'p5', articleKey: 'y', tagIds: ['a', 'c'], deletedAt: null },
  { id: 'p6', articleKey: 'y', tagIds: ['b'], deletedAt: null },
  { id: 'p7', articleKey: 'z', tagIds: ['c'], deletedAt: null },
  { id: 'p8', articleKey: 'z', tagIds: ['a', 'a'], deletedAt: null },
  { id: 'p9', articleKey: 'z', tagIds: ['gone'], deletedAt: null },
];

const matrix = (cells: Uint32Array, n: number) => Array.from({ length: n }, (_, i) => [...cells.slice(i * n, i * n + n)]);

describe('co-occurrence', () => {
  const result = coOccurrence(['a', 'b', 'c'], passages);

  it('counts passages tagged with both, a theme’s own passages on the diagonal, tombstones left out', () => {
    // a: p1 p2 p5 p8 = 4; b: p1 p3 p6 = 3; c: p3 p5 p7 = 3; a+b: p1; a+c: p5; b+c: p3.
    expect(matrix(result.passages, 3)).toEqual([
      [4, 1, 1],
      [1, 3, 1],
      [1, 1, 3],
    ]);
  });

  it('counts articles that have a passage of each', () => {
    // a in x y z; b in x y; c in x y z. a+b: x y; a+c: x y z; b+c: x y.
    expect(matrix(result.articles, 3)).toEqual([
      [3, 2, 3],
      [2, 2, 2],
      [3, 2, 3],
    ]);
  });

  it('lists the passages behind a cell', () => {
    expect(passagesWithBoth(passages, 'a', 'c').map((p) => p.id)).toEqual(['p5']);
    expect(passagesWithBoth(passages, 'b', 'a').map((p) => p.id)).toEqual(['p1']);
    expect(passagesWithBoth(passages, 'b', 'b').map((p) => p.id)).toEqual(['p1', 'p3', 'p6']);
  });

  it('is empty for no themes and for no passages', () => {
    expect(coOccurrence([], passages).passages.length).toBe(0);
    expect([...coOccurrence(['a'], []).passages]).toEqual([0]);
  });
});

describe('timeline', () => {
  const dates: Record<string, string | null> = { x: '2023-06-20', y: '2023-08-02', z: null };
  const dateOf = (key: string) => dates[key] ?? null;

  it('reads periods from ISO dates only', () => {
    expect(periodOf('2023-06-20', 'month')).toBe('2023-06');
    expect(periodOf('2023-06-20', 'year')).toBe('2023');
    expect(periodOf('2023-13-01', 'month')).toBeNull();
    expect(periodOf('六月', 'year')).toBeNull();
    expect(periodOf(null, 'year')).toBeNull();
  });

  it('counts passages per theme per month, empty months between included, undated apart', () => {
    const t = timeline(['a', 'b', 'c'], passages, dateOf, 'month');
    expect(t.periods).toEqual(['2023-06', '2023-07', '2023-08']);
    // x (June): a p1 p2, b p1 p3, c p3; y (August): a p5, b p6, c p5; z (no date): a p8, c p7.
    expect(t.counts.get('a')).toEqual([2, 0, 1]);
    expect(t.counts.get('b')).toEqual([2, 0, 1]);
    expect(t.counts.get('c')).toEqual([1, 0, 1]);
    expect(Object.fromEntries(t.undated)).toEqual({ a: 1, b: 0, c: 1 });
    expect(t.max).toBe(2);
  });

  it('counts by year', () => {
    const t = timeline(['a', 'b'], passages, (k) => ({ x: '2022-12-31', y: '2024-01-01' })[k] ?? null, 'year');
    expect(t.periods).toEqual(['2022', '2023', '2024']);
    expect(t.counts.get('a')).toEqual([2, 0, 1]);
    expect(t.counts.get('b')).toEqual([2, 0, 1]);
  });

  it('shows only the periods with passages when the span is too long to draw every one', () => {
    const t = timeline(['a'], passages, (k) => ({ x: '1901-01-05', y: '2023-08-02' })[k] ?? null, 'month');
    expect(t.periods).toEqual(['1901-01', '2023-08']);
    expect(t.counts.get('a')).toEqual([2, 1]);
  });
});

describe('concordance', () => {
  // Offsets: 标题\n is 0–2, 安吉县的 3–6, so the mentions start at 7, 20 and 31.
  const simplified = '标题\n安吉县的营商环境持续优化。湖州优化营商环境是关键。\n德清营商环境不断改善';
  // The same theme written in traditional script, in another article.
  const traditional = '濉溪縣的營商環境，持續向好。';
  const lines = [...concordanceLines('a.txt', simplified, searchKey(simplified), ['营商环境']), ...concordanceLines('b.txt', traditional, searchKey(traditional), ['营商环境'])];
  const brief = (l: ConcordanceLine) => `${l.left}|${l.keyword}|${l.right}`;

  it('finds every mention, 營商環境 for 营商环境 included, with context inside its paragraph', () => {
    expect(lines.map(brief)).toEqual([
      '安吉县的|营商环境|持续优化。湖州优化营商环境是关键。',
      '安吉县的营商环境持续优化。湖州优化|营商环境|是关键。',
      '德清|营商环境|不断改善',
      '濉溪縣的|營商環境|，持續向好。',
    ]);
    expect(lines.map((l) => [l.start, l.end])).toEqual([
      [7, 11],
      [20, 24],
      [31, 35],
      [4, 8],
    ]);
  });

  it('cuts each side at the width asked for', () => {
    expect(concordanceLines('a.txt', simplified, searchKey(simplified), ['营商环境'], [], 3).map(brief)).toEqual(['吉县的|营商环境|持续优', '州优化|营商环境|是关键', '德清|营商环境|不断改']);
  });

  it('leaves hidden characters (Markdown markup) out of the context', () => {
    const md = '**安吉**的营商环境很好';
    // The two pairs of ** are hidden: [0, 2) and [4, 6).
    const [line] = concordanceLines('c.md', md, searchKey(md), ['营商环境'], [
      { start: 0, end: 2 },
      { start: 4, end: 6 },
    ]);
    expect(brief(line)).toBe('安吉的|营商环境|很好');
  });

  it('sorts by the right context, pinyin order: ， bù chí shì', () => {
    expect(sortConcordance(lines, 'right').map((l) => l.right.slice(0, 2))).toEqual(['，持', '不断', '持续', '是关']);
  });

  it('sorts by the left context from the character nearest the keyword: 的 (de) 的 化 (huà) 清 (qīng)', () => {
    // Read from the far end, the order would be 安 德 湖 濉 instead.
    expect(sortConcordance(lines, 'left').map((l) => l.left.slice(-2))).toEqual(['县的', '縣的', '优化', '德清']);
  });

  it('sorts by article, then by place in the text', () => {
    const shuffled = [lines[3], lines[1], lines[2], lines[0]];
    expect(sortConcordance(shuffled, 'article').map((l) => `${l.articleKey}:${l.start}`)).toEqual(['a.txt:7', 'a.txt:20', 'a.txt:31', 'b.txt:4']);
  });

  it('comes from the library index for every article, tagged or not', () => {
    const index = new LibraryIndex();
    index.put('b.txt', 'fp-b', traditional);
    index.put('a.txt', 'fp-a', simplified);
    const found = index.concordance(['營商環境']);
    expect(found.map((l) => `${l.articleKey}:${l.keyword}`)).toEqual(['a.txt:营商环境', 'a.txt:营商环境', 'a.txt:营商环境', 'b.txt:營商環境']);
  });
});
