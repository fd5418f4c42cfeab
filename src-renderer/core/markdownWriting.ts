// The small CommonMark and YAML writing rules the exporter needs: text that must come back
// as the same text when a CommonMark parser reads the file, whatever characters it holds.
import { closesFence, fenceOpening } from './markdownSyntax.ts';

/**
 * ASCII punctuation that can start or end Markdown syntax somewhere in a line. Every ASCII
 * punctuation character may be backslash-escaped in CommonMark, so escaping one that would
 * have been harmless costs only a backslash; the common prose ones (, . ; : ? ' " ( ) / % @)
 * and - + = inside a line stay bare so a quote still reads well in a plain editor.
 */
const SYNTAX_CHARS = /[\\`*_[\]<>#|~!&{}^$]/g;

/** One line of text as Markdown inline content that renders as exactly that text. */
export function escapeInline(line: string): string {
  let out = line.replace(SYNTAX_CHARS, (c) => `\\${c}`);
  // "1." or "1)" at the start would open an ordered list; "-", "+" or "=" a bullet list, a
  // thematic break or a setext underline. Inside a line they are plain text.
  out = out.replace(/^(\d{1,9})([.)])/, '$1\\$2').replace(/^[-+=]/, (c) => `\\${c}`);
  // Leading and trailing blanks are stripped by parsers (and two trailing spaces are a
  // hard break; commonmark.js strips any JavaScript whitespace, BOM included): keep them as
  // character references. A carriage return anywhere would end the line.
  out = out.replace(/^\s+|\s+$/g, (blanks) => [...blanks].map((c) => `&#${c.codePointAt(0)};`).join(''));
  return out.replace(/\r/g, '&#13;');
}

/**
 * A multi-line passage as a block quote: each line its own paragraph inside it. Line breaks
 * at its ends (a selection that ran into the next paragraph) hold no text and are left out:
 * written, they read back as paragraphs of one space.
 */
export function blockQuote(text: string): string {
  const body = text.replace(/^\n+|\n+$/g, '');
  if (body === '') return '>';
  const lines = body.split('\n').map((line) => (line === '' ? '&#32;' : escapeInline(line)));
  return lines.map((line) => `> ${line}`).join('\n>\n');
}

/**
 * The user's note as written, with only what keeps it from swallowing the rest of the
 * file: an unclosed code fence or raw-HTML block of the kinds that run to their end marker
 * (CommonMark types 1–5) is closed. The app renders such a note the same way (its
 * renderer closes them at the end of the note), so what the note says does not change.
 */
export function containedNote(note: string): string {
  const lines = note.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  let fence: string | null = null;
  let html: HtmlKind | null = null;
  for (const line of lines) {
    const indent = /^ {0,3}/.exec(line)![0].length;
    const t = line.slice(indent);
    if (fence !== null) {
      if (closesFence(t.trimEnd(), fence)) fence = null;
      continue;
    }
    if (html !== null) {
      if (html.end.test(line)) html = null;
      continue;
    }
    if (line.startsWith('    ')) continue;
    const opening = fenceOpening(t);
    if (opening !== null) {
      fence = opening;
      continue;
    }
    const kind = htmlBlockKind(t);
    if (kind && !kind.end.test(t.slice(1))) html = kind;
  }
  const closing = fence !== null ? fence : html !== null ? html.closer : null;
  return closing === null ? lines.join('\n') : `${lines.join('\n')}\n${closing}`;
}

interface HtmlKind {
  end: RegExp;
  closer: string;
}

function htmlBlockKind(t: string): HtmlKind | null {
  const raw = /^<(script|pre|style|textarea)(?:[\s>]|$)/i.exec(t);
  if (raw) return { end: /<\/(?:script|pre|style|textarea)>/i, closer: `</${raw[1].toLowerCase()}>` };
  if (t.startsWith('<!--')) return { end: /-->/, closer: '-->' };
  if (t.startsWith('<?')) return { end: /\?>/, closer: '?>' };
  if (t.startsWith('<![CDATA[')) return { end: /\]\]>/, closer: ']]>' };
  if (/^<![A-Za-z]/.test(t)) return { end: />/, closer: '>' };
  return null;
}

/** A YAML scalar: JSON strings are valid YAML double-quoted scalars, escapes included. */
export const yamlString = (s: string): string => JSON.stringify(s);

/** Front matter from ordered fields; arrays become block lists, null fields are left out. */
export function frontMatter(fields: [string, string | string[] | null][]): string {
  const lines = ['---'];
  for (const [key, value] of fields) {
    if (value === null) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${key}: []`);
      else lines.push(`${key}:`, ...value.map((v) => `  - ${yamlString(v)}`));
    } else {
      lines.push(`${key}: ${value}`);
    }
  }
  lines.push('---');
  return lines.join('\n');
}

/** An Obsidian tag for a theme name: letters, digits, `_`, `-` and `/` only. */
export function obsidianTag(name: string): string {
  const body = name.trim().replace(/[^\p{L}\p{N}\p{M}_\-/]+/gu, '_');
  // A tag of digits only is not a tag in Obsidian.
  return `#${/^[\d_\-/]*$/.test(body) ? `_${body}` : body}`;
}
