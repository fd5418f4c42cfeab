// What search, find, mentions and counts read of an article: its canonical text with the
// ranges the reader does not show (Markdown front matter, markers, URLs, tags) blanked out.
// Blanked, not removed: the result has the canonical text's length, so every offset found in
// it is already a canonical offset, and the search key drops the blanks like any whitespace
// (so **营商**环境 is still found as 营商环境, as it reads). And the pieces of it a search
// snippet or a concordance line shows: the same ranges left out, as the reader leaves them.

import type { Range } from './types.ts';

export function maskHidden(text: string, hidden: readonly Range[] | undefined): string {
  if (!hidden || hidden.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const r of hidden) {
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, text.length);
    if (end <= start) continue;
    parts.push(text.slice(at, start), ' '.repeat(end - start));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** `text[from, to)` without the characters inside `hidden` (sorted, disjoint). */
export function shownSlice(text: string, from: number, to: number, hidden: readonly Range[]): string {
  let out = '';
  let at = from;
  for (let i = firstEndingAfter(hidden, from); i < hidden.length; i++) {
    const h = hidden[i];
    if (h.start >= to) break;
    if (h.start > at) out += text.slice(at, h.start);
    at = Math.max(at, h.end);
  }
  if (at < to) out += text.slice(at, to);
  return out;
}

/** Where the context shown around [start, end) may reach: the paragraph (line) it is in, `width` shown characters each side at most. */
export function shownContextBounds(text: string, start: number, end: number, width: number, hidden: readonly Range[]): { from: number; to: number } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndAt = text.indexOf('\n', end);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  // Reach far enough that `width` characters remain after hidden ones are dropped.
  let from = start;
  for (let shown = 0; from > lineStart && shown < width; from--) if (!isHidden(hidden, from - 1)) shown++;
  let to = end;
  for (let shown = 0; to < lineEnd && shown < width; to++) if (!isHidden(hidden, to)) shown++;
  return { from, to };
}

/** Whether position `at` lies inside one of `hidden` (sorted, disjoint). */
function isHidden(hidden: readonly Range[], at: number): boolean {
  const i = firstEndingAfter(hidden, at);
  return i < hidden.length && hidden[i].start <= at;
}

/** The first of `hidden` (sorted, disjoint) that ends after `at`: a long Markdown file has thousands, and a snippet asks about each character around its hit. */
function firstEndingAfter(hidden: readonly Range[], at: number): number {
  let lo = 0;
  let hi = hidden.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hidden[mid].end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
