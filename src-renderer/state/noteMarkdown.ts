// Notes are Markdown, read by the same CommonMark + GFM grammar as Markdown articles
// (core/markdownBlocks.ts), so what is written, shown and exported agree. They are shown by
// building elements from this tree, never by handing HTML to the browser: raw HTML in a note
// stays visible text, images are not fetched (their alt text and address are shown as text),
// and only https links are links (core/safeLink.ts).
import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import { markdownTree } from '../core/markdownBlocks.ts';
import { safeHref } from '../core/safeLink.ts';
import { limitNoteNesting } from '../core/noteLimits.ts';

export { safeHref };

export type NoteInline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em' | 'del'; children: NoteInline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: NoteInline[] }
  | { kind: 'br' };

export type NoteBlock =
  | { kind: 'paragraph'; children: NoteInline[] }
  | { kind: 'heading'; level: number; children: NoteInline[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; children: NoteBlock[] }
  | { kind: 'list'; ordered: boolean; start?: number; items: NoteBlock[][] }
  | { kind: 'table'; rows: NoteInline[][][] }
  | { kind: 'rule' };

/** The note's text as written between two offsets: raw HTML is shown this way. */
function written(source: string, node: Nodes): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? '' : source.slice(start, end);
}

function inlines(source: string, nodes: readonly PhrasingContent[]): NoteInline[] {
  const out: NoteInline[] = [];
  const text = (t: string) => {
    // A line break in a note is kept as one, as the note was typed.
    t.split('\n').forEach((line, i) => {
      if (i > 0) out.push({ kind: 'br' });
      if (!line) return;
      const last = out.at(-1);
      if (last?.kind === 'text') last.text += line;
      else out.push({ kind: 'text', text: line });
    });
  };
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        text(node.value);
        break;
      case 'strong':
        out.push({ kind: 'strong', children: inlines(source, node.children) });
        break;
      case 'emphasis':
        out.push({ kind: 'em', children: inlines(source, node.children) });
        break;
      case 'delete':
        out.push({ kind: 'del', children: inlines(source, node.children) });
        break;
      case 'inlineCode':
        // The code as written: `&lt;div&gt;` is shown as typed, not decoded.
        out.push({ kind: 'code', text: node.value });
        break;
      case 'break':
        out.push({ kind: 'br' });
        break;
      case 'link': {
        const href = safeHref(node.url);
        const children = inlines(source, node.children);
        if (href) out.push({ kind: 'link', href, children });
        else out.push(...children);
        break;
      }
      case 'linkReference':
        out.push(...inlines(source, node.children));
        break;
      case 'image':
        // Never fetched: a note must not phone home. The address stays readable.
        text(node.alt ? `${node.alt} (${node.url})` : node.url);
        break;
      case 'imageReference':
        text(node.alt ?? '');
        break;
      default:
        // html, footnote references and anything newer than this code: shown as written.
        text(written(source, node));
    }
  }
  return out;
}

function blocks(source: string, nodes: readonly RootContent[]): NoteBlock[] {
  const out: NoteBlock[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
        out.push({ kind: 'paragraph', children: inlines(source, node.children) });
        break;
      case 'heading':
        out.push({ kind: 'heading', level: node.depth, children: inlines(source, node.children) });
        break;
      case 'code':
        out.push({ kind: 'code', text: node.value });
        break;
      case 'blockquote':
        out.push({ kind: 'quote', children: blocks(source, node.children) });
        break;
      case 'list': {
        const list: NoteBlock = { kind: 'list', ordered: node.ordered === true, items: node.children.map((item) => blocks(source, item.children)) };
        if (node.ordered && typeof node.start === 'number' && node.start !== 1) list.start = node.start;
        out.push(list);
        break;
      }
      case 'table':
        out.push({ kind: 'table', rows: node.children.map((row) => row.children.map((cell) => inlines(source, cell.children))) });
        break;
      case 'thematicBreak':
        out.push({ kind: 'rule' });
        break;
      case 'definition':
        break;
      default: {
        // html blocks, footnote definitions, …: the text as written, inert.
        const raw = written(source, node).trim();
        if (raw) out.push({ kind: 'paragraph', children: [{ kind: 'text', text: raw }] });
      }
    }
  }
  return out;
}

/** The one entry for reading a note: Markdown text → the tree NoteView draws. */
export function parseNote(markdown: string): NoteBlock[] {
  if (!markdown.trim()) return [];
  // Nesting is bounded before parsing: a note of a thousand nested lists is drawn flattened, not by recursing a thousand deep.
  const bounded = limitNoteNesting(markdown);
  return blocks(bounded, markdownTree(bounded).children);
}
