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
  // By code unit rather than by code point with a regular expression per character: every
  // file of a first start passes through here whole.
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // The second half of a surrogate pair: its character was counted at the first.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) continue;
    if (!isWhitespace(c)) n++;
  }
  return n;
}

/** What `\s` matches in JavaScript (ECMAScript WhiteSpace and LineTerminator). */
function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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
