// Undo what page layout did to the text. Two layouts reach us: blank-line-separated
// blocks (a web page copied out: one raw "group" per visual block, captions parked between
// groups with a wider gap of blank lines) and one line per paragraph. The repairs:
//
// 1. A group of short label lines (建好标志性点位 / 凸显新青年特质, a pull-quote broken over
//    five lines) is one block: its lines join with a space.
// 2. A credit standing alone (夏鹏飞 摄, 安吉县天荒坪镇供图) joins the caption above it.
// 3. A paragraph cut mid-sentence (金融发展服务 / 中心) joins its continuation, even
//    across interleaved captions and image lines, which then move after the paragraph.
//    A short line that stands alone above a blank line, with no caption between it and
//    the next paragraph, is a subheading (慢下来，才看得见), not the first half of one:
//    layout cuts paragraphs after a full line of text, not after a few words.
//
// A join needs positive evidence on both sides; when it is missing the two parts stay
// apart, so lost text remains visible as a gap instead of being papered over.

import { findCredit, isCreditOnly, isImageFileLine } from './captionCues.ts';
import { isProse, SENTENCE_FINAL } from './cjkChars.ts';
import { concatLines, workLine, type WorkLine } from './lineRewrite.ts';
import { isNumberedHeading } from './sectionNumbers.ts';

/** Most lines are separated by blank lines (000–003), as opposed to one line per paragraph (004). */
export function isBlankLineLayout(lines: readonly WorkLine[]): boolean {
  if (lines.length < 2) return false;
  let separated = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i].blanksBefore > 0) separated++;
  return separated * 2 >= lines.length - 1;
}

const LIST_MARK = /^[-•·]\s|^\*\s/;
/** Longest line that still reads as a label (heading half, pull-quote word, short caption). */
const LABEL_MAX = 30;

function isLabel(line: WorkLine): boolean {
  const text = line.text;
  return !line.markup && text.length <= LABEL_MAX && !isProse(text) && !LIST_MARK.test(text) && !isImageFileLine(text) && findCredit(text) === null;
}

/** Repair 1: only meaningful where blank lines delimit blocks. */
export function joinLabelGroups(lines: WorkLine[]): WorkLine[] {
  const out: WorkLine[] = [];
  let i = 0;
  while (i < lines.length) {
    let end = i + 1;
    while (end < lines.length && lines[end].group === lines[i].group) end++;
    const all = lines.slice(i, end);
    // A group of hundreds of lines is the one-line-per-paragraph layout, never a label block.
    if (all.length > 1 && all.length <= 12 && all.every(isLabel)) {
      out.push(all.slice(1).reduce((a, b) => concatLines(a, b, ' ', 'layout-join'), all[0]));
    } else {
      for (const l of all) out.push(l);
    }
    i = end;
  }
  return out;
}

/** Repair 2. */
export function joinCreditLines(lines: WorkLine[], blankLayout: boolean): WorkLine[] {
  const out: WorkLine[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev && !prev.markup && !line.markup && isCreditOnly(line.text) && canTakeCredit(prev, line, blankLayout)) {
      out[out.length - 1] = concatLines(prev, line, ' ', 'layout-join');
    } else {
      out.push(line);
    }
  }
  return out;
}

function canTakeCredit(prev: WorkLine, credit: WorkLine, blankLayout: boolean): boolean {
  const t = prev.text;
  if (t.length > 60 || isProse(t) || isImageFileLine(t) || findCredit(t) !== null || LIST_MARK.test(t)) return false;
  // In the blank-line layout a caption is either in the credit's own group or parked in
  // the wide gap captions get; a heading (single blank line above) keeps its own line.
  return !blankLayout || prev.group === credit.group || prev.blanksBefore >= 2;
}

/** Repair 3. */
export function joinSplitParagraphs(lines: WorkLine[], blankLayout: boolean): WorkLine[] {
  const out: WorkLine[] = [];
  let i = 0;
  while (i < lines.length) {
    let cur = lines[i];
    let next = i + 1;
    const moved: WorkLine[] = [];
    const prev = out[out.length - 1];
    // The line after an image file is that image's caption, never a cut paragraph.
    if (!prev || !isImageFileLine(prev.text)) {
      while (!cur.markup && isUnfinishedParagraph(cur.text)) {
        const skipped: WorkLine[] = [];
        let k = next;
        while (k < lines.length && skipped.length < 6 && isInterleaved(lines[k], skipped[skipped.length - 1], blankLayout)) {
          skipped.push(lines[k]);
          k++;
        }
        if (k >= lines.length || !continuesSentence(cur.text, lines[k], blankLayout)) break;
        // With captions between the halves the split is evident; without, a short line is a subheading.
        if (skipped.length === 0 && standsAlone(cur, lines[k])) break;
        cur = concatLines(cur, lines[k], '', 'layout-join');
        moved.push(...skipped);
        next = k + 1;
      }
    }
    out.push(cur);
    for (const m of moved) out.push(workLine(m.text, m.ruby, [{ kind: 'caption-moved', at: 0 }, ...m.edits], m.blanksBefore, m.group, m.markup));
    i = next;
  }
  return out;
}

/** A short line with a blank line below it, not left hanging on a comma: a subheading. */
function standsAlone(line: WorkLine, below: WorkLine | undefined): boolean {
  return below !== undefined && below.blanksBefore > 0 && line.text.length <= LABEL_MAX && !/[，、：,:]$/.test(line.text);
}

function isUnfinishedParagraph(text: string): boolean {
  if (text.length < 8 || !isProse(text) || isNumberedHeading(text)) return false;
  if (SENTENCE_FINAL.has(text[text.length - 1])) return false;
  return findCredit(text) === null && !isImageFileLine(text);
}

/** Lines that layout may drop into the middle of a sentence: pictures and their captions. */
function isInterleaved(line: WorkLine, prevSkipped: WorkLine | undefined, blankLayout: boolean): boolean {
  const t = line.text;
  if (line.markup) return false;
  if (isImageFileLine(t) || findCredit(t) !== null) return true;
  if (prevSkipped && isImageFileLine(prevSkipped.text)) return t.length <= 120;
  // A caption without credit is only recognisable by the wide gap it was parked in.
  return blankLayout && line.blanksBefore >= 2 && !isProse(t) && t.length <= 40;
}

/** Openings that start a new point (一是…, （二）…, 3. …), never the rest of a cut sentence. */
const NEW_POINT = /^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.、．](?!\d))/;

const OPEN_QUOTES: Record<string, string> = { '“': '”', '「': '」', '『': '』' };

function continuesSentence(head: string, line: WorkLine, blankLayout: boolean): boolean {
  const t = line.text;
  if (line.markup) return false;
  if (!isProse(t) && !SENTENCE_FINAL.has(t[t.length - 1])) return false;
  if (LIST_MARK.test(t) || NEW_POINT.test(t) || isImageFileLine(t) || isCreditOnly(t)) return false;
  // A continuation sits one blank line below; a wider gap is where captions are parked.
  if (blankLayout && line.blanksBefore > 1) return false;
  // A quotation left open must be closed by the continuation before its sentence ends;
  // otherwise text is missing between the two (“教育+文化+ … 亩，15天…).
  for (const [open, close] of Object.entries(OPEN_QUOTES)) {
    if (count(head, open) > count(head, close)) {
      const closeAt = t.indexOf(close);
      const endAt = t.search(/[。！？]/);
      if (closeAt < 0 || (endAt >= 0 && closeAt > endAt + 1)) return false;
    }
  }
  return true;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
