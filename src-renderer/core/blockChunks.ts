// An overlong block (a file with no line breaks is one 3-million-character paragraph) is
// drawn as several pieces, so the reader lays out and draws only the part in view. The
// pieces are display only: offsets stay canonical, and the cuts fall where a reader pauses
// anyway — after a sentence, else after a clause, and only as a last resort anywhere.

import type { Range } from './types.ts';

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '…', '；', ';']);
const CLAUSE_END = new Set(['，', '、', '：', ',', ':', ' ']);
// Closing marks stay with the sentence they close: 。” is one end.
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '》', '〉', '】', '"', "'"]);

/** Where to cut inside (from, limit]: after the last sentence end, else clause end, else at `limit`. */
function cutPoint(text: string, from: number, limit: number): number {
  // Look back over the second half only: every piece keeps at least half the maximum,
  // and the scan stays linear over the whole block.
  const floor = from + Math.floor((limit - from) / 2);
  let clause = -1;
  for (let i = limit - 1; i >= floor; i--) {
    const c = text[i];
    if (SENTENCE_END.has(c) || CLOSERS.has(c)) {
      let end = i + 1;
      while (end < limit && CLOSERS.has(text[end])) end++;
      // A closer that closes no sentence (“…”之后) is not a pause.
      let k = i;
      while (k > from && CLOSERS.has(text[k])) k--;
      if (SENTENCE_END.has(text[k])) return end;
    }
    if (clause < 0 && CLAUSE_END.has(c)) clause = i + 1;
  }
  if (clause > from) return clause;
  // Never between the halves of a surrogate pair.
  const low = text.charCodeAt(limit);
  return low >= 0xdc00 && low <= 0xdfff ? limit - 1 : limit;
}

/**
 * The canonical range [start, end) of `text` as consecutive pieces of at most `max` code
 * units (one piece when it fits), cut at sentence ends where there are any.
 */
export function chunkRanges(text: string, range: Range, max: number): Range[] {
  if (max < 2) throw new Error('chunkRanges: max must be at least 2');
  const out: Range[] = [];
  let from = range.start;
  while (range.end - from > max) {
    const cut = cutPoint(text, from, from + max);
    out.push({ start: from, end: cut });
    from = cut;
  }
  out.push({ start: from, end: range.end });
  return out;
}
