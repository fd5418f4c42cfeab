// Punctuation repairs on one line. Scraped articles carry two kinds of damage: doubled
// marks left by a broken converter (`,,` `,。` `,、` `,;` where one mark was meant), and
// ASCII punctuation typed between Chinese characters. Both are fixed only where a CJK
// character or CJK punctuation is adjacent, so numbers (2.5, 99.3%, 10:30), URLs, file
// names and English sentences pass through untouched.

import { cpAt, cpBefore, isCjkContext } from './cjkChars.ts';
import { LineRewriter, unchangedStage, type StageResult } from './lineRewrite.ts';

// Marks are compared by code unit throughout: indexing a string by a CJK character makes a
// new one-character string, and every line of a file is scanned here.
const codes = (marks: string): Set<number> => new Set([...marks].map((m) => m.charCodeAt(0)));

/** A comma directly before one of these marks is a scraper artifact. */
const AFTER_STRAY_COMMA = codes(',，。、;；?？!！:：');
/** A comma directly after one of these marks is a scraper artifact too (`，,`). */
const BEFORE_STRAY_COMMA = codes('，。、；？！：');

export function collapseArtifacts(text: string): StageResult {
  let i = text.indexOf(',');
  if (i < 0) return unchangedStage(text);
  const w = new LineRewriter(text);
  while (i >= 0) {
    let r = i;
    while (r < text.length && text.charCodeAt(r) === 0x2c) r++;
    const before = cpBefore(text, i);
    const cjk = isCjkContext(before) || isCjkContext(cpAt(text, r));
    if (cjk) {
      const prevMark = i > 0 && BEFORE_STRAY_COMMA.has(text.charCodeAt(i - 1));
      // Keep the last comma of a run unless another mark follows or precedes it.
      const dropAll = prevMark || (r < text.length && AFTER_STRAY_COMMA.has(text.charCodeAt(r)));
      const keepFrom = dropAll ? r : r - 1;
      if (keepFrom > i) {
        w.copyTo(i);
        for (let k = i; k < keepFrom; k++) w.replace(k + 1, '', 'punctuation-artifact');
      }
    }
    i = text.indexOf(',', r);
  }
  return w.finish();
}

const FULL_WIDTH: Record<string, string> = {
  ',': '，',
  ':': '：',
  ';': '；',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
};
const MARK_RUN = /[,:;?!]+/g;
const CONVERTIBLE = codes(Object.keys(FULL_WIDTH).join(''));
// Found by regular expression, not by a loop over every character: lines run to millions of
// characters. `test` rather than `exec`: most lines hold a few of these marks, and `test`
// builds no match array for each.
const CONVERTIBLE_MARK = /[,:;?!()]/g;
const PAREN = /[()]/g;
const HAN_INSIDE = /[\u3400-\u9fff\uf900-\ufaff]/;

const isRunMark = (c: number): boolean => c === 0x2c || c === 0x3a || c === 0x3b || c === 0x3f || c === 0x21;

/**
 * One flag per character of the line being converted, reused from line to line: every line
 * of a file passes through here, and a fresh array for each was most of this stage's cost.
 * Lines longer than this get their own.
 */
const SHARED_FLAGS = 4096;
let sharedFlags: Uint8Array | null = null;

function conversionFlags(length: number): Uint8Array {
  if (length > SHARED_FLAGS) return new Uint8Array(length);
  sharedFlags ??= new Uint8Array(SHARED_FLAGS);
  sharedFlags.fill(0, 0, length);
  return sharedFlags;
}

/** Whether the mark at k has a converted mark or CJK context just before it. */
function cjkBefore(text: string, convert: Uint8Array, k: number): boolean {
  return (k > 0 && convert[k - 1] === 1) || isCjkContext(cpBefore(text, k));
}

/** Whether the mark ending at k has a converted mark or CJK context just after it. */
function cjkAfter(text: string, convert: Uint8Array, k: number): boolean {
  return (k < text.length && convert[k] === 1) || isCjkContext(cpAt(text, k));
}

/** Convert [s, e); true when an unconverted mark beside it could decide differently on another pass. */
function markConverted(text: string, convert: Uint8Array, s: number, e = s + 1): boolean {
  if (convert[s] === 1 && convert[e - 1] === 1) return false;
  convert.fill(1, s, e);
  return (s > 0 && convert[s - 1] === 0 && CONVERTIBLE.has(text.charCodeAt(s - 1))) || (e < text.length && convert[e] === 0 && CONVERTIBLE.has(text.charCodeAt(e)));
}

