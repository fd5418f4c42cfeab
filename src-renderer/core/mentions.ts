// Where a theme is mentioned in a text: every occurrence of its name or aliases, found on the
// search key so script, width and punctuation do not matter (營商環境 and 营商，环境 count),
// minus the places an annotation with the theme already covers. Offsets are canonical.
import { findAll } from './searchKey.ts';
import type { Range, SearchKeyResult } from './types.ts';

/** A passage shown around a match: the text before it, the match, the text after it. */
export interface Snippet {
  before: string;
  match: string;
  after: string;
}

export interface Mention {
  range: Range;
  /** The sentence the mention is in, split around it. */
  context: Snippet;
}

const SENTENCE_END = /[。！？!?；;\n]/;
/** A sentence longer than this each side is cut: a context, not a paragraph. */
const MAX_CONTEXT = 60;

/** The sentence around `range`, at most MAX_CONTEXT characters each side. */
export function sentenceAround(text: string, range: Range, max = MAX_CONTEXT): Snippet {
  let start = range.start;
  while (start > 0 && range.start - start < max && !SENTENCE_END.test(text[start - 1])) start--;
  let end = range.end;
  while (end < text.length && end - range.end < max && !SENTENCE_END.test(text[end])) end++;
  // The sentence's own full stop belongs to it.
  if (end < text.length && text[end] !== '\n' && SENTENCE_END.test(text[end])) end++;
  return { before: text.slice(start, range.start), match: text.slice(range.start, range.end), after: text.slice(range.end, end) };
}

/**
 * Every occurrence of any of `names` in the text behind `folded`, ascending, overlaps
 * resolved in favour of the earlier and then the longer one (营商环境 over 营商 when both
 * are names of the theme).
 */
export function occurrences(folded: SearchKeyResult, names: readonly string[]): Range[] {
  const all = names.flatMap((name) => findAll(folded, name));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) continue;
    out.push(r);
  }
  return out;
}

const overlaps = (a: Range, b: Range) => a.start < b.end && b.start < a.end;

/**
 * Mentions of `names` that no range in `covered` (the theme's annotations) overlaps, each
 * with its sentence: `sentenceOf` when the caller knows the article's blocks, else cut at
 * the nearest end marks.
 */
export function findMentions(text: string, folded: SearchKeyResult, names: readonly string[], covered: readonly Range[], sentenceOf?: (mention: Range) => Range): Mention[] {
  return occurrences(folded, names)
    .filter((r) => !covered.some((c) => overlaps(c, r)))
    .map((range) => ({ range, context: sentenceOf ? snippetOf(text, sentenceOf(range), range) : sentenceAround(text, range) }));
}

/** `sentence` split around `range`, at most `max` characters each side. */
function snippetOf(text: string, sentence: Range, range: Range, max = MAX_CONTEXT): Snippet {
  const start = Math.max(Math.min(sentence.start, range.start), range.start - max);
  const end = Math.min(Math.max(sentence.end, range.end), range.end + max);
  return { before: text.slice(start, range.start), match: text.slice(range.start, range.end), after: text.slice(range.end, end) };
}
