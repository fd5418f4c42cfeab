// Markdown block syntax, recognised one canonical (trimmed) line at a time. The markers
// stay in the canonical text — the file is shown as written, and annotation offsets stay
// plain offsets into it — while parse gives each block a range that leaves them out
// (“## 一、总体情况” → the heading covers “一、总体情况”), as it already does for list
// bullets. clean uses the same recognisers so it never joins a structural line to another.
//
// Every recogniser scans its line once; none uses a regex that can backtrack over a long
// line, because a 10 MB file may be one line.

import type { Range } from './types.ts';

/** `#`..`######` heading: its level and the content range (closing `#`s left out). */
export function atxHeading(t: string): (Range & { level: number }) | null {
  let n = 0;
  while (n < t.length && t[n] === '#') n++;
  if (n === 0 || n > 6) return null;
  if (n < t.length && t[n] !== ' ' && t[n] !== '\t') return null;
  let start = n;
  while (start < t.length && (t[start] === ' ' || t[start] === '\t')) start++;
  let end = t.length;
  // An optional closing run of #s, separated by a space: “## 标题 ##”.
  let k = end;
  while (k > start && t[k - 1] === '#') k--;
  if (k < end && (k === start || t[k - 1] === ' ' || t[k - 1] === '\t')) end = k;
  while (end > start && (t[end - 1] === ' ' || t[end - 1] === '\t')) end--;
  return { level: n, start, end };
}

/** Where the content of a `>` quote line starts (nested `> >` included), or -1. */
export function quoteContentStart(t: string): number {
  if (t[0] !== '>') return -1;
  let i = 0;
  while (i < t.length && (t[i] === '>' || t[i] === ' ' || t[i] === '\t')) i++;
  return i;
}

/** Where the content of a bullet item (`- ` `* ` `+ ` `• ` `· `) starts, or -1. */
export function bulletContentStart(t: string): number {
  const c = t[0];
  if (c !== '-' && c !== '*' && c !== '+' && c !== '•' && c !== '·') return -1;
  if (t[1] !== ' ' && t[1] !== '\t') return -1;
  if (isThematicBreak(t)) return -1;
  let i = 1;
  while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++;
  return i < t.length ? i : -1;
}

/** Where the content of an ordered item (`1. ` `2) `) starts, or -1. */
export function orderedContentStart(t: string): number {
  let i = 0;
  while (i < t.length && i < 9 && t[i] >= '0' && t[i] <= '9') i++;
  if (i === 0 || (t[i] !== '.' && t[i] !== ')')) return -1;
  i++;
  if (t[i] !== ' ' && t[i] !== '\t') return -1;
  while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++;
  return i < t.length ? i : -1;
}

/** `---` `***` `___` (spaces allowed between): a rule, never text. */
export function isThematicBreak(t: string): boolean {
  const c = t[0];
  if (c !== '-' && c !== '*' && c !== '_') return false;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === c) n++;
    else if (t[i] !== ' ' && t[i] !== '\t') return false;
  }
  return n >= 3;
}

/** A setext underline: `===` (level 1) or `---` (level 2); 0 if the line is not one. */
export function setextLevel(t: string): number {
  const c = t[0];
  if (c !== '=' && c !== '-') return 0;
  for (let i = 1; i < t.length; i++) if (t[i] !== c) return 0;
  return c === '=' ? 1 : 2;
}

/** The opening run of a code fence (```` ``` ```` or `~~~`, info string allowed), or null. */
export function fenceOpening(t: string): string | null {
  const c = t[0];
  if (c !== '`' && c !== '~') return null;
  let n = 0;
  while (n < t.length && t[n] === c) n++;
  if (n < 3) return null;
  // A backtick fence's info string may not contain a backtick (that is inline code).
  if (c === '`' && t.indexOf('`', n) >= 0) return null;
  return t.slice(0, n);
}

/** Whether `t` closes the fence opened by `opening`. */
export function closesFence(t: string, opening: string): boolean {
  if (t.length < opening.length) return false;
  for (let i = 0; i < t.length; i++) if (t[i] !== opening[0]) return false;
  return true;
}

