// How much of the text a theme codes when a mention of it is tagged: the mention itself, its
// sentence, or its paragraph. A passage never crosses a block of the parsed article (a
// heading, a list item, a table cell, a paragraph), never starts or ends on markup the
// reader does not show, and never has whitespace at its edges.
//
// Sentences are cut by hand rather than by Intl.Segmenter('zh', {granularity: 'sentence'}),
// tried on the same text: ICU never ends a sentence at ；, which Chinese prose uses between
// full statements; it cuts a URL at its ? (www.gov.tw/a? | b=1) and a word at a ？ that
// stands for a lost character (百？ | gòu)?); it knows nothing of the Markdown markup a
// passage must leave out at its edges; and what it does follows the ICU data of whichever
// runtime it is in. The rule below is a few lines and the same everywhere.
import type { Article, Block, Range } from './types.ts';

export const PASSAGE_EXTENTS = ['mention', 'sentence', 'paragraph'] as const;
export type PassageExtent = (typeof PASSAGE_EXTENTS)[number];

/**
 * What the cutting needs of an article: its text blocks (sorted, disjoint, canonical offsets)
 * and the ranges it does not show.
 */
export interface PassageLayout {
  units: readonly Range[];
  hidden?: readonly Range[];
}

/** Full-width marks that end a sentence. */
const FULL_END = new Set(['。', '｡', '！', '？', '；']);
/** Half-width marks (and the full-width full stop of number-heavy text): they also sit inside 3.5, a.b.cn or a?b=1. */
const HALF_END = new Set(['!', '?', ';', '.', '．']);
const ELLIPSIS = new Set(['…', '⋯']);
/** Closing quotes and brackets: they belong to the sentence whose end mark they follow. */
const CLOSERS = new Set(['」', '』', '”', '’', '）', ')', '》', '〉', '】', '〕', '］', ']', '｝', '}', '"', "'", '〗', '〙']);
const MARKS = new Set([...FULL_END, ...HALF_END, ...ELLIPSIS]);
const isMark = (c: string | undefined) => c !== undefined && MARKS.has(c);
/** The marks by code: the scan asks it of every character, and a one-character string of a CJK character is an allocation. */
const MARK_CODES = new Set([...MARKS].map((c) => c.charCodeAt(0)));
/** No sentence starts with one: what follows the mark is the rest of a word (pinyin, a URL). */
const LOWER = /\p{Ll}/u;
const ALNUM = /[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/;

/** The parsed article's blocks as passage units: a table gives one unit per cell, a figure none. */
export function passageLayout(article: Pick<Article, 'blocks' | 'hidden'>): PassageLayout {
  const all: Range[] = [];
  for (const block of article.blocks) for (const u of blockUnits(block)) all.push(u);
  // Blocks come in text order, so the units nearly always do too: the sort is then skipped.
  const order = (a: Range, b: Range) => a.start - b.start || b.end - a.end;
  if (!isOrdered(all, order)) all.sort(order);
  // Disjoint, so a unit is found by binary search: one inside another adds nothing to it.
  const units: Range[] = [];
  for (const u of all) if (u.start >= (units[units.length - 1]?.end ?? 0)) units.push(u);
  return { units, hidden: article.hidden && article.hidden.length > 0 ? article.hidden : undefined };
}

function isOrdered<T>(items: readonly T[], order: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (order(items[i - 1], items[i]) > 0) return false;
  return true;
}

function blockUnits(block: Block): Range[] {
  if (block.kind === 'figure') return [];
  if (block.rows) {
    return block.rows.flatMap((row) =>
      row.cells.flatMap((cell) => {
        const shown = cell.filter((r) => r.literal === undefined);
        return shown.length ? [{ start: shown[0].start, end: shown[shown.length - 1].end }] : [];
      }),
    );
  }
  return block.end > block.start ? [{ start: block.start, end: block.end }] : [];
}

/** A character that is not part of a passage's edge: whitespace, or markup the reader hides. */
function blankAt(text: string, hidden: readonly Range[] | undefined, i: number): boolean {
  return isSpace(text.charCodeAt(i)) || (!!hidden && isHidden(hidden, i));
}

/** What /\s/ matches, by code (it is asked of every character at a passage's edges). */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0x3000 || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;
}

/** Binary search: `hidden` is sorted and disjoint, and a long Markdown file has thousands. */
function isHidden(hidden: readonly Range[], i: number): boolean {
  let lo = 0;
  let hi = hidden.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (hidden[mid].end <= i) lo = mid + 1;
    else if (hidden[mid].start > i) hi = mid - 1;
    else return true;
  }
  return false;
}

/** [start, end) with blanks taken off both edges (empty ranges collapse to `start`). */
function trimmed(text: string, hidden: readonly Range[] | undefined, range: Range): Range {
  let { start, end } = range;
  while (start < end && blankAt(text, hidden, start)) start++;
  while (end > start && blankAt(text, hidden, end - 1)) end--;
  return { start, end };
}

/** The unit holding `range` (by its start), or the line around it when no block does. */
function unitAround(text: string, layout: PassageLayout, range: Range): Range {
  const unit = unitAt(layout.units, range.start);
  if (unit) return { start: unit.start, end: Math.max(unit.end, range.end) };
  const start = text.lastIndexOf('\n', range.start - 1) + 1;
  return { start, end: Math.max(range.end, nextLineEnd(text, range.start)) };
}

