// The whole pipeline from decoded text to a readable article, in the order DESIGN.md fixes.

import { clean } from './clean.ts';
import { parse } from './parse.ts';
import { passageLayout, type PassageLayout } from './passageExtent.ts';
import { maskHidden } from './shownText.ts';
import type { Article, CleanResult } from './types.ts';

export interface LoadOptions {
  /** The file's name or library path: a .md / .markdown name turns the Markdown rules on
   * even when the text shows no telltale syntax (without it, parse sniffs the text). */
  fileName?: string;
}

export function loadArticle(raw: string, options: LoadOptions = {}): { clean: CleanResult; article: Article } {
  const cleaned = clean(raw);
  const markdown = options.fileName !== undefined && MARKDOWN_NAME.test(options.fileName) ? true : undefined;
  return { clean: cleaned, article: parse(cleaned, { markdown }) };
}

/** Markdown a file may be (its name, or front matter, `#` headings, fences in its text). */
function mayBeMarkdown(text: string, fileName: string | undefined): boolean {
  if (fileName !== undefined && MARKDOWN_NAME.test(fileName)) return true;
  return text.startsWith('---\n') || /(?:^|\n)(?:#{1,6}[ \t]|```|~~~)/.test(text);
}

const MARKDOWN_NAME = /\.(?:md|markdown)$/i;

/**
 * A file's canonical text and what search reads of it (hidden Markdown blanked, same
 * length). Plain text is not parsed for this: nothing of it is hidden.
 */
export function searchableText(raw: string, fileName?: string): { text: string; searchable: string } {
  const cleaned = clean(raw);
  if (!mayBeMarkdown(cleaned.text, fileName)) return { text: cleaned.text, searchable: cleaned.text };
  const article = parse(cleaned, { markdown: fileName !== undefined && MARKDOWN_NAME.test(fileName) ? true : undefined });
  return { text: cleaned.text, searchable: maskHidden(cleaned.text, article.hidden) };
}

/**
 * What the library index keeps of a file: searchableText's two texts and the blocks a
 * tagged passage may span (so plain text is parsed here too: its blocks leave out list
 * markers, a chronicle's layout and the like).
 */
export function indexedText(raw: string, fileName?: string): { text: string; searchable: string; layout: PassageLayout } {
  // Parsed as the reader parses it (loadArticle), so a passage ends where a shown block does.
  return indexedOf(loadArticle(raw, { fileName }), fileName);
}

/** indexedText of an article already cleaned and parsed (the library scan parses once for the list and the index). */
export function indexedOf(loaded: { clean: CleanResult; article: Article }, fileName?: string): { text: string; searchable: string; layout: PassageLayout } {
  const { clean: cleaned, article } = loaded;
  const searchable = mayBeMarkdown(cleaned.text, fileName) ? maskHidden(cleaned.text, article.hidden) : cleaned.text;
  return { text: cleaned.text, searchable, layout: passageLayout(article) };
}