/**
 * Emphasis wrapped around the whole line (`**要点**`, `__x__`, `*x*`, `_x_`): the content
 * range, and whether it is strong. `**a** 和 **b**` is not one: the delimiter may not recur inside.
 */
export function wholeLineEmphasis(t: string): (Range & { strong: boolean }) | null {
  for (const d of ['**', '__', '*', '_']) {
    const n = d.length;
    if (t.length <= 2 * n || !t.startsWith(d) || !t.endsWith(d)) continue;
    const inner = t.slice(n, t.length - n);
    if (inner.includes(d[0]) || inner[0] === ' ' || inner[inner.length - 1] === ' ') return null;
    return { start: n, end: t.length - n, strong: n === 2 };
  }
  return null;
}

/** `![alt](src "title")` alone on a line: the image's address. */
export function markdownImage(t: string): string | null {
  if (!t.startsWith('![') || t[t.length - 1] !== ')') return null;
  const close = t.indexOf('](');
  if (close < 0) return null;
  const inside = t.slice(close + 2, t.length - 1).trim();
  const space = inside.search(/\s/);
  const src = space < 0 ? inside : inside.slice(0, space);
  return src && !src.includes(')') ? src : null;
}

/** A table row or its `|---|:--:|` rule: kept as text rows, the rule as a marker. */
export function isTableRule(t: string): boolean {
  if (!t.includes('|') || !t.includes('-')) return false;
  for (let i = 0; i < t.length; i++) if ('|-: \t'.indexOf(t[i]) < 0) return false;
  return true;
}

/**
 * A line with Markdown block syntax: it stands on its own, so layout repair never joins it
 * to a neighbour (a heading is not the rest of a cut sentence, two list items are not one).
 */
export function isStructuralLine(t: string): boolean {
  return (
    atxHeading(t) !== null ||
    t[0] === '>' ||
    bulletContentStart(t) >= 0 ||
    orderedContentStart(t) >= 0 ||
    isThematicBreak(t) ||
    setextLevel(t) > 0 ||
    fenceOpening(t) !== null ||
    isTableRule(t) ||
    (t[0] === '|' && t[t.length - 1] === '|') ||
    markdownImage(t) !== null
  );
}

// ── front matter ──────────────────────────────────────────────────────────────────────

/** Front matter longer than this is not front matter but a document that opens with a rule. */
const FRONT_MATTER_MAX = 100;
const YAML_KEY = /^[A-Za-z_][\w-]*\s*:(?:\s|$)/;

/**
 * `---` on the first line, `key: value` lines, a closing `---` (or `...`): the index of the
 * closing line, or -1. Lines are trimmed canonical lines, so only keys and `- item` lists
 * are recognised, which is all the metadata we read.
 */
export function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0] !== '---') return -1;
  let keys = 0;
  for (let i = 1; i < lines.length && i <= FRONT_MATTER_MAX; i++) {
    const t = lines[i];
    if (t === '---' || t === '...') return keys > 0 ? i : -1;
    if (YAML_KEY.test(t)) keys++;
    else if (!t.startsWith('- ') && !t.startsWith('#')) return -1;
  }
  return -1;
}

/** The scalar and list values of front matter lines (between the delimiters). */
export function readFrontMatter(lines: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let key: string | null = null;
  for (const t of lines) {
    const m = YAML_KEY.exec(t);
    if (m) {
      key = t.slice(0, t.indexOf(':')).trim().toLowerCase();
      const value = t.slice(m[0].length).trim();
      out.set(key, value ? yamlValues(value) : []);
    } else if (key && t.startsWith('- ')) {
      out.get(key)!.push(unquote(t.slice(2).trim()));
    }
  }
  return out;
}

function yamlValues(value: string): string[] {
  if (value.startsWith('[') && value.endsWith(']')) {
    return value
      .slice(1, -1)
      .split(',')
      .map((v) => unquote(v.trim()))
      .filter(Boolean);
  }
  return [unquote(value)];
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}
