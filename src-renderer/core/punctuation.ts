// Punctuation repairs on one line. Scraped articles carry two kinds of damage: doubled
// marks left by a broken converter (`,,` `,。` `,、` `,;` where one mark was meant), and
// ASCII punctuation typed between Chinese characters. Both are fixed only where a CJK
// character or CJK punctuation is adjacent, so numbers (2.5, 99.3%, 10:30), URLs, file
// names and English sentences pass through untouched.

import { cpAt, cpBefore, isCjkContext } from './cjkChars.ts';
import { LineRewriter, type StageResult } from './lineRewrite.ts';

/** A comma directly before one of these marks is a scraper artifact. */
const AFTER_STRAY_COMMA = new Set([',', '，', '。', '、', ';', '；', '?', '？', '!', '！', ':', '：']);
/** A comma directly after one of these marks is a scraper artifact too (`，,`). */
const BEFORE_STRAY_COMMA = new Set(['，', '。', '、', '；', '？', '！', '：']);

export function collapseArtifacts(text: string): StageResult {
  const w = new LineRewriter(text);
  let i = text.indexOf(',');
  while (i >= 0) {
    let r = i;
    while (r < text.length && text[r] === ',') r++;
    const before = cpBefore(text, i);
    const after = text[r];
    const cjk = isCjkContext(before) || isCjkContext(cpAt(text, r));
    if (cjk) {
      const prevMark = i > 0 && BEFORE_STRAY_COMMA.has(text[i - 1]);
      // Keep the last comma of a run unless another mark follows or precedes it.
      const dropAll = prevMark || (after !== undefined && AFTER_STRAY_COMMA.has(after));
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
const CONVERTIBLE = new Set(Object.keys(FULL_WIDTH));
// Found by regular expression, not by a loop over every character: lines run to millions of characters.
const CONVERTIBLE_MARK = /[,:;?!()]/g;
const PAREN = /[()]/g;
const HAN_INSIDE = /[\u3400-\u9fff\uf900-\ufaff]/;

export function toFullWidth(text: string): StageResult {
  const convert = new Uint8Array(text.length);
  // A mark converted here is CJK context for its neighbours: `(jìn),濉` gets （jìn），濉 in
  // one pass, not (jìn)，濉 now and the parentheses on the next clean. Marks only ever get
  // converted, so repeating until nothing changes ends, usually after one more pass.
  const before = (k: number) => (k > 0 && convert[k - 1] === 1) || isCjkContext(cpBefore(text, k));
  const after = (k: number) => (k < text.length && convert[k] === 1) || isCjkContext(cpAt(text, k));
  const hasParens = text.indexOf('(') >= 0 || text.indexOf(')') >= 0;
  let any = hasParens;
  for (let changed = true; changed; ) {
    changed = false;
    /** Convert [s, e); only an unconverted mark beside it could decide differently on another pass. */
    const mark = (s: number, e = s + 1) => {
      if (convert[s] === 1 && convert[e - 1] === 1) return;
      convert.fill(1, s, e);
      if ((s > 0 && convert[s - 1] === 0 && CONVERTIBLE.has(text[s - 1])) || (e < text.length && convert[e] === 0 && CONVERTIBLE.has(text[e]))) changed = true;
    };
    MARK_RUN.lastIndex = 0;
    for (let m = MARK_RUN.exec(text); m; m = MARK_RUN.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      if (before(s) || after(e)) {
        mark(s, e);
        any = true;
      }
    }
    if (hasParens) {
      const ctx = (k: number) => before(k) || after(k + 1);
      const open: number[] = [];
      PAREN.lastIndex = 0;
      for (let m = PAREN.exec(text); m; m = PAREN.exec(text)) {
        const k = m.index;
        const c = m[0];
        if (c === '(') open.push(k);
        else if (c === ')') {
          const o = open.pop();
          if (o === undefined) {
            if (ctx(k)) mark(k);
          } else if (ctx(o) || ctx(k) || HAN_INSIDE.test(text.slice(o + 1, k))) {
            mark(o);
            mark(k);
          }
        }
      }
      for (const o of open) if (ctx(o)) mark(o);
    }
  }
  const w = new LineRewriter(text);
  if (!any) return w.finish();
  const keep = markdownLinkMarks(text);
  CONVERTIBLE_MARK.lastIndex = 0;
  for (let m = CONVERTIBLE_MARK.exec(text); m; m = CONVERTIBLE_MARK.exec(text)) {
    const k = m.index;
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
  for (const m of text.matchAll(CHARACTER_REFERENCE)) (keep ??= new Set()).add(m.index + m[0].length - 1);
  return keep;
}

/** Full-width marks carry their own spacing: a space beside one, facing CJK, is dropped. */
const SELF_SPACED = new Set(['，', '。', '、', '；', '：', '？', '！', '（', '）']);
const SPACE_RUN = /[ \t\u00a0]+/g;

export function tidySpaces(text: string): StageResult {
  const w = new LineRewriter(text);
  SPACE_RUN.lastIndex = 0;
  for (let m = SPACE_RUN.exec(text); m; m = SPACE_RUN.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    const before = text[s - 1];
    const after = text[e];
    const drop =
      (SELF_SPACED.has(before) && isCjkContext(cpAt(text, e))) || (SELF_SPACED.has(after) && isCjkContext(cpBefore(text, s)));
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
