// The canonical text of a Markdown file as a CommonMark parser must read it.
//
// clean drops blank lines (canonical paragraphs are separated by one `\n`), but blank lines
// are Markdown syntax: without them every line would run into the one above it as a lazy
// continuation. So the parser reads the canonical lines with a blank line put back between
// any two of them — except where a construct needs its lines together (front matter, a fenced
// code block, a table, a setext underline, an HTML element spread over lines). Only `\n`s are
// inserted, so a parser offset maps back to a canonical offset by its line's shift alone.

import { isProse } from './cjkChars.ts';
import { closesFence, fenceOpening, frontMatterEnd, isTableRule, setextLevel } from './markdownSyntax.ts';

export interface MarkdownSource {
  canonical: string;
  /** What the parser reads. */
  text: string;
  /** Index of front matter's closing line, or -1. */
  frontEnd: number;
  /** Canonical offset of an offset in `text`. */
  toCanonical(offset: number): number;
  /**
   * Canonical lines left out of `text`: lines with no Markdown syntax at all, which the
   * grammar can only read as a paragraph of their own text. Chinese prose is mostly such
   * lines, and the parser's cost is per block, so it reads only the rest.
   */
  plain: { start: number; end: number }[];
}

// A line is plain when it opens no block and holds no character that can start an inline
// construct: escapes, code, emphasis, strikethrough, links, images, footnotes, HTML,
// character references, table cells, and GFM's bare links (www. http(s):// mailto: @).
const INLINE_SYNTAX = /[\\`*_~[\]!<>&|]|www\.|https?:|mailto:|xmpp:|@/i;
const BLOCK_START = /^(?:#|>|[-+*=]|\d{1,9}[.)]|`{3}|~{3}|<|\||\[)/;

function isPlainLine(t: string): boolean {
  return t !== '' && !BLOCK_START.test(t) && !INLINE_SYNTAX.test(t);
}

/** A `---` under a line this long or shorter (and not a sentence) underlines a heading. */
const SETEXT_LABEL_MAX = 30;
/** An HTML element left open spans at most this many lines: a stray `<div>` must not swallow the file. */
const HTML_SPAN_MAX = 200;

const HTML_OPEN = /^<([A-Za-z][A-Za-z0-9-]*)[\s/>]|^<([A-Za-z][A-Za-z0-9-]*)$/;
const VOID_TAGS = new Set(['img', 'br', 'hr', 'input', 'meta', 'link', 'source', 'wbr', 'area', 'col', 'embed', 'param', 'track']);

interface LineSpan {
  start: number;
  end: number;
}

function splitLines(text: string): LineSpan[] {
  const out: LineSpan[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    out.push({ start, end });
    start = end + 1;
  }
  return out;
}

/** How many `<tag` opened minus `</tag` closed on a line (a self-closed `<tag/>` counts none). */
function tagBalance(t: string, tag: string): number {
  const lower = t.toLowerCase();
  let n = 0;
  for (let at = lower.indexOf(`<${tag}`); at >= 0; at = lower.indexOf(`<${tag}`, at + 1)) {
    const next = lower[at + tag.length + 1];
    if (next !== undefined && !' \t/>'.includes(next)) continue;
    const close = lower.indexOf('>', at);
    if (close > 0 && lower[close - 1] === '/') continue;
    n++;
  }
  for (let at = lower.indexOf(`</${tag}`); at >= 0; at = lower.indexOf(`</${tag}`, at + 1)) n--;
  return n;
}

/** `together[i]`: line i + 1 follows line i with no blank line between. */
function groupLines(lines: readonly string[], frontEnd: number): Uint8Array {
  const together = new Uint8Array(lines.length);
  for (let i = 0; i < frontEnd; i++) together[i] = 1;
  for (let i = frontEnd + 1; i < lines.length; i++) {
    const t = lines[i];
    const fence = fenceOpening(t);
    if (fence !== null) {
      let j = i + 1;
      while (j < lines.length && !closesFence(lines[j], fence)) j++;
      for (let k = i; k < Math.min(j, lines.length - 1); k++) together[k] = 1;
      i = j;
      continue;
    }
    const next = lines[i + 1];
    if (next === undefined) break;
    if (t.includes('|') && isTableRule(next)) {
      together[i] = 1;
      let j = i + 1;
      while (j + 1 < lines.length && lines[j + 1].includes('|')) together[j++] = 1;
      together[j] = 0;
      i = j;
      continue;
    }
    const html = HTML_OPEN.exec(t);
    if (html) {
      const tag = (html[1] ?? html[2]).toLowerCase();
      if (!VOID_TAGS.has(tag)) {
        let depth = tagBalance(t, tag);
        let j = i;
        while (depth > 0 && j + 1 < lines.length && j - i < HTML_SPAN_MAX) {
          together[j++] = 1;
          depth += tagBalance(lines[j], tag);
        }
        if (depth > 0) for (let k = i; k < j; k++) together[k] = 0;
        else if (j > i) {
          i = j;
          continue;
        }
      }
    }
    if (t.startsWith('<!--') && !t.includes('-->')) {
      let j = i;
      while (j + 1 < lines.length && j - i < HTML_SPAN_MAX && !lines[j].includes('-->')) together[j++] = 1;
      i = j;
      continue;
    }
    // A setext underline: `===` under any text line; `---` only under a short label, since
    // clean took away the blank line that would have told a rule after a paragraph apart.
    const setext = setextLevel(next);
    if (setext === 1 || (setext === 2 && t.length <= SETEXT_LABEL_MAX && !isProse(t) && !/[.!?]$/.test(t))) {
      if (!isBlockStart(t)) together[i] = 1;
    }
  }
  return together;
}

/** A line that opens a block of its own, so an underline below it cannot make it a heading. */
function isBlockStart(t: string): boolean {
  return /^(?:#{1,6}(?:\s|$)|>|[-*+]\s|\d{1,9}[.)]\s|`{3,}|~{3,}|<|\|)/.test(t) || setextLevel(t) > 0;
}

export function markdownSource(canonical: string): MarkdownSource {
  const spans = splitLines(canonical);
  const lines = spans.map((s) => canonical.slice(s.start, s.end));
  const frontEnd = frontMatterEnd(lines.slice(0, 102));
  const together = groupLines(lines, frontEnd);
  const parts: string[] = [];
  const plain: { start: number; end: number }[] = [];
  // Per line kept: where it starts in `text` and in the canonical text.
  const sourceStart: number[] = [];
  const canonStart: number[] = [];
  const canonEnd: number[] = [];
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const alone = (i === 0 || !together[i - 1]) && !together[i];
    if (alone && i > frontEnd && isPlainLine(lines[i])) {
      plain.push({ start: spans[i].start, end: spans[i].end });
      continue;
    }
    if (sourceStart.length > 0) {
      const sep = i > 0 && together[i - 1] ? '\n' : '\n\n';
      parts.push(sep);
      at += sep.length;
    }
    sourceStart.push(at);
    canonStart.push(spans[i].start);
    canonEnd.push(spans[i].end);
    // front matter may close with `...`; the parser's extension knows only `---` (same length).
    parts.push(i === frontEnd ? '---' : lines[i]);
    at += lines[i].length;
  }
  const text = parts.join('');
  return {
    canonical,
    text,
    frontEnd,
    plain,
    toCanonical(offset: number): number {
      if (sourceStart.length === 0) return 0;
      let lo = 0;
      let hi = sourceStart.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (sourceStart[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      // Past the line's end (its `\n`, an inserted blank line): the line's end.
      return Math.min(canonStart[lo] + (offset - sourceStart[lo]), canonEnd[lo]);
    },
  };
}
