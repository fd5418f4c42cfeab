// The search key: a folded form of a text in which 营商环境, 營商環境 and 营商環境 are the
// same string, with a map back to the text's own offsets.
//
// Folding, in order: traditional → simplified (t2s over the whole text, so phrases fold
// in context), then per code point: whitespace, punctuation and lone surrogates are
// dropped, full-width ASCII becomes half-width, letters become lower case. Because
// punctuation is dropped, a needle also matches across it: 营商环境 is found in 营商，环境
// (and in 营商\n环境, a phrase split across lines) — the match covers the comma. Symbols (℃, +) and % are kept.

import type { Range, SearchKeyResult } from './types.ts';
import { composeOffsetMaps, SpanBuilder, type SpanOffsetMap } from './offsetMap.ts';
import { convertWithMap } from './convertWithMap.ts';
import { ConverterBuilder, type ConverterFunction } from 'opencc-js/core';
import { configs as presetConfigs, from as presetFrom, to as presetTo } from 'opencc-js/preset';

export interface MappedSearchKey extends SearchKeyResult {
  map: SpanOffsetMap;
}

// Unicode punctuation (covers CJK and ASCII marks, quotes, brackets, dashes, ·) and
// whitespace. Percent signs are Unicode punctuation too but carry meaning (增长5%).
const DROPPED = /[\p{P}\p{Z}\s]/u;
const KEPT_PUNCTUATION = new Set(['%', '‰', '‱']);

function foldCodePoint(ch: string): string {
  const c = ch.charCodeAt(0);
  // A lone surrogate is no character; kept, two of them either side of dropped punctuation
  // would join into a pair the text never had, and a key offset would split it.
  if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return '';
  // U+FF01..U+FF5E are the full-width forms of U+0021..U+007E.
  const half = c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : ch;
  if (DROPPED.test(half) && !KEPT_PUNCTUATION.has(half)) return '';
  return half.toLowerCase();
}

