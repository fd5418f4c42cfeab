// The opening of a long file, cleaned and parsed on its own so the reader can show the first
// screen while the rest is cleaned. Its canonical text must be exactly the beginning of the
// whole file's canonical text (annotations made on it keep their offsets), so the slice is
// cut only where no rule of clean can look across the cut:
//
// - inside the first line, far from its end, so line splitting, trimming and the layout joins
//   (which only ever append to a line, and only join short lines into others) leave the text
//   before the cut as it is;
// - right after a sentence end (。！？) that a Han character follows: pinyin readings, comma
//   runs, marks made full-width and space runs all look only at their neighbours, and none
//   of them spans a sentence end or takes it as a neighbour to change;
// - with every ASCII parenthesis opened before the cut closed before it, and no backslash:
//   parentheses are paired across a whole line (and a Markdown link's with escapes), so an
//   open one could be paired differently once the rest is there;
// - never in a Markdown file, nor in a text that opens like one (front matter, a heading,
//   a fence): Markdown's structure is read from the whole text.
//
// The slice is never longer than LEAD_CAP times what was asked, or the opening cleaned and
// parsed on the page could be most of a one-line file whose first sentence end comes late.
// Where no sentence end lies within that, it is cut at the first place past `from` between
// two Han characters (neighbours no rule changes), and failing that at `from` itself, between
// two code points: a hard cut, in a text with neither, that could cost the prefix in a rare
// text rather than hold the page for a parse of most of the file.
//
// The reader still checks that the whole text begins with the slice's before it keeps it.

/**
 * Characters of the slice at least: a first screen many times over at any window and type
 * size, and small enough to clean and parse on the page's thread in a few milliseconds.
 */
export const LEAD_CHARS = 32_000;

/** The slice's characters at most, as a multiple of the characters asked for. */
export const LEAD_CAP = 4;

const MARKDOWN_NAME = /\.(?:md|markdown)$/i;
const SENTENCE_END = /[。！？](?=[\u4e00-\u9fff])/g;

/** Where to cut `raw` for its first screen (`from` characters at least), or -1 when it is short or has no safe cut. */
export function leadingCut(raw: string, fileName: string, from = LEAD_CHARS): number {
  if (MARKDOWN_NAME.test(fileName) || raw.length < from * 2) return -1;
  if (/^\s*(?:---|#|```|~~~)/.test(raw.slice(0, 16))) return -1;
  const lineEnd = raw.indexOf('\n');
  // Far from the first line's end: a join after it repairs the joined line again.
  const limit = (lineEnd < 0 ? raw.length : lineEnd) - from;
  if (limit <= from) return -1;
  const cap = Math.min(limit, from * LEAD_CAP);
  SENTENCE_END.lastIndex = from;
  // Only up to the cap (and the character after it, which the sentence end looks at): a long line may have none.
  const m = SENTENCE_END.exec(raw.slice(0, cap + 1));
  const cut = m && m.index < cap ? m.index + 1 : hardCut(raw, from, cap);
  return parenthesesClosed(raw, cut) && raw.lastIndexOf('\\', cut) < 0 ? cut : -1;
}

/** The first place in [from, cap) between two Han characters, else `from` moved off the middle of a surrogate pair. */
function hardCut(raw: string, from: number, cap: number): number {
  for (let at = from; at < cap; at++) if (isHan(raw.charCodeAt(at - 1)) && isHan(raw.charCodeAt(at))) return at;
  return isHighSurrogate(raw.charCodeAt(from - 1)) ? from - 1 : from;
}

const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fff;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Whether every `(` in raw[0, end) is closed before end (a `)` with none open closes nothing). */
function parenthesesClosed(raw: string, end: number): boolean {
  let open = 0;
  for (let k = raw.indexOf('('); k >= 0 && k < end; k = raw.indexOf('(', k + 1)) open++;
  if (open === 0) return true;
  let depth = 0;
  for (let k = 0; k < end; k++) {
    const c = raw.charCodeAt(k);
    if (c === 0x28) depth++;
    else if (c === 0x29 && depth > 0) depth--;
  }
  return depth === 0;
}
