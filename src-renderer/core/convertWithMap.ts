// OpenCC conversion that also records where every piece of the output came from.
//
// This reproduces opencc-js 1.4's `Converter` (core.js, ConverterBuilder with the preset
// `configs`) step by step, because its Converter only returns a string:
//   1. each normalisation group converts the whole text (ConverterFactory);
//   2. the segmentation trie cuts the normalised text (Trie.segment): a matched phrase is a
//      segment, a run of unmatched code points is a segment;
//   3. each conversion group converts every segment on its own (Trie.convert), so no
//      match crosses a segment boundary, and the next group sees the previous group's
//      output of that same segment.
// Trie.convert takes the longest prefix match, else skips one unit: an ideographic
// description sequence (⿰ + operands, recursively) or one code point (a surrogate pair
// counts as one). We make the same calls in the same order, so the output is identical.
// Every match and every skipped unit becomes a span; the steps' maps are composed.

import { Trie } from 'opencc-js/core';
import { configs as presetConfigs } from 'opencc-js/preset';
import type { DictGroup, DictLike } from 'opencc-js/core';
import { SpanBuilder, composeOffsetMaps, identityOffsetMap, type SpanOffsetMap } from './offsetMap.ts';

/** The preset's shape at runtime (its .d.ts leaves out normalizationChain). */
interface PresetConfig {
  normalizationChain?: readonly DictGroup[];
  segmentation?: DictLike | DictGroup;
  conversionChain: readonly DictGroup[];
}

export type OpenccConfigName = 's2t' | 's2tw' | 's2twp' | 's2hk' | 's2hkp' | 't2s' | 'tw2s' | 'tw2sp' | 'hk2s' | 'hk2sp' | 't2tw' | 't2hk' | 'tw2t' | 'hk2t' | 't2jp' | 'jp2t';

const CONFIGS = presetConfigs as unknown as Record<string, PresetConfig | undefined>;

// Configs OpenCC does not ship, assembled from the preset's own parts.
// t2twp: traditional text with Taiwan phrases (優化 → 最佳化, 軟件 → 軟體): s2twp's second
// step (TWPhrases + TW variants) over text cut by t2s's phrase segmentation (as tw2sp cuts
// it), so a phrase is only replaced where it is a word of the traditional text.
const DERIVED: Record<string, PresetConfig> = {
  t2twp: {
    normalizationChain: CONFIGS.t2tw!.normalizationChain,
    segmentation: CONFIGS.tw2sp!.segmentation,
    conversionChain: [CONFIGS.s2twp!.conversionChain[1]],
  },
};

export function openccConfigNames(): string[] {
  return Object.keys(CONFIGS);
}

export interface MappedText {
  text: string;
  /** source = the input text, target = `text`. */
  map: SpanOffsetMap;
}

// Tries are expensive to build (STPhrases alone is ~1 MB); configs share dictionaries,
// so cache one trie per distinct dictionary group.
const dictIds = new Map<DictLike, number>();
const trieCache = new Map<string, Trie>();
/** Per trie, a flag per BMP code unit: 1 where a walk of the trie must start (see markEntryStarts). */
const walkStarts = new WeakMap<Trie, Uint8Array>();

function dictId(d: DictLike): number {
  let id = dictIds.get(d);
  if (id === undefined) {
    id = dictIds.size;
    dictIds.set(d, id);
  }
  return id;
}

/**
 * The code units at which convertStep has to ask the trie: the first unit of every
 * dictionary key, surrogates and ideographic description characters (U+2FF0–U+2FFF, whose
 * unmatched unit is a whole sequence). Any other unit matches nothing and is skipped alone,
 * so a run of them is copied without a trie lookup per character.
 */
function markEntryStarts(trie: Trie, dicts: readonly DictLike[]): void {
  const starts = new Uint8Array(0x10000);
  starts.fill(1, 0xd800, 0xe000);
  starts.fill(1, 0x2ff0, 0x3000);
  for (const d of dicts) {
    // The same two shapes Trie.loadDict reads: "key value|key value" or [key, value] pairs.
    if (typeof d === 'string') {
      for (let at = 0; at < d.length; at = d.indexOf('|', at) + 1 || d.length) starts[d.charCodeAt(at)] = 1;
    } else {
      for (const [key] of d) if (key.length > 0) starts[key.charCodeAt(0)] = 1;
    }
  }
  walkStarts.set(trie, starts);
}

