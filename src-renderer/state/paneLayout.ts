// Which side panes stand beside the text and which become drawers over it. Decided from
// the reading column's measure (characters a line at the reader's font size), not from
// fixed window widths: a larger font or a narrower window undocks panes sooner.

export const PANES = ['library', 'annotations', 'outline'] as const;
export type Pane = (typeof PANES)[number];

/** Docked widths in CSS pixels; the grid draws exactly these, so the sum below is what the text gets. */
export const PANE_WIDTH: Record<Pane, number> = { library: 250, annotations: 300, outline: 180 };

/** The reader's horizontal padding on each side, and room for its scrollbar. */
export const READER_GUTTER = 32;
export const SCROLLBAR_ALLOWANCE = 16;

/** Below this many characters a line a text column stops being readable; docked panes give way first. */
export const MIN_LINE_CHARS = 30;

/** The user's reading measure: most characters a line. */
export const MEASURE = { min: 20, max: 60, default: 38, step: 2 } as const;

/** Characters a line a text column of `width` px holds (CJK characters are one em wide). */
export function lineChars(width: number, fontSize: number): number {
  return Math.max(0, Math.floor(width / fontSize));
}

/** The width of the reader's text column when `docked` stand beside it. */
export function columnWidth(windowWidth: number, docked: readonly Pane[]): number {
  const panes = docked.reduce((sum, p) => sum + PANE_WIDTH[p], 0);
  return windowWidth - panes - 2 * READER_GUTTER - SCROLLBAR_ALLOWANCE;
}

export interface PaneLayoutInput {
  windowWidth: number;
  fontSize: number;
  /** The user's measure; a column never needs more than that, nor (for docking) more than MIN_LINE_CHARS. */
  measure: number;
  /** Panes the user has open, most recently asked for first: those dock first. */
  open: readonly Pane[];
}

/**
 * The open panes that can stand beside the text, each taken in turn while the column
 * still holds the minimum line; the others are drawers.
 */
export function dockedPanes({ windowWidth, fontSize, measure, open }: PaneLayoutInput): Pane[] {
  const needed = Math.min(MIN_LINE_CHARS, measure);
  const docked: Pane[] = [];
  for (const pane of open) {
    if (lineChars(columnWidth(windowWidth, [...docked, pane]), fontSize) >= needed) docked.push(pane);
  }
  return docked;
}
