// How far through an article the reader is, and whether it counts as unread, being read or
// read. Measured in canonical characters, not pixels, so the figure is the same in every
// script, font size and window width.

/** A block's extent in the canonical text. */
export interface TextExtent {
  start: number;
  end: number;
}

/** The block at the top of the reader (-1: above the first one) and how far into it. */
export interface SpotInText {
  blockIndex: number;
  fraction: number;
}

export type ReadState = 'unread' | 'reading' | 'read';

/** What a reading row keeps of progress; all optional, since rows written before them have none. */
export interface ReadingMarks {
  /** Where the reader is now, 0…1. */
  progress?: number;
  /** The furthest the reader has been, 0…1. */
  furthest?: number;
  /** When the end was reached or the article marked read; null once marked unread. */
  readAt?: number | null;
  /** When the reader last scrolled through it. */
  lastReadAt?: number;
}

/**
 * The share of the text above the top of the view, 0…1. Reaching the end of the text counts
 * as all of it, although the last screen's opening is what stands at the top then.
 */
export function progressAt(blocks: readonly TextExtent[], spot: SpotInText, atEnd: boolean): number {
  if (atEnd) return 1;
  if (blocks.length === 0 || spot.blockIndex < 0) return 0;
  const first = blocks[0].start;
  const total = blocks[blocks.length - 1].end - first;
  const block = blocks[Math.min(spot.blockIndex, blocks.length - 1)];
  if (total <= 0) return 0;
  const fraction = Math.min(1, Math.max(0, spot.fraction));
  const at = block.start - first + fraction * (block.end - block.start);
  // Short of the end, the figure never says all of it.
  return Math.min(SHORT_OF_THE_END, Math.max(0, at / total));
}

const SHORT_OF_THE_END = 0.999;

/** Whole percent, rounded down: 100 % only when the end was reached. */
export function percentOf(progress: number): number {
  return Math.max(0, Math.min(100, Math.floor(progress * 100 + 1e-9)));
}

/** Read once the end was reached (until marked unread); being read once scrolled past the top. */
export function readStateOf(marks: ReadingMarks | undefined): ReadState {
  if (!marks) return 'unread';
  if (typeof marks.readAt === 'number') return 'read';
  return (marks.furthest ?? 0) > 0 ? 'reading' : 'unread';
}

/** The marks after the reader scrolled to `progress` at time `now`. Reaching the end marks it read. */
export function afterScroll(before: ReadingMarks | undefined, progress: number, now: number): Required<ReadingMarks> {
  const readAt = typeof before?.readAt === 'number' ? before.readAt : progress >= 1 ? now : null;
  return { progress, furthest: Math.max(before?.furthest ?? 0, progress), readAt, lastReadAt: now };
}

/**
 * The marks after "mark read" or "mark unread". Unread starts over: nothing counts as read
 * any more, although where the reader stands is kept.
 */
export function afterMarking(before: ReadingMarks | undefined, read: boolean, now: number): Required<ReadingMarks> {
  const progress = before?.progress ?? 0;
  const lastReadAt = before?.lastReadAt ?? 0;
  if (read) return { progress, furthest: Math.max(before?.furthest ?? 0, progress), readAt: typeof before?.readAt === 'number' ? before.readAt : now, lastReadAt };
  return { progress, furthest: 0, readAt: null, lastReadAt };
}

/**
 * The article to offer for reading on: of those being read (not finished), the one scrolled
 * through most recently, unless it is the one open already. `keys`: the library's articles now.
 */
export function continueCandidate(rows: readonly ({ articleKey: string } & ReadingMarks)[], keys: ReadonlySet<string>, openKey: string | null): string | null {
  let best: { key: string; at: number } | null = null;
  for (const row of rows) {
    const at = row.lastReadAt ?? 0;
    if (at <= 0 || !keys.has(row.articleKey) || readStateOf(row) !== 'reading') continue;
    if (!best || at > best.at) best = { key: row.articleKey, at };
  }
  return best && best.key !== openKey ? best.key : null;
}

/**
 * The section being read: of the headings' block indexes (ascending), the last at or above the
 * block at the top of the view; null above the first heading.
 */
export function sectionAt(headingBlocks: readonly number[], blockIndex: number): number | null {
  let found: number | null = null;
  for (const heading of headingBlocks) {
    if (heading > blockIndex) break;
    found = heading;
  }
  return found;
}

/**
 * A last-read time as the list shows it: the time of day when it was today, the month and
 * day within the year, else the date. `locale` is the UI language's tag.
 */
export function lastReadText(at: number, now: number, locale: string, timeZone?: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const sameDay = day.format(at) === day.format(now);
  const sameYear = day.format(at).slice(0, 4) === day.format(now).slice(0, 4);
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : sameYear
      ? { month: 'short', day: 'numeric' }
      : { year: 'numeric', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(at);
}
