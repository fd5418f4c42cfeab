// Coded passages as spreadsheet rows (CSV here, XLSX in state/spreadsheet.ts): one row per
// passage, its themes together in one cell, so a row count is a passage count and a quote
// never appears twice. Titles, sources, theme names and quotes are in the export's script, as
// in the Markdown export; notes stay as written.
import Papa from 'papaparse';
import { toCodePointOffsets } from './codePoints.ts';
import type { ExportAnnotation, ExportArticle, ExportScope } from './markdownExport.ts';
import { articleTitle, placePassages } from './placedPassages.ts';
import { view } from './scriptView.ts';
import { convertText } from './scriptText.ts';
import { themeAndDescendants, themePaths, type TreeTheme } from './themeTree.ts';
import type { Script, ViewOptions } from './types.ts';

export interface SegmentInput {
  articles: readonly ExportArticle[];
  annotations: readonly ExportAnnotation[];
  themes: readonly TreeTheme[];
}

export interface CodedSegment {
  title: string;
  file: string;
  /** ISO date of the article, or ''. */
  date: string;
  source: string;
  /**
   * Every live theme of the passage, in the order it was given them: each theme's names from
   * the root down joined by THEME_PATH_SEPARATOR, the paths joined by THEME_PATHS_SEPARATOR.
   */
  themePaths: string;
  quote: string;
  note: string;
  /** Code points into the article's canonical text, [start, end); null for a passage no longer found. */
  start: number | null;
  end: number | null;
  annotationId: string;
}

export const THEME_PATH_SEPARATOR = ' > ';

/**
 * Between the paths of a passage with several themes: a line break, so each path is a line of
 * its own in the cell. `; ` or `, ` could be part of a theme's name (and ` > ` already joins a
 * path's names); a line break cannot: names typed in the app are one line, and a line break in
 * an imported name is folded to a space in the cell — so every line is exactly one path.
 */
export const THEME_PATHS_SEPARATOR = '\n';

const oneLine = (name: string) => name.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');

// The column heads, in 简体, converted to the export's script like the Markdown export's labels.
const HEADS = ['文章标题', '文件', '日期', '来源', '主题路径', '引文', '笔记', '起点', '终点', '标注编号'] as const;

export function segmentHeads(script: Script, viewOptions?: ViewOptions): string[] {
  return HEADS.map((h) => convertText(h, script, viewOptions));
}

/** Where the theme paths stand among segmentCells (from 0). */
export const THEME_PATHS_COLUMN = 4;

export function segmentCells(row: CodedSegment): (string | number | null)[] {
  return [row.title, row.file, row.date, row.source, row.themePaths, row.quote, row.note, row.start, row.end, row.annotationId];
}

/**
 * The rows of a scope (one article, one theme and those under it, or the library), in article
 * and text order. A theme's scope picks the passages coded with it or a theme under it, and
 * their cells still list all their themes, as the library's rows do: a passage reads the same
 * in every export, and what else it was coded with is what a researcher looks for next.
 */
export function codedSegments(input: SegmentInput, scope: ExportScope, script: Script, viewOptions?: ViewOptions): CodedSegment[] {
  const paths = themePaths(input.themes);
  const wanted: Set<string> | null = scope.kind === 'theme' ? themeAndDescendants(input.themes, scope.tagId) : null;
  const annotations = input.annotations.filter((a) => {
    if (scope.kind === 'article') return a.articleKey === scope.key;
    if (scope.kind === 'annotation') return a.id === scope.id;
    return true;
  });
  const converted = new Map<string, string>();
  const convert = (s: string) => {
    let out = converted.get(s);
    if (out === undefined) converted.set(s, (out = convertText(s, script, viewOptions)));
    return out;
  };
  const keys = new Set(annotations.map((a) => a.articleKey));
  const rows: CodedSegment[] = [];
  for (const { article, passages } of placePassages(input.articles.filter((a) => keys.has(a.key)), annotations)) {
    const coded = passages.filter((p) => p.record.tagIds.some((id) => paths.has(id) && (wanted === null || wanted.has(id))));
    if (coded.length === 0) continue;
    const text = article.text;
    const meta = text?.article.meta ?? null;
    const scriptView = text ? view(text.canonical, script, viewOptions) : null;
    const units = coded.flatMap((p) => (p.range ? [p.range.start, p.range.end] : []));
    const points = text ? toCodePointOffsets(text.canonical, units) : [];
    let at = 0;
    const title = convert(articleTitle(article));
    for (const p of coded) {
      let quote: string;
      let start: number | null = null;
      let end: number | null = null;
      if (p.range && scriptView) {
        const shown = scriptView.map.rangeToTarget(p.range);
        quote = scriptView.text.slice(shown.start, shown.end);
        start = points[at++];
        end = points[at++];
      } else {
        quote = convert(p.record.quote.exact);
      }
      const themeCell = distinct(p.record.tagIds.filter((id) => paths.has(id)))
        .map((id) => paths.get(id)!.map((name) => convert(oneLine(name))).join(THEME_PATH_SEPARATOR))
        .join(THEME_PATHS_SEPARATOR);
      rows.push({
        title,
        file: article.key,
        date: meta?.date ?? '',
        source: meta?.source ? convert(meta.source) : '',
        themePaths: themeCell,
        quote,
        note: p.record.note,
        start,
        end,
        annotationId: p.record.id,
      });
    }
  }
  return rows;
}

const distinct = (ids: readonly string[]) => [...new Set(ids)];

/**
 * Cells a spreadsheet would run as a formula. papaparse's own pattern (`^[=+\-@\t\r].*$`)
 * misses a cell with a line break in it (`.` stops there), which a multi-line note is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark, so a spreadsheet opens the Chinese
 * without mojibake. A cell starting as a formula would (`=`, `+`, `-`, `@`) gets a leading
 * `'`, which the spreadsheet hides.
 */
export function segmentsCsv(rows: readonly CodedSegment[], script: Script, viewOptions?: ViewOptions): string {
  // papaparse writes a null cell (an orphan's positions) as an empty field.
  const data = rows.map(segmentCells);
  return `\uFEFF${Papa.unparse({ fields: segmentHeads(script, viewOptions), data }, { newline: '\r\n', escapeFormulae: FORMULA_START })}\r\n`;
}
