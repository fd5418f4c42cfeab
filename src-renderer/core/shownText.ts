// What search, find, mentions and counts read of an article: its canonical text with the
// ranges the reader does not show (Markdown front matter, markers, URLs, tags) blanked out.
// Blanked, not removed: the result has the canonical text's length, so every offset found in
// it is already a canonical offset, and the search key drops the blanks like any whitespace
// (so **营商**环境 is still found as 营商环境, as it reads).

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
