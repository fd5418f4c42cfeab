// Coded segments as CSV and XLSX, read back by papaparse and exceljs: the rows written by hand
// here, in 繁體 (the export's script), with theme paths, code-point positions, an orphan and a
// note a spreadsheet would otherwise run as a formula.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { codedSegments, segmentsCsv, type SegmentInput } from '../../src-renderer/core/codedSegments.ts';
import type { ExportAnnotation, ExportScope } from '../../src-renderer/core/markdownExport.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import { segmentsXlsx } from '../../src-renderer/state/spreadsheet.ts';

// Written for this test (a county-report style opening); an emoji before the second passage.
const RAW = '县里营商环境报告\n\n今年以来，营商环境持续优化，企业办事更方便。\n\n😀招商引资成效明显，新签约项目12个。\n';
const CANONICAL = '县里营商环境报告\n今年以来，营商环境持续优化，企业办事更方便。\n😀招商引资成效明显，新签约项目12个。';
const KEY = 'hz/观察.txt';

function fixture(): SegmentInput {
  const { clean, article } = loadArticle(RAW);
  expect(clean.text).toBe(CANONICAL);
  const meta = { ...article.meta, title: '湖州营商环境观察', date: '2024-03-05', source: '湖州日报' };
  const at = (quote: string) => describeRange(CANONICAL, { start: CANONICAL.indexOf(quote), end: CANONICAL.indexOf(quote) + quote.length });
  const row = (id: string, quote: string, tagIds: string[], note = '', createdAt = 1): ExportAnnotation => ({
    id,
    articleKey: KEY,
    fingerprint: 'fp',
    cleanVersion: CLEAN_VERSION,
    ...at(quote),
    color: 'yellow',
    note,
    tagIds,
    createdAt,
  });
  return {
    articles: [{ key: KEY, text: { canonical: CANONICAL, fingerprint: 'fp', article: { ...article, meta } } }],
    annotations: [
      row('b', '招商引资成效明显', ['t2'], '=SUM(A1) 要点\n第二行'),
      row('a', '营商环境持续优化', ['c', 't2']),
      // Coded only with a deleted theme: no row.
      row('u', '企业办事更方便', ['gone']),
      { ...row('o', '营商环境', ['p'], '', 0), fingerprint: 'old', quote: { exact: '这段已删去', prefix: '', suffix: '' } },
    ],
    themes: [
      { id: 'p', name: '营商环境', parentId: null },
      { id: 'c', name: '政务服务', parentId: 'p' },
      { id: 't2', name: '招商引资' },
      { id: 'gone', name: '已删主题', deletedAt: 3 },
    ],
  };
}

// A second article whose file is no longer there (moved away), with one coded passage.
const GONE = 'hz/已移走.md';
function withGoneFile(): SegmentInput {
  const input = fixture();
  const gone: ExportAnnotation = { ...input.annotations[0], id: 'g', articleKey: GONE, quote: { exact: '外资项目落地', prefix: '', suffix: '' }, tagIds: ['t2'], note: '' };
  return { ...input, articles: [...input.articles, { key: GONE, text: null }], annotations: [...input.annotations, gone] };
}

const HEADS_T = ['文章標題', '文件', '日期', '來源', '主題路徑', '引文', '筆記', '起點', '終點', '標註編號'];
// One row per passage, in text order, the orphan (no positions) last; a passage's themes are
// the lines of one cell, in the order it was given them.
const ROWS_T: (string | number | null)[][] = [
  ['湖州營商環境觀察', KEY, '2024-03-05', '湖州日報', '營商環境 > 政務服務\n招商引資', '營商環境持續優化', '', 14, 22, 'a'],
  ['湖州營商環境觀察', KEY, '2024-03-05', '湖州日報', '招商引資', '招商引資成效明顯', '=SUM(A1) 要点\n第二行', 33, 41, 'b'],
  ['湖州營商環境觀察', KEY, '2024-03-05', '湖州日報', '營商環境', '這段已刪去', '', null, null, 'o'],
];