export function toFullWidth(text: string): StageResult {
  const hasParens = text.indexOf('(') >= 0 || text.indexOf(')') >= 0;
  MARK_RUN.lastIndex = 0;
  if (!hasParens && !MARK_RUN.test(text)) return unchangedStage(text);
  const convert = conversionFlags(text.length);
  // A mark converted here is CJK context for its neighbours: `(jìn),濉` gets （jìn），濉 in
  // one pass, not (jìn)，濉 now and the parentheses on the next clean. Marks only ever get
  // converted, so repeating until nothing changes ends, usually after one more pass.
  const ctx = (k: number) => cjkBefore(text, convert, k) || cjkAfter(text, convert, k + 1);
  let any = hasParens;
  for (let changed = true; changed; ) {
    changed = false;
    MARK_RUN.lastIndex = 0;
    while (MARK_RUN.test(text)) {
      const e = MARK_RUN.lastIndex;
      // The run's start: the regex stopped the previous run at a character that is no mark.
      let s = e - 1;
      while (s > 0 && isRunMark(text.charCodeAt(s - 1))) s--;
      if (cjkBefore(text, convert, s) || cjkAfter(text, convert, e)) {
        if (markConverted(text, convert, s, e)) changed = true;
        any = true;
      }
    }
    if (hasParens) {
      const open: number[] = [];
      PAREN.lastIndex = 0;
      while (PAREN.test(text)) {
        const k = PAREN.lastIndex - 1;
        if (text.charCodeAt(k) === 0x28) open.push(k);
        else {
          const o = open.pop();
          if (o === undefined) {
            if (ctx(k) && markConverted(text, convert, k)) changed = true;
          } else if (ctx(o) || ctx(k) || HAN_INSIDE.test(text.slice(o + 1, k))) {
            if (markConverted(text, convert, o)) changed = true;
            if (markConverted(text, convert, k)) changed = true;
          }
        }
      }
      for (const o of open) if (ctx(o) && markConverted(text, convert, o)) changed = true;
    }
  }
  if (!any) return unchangedStage(text);
  const w = new LineRewriter(text);
  const keep = markdownLinkMarks(text);
  CONVERTIBLE_MARK.lastIndex = 0;
  while (CONVERTIBLE_MARK.test(text)) {
    const k = CONVERTIBLE_MARK.lastIndex - 1;
    if (!convert[k] || keep?.has(k)) continue;
    w.copyTo(k);
    w.replace(k + 1, FULL_WIDTH[text[k]], 'full-width');
  }
  return w.finish();
}

const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/**
 * Marks that are Markdown and HTML syntax, not prose punctuation: the `(` right after `]`
 * with its matching `)`, the `!` that opens `![`, the `;` of a character reference. Made
 * full-width they would turn `[網址](https://…)` and `&nbsp;` into text. Null when none.
 */
function markdownLinkMarks(text: string): Set<number> | null {
  let keep: Set<number> | null = null;
  for (let k = text.indexOf(']('); k >= 0; k = text.indexOf('](', k + 2)) {
    let depth = 0;
    for (let j = k + 1; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') j++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        keep ??= new Set();
        keep.add(k + 1).add(j);
        break;
      }
    }
  }
  for (let k = text.indexOf('!['); k >= 0; k = text.indexOf('![', k + 2)) (keep ??= new Set()).add(k);
  // The `;` that closes a character reference (&nbsp; &#12290;) belongs to it.
  if (text.indexOf('&') >= 0) for (const m of text.matchAll(CHARACTER_REFERENCE)) (keep ??= new Set()).add(m.index + m[0].length - 1);
  return keep;
}

/** Full-width marks carry their own spacing: a space beside one, facing CJK, is dropped. */
const SELF_SPACED = codes('，。、；：？！（）');
const SPACE_RUN = /[ \t\u00a0]+/g;

export function tidySpaces(text: string): StageResult {
  SPACE_RUN.lastIndex = 0;
  let m = SPACE_RUN.exec(text);
  if (!m) return unchangedStage(text);
  const w = new LineRewriter(text);
  for (; m; m = SPACE_RUN.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    // charCodeAt outside the line is NaN, which no set holds.
    const drop =
      (SELF_SPACED.has(text.charCodeAt(s - 1)) && isCjkContext(cpAt(text, e))) || (SELF_SPACED.has(text.charCodeAt(e)) && isCjkContext(cpBefore(text, s)));
    if (drop) {
      w.copyTo(s);
      w.replace(e, '', 'whitespace');
    } else if (m[0] !== ' ') {
      w.copyTo(s);
      w.replace(e, ' ', 'whitespace');
    }
  }
  return w.finish();
}