/** The trie of a dictionary group, built once and shared. */
export function trieForGroup(group: DictGroup): Trie {
  const key = 'g' + group.map(dictId).join(',');
  let t = trieCache.get(key);
  if (!t) {
    t = new Trie();
    t.loadDictGroup(group);
    markEntryStarts(t, group);
    trieCache.set(key, t);
  }
  return t;
}

function segmentationTrie(seg: DictLike | DictGroup): Trie {
  // core.js: an array of strings is a dictionary group, anything else one dictionary.
  const isGroup = Array.isArray(seg) && seg.every((d) => typeof d === 'string');
  const key = (isGroup ? 's' : 'd') + (isGroup ? (seg as DictGroup).map(dictId).join(',') : String(dictId(seg as DictLike)));
  let t = trieCache.get(key);
  if (!t) {
    t = new Trie();
    if (isGroup) t.loadDictGroup(seg as DictGroup);
    else t.loadDict(seg as DictLike);
    trieCache.set(key, t);
  }
  return t;
}

function codePointLength(s: string, i: number): number {
  return (s.codePointAt(i) as number) > 0xffff ? 2 : 1;
}

function idsArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

// Same as core.js getIdeographicDescriptionSequenceEnd: 0 when s[i] starts no complete sequence.
function idsEnd(s: string, i: number): number {
  const arity = idsArity(s.codePointAt(i) as number);
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n += 1) {
    if (end >= s.length) return 0;
    const child = idsEnd(s, end);
    end = child || end + codePointLength(s, end);
  }
  return end;
}

function unmatchedLength(s: string, i: number): number {
  const e = idsEnd(s, i);
  return e > i ? e - i : codePointLength(s, i);
}