describe('coded segments', () => {
  it('CSV: a UTF-8 BOM, then the rows papaparse reads back; a formula-like note is quoted', () => {
    const csv = segmentsCsv(codedSegments(fixture(), { kind: 'library', layout: 'file' }, 't'), 't');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const expected = ROWS_T.map((r) => r.map((c, i) => (c === null ? '' : i === 6 && typeof c === 'string' && c.startsWith('=') ? `'${c}` : String(c))));
    expect(parsed.data).toEqual([HEADS_T, ...expected]);
  });

  it('XLSX: exceljs reads back the same rows, positions as numbers, the note as text, theme paths wrapped', async () => {
    const bytes = await segmentsXlsx(codedSegments(fixture(), { kind: 'library', layout: 'file' }, 't'), 't');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('編碼段落');
    const values: unknown[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => values.push(Array.from({ length: 10 }, (_, i) => (row.values as unknown[])[i + 1] ?? null)));
    expect(values).toEqual([HEADS_T, ...ROWS_T]);
    expect(sheet.getRow(2).getCell(5).alignment).toMatchObject({ wrapText: true });
  });

  it('an article scope takes the rows of that article, an annotation scope those of that annotation (mutants: the scope filter removed, either scope test as true, false, !== or on an empty kind)', () => {
    const input = withGoneFile();
    const ids = (scope: ExportScope) => codedSegments(input, scope, 'cn').map((r) => r.annotationId);
    // Articles in key order: 已 (U+5DF2) before 观 (U+89C2).
    expect(ids({ kind: 'library', layout: 'file' })).toEqual(['g', 'a', 'b', 'o']);
    expect(ids({ kind: 'article', key: KEY })).toEqual(['a', 'b', 'o']);
    expect(ids({ kind: 'article', key: GONE })).toEqual(['g']);
    expect(ids({ kind: 'annotation', id: 'a' })).toEqual(['a']);
    expect(ids({ kind: 'annotation', id: 'g' })).toEqual(['g']);
  });

  it('a file that is gone gives its passages as orphans, named by the file, no date or source (mutants: text?. and meta?. as ., their empty-string fallbacks)', () => {
    expect(codedSegments(withGoneFile(), { kind: 'article', key: GONE }, 'cn')).toEqual([
      { title: '已移走', file: GONE, date: '', source: '', themePaths: '招商引资', quote: '外资项目落地', note: '', start: null, end: null, annotationId: 'g' },
    ]);
  });

  it('a theme scope takes the passages of the theme and the themes under it, each listing all its themes', () => {
    const rows = codedSegments(fixture(), { kind: 'theme', tagId: 'p' }, 'cn');
    expect(rows.map((r) => [r.themePaths, r.quote])).toEqual([
      ['营商环境 > 政务服务\n招商引资', '营商环境持续优化'],
      ['营商环境', '这段已删去'],
    ]);
    expect(codedSegments(fixture(), { kind: 'theme', tagId: 't2' }, 'cn').map((r) => [r.annotationId, r.themePaths])).toEqual([
      ['a', '营商环境 > 政务服务\n招商引资'],
      ['b', '招商引资'],
    ]);
  });

  it('a theme given twice is listed once; a deleted theme is not listed; a line break in a name becomes a space', () => {
    const input = fixture();
    input.annotations = input.annotations.map((a) => (a.id === 'a' ? { ...a, tagIds: ['t2', 'gone', 'c', 't2'] } : a));
    // As an imported codebook could name a theme (an XML attribute may hold &#10;).
    input.themes = input.themes.map((t) => (t.id === 't2' ? { ...t, name: '招商\n引资' } : t));
    const rows = codedSegments(input, { kind: 'library', layout: 'file' }, 'cn');
    expect(rows.map((r) => [r.annotationId, r.themePaths])).toEqual([
      ['a', '招商 引资\n营商环境 > 政务服务'],
      ['b', '招商 引资'],
      ['o', '营商环境'],
    ]);
  });
});