/** The unit holding offset `i`, by binary search: a long article has thousands of blocks. */
function unitAt(units: readonly Range[], i: number): Range | undefined {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid].end <= i) lo = mid + 1;
    else if (units[mid].start > i) hi = mid - 1;
    else return units[mid];
  }
  return undefined;
}

function nextLineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

/**
 * Where the sentence ending with the run of marks at `i` stops: past the run and the closing
 * quotes that follow it. -1 when the run does not end a sentence there.
 *
 * An ellipsis on its own is a pause, not an end: in news prose it mostly elides a list
 * (A、B、C……走在前列的县) and cutting there would leave half a sentence. It ends one when a
 * closing quote follows it, when another end mark does (……。), or at the block's end.
 */
function sentenceStop(text: string, i: number, end: number): number {
  if (!isMark(text[i]) || isMark(text[i - 1])) return -1;
  let run = i;
  let full = false;
  let half = false;
  while (run < end && isMark(text[run])) {
    const c = text[run++];
    if (FULL_END.has(c)) full = true;
    else if (HALF_END.has(c)) half = true;
  }
  // A run of two or more half-width full stops is an ellipsis written out (...).
  const dotsOnly = !full && [...text.slice(i, run)].every((c) => c === '.' || c === '．');
  const ellipsis = !full && (!half || (dotsOnly && run - i > 1));
  let stop = run;
  while (stop < end && CLOSERS.has(text[stop])) stop++;
  if (stop >= end) return stop;
  const next = text[stop];
  if (LOWER.test(next)) return -1;
  if (ellipsis) return stop > run ? stop : -1;
  if (!full && stop === run && ALNUM.test(next)) return -1;
  return stop;
}

/** The sentences of a unit, trimmed, in order. */
export function sentencesOf(text: string, unit: Range, hidden?: readonly Range[]): Range[] {
  const out: Range[] = [];
  let from = unit.start;
  let i = unit.start;
  while (i < unit.end) {
    const stop = !MARK_CODES.has(text.charCodeAt(i)) || (hidden && isHidden(hidden, i)) ? -1 : sentenceStop(text, i, unit.end);
    if (stop < 0) {
      i++;
      continue;
    }
    push(out, trimmed(text, hidden, { start: from, end: stop }));
    from = i = stop;
  }
  push(out, trimmed(text, hidden, { start: from, end: unit.end }));
  return out;
}

function push(out: Range[], r: Range): void {
  if (r.end > r.start) out.push(r);
}

/**
 * Cuts passages out of one article, keeping each block's sentences once cut: an article
 * mentions a theme many times, often several times in one paragraph.
 */
export class PassageCutter {
  private readonly sentences = new Map<string, Range[]>();

  constructor(
    private readonly text: string,
    private readonly layout: PassageLayout,
  ) {}

  /**
   * The passage a mention at `mention` codes at `extent`. A mention that runs over a
   * sentence end (a name written across punctuation) takes every sentence it touches.
   */
  range(mention: Range, extent: PassageExtent): Range {
    if (extent === 'mention') return { start: mention.start, end: mention.end };
    const unit = unitAround(this.text, this.layout, mention);
    if (extent === 'paragraph') return cover(trimmed(this.text, this.layout.hidden, unit), mention);
    const key = `${unit.start}:${unit.end}`;
    let sentences = this.sentences.get(key);
    if (!sentences) {
      sentences = sentencesOf(this.text, unit, this.layout.hidden);
      this.sentences.set(key, sentences);
    }
    const first = sentences.find((s) => mention.start < s.end) ?? sentences[sentences.length - 1];
    let last = first;
    for (const s of sentences) if (s.start < mention.end) last = s;
    return cover({ start: first?.start ?? mention.start, end: last?.end ?? mention.end }, mention);
  }
}

/** The passage a mention at `mention` codes at `extent` (see PassageCutter). */
export function passageRange(text: string, layout: PassageLayout, mention: Range, extent: PassageExtent): Range {
  return new PassageCutter(text, layout).range(mention, extent);
}

/** A passage always holds its whole mention. */
function cover(r: Range, mention: Range): Range {
  return { start: Math.min(r.start, mention.start), end: Math.max(r.end, mention.end) };
}

/**
 * The passages tagging these mentions makes, in the order of `items` by group (an article),
 * then text order: a mention inside a passage an earlier mention of its group already makes
 * adds nothing, so two mentions in one sentence give one passage.
 */
export function mergedPassages<T extends { group: string; mention: Range; passage: Range }>(items: readonly T[]): { passage: Range; members: T[] }[] {
  const groupOrder = new Map<string, number>();
  for (const i of items) if (!groupOrder.has(i.group)) groupOrder.set(i.group, groupOrder.size);
  const sorted = [...items].sort((a, b) => groupOrder.get(a.group)! - groupOrder.get(b.group)! || a.passage.start - b.passage.start || b.passage.end - a.passage.end);
  const out: { group: string; passage: Range; members: T[] }[] = [];
  for (const item of sorted) {
    let holder: (typeof out)[number] | undefined;
    // Sorted by group: this group's passages are the last ones made.
    for (let k = out.length - 1; k >= 0 && out[k].group === item.group && !holder; k--) {
      if (out[k].passage.start <= item.mention.start && item.mention.end <= out[k].passage.end) holder = out[k];
    }
    if (holder) holder.members.push(item);
    else out.push({ group: item.group, passage: item.passage, members: [item] });
  }
  return out.map(({ passage, members }) => ({ passage, members }));
}
