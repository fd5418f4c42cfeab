// The notebook's filter, sort and search over hand-made rows: the expected ids are written out
// by hand from the rows below, never computed by the code under test. Quotes are in the forms
// real articles have them: simplified (seed 002), traditional (seed 004), mixed.
import { describe, expect, it } from 'vitest';
import { descendantIds } from '../../src-renderer/core/codebook.ts';
import { afterWrite, authorsOf, FoldedTexts, withIds, filterRows, isFiltered, NO_FILTER, rangeIds, sortRows, type NotebookFilter, type NotebookRow } from '../../src-renderer/core/notebookRows.ts';

const DAY = 86_400_000;
const row = (id: string, articleKey: string, start: number, over: Partial<NotebookRow> = {}): NotebookRow => ({
  id,
  articleKey,
  position: { start, end: start + 4 },
  quote: { exact: '', prefix: '', suffix: '' },
  color: 'yellow',
  note: '',
  tagIds: [],
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

const ROWS: NotebookRow[] = [
  row('a', '010_b.txt', 50, { quote: { exact: '全力打造“企业最有感”的营商环境', prefix: '', suffix: '' }, color: 'yellow', tagIds: ['t-biz'], createdAt: 3 * DAY, updatedAt: 9 * DAY }),
  row('b', '2_a.txt', 900, { quote: { exact: '打造一流營商環境是關鍵一招。', prefix: '', suffix: '' }, color: 'green', note: '**繁体**原文', tagIds: ['t-biz-sub'], createdAt: 1 * DAY, updatedAt: 1 * DAY, author: { id: 'u2', name: '李四' } }),
  row('c', '2_a.txt', 10, { quote: { exact: '招商引资项目快速落地', prefix: '', suffix: '' }, color: 'blue', note: '与营商环境有关', createdAt: 5 * DAY, updatedAt: 6 * DAY, author: { id: 'u1', name: '张三' } }),
  row('d', '010_b.txt', 5, { quote: { exact: '人才是第一资源', prefix: '', suffix: '' }, color: 'green', tagIds: ['t-talent'], createdAt: 2 * DAY, updatedAt: 2 * DAY, author: { id: 'u1', name: '张三' } }),
  row('e', '3_c.txt', 0, { quote: { exact: '營商', prefix: '', suffix: '' }, color: 'pink', note: '环境', createdAt: 4 * DAY, updatedAt: 4 * DAY }),
];

const THEMES = [
  { id: 't-biz', parentId: null },
  { id: 't-biz-sub', parentId: 't-biz' },
  { id: 't-talent', parentId: null },
];

const ids = (rows: readonly NotebookRow[]) => rows.map((r) => r.id);
const run = (over: Partial<NotebookFilter>, rows: readonly NotebookRow[] = ROWS, folded = new FoldedTexts()) => {
  const filter = { ...NO_FILTER, ...over };
  const family = filter.themeId ? new Set([filter.themeId, ...descendantIds(THEMES, filter.themeId)]) : null;
  return ids(filterRows(rows, filter, { themeFamily: family, folded }));
};

describe('notebook filter', () => {
  it('keeps every row, in the order given, when nothing is chosen', () => {
    expect(run({})).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(isFiltered(NO_FILTER)).toBe(false);
    // A query of punctuation alone folds to nothing: no filter.
    expect(isFiltered({ ...NO_FILTER, query: '，。 ' })).toBe(false);
    expect(isFiltered({ ...NO_FILTER, colors: ['green'] })).toBe(true);
  });

  it('filters by colour, one or several', () => {
    expect(run({ colors: ['green'] })).toEqual(['b', 'd']);
    expect(run({ colors: ['green', 'pink'] })).toEqual(['b', 'd', 'e']);
  });

  it('a theme includes its child themes, a child alone does not include its parent', () => {
    expect(run({ themeId: 't-biz' })).toEqual(['a', 'b']);
    expect(run({ themeId: 't-biz-sub' })).toEqual(['b']);
    expect(run({ themeId: 't-talent' })).toEqual(['d']);
  });

  it('by article, has-note and no-note', () => {
    expect(run({ articleKey: '2_a.txt' })).toEqual(['b', 'c']);
    expect(run({ note: 'with' })).toEqual(['b', 'c', 'e']);
    expect(run({ note: 'without' })).toEqual(['a', 'd']);
    // A note of spaces is no note.
    expect(run({ note: 'with' }, [row('x', 'k', 0, { note: '  \n' })])).toEqual([]);
  });

  it('by date range on created or updated, from inclusive and to exclusive', () => {
    expect(run({ from: 2 * DAY, to: 4 * DAY })).toEqual(['a', 'd']);
    expect(run({ dateField: 'updated', from: 6 * DAY })).toEqual(['a', 'c']);
    expect(run({ dateField: 'updated', to: 2 * DAY })).toEqual(['b']);
  });

  it('by author; rows from before authors were recorded are the author ""', () => {
    expect(run({ authorId: 'u1' })).toEqual(['c', 'd']);
    expect(run({ authorId: '' })).toEqual(['a', 'e']);
    expect(authorsOf(ROWS)).toEqual([
      { id: '', name: '' },
      { id: 'u2', name: '李四' },
      { id: 'u1', name: '张三' },
    ]);
  });

  it('searches quotes and notes across scripts and punctuation', () => {
    // Simplified query finds the traditional quote, and the note of row c.
    expect(run({ query: '营商环境' })).toEqual(['a', 'b', 'c']);
    expect(run({ query: '營商環境' })).toEqual(['a', 'b', 'c']);
    // Punctuation in the text is no obstacle: 企业最有感 sits between quotation marks.
    expect(run({ query: '企业最有感的' })).toEqual(['a']);
    // In the note only (its Markdown stars are not text).
    expect(run({ query: '繁体原文' })).toEqual(['b']);
    // A match may not run from the quote (營商) into the note (环境).
    expect(run({ query: '营商环境' }, [ROWS[4]])).toEqual([]);
    // Filters combine.
    expect(run({ query: '营商环境', colors: ['green', 'blue'], note: 'with' })).toEqual(['b', 'c']);
  });

  it('keeps a folded text until its row changes', () => {
    const folded = new FoldedTexts();
    const before = row('r', 'k', 0, { quote: { exact: '人才', prefix: '', suffix: '' }, updatedAt: 1 });
    expect(run({ query: '人才' }, [before], folded)).toEqual(['r']);
    const edited = { ...before, note: '營商環境', updatedAt: 2 };
    expect(run({ query: '营商环境' }, [edited], folded)).toEqual(['r']);
    // The note changes again: its old text no longer finds it, the quote still does.
    const again = { ...edited, note: '招商引资', updatedAt: 3 };
    expect(run({ query: '营商环境' }, [again], folded)).toEqual([]);
    expect(run({ query: '人才' }, [again], folded)).toEqual(['r']);
    // Forgotten rows are not found, even given back unchanged in another list.
    folded.keepOnly(new Set());
    expect(run({ query: '人才' }, [], folded)).toEqual([]);
  });
});

describe('notebook sort', () => {
  it('by article as file names sort (2 before 10) and position in it', () => {
    expect(ids(sortRows(ROWS, 'position'))).toEqual(['c', 'b', 'e', 'd', 'a']);
  });
  it('by creation, newest or oldest first, and by last change', () => {
    expect(ids(sortRows(ROWS, 'newest'))).toEqual(['c', 'e', 'a', 'd', 'b']);
    expect(ids(sortRows(ROWS, 'oldest'))).toEqual(['b', 'd', 'a', 'e', 'c']);
    expect(ids(sortRows(ROWS, 'updated'))).toEqual(['a', 'c', 'e', 'd', 'b']);
  });
  it('leaves the input as it was', () => {
    const copy = [...ROWS];
    sortRows(ROWS, 'newest');
    expect(ids(ROWS)).toEqual(ids(copy));
  });
});

describe('range selection', () => {
  it('takes the rows between anchor and target, either way round', () => {
    expect(rangeIds(ROWS, 'b', 'd')).toEqual(['b', 'c', 'd']);
    expect(rangeIds(ROWS, 'd', 'b')).toEqual(['b', 'c', 'd']);
    // An anchor filtered out of the list: just the target.
    expect(rangeIds(ROWS, 'gone', 'c')).toEqual(['c']);
  });
});

describe('selection and written rows', () => {
  it('adds and takes out ids in a new set, the old one unchanged', () => {
    const before = new Set(['a', 'b']);
    const after = withIds(before, ['c', 'a'], false);
    expect([...after].sort()).toEqual(['b']);
    expect([...withIds(before, ['c'], true)].sort()).toEqual(['a', 'b', 'c']);
    expect([...before].sort()).toEqual(['a', 'b']);
  });

  it('a written row takes its place, a tombstone leaves, a row brought back comes last', () => {
    const rows = [
      { id: 'a', deletedAt: null, color: 'yellow' },
      { id: 'b', deletedAt: null, color: 'yellow' },
      { id: 'c', deletedAt: null, color: 'yellow' },
    ];
    const written = [
      { id: 'b', deletedAt: 5, color: 'yellow' },
      { id: 'c', deletedAt: null, color: 'green' },
      { id: 'z', deletedAt: null, color: 'pink' },
    ];
    expect(afterWrite(rows, written)).toEqual([
      { id: 'a', deletedAt: null, color: 'yellow' },
      { id: 'c', deletedAt: null, color: 'green' },
      { id: 'z', deletedAt: null, color: 'pink' },
    ]);
  });
});
