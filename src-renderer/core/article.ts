// The whole pipeline from decoded text to a readable article, in the order DESIGN.md fixes.

import { clean } from './clean.ts';
import { parse } from './parse.ts';
import type { Article, CleanResult } from './types.ts';

export interface LoadOptions {
  /** The file's name or library path: a .md / .markdown name turns the Markdown rules on
   * even when the text shows no telltale syntax (without it, parse sniffs the text). */
  fileName?: string;
}

export function loadArticle(raw: string, options: LoadOptions = {}): { clean: CleanResult; article: Article } {
  const cleaned = clean(raw);
  const markdown = options.fileName !== undefined && /\.(?:md|markdown)$/i.test(options.fileName) ? true : undefined;
  return { clean: cleaned, article: parse(cleaned, { markdown }) };
}
