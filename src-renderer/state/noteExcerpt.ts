// A note's opening as plain text, for a name read out by screen readers (a note mark's):
// the Markdown read by the note's own parser, so `**重点**` is read as 重点, not as stars.
import { parseNote, type NoteBlock, type NoteInline } from './noteMarkdown.ts';

/** Parsing more than this of a note for a few dozen characters would be waste. */
const READ_CHARS = 400;

function inlineText(nodes: readonly NoteInline[]): string {
  return nodes.map((node) => (node.kind === 'text' || node.kind === 'code' ? node.text : node.kind === 'br' ? ' ' : inlineText(node.children))).join('');
}

function blockText(block: NoteBlock): string {
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return inlineText(block.children);
    case 'code':
      return block.text;
    case 'quote':
      return block.children.map(blockText).join(' ');
    case 'list':
      return block.items.map((item) => item.map(blockText).join(' ')).join(' ');
    case 'table':
      return block.rows.map((row) => row.map(inlineText).join(' ')).join(' ');
    case 'rule':
      return '';
  }
}

// Every repaint names every mark again: a note's opening is parsed once, not on each.
const excerpts = new Map<string, string>();
const MAX_CACHED = 5_000;

/** The note's first `max` characters as plain text, spaces collapsed, with … when cut. */
export function noteExcerpt(markdown: string, max = 60): string {
  const opening = markdown.slice(0, READ_CHARS);
  const cacheKey = `${max}:${opening}`;
  const cached = excerpts.get(cacheKey);
  if (cached !== undefined) return cached;
  const text = parseNote(opening).map(blockText).join(' ').replace(/\s+/g, ' ').trim();
  const excerpt = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
  if (excerpts.size >= MAX_CACHED) excerpts.clear();
  excerpts.set(cacheKey, excerpt);
  return excerpt;
}