/** Han ideographs (the basic block and extension A), digits and lower-case ASCII letters: none is dropped, widened or cased. */
function foldsToItself(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

const FOLD_UNKNOWN = 0;
const FOLD_SELF = 1;
const FOLD_DROPPED = 2;
const FOLD_CHANGED = 3;
/** foldCodePoint's verdict on each BMP code unit, filled in as units are met: a text repeats the same few marks. */
const bmpFolds = new Uint8Array(0x10000);

function bmpFold(c: number): number {
  let kind = bmpFolds[c];
  if (kind === FOLD_UNKNOWN) {
    const ch = String.fromCharCode(c);
    const folded = foldCodePoint(ch);
    kind = folded === ch ? FOLD_SELF : folded === '' ? FOLD_DROPPED : FOLD_CHANGED;
    bmpFolds[c] = kind;
  }
  return kind;
}

/**
 * Where the run of units from `i` that fold to themselves ends. A function of its own rather
 * than an inner loop: as one, its on-stack-replaced code deoptimised at every exit from it, as
 * convertWithMap's unmatchedRunEnd says.
 */
function selfFoldingRunEnd(text: string, i: number): number {
  while (i < text.length && foldsToItself(text.charCodeAt(i))) i++;
  return i;
}

/** Width, case and punctuation folding of an already simplified text. */
function foldWithMap(text: string): { key: string; map: SpanOffsetMap } {
  const b = new SpanBuilder(256);
  const parts: string[] = [];
  let runStart = -1; // start of a run of code units that fold to themselves
  for (let i = 0; i < text.length; ) {
    // Most of a Chinese text folds to itself without a look at each character's properties.
    const j = selfFoldingRunEnd(text, i);
    if (j > i) {
      if (runStart < 0) runStart = i;
      b.push(j - i, j - i, true);
      i = j;
      if (i >= text.length) break;
    }
    const len = (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
    const kind = len === 1 ? bmpFold(text.charCodeAt(i)) : FOLD_UNKNOWN;
    if (kind === FOLD_SELF) {
      if (runStart < 0) runStart = i;
      b.push(1, 1, true);
      i += 1;
      continue;
    }
    if (kind === FOLD_DROPPED) {
      if (runStart >= 0) {
        parts.push(text.slice(runStart, i));
        runStart = -1;
      }
      b.push(1, 0, false);
      i += 1;
      continue;
    }
    const ch = text.slice(i, i + len);
    const folded = foldCodePoint(ch);
    if (folded === ch) {
      if (runStart < 0) runStart = i;
      // A surrogate pair stays one atomic unit so no key offset splits it.
      b.push(len, len, len === 1);
    } else {
      if (runStart >= 0) {
        parts.push(text.slice(runStart, i));
        runStart = -1;
      }
      parts.push(folded);
      b.push(len, folded.length, len === 1 && folded.length === 1);
    }
    i += len;
  }
  if (runStart >= 0) parts.push(text.slice(runStart));
  return { key: parts.join(''), map: b.finish() };
}

// The keys of the last few texts (the open article, find runs on it at every keystroke).
const KEY_CACHE_SIZE = 4;
const keyCache = new Map<string, MappedSearchKey>();

/** Fold `text` for searching; `map` goes from offsets in `text` to offsets in `key`. */
export function searchKey(text: string): MappedSearchKey {
  const cached = keyCache.get(text);
  if (cached) return cached;
  const key = uncachedSearchKey(text);
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(text, key);
  return key;
}

/**
 * searchKey without its cache, for texts met once (a library scan's files, the index's puts):
 * a cache lookup hashes the whole text (flattening it first), and each such text would only
 * push out the open article's key.
 */
export function uncachedSearchKey(text: string): MappedSearchKey {
  // t2s of the whole text, like a query's fold, whatever the script of each line (the 简体
  // view leaves a simplified line as written, and a query written 豈 must still find 岂).
  const cn = convertWithMap(text, 't2s');
  const folded = foldWithMap(cn.text);
  return { key: folded.key, map: composeOffsetMaps(cn.map, folded.map) };
}

/** The key alone, bypassing the view cache: queries must not evict articles' views. */
export function searchKeyText(text: string): string {
  // The empty filter of every start: no reason to load the conversion dictionaries for it.
  if (text === '') return '';
  return foldWithMap(convertWithMap(text, 't2s').text).key;
}

/** A text no OpenCC dictionary entry contains and no fold drops: it keeps batched texts apart. */
const BATCH_SEPARATOR = '\u0000';
let t2sText: ConverterFunction | null = null;

/**
 * The keys of many texts, each equal to `searchKeyText` of it (a text's own U+0000 aside, which
 * nobody types): one conversion over all of them joined and no offset map, which is what
 * makes folding 100,000 quotes take a fraction of a second instead of seconds. opencc-js's
 * own converter runs the same t2s config that convertWithMap reproduces step by step; no
 * dictionary entry holds the separator, so no phrase runs from one text into the next.
 */
export function searchKeyTexts(texts: readonly string[]): string[] {
  if (texts.length === 0) return [];
  t2sText ??= ConverterBuilder({ from: presetFrom, to: presetTo, configs: presetConfigs })({ from: 't', to: 'cn' });
  const converted = t2sText(texts.map((text) => text.replaceAll(BATCH_SEPARATOR, '')).join(BATCH_SEPARATOR));
  return foldWhole(converted).split(BATCH_SEPARATOR);
}

/**
 * foldCodePoint over a whole text as a few regular-expression passes, which run in native
 * code: each pass changes code points one at a time, as foldCodePoint does (lower case by
 * code point too, so a final Σ is σ here as well), and the separator passes untouched.
 */
function foldWhole(text: string): string {
  return text
    .replace(/\p{Cs}/gu, '')
    .replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
    .replace(/[\p{P}\p{Z}\s]/gu, (c) => (KEPT_PUNCTUATION.has(c) ? c : ''))
    .replace(/\p{Changes_When_Lowercased}/gu, (c) => c.toLowerCase());
}

/**
 * Every occurrence of `needle` (folded the same way) in the text behind `haystack`, as
 * ranges of that text: from the start of the first matched character to the end of the
 * last one (widened to whole phrases where conversion changed a phrase). Occurrences do
 * not overlap; an empty needle (e.g. only punctuation) finds nothing.
 */
export function findAll(haystack: SearchKeyResult, needle: string): Range[] {
  return keyMatches(haystack.key, foldedNeedles(needle)).map(([start, end]) => haystack.map.rangeToSource({ start, end }));
}

/** How many times findAll would find `needle`, without mapping a single range back: a library-wide count is cheap. */
export function countAll(haystack: SearchKeyResult, needle: string): number {
  return keyMatches(haystack.key, foldedNeedles(needle)).length;
}

/** Non-overlapping matches of any of the folded needles in a key, in order; at one place the longest wins. */
function keyMatches(key: string, needles: readonly string[]): [number, number][] {
  if (needles.length === 1) {
    const n = needles[0];
    const out: [number, number][] = [];
    for (let at = key.indexOf(n); at >= 0; at = key.indexOf(n, at + n.length)) out.push([at, at + n.length]);
    return out;
  }
  const all: [number, number][] = [];
  for (const n of needles) for (let at = key.indexOf(n); at >= 0; at = key.indexOf(n, at + 1)) all.push([at, at + n.length]);
  all.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const m of all) if (out.length === 0 || m[0] >= out[out.length - 1][1]) out.push(m);
  return out;
}

// One search runs the same needle over every article of the library; folding it is an
// OpenCC conversion that costs more than the matching, so recent needles are remembered.
const NEEDLE_CACHE_SIZE = 64;
const needleCache = new Map<string, string[]>();

/**
 * The keys a query is looked for under: its character-wise fold, and its fold read as Taiwan
 * or Hong Kong phrasing (tw2sp, hk2sp), so 最佳化 — what 臺灣用詞 shows for 优化 — finds 优化.
 */
function foldedNeedles(needle: string): string[] {
  let folded = needleCache.get(needle);
  if (folded === undefined) {
    const plain = searchKeyText(needle);
    folded = plain === '' ? [] : [...new Set([plain, foldWithMap(convertWithMap(needle, 'tw2sp').text).key, foldWithMap(convertWithMap(needle, 'hk2sp').text).key])].filter((k) => k !== '');
    if (needleCache.size >= NEEDLE_CACHE_SIZE) needleCache.delete(needleCache.keys().next().value as string);
    needleCache.set(needle, folded);
  }
  return folded;
}
