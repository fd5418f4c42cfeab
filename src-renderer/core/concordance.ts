// A concordance (KWIC, keyword in context): every mention of a theme with the text just
// before and after it, so the lines can be printed aligned on the keyword and sorted by
// either side. Mentions are found as the theme page finds them (mentions.ts: on the search
// key, so 營商環境 is a mention of 营商环境); contexts stay inside the mention's paragraph
// and leave out what a reader never sees (Markdown markup, front matter).
import { occurrences } from './mentions.ts';
import { shownContextBounds, shownSlice } from './shownText.ts';
import type { Range, SearchKeyResult } from './types.ts';

export interface ConcordanceLine {
  articleKey: string;
  /** The mention, canonical offsets. */
  start: number;
  end: number;
  left: string;
  keyword: string;
  right: string;
}

export type ConcordanceSort = 'right' | 'left' | 'article';
export const CONCORDANCE_SORTS: readonly ConcordanceSort[] = ['right', 'left', 'article'];

/** Characters of context each side: what fits beside the keyword on one line of the list. */
export const CONCORDANCE_CONTEXT = 30;

/**
 * The concordance lines of `names` (a theme's name and aliases) in one article, in text
 * order. `folded` is the search key of the article's searchable text, `hidden` the ranges a
 * reader does not see (empty for plain text).
 */
export function concordanceLines(articleKey: string, text: string, folded: SearchKeyResult, names: readonly string[], hidden: readonly Range[] = [], width = CONCORDANCE_CONTEXT): ConcordanceLine[] {
  return occurrences(folded, names).map(({ start, end }) => {
    const { from, to } = shownContextBounds(text, start, end, width, hidden);
    return { articleKey, start, end, left: shownSlice(text, from, start, hidden), keyword: text.slice(start, end), right: shownSlice(text, end, to, hidden) };
  });
}

const reversed = (s: string) => [...s].reverse().join('');

/**
 * The lines sorted by the context right of the keyword (its first characters first), left of
 * it (the characters nearest the keyword first: …在安吉 before …在德清 by 吉 / 清), or by
 * article; ties go by article and position, so the order is the same every time. Chinese
 * sorts by the collation of `locale` (pinyin for zh-Hans). Returns a new array.
 */
export function sortConcordance(lines: readonly ConcordanceLine[], by: ConcordanceSort, locale = 'zh-Hans-CN'): ConcordanceLine[] {
  const inText = (a: ConcordanceLine, b: ConcordanceLine) => (a.articleKey < b.articleKey ? -1 : a.articleKey > b.articleKey ? 1 : a.start - b.start);
  if (by === 'article') return [...lines].sort(inText);
  const collator = new Intl.Collator(locale);
  // Keys made once per line, not once per comparison.
  const keyed = lines.map((line) => ({ line, key: by === 'right' ? line.right : reversed(line.left) }));
  keyed.sort((a, b) => collator.compare(a.key, b.key) || inText(a.line, b.line));
  return keyed.map((k) => k.line);
}
