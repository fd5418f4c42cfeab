// Bounds on what a note's Markdown may ask of the parser and the renderer. A note can come
// from anyone (a shared backup), and Markdown parsers and recursive renderers are not linear
// in every input: deep nesting overflows the stack, long runs of emphasis delimiters cost
// quadratic time. So, before parsing:
//  - structure nested deeper than MAX_NOTE_NESTING is kept as text (its markers escaped);
//  - the note is cut into parts at blank lines, each small enough to parse within a frame,
//    so a long note is parsed part by part and never blocks the page for long;
//  - a part still too long, or too dense with inline markers, is shown as plain text.
// Nothing is dropped: every character of the note stays visible.

/** Container levels (list items, block quotes) a note may nest; deeper markers are text. */
export const MAX_NOTE_NESTING = 16;
/** Parts are cut at the first suitable blank line after this many characters. */
export const NOTE_PART_CHARS = 2_000;
/** A part longer than this (no suitable blank line to cut at) is shown as plain text. */
export const MAX_PARSED_PART_CHARS = 6_000;
/** A part with more inline markers than this is shown as plain text. */
export const MAX_PART_INLINE_MARKERS = 256;

export type NotePart =
  /** Markdown to parse (its nesting is bounded where it is parsed). */
  | { kind: 'markdown'; text: string }
  /** Shown as written, line breaks kept. */
  | { kind: 'plain'; text: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BULLET = /^[-+*](?=[ \t]|$)/;
const ORDERED = /^\d{1,9}[.)](?=[ \t]|$)/;
// Characters that open or close inline constructs (emphasis, strikethrough, code, links,
// images, autolinks and raw HTML): the parser's delimiter work grows with their count.
const INLINE_MARKERS = /[*_~`[\]<!]/g;

/** Indentation width in columns (tabs to the next multiple of 4, as CommonMark counts). */
function columns(whitespace: string): number {
  let col = 0;
  for (const ch of whitespace) col = ch === '\t' ? col + 4 - (col % 4) : col + 1;
  return col;
}

/**
 * The line with its container markers past `max` levels escaped, so they read as text.
 * Levels are estimated from above: each marker is one, and every two columns of leading
 * indentation one more (the least a nested list item needs), so the real depth is never
 * more than the limit. Indentation past the limit is cut to it.
 */
export function limitLineNesting(line: string, max: number = MAX_NOTE_NESTING): string {
  const lead = /^[ \t]*/.exec(line)![0];
  const maxIndent = 2 * max;
  let depth = Math.floor(columns(lead) / 2);
  let out = columns(lead) > maxIndent ? ' '.repeat(maxIndent) : lead;
  let rest = line.slice(lead.length);
  for (;;) {
    const marker = rest.startsWith('>') ? '>' : (BULLET.exec(rest)?.[0] ?? ORDERED.exec(rest)?.[0]);
    if (!marker) break;
    if (depth >= max) {
      // A backslash before ASCII punctuation makes it a literal character; for `1.` the
      // escaped character is the `.`.
      const escaped = /\d/.test(marker[0]) ? `${marker.slice(0, -1)}\\${marker.slice(-1)}` : `\\${marker}`;
      return out + escaped + rest.slice(marker.length);
    }
    depth++;
    const space = /^[ \t]*/.exec(rest.slice(marker.length))![0];
    out += marker + space;
    rest = rest.slice(marker.length + space.length);
  }
  return out + rest;
}

function countInlineMarkers(text: string): number {
  return text.match(INLINE_MARKERS)?.length ?? 0;
}

function finish(text: string): NotePart {
  return text.length > MAX_PARSED_PART_CHARS || countInlineMarkers(text) > MAX_PART_INLINE_MARKERS ? { kind: 'plain', text } : { kind: 'markdown', text };
}

/** Tracks fenced code blocks line by line: `inside` is true for the lines a fence holds. */
class FenceTracker {
  private fence: string | null = null;
  get inside(): boolean {
    return this.fence !== null;
  }
  next(line: string): void {
    const match = FENCE.exec(line);
    if (!match) return;
    const marker = match[1];
    if (this.fence === null) this.fence = marker;
    else if (marker[0] === this.fence[0] && marker.length >= this.fence.length && line.trim() === marker) this.fence = null;
  }
}

/** The note with nesting past MAX_NOTE_NESTING kept as text; code inside fences untouched. */
export function limitNoteNesting(markdown: string, max: number = MAX_NOTE_NESTING): string {
  const fences = new FenceTracker();
  return markdown
    .split('\n')
    .map((line) => {
      const limited = fences.inside ? line : limitLineNesting(line, max);
      fences.next(line);
      return limited;
    })
    .join('\n');
}

/**
 * The note in parts, each parsed on its own. A part ends at a blank line outside a fenced
 * code block, once it holds NOTE_PART_CHARS, and only before a line that starts a new
 * top-level paragraph (not indented, not a list item or quote), so lists, quotes and code
 * are not cut in two. A short note is one part.
 */
export function splitNoteForParsing(markdown: string): NotePart[] {
  const parts: NotePart[] = [];
  const lines = markdown.split('\n');
  let current: string[] = [];
  let size = 0;
  const fences = new FenceTracker();
  let previousBlank = false;
  for (const line of lines) {
    const startsTopLevelBlock = previousBlank && !fences.inside && /^\S/.test(line) && !line.startsWith('>') && !BULLET.test(line) && !ORDERED.test(line) && !FENCE.test(line);
    if (startsTopLevelBlock && size >= NOTE_PART_CHARS) {
      parts.push(finish(current.join('\n')));
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
    fences.next(line);
    previousBlank = line.trim() === '';
  }
  // Never empty here: split() gives at least one line, and every cut is followed by its line.
  parts.push(finish(current.join('\n')));
  return parts;
}
