// Which rows of a long list to put in the DOM: the ones in view plus some overscan, with
// the height of everything above and below held by spacers so the scroll bar stays true.
// Rows have their own heights (a passage with a note is taller); rows not yet drawn count
// at an estimate until they have been measured once.

export interface RowWindow {
  /** First row to draw. */
  start: number;
  /** One past the last row to draw. */
  end: number;
  /** Height of the rows above `start`. */
  before: number;
  /** Height of the rows from `end` on. */
  after: number;
}

/** Top of every row and, last, the total height (length rows + 1). */
export function rowOffsets(heights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) out[i + 1] = out[i] + heights[i];
  return out;
}

/** First index whose offset is greater than `y` (offsets ascending). */
function firstAbove(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The rows that meet [top − overscan, bottom + overscan], in list coordinates (0 = the top
 * of the first row). A view wholly above or below the list still draws the rows nearest it,
 * so the list is never empty while it has rows.
 */
export function rowWindow(offsets: Float64Array, top: number, bottom: number, overscan: number): RowWindow {
  const rows = offsets.length - 1;
  const total = offsets[rows] ?? 0;
  if (rows <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  let start = Math.max(0, firstAbove(offsets, top - overscan) - 1);
  let end = Math.min(rows, firstAbove(offsets, bottom + overscan));
  if (start >= rows) start = rows - 1;
  if (end <= start) end = start + 1;
  return { start, end, before: offsets[start], after: total - offsets[end] };
}
