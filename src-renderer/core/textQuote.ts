// W3C TextQuote + TextPosition selectors for a canonical range (DESIGN.md, Anchors).

import type { Range, TextQuote } from './types.ts';

/** Context kept each side of a quote, in UTF-16 code units (the W3C selector has no fixed size; 32 is Hypothesis' figure). */
export const QUOTE_CONTEXT = 32;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** True when offset i falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

/** Clamp a range into [0, length], order its ends, and move ends off the middle of a surrogate pair (outwards). */
export function normalizeRange(text: string, range: Range): Range {
  const n = text.length;
  const a = clampOffset(range.start, n);
  const b = clampOffset(range.end, n);
  let start = Math.min(a, b);
  let end = Math.max(a, b);
  if (splitsSurrogatePair(text, start)) start--;
  if (splitsSurrogatePair(text, end)) end++;
  return { start, end };
}

export function clampOffset(x: number, max: number): number {
  // NaN would poison every comparison downstream; treat it as the text start.
  if (!(x > 0)) return 0;
  return x > max ? max : Math.floor(x);
}

/** Position and quote selectors of a canonical range; the range is clamped and never splits a surrogate pair. */
export function describeRange(canonical: string, range: Range): { position: Range; quote: TextQuote } {
  const position = normalizeRange(canonical, range);
  let prefixStart = Math.max(0, position.start - QUOTE_CONTEXT);
  // A context that would start or end on half a pair gives that half up rather than exceed the limit.
  if (splitsSurrogatePair(canonical, prefixStart)) prefixStart++;
  let suffixEnd = Math.min(canonical.length, position.end + QUOTE_CONTEXT);
  if (splitsSurrogatePair(canonical, suffixEnd)) suffixEnd--;
  return {
    position,
    quote: {
      exact: canonical.slice(position.start, position.end),
      prefix: canonical.slice(prefixStart, position.start),
      suffix: canonical.slice(position.end, suffixEnd),
    },
  };
}

/** Characters of a quote a list shows: a stored quote can be a million characters long. */
export const SHOWN_QUOTE_CHARS = 600;

/** The quote as a list shows it: whole up to SHOWN_QUOTE_CHARS, else its start and an ellipsis. */
export function shownQuote(exact: string, max: number = SHOWN_QUOTE_CHARS): string {
  if (exact.length <= max) return exact;
  const end = splitsSurrogatePair(exact, max) ? max - 1 : max;
  return `${exact.slice(0, end)}…`;
}
