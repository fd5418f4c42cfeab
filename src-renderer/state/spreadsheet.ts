// Coded segments as an XLSX workbook. exceljs is large (about 1 MB), so it is loaded when the
// first workbook is written, not with the app.
import { segmentCells, segmentHeads, THEME_PATHS_COLUMN, type CodedSegment } from '../core/codedSegments.ts';
import { convertText } from '../core/scriptText.ts';
import type { Script, ViewOptions } from '../core/types.ts';

/** Characters a spreadsheet cell holds (Excel's limit); longer text is cut with an ellipsis. */
export const MAX_CELL_CHARS = 32_767;

const clip = (s: string) => (s.length <= MAX_CELL_CHARS ? s : `${s.slice(0, MAX_CELL_CHARS - 1)}…`);

type ExcelModule = typeof import('exceljs');

export async function segmentsXlsx(rows: readonly CodedSegment[], script: Script, viewOptions?: ViewOptions): Promise<Uint8Array> {
  const loaded = (await import('exceljs')) as ExcelModule & { default?: ExcelModule };
  const ExcelJS = loaded.default ?? loaded;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pizhu 批注';
  const sheet = workbook.addWorksheet(convertText('编码段落', script, viewOptions), { views: [{ state: 'frozen', ySplit: 1 }] });
  const heads = segmentHeads(script, viewOptions);
  sheet.addRow(heads).font = { bold: true };
  // Strings stay strings (a note starting with `=` is text, not a formula); positions are numbers.
  for (const row of rows) sheet.addRow(segmentCells(row).map((c) => (c === null ? null : typeof c === 'string' ? clip(c) : c)));
  sheet.columns.forEach((column, i) => {
    column.width = [24, 20, 12, 14, 20, 48, 36, 8, 8, 38][i] ?? 16;
  });
  // A passage's theme paths are lines of one cell; without wrapping a spreadsheet shows them run together.
  sheet.getColumn(THEME_PATHS_COLUMN + 1).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
