// Notes are Markdown. They are shown by building elements from this tree, never by handing
// HTML to the browser: raw HTML in a note stays visible text, images are not fetched (their
// alt text and address are shown as text), and only https links are links: they are what the
// desktop app hands to the browser (src-main/externalLinks.ts), so a link never looks live and does nothing.
import { Lexer, type Token, type Tokens } from 'marked';
import { limitNoteNesting } from '../core/noteLimits.ts';

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
  | { kind: 'list'; ordered: boolean; items: NoteBlock[][] }
  | { kind: 'rule' };

const SAFE_LINK = /^https:/i;

/** A link target the app lets through, or null. Relative and script-like targets are not links. */
export function safeHref(href: string): string | null {
  // Control characters and spaces inside the scheme are how `java\nscript:` slips past checks.
  const compact = Array.from(href)
    .filter((ch) => ch.charCodeAt(0) > 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('');
  return SAFE_LINK.test(compact) ? compact : null;
}

function inlines(tokens: readonly Token[] | undefined): NoteInline[] {
  const out: NoteInline[] = [];
  const text = (t: string) => {
    const last = out.at(-1);
    if (last?.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
      case 'em':
      case 'del':
        out.push({ kind: token.type, children: inlines((token as Tokens.Strong).tokens) });
        break;
      case 'codespan':
        out.push({ kind: 'code', text: decodeEntities((token as Tokens.Codespan).text) });
        break;
      case 'br':
        out.push({ kind: 'br' });
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const href = safeHref(link.href);
        const children = inlines(link.tokens);
        if (href) out.push({ kind: 'link', href, children });
        else out.push(...children);
        break;
      }
      case 'image': {
        // Never fetched: a note must not phone home. The address stays readable.
        const image = token as Tokens.Image;
        text(image.text ? `${image.text} (${image.href})` : image.href);
        break;
      }
      case 'text': {
        const t = token as Tokens.Text;
        if (t.tokens && t.tokens.length > 0) out.push(...inlines(t.tokens));
        else text(decodeEntities(t.text));
        break;
      }
      case 'escape':
        text((token as Tokens.Escape).text);
        break;
      default:
        // html, and anything newer than this code: shown as written.
        text(token.raw);
    }
  }
  return out;
}

function blocks(tokens: readonly Token[]): NoteBlock[] {
  const out: NoteBlock[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'paragraph':
        out.push({ kind: 'paragraph', children: inlines((token as Tokens.Paragraph).tokens) });
        break;
      case 'heading': {
        const h = token as Tokens.Heading;
        out.push({ kind: 'heading', level: Math.min(6, Math.max(1, h.depth)), children: inlines(h.tokens) });
        break;
      }
      case 'code':
        out.push({ kind: 'code', text: (token as Tokens.Code).text });
        break;
      case 'blockquote':
        out.push({ kind: 'quote', children: blocks((token as Tokens.Blockquote).tokens) });
        break;
      case 'list': {
        const list = token as Tokens.List;
        out.push({ kind: 'list', ordered: list.ordered, items: list.items.map((item) => blocks(item.tokens)) });
        break;
      }
      case 'hr':
        out.push({ kind: 'rule' });
        break;
      case 'text': {
        // Tight list items hold bare text tokens.
        const t = token as Tokens.Text;
        out.push({ kind: 'paragraph', children: t.tokens ? inlines(t.tokens) : [{ kind: 'text', text: decodeEntities(t.text) }] });
        break;
      }
      default:
        // html blocks, tables, …: the text as written, inert.
        if (token.raw.trim()) out.push({ kind: 'paragraph', children: [{ kind: 'text', text: token.raw.trim() }] });
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** marked escapes text for HTML output; we build text nodes, so undo that. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
}

export function parseNote(markdown: string): NoteBlock[] {
  if (!markdown.trim()) return [];
  return blocks(new Lexer({ gfm: true, breaks: true }).lex(limitNoteNesting(markdown)));
}
