// A long article drawn as a window of rows (components/ArticleWindow.svelte): one row per
// body block, an overlong block cut into several (core/blockChunks.ts). Rows are what the
// window counts, measures and estimates; the header and footer blocks are drawn apart.
import { chunkRanges } from '../core/blockChunks.ts';
import type { Article, Block, Run } from '../core/types.ts';

/** Above this many canonical characters the reader draws a window of rows, not every block. */
export const WINDOW_FROM_CHARS = 200_000;
/** The longest piece of a block drawn as one element. */
export const CHUNK_MAX = 2_000;

export const HEADER_KINDS: ReadonlySet<string> = new Set(['kicker', 'title', 'subtitle', 'byline', 'dateline']);

export interface ArticleRow {
  /** Index of the block in Article.blocks. */
  index: number;
  /** The block, or the piece of it this row draws (same kind; credit/date only where they fall). */
  block: Block;
  /** Which piece of the block, and of how many (0 of 1 for a block drawn whole). */
  chunk: number;
  chunks: number;
}

/** The rows of the article's body in reading order (footers left out: they close the article). */
export function articleRows(article: Article, text: string, max = CHUNK_MAX): ArticleRow[] {
  const rows: ArticleRow[] = [];
  article.blocks.forEach((block, index) => {
    if (HEADER_KINDS.has(block.kind) || block.kind === 'footer') return;
    // A table is drawn whole: its cells are no running text to cut.
    if (block.end - block.start <= max || block.kind === 'table') {
      rows.push({ index, block, chunk: 0, chunks: 1 });
      return;
    }
    const pieces = chunkRanges(text, block, max);
    pieces.forEach((r, chunk) => {
      const piece: Block = { kind: block.kind, start: r.start, end: r.end };
      if (block.level !== undefined) piece.level = block.level;
      if (block.credit && block.credit.start >= r.start && block.credit.end <= r.end) piece.credit = block.credit;
      if (block.date && block.date.start >= r.start && block.date.end <= r.end) piece.date = block.date;
      if (block.runs) piece.runs = clipRuns(block.runs, r);
      if (block.number !== undefined && chunk === 0) piece.number = block.number;
      rows.push({ index, block: piece, chunk, chunks: pieces.length });
    });
  });
  return rows;
}

/** The parts of runs inside a piece of their block (a literal goes with the piece it starts in). */
function clipRuns(runs: readonly Run[], r: { start: number; end: number }): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    if (run.literal !== undefined) {
      if (run.start >= r.start && run.start < r.end) out.push(run);
      continue;
    }
    const start = Math.max(run.start, r.start);
    const end = Math.min(run.end, r.end);
    if (end > start) out.push({ ...run, start, end });
  }
  return out;
}

/** First row whose block (and piece, by `fraction` of the block) is at or after the given one. */
export function rowOfBlock(rows: readonly ArticleRow[], blockIndex: number, fraction = 0): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].index < blockIndex) lo = mid + 1;
    else hi = mid;
  }
  const first = rows[lo];
  if (!first || first.index !== blockIndex || first.chunks === 1) return Math.min(lo, Math.max(0, rows.length - 1));
  return lo + Math.min(first.chunks - 1, Math.max(0, Math.floor(fraction * first.chunks)));
}

/** The row drawing a canonical offset (the last row starting at or before it). */
export function rowOfOffset(rows: readonly ArticleRow[], offset: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].block.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** What a row's height is guessed from before it has been drawn once. */
export interface RowMetrics {
  /** Characters on one line of body text. */
  perLine: number;
  /** Height of one line, px. */
  line: number;
  /** Space a row takes besides its lines (margins), px. */
  gap: number;
}

export function estimateRowHeight(row: ArticleRow, m: RowMetrics): number {
  const chars = row.block.end - row.block.start;
  // The first line of a paragraph is indented by two characters.
  const lines = Math.max(1, Math.ceil((chars + (row.chunk === 0 ? 2 : 0)) / Math.max(1, m.perLine)));
  return lines * m.line + (row.chunk === row.chunks - 1 ? m.gap : 0);
}
