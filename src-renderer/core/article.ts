// The whole pipeline from decoded text to a readable article, in the order DESIGN.md fixes.

import { clean } from './clean.ts';
import { parse } from './parse.ts';
import type { Article, CleanResult } from './types.ts';

export function loadArticle(raw: string): { clean: CleanResult; article: Article } {
  const cleaned = clean(raw);
  return { clean: cleaned, article: parse(cleaned) };
}