function hasSurrogate(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * Whether positions inside a replaced unit may map 1:1. Only when nothing can be cut
 * wrongly: a one-unit substitution, or a unit left as it was. A unit holding a surrogate
 * pair stays atomic so no mapped offset ever lands between its halves.
 */
function isAligned(src: string, start: number, end: number, value: string): boolean {
  const len = end - start;
  if (len !== value.length) return false;
  if (len === 1) return !hasSurrogate(value, 0, 1) && !hasSurrogate(src, start, end);
  if (hasSurrogate(src, start, end)) return false;
  return src.startsWith(value, start);
}

/**
 * Where the run of units from `i` that start no dictionary entry ends (`i` itself when `seg[i]`
 * starts one). A function of its own rather than a loop inside the segment's: as an inner loop,
 * V8 compiled it on its own (on-stack replacement), and that code deoptimised at the loop's
 * exit, once a segment: thousands of times over a few texts, before the whole function was compiled.
 */
function unmatchedRunEnd(starts: Uint8Array, seg: string, i: number, n: number): number {
  while (i < n && starts[seg.charCodeAt(i)] === 0) i++;
  return i;
}

/** One Trie.convert pass over one segment: its output pushed onto `parts`, its spans onto `b`. */
function convertSegment(trie: Trie, starts: Uint8Array, seg: string, b: SpanBuilder, parts: string[]): void {
  const n = seg.length;
  let runStart = -1; // start of the current run of unmatched units, copied in one slice
  for (let i = 0; i < n; ) {
    const j = unmatchedRunEnd(starts, seg, i, n);
    if (j > i) {
      if (runStart < 0) runStart = i;
      b.push(j - i, j - i, true);
      i = j;
      continue;
    }
    const m = trie.matchPrefix(seg, i);
    if (m) {
      if (runStart >= 0) {
        parts.push(seg.slice(runStart, i));
        runStart = -1;
      }
      parts.push(m.value);
      b.push(m.end - i, m.value.length, isAligned(seg, i, m.end, m.value));
      i = m.end;
    } else {
      if (runStart < 0) runStart = i;
      const len = unmatchedLength(seg, i);
      b.push(len, len, len === 1 || !hasSurrogate(seg, i, i + len));
      i += len;
    }
  }
  if (runStart >= 0) parts.push(seg.slice(runStart, n));
}

/**
 * One Trie.convert pass over each segment. `segEnds` are the segment ends in `text`
 * (null: one segment). Returns the output and the output's segment ends.
 */
function convertStep(trie: Trie, text: string, segEnds: readonly number[] | null, b: SpanBuilder): { text: string; segEnds: number[] } {
  const parts: string[] = [];
  const outEnds: number[] = [];
  const ends = segEnds ?? [text.length];
  const starts = walkStarts.get(trie);
  if (!starts) throw new Error('convertStep needs a trie whose entry starts are marked');
  let segStart = 0;
  for (const segEnd of ends) {
    // Each segment in a function of its own, so the loop over its units is not an inner loop (see unmatchedRunEnd).
    convertSegment(trie, starts, segStart === 0 && segEnd === text.length ? text : text.slice(segStart, segEnd), b, parts);
    outEnds.push(b.targetLength);
    segStart = segEnd;
  }
  return { text: parts.join(''), segEnds: outEnds };
}

function composeAll(maps: SpanOffsetMap[], length: number): SpanOffsetMap {
  // A step that changed nothing is a single aligned span; skipping it keeps composition cheap.
  const useful = maps.filter((m) => !m.isIdentity);
  // Every step an identity of the whole text: any of them is the answer (maps are never changed once finished).
  if (useful.length === 0) return maps[0] ?? identityOffsetMap(length);
  return useful.reduce((acc, m) => composeOffsetMaps(acc, m));
}

/** Convert `text` with an opencc-js preset config, exactly as its Converter would, plus an exact offset map. */
export function convertWithMap(text: string, configName: OpenccConfigName | string): MappedText {
  const config = CONFIGS[configName] ?? DERIVED[configName];
  if (!config) throw new Error(`opencc-js has no config named ${configName}`);
  const maps: SpanOffsetMap[] = [];
  let cur = text;
  for (const group of config.normalizationChain ?? []) {
    const b = new SpanBuilder(64);
    cur = convertStep(trieForGroup(group), cur, null, b).text;
    maps.push(b.finish());
  }
  let segEnds: number[] | null = null;
  if (config.segmentation) {
    segEnds = [];
    let pos = 0;
    for (const seg of segmentationTrie(config.segmentation).segment(cur)) {
      pos += seg.length;
      segEnds.push(pos);
    }
    if (segEnds.length === 0) segEnds.push(0);
  }
  for (const group of config.conversionChain) {
    const b = new SpanBuilder(1024);
    const r = convertStep(trieForGroup(group), cur, segEnds, b);
    cur = r.text;
    segEnds = r.segEnds;
    maps.push(b.finish());
  }
  return { text: cur, map: composeAll(maps, text.length) };
}

// User replacements are few and change rarely; a trie per distinct list.
const replacementTries = new Map<string, Trie>();

/**
 * Replace every longest match of `pairs` (phrase → replacement), left to right, with an
 * exact map: a replaced phrase is one span, the rest maps 1:1.
 */
export function replaceWithMap(text: string, pairs: readonly (readonly [string, string])[]): MappedText {
  const usable = pairs.filter(([from]) => from !== '');
  if (usable.length === 0 || text === '') return { text, map: identityOffsetMap(text.length) };
  const key = JSON.stringify(usable);
  let trie = replacementTries.get(key);
  if (!trie) {
    trie = new Trie();
    const dict = usable.map(([from, to]) => [from, to] as const);
    trie.loadDict(dict);
    markEntryStarts(trie, [dict]);
    if (replacementTries.size > 16) replacementTries.clear();
    replacementTries.set(key, trie);
  }
  const b = new SpanBuilder(64);
  const r = convertStep(trie, text, null, b);
  return { text: r.text, map: b.finish() };
}
