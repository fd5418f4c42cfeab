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
const HAN_INSIDE = /[\u3400-\u9fff\uf900-\ufaff]/;

export function toFullWidth(text: string): StageResult {
  const convert = new Uint8Array(text.length);
  let any = false;
  MARK_RUN.lastIndex = 0;
  for (let m = MARK_RUN.exec(text); m; m = MARK_RUN.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    if (isCjkContext(cpBefore(text, s)) || isCjkContext(cpAt(text, e))) {
      for (let k = s; k < e; k++) convert[k] = 1;
      any = true;
    }
  }
  if (text.indexOf('(') >= 0 || text.indexOf(')') >= 0) {
    const ctx = (k: number) => isCjkContext(cpBefore(text, k)) || isCjkContext(cpAt(text, k + 1));
    const open: number[] = [];
    for (let k = 0; k < text.length; k++) {
      const c = text[k];
      if (c === '(') open.push(k);
      else if (c === ')') {
        const o = open.pop();
        if (o === undefined) {
          if (ctx(k)) convert[k] = 1;
        } else if (ctx(o) || ctx(k) || HAN_INSIDE.test(text.slice(o + 1, k))) {
          convert[o] = 1;
          convert[k] = 1;
        }
      }
    }
    for (const o of open) if (ctx(o)) convert[o] = 1;
    any = true;
  }
  const w = new LineRewriter(text);
  if (!any) return w.finish();
  for (let k = 0; k < text.length; k++) {
    if (!convert[k]) continue;
    w.copyTo(k);
    w.replace(k + 1, FULL_WIDTH[text[k]], 'full-width');
  }
  return w.finish();
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
