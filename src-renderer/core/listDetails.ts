// What the library list shows of a file besides its name: the parsed header, the reading
// length, whether it carries inline pinyin.
import { loadArticle } from './article.ts';
import { maskHidden } from './shownText.ts';
import type { Article, ArticleMeta, CleanResult } from './types.ts';

export interface ListDetails {
  meta: ArticleMeta;
  /** Characters of reading text, no whitespace. */
  length: number;
  hasRuby: boolean;
}

/** Beyond this the list reads a long file's header from its opening and its end only. */
const WHOLE_PARSE_CHARS = 300_000;
const HEAD_CHARS = 60_000;
const TAIL_CHARS = 6_000;

/** Whether listDetails reads the whole of a text this long (else its opening and end only). */
export const parsedWhole = (raw: string): boolean => raw.length <= WHOLE_PARSE_CHARS;

/** listDetails of a whole article already cleaned and parsed. */
export function detailsOf(loaded: { clean: CleanResult; article: Article }): ListDetails {
  // What is not shown (front matter, Markdown markup, URLs) is not counted.
  return { meta: loaded.article.meta, length: readingLength(maskHidden(loaded.clean.text, loaded.article.hidden)), hasRuby: loaded.clean.ruby.length > 0 };
}

/** Reading-text length: characters without whitespace, counting astral ones once. */
export function readingLength(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/.test(ch)) n++;
  return n;
}

/**
 * What the list shows of a file. A 10 MB article would freeze the page for a second on
 * the list's account alone: its header, byline and footer are read from the opening and the
 * end, and its length is counted on the raw text (inline pinyin then counts, a few per cent).
 */
export function listDetails(raw: string, fileName: string): ListDetails {
  if (raw.length <= WHOLE_PARSE_CHARS) return detailsOf(loadArticle(raw, { fileName }));
  const { clean, article } = loadArticle(`${raw.slice(0, HEAD_CHARS)}\n\n${raw.slice(-TAIL_CHARS)}`, { fileName });
  return { meta: article.meta, length: readingLength(raw), hasRuby: clean.ruby.length > 0 };
}
