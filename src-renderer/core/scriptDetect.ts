// Which script a text is written in, so the views never pass traditional text through
// simplified (t2s then s2hk turns 係 into 系 and 發放 into 髮放: the simplified step throws
// away distinctions that s2X cannot guess back).
//
// The evidence is OpenCC's own dictionaries, not a list of ours:
// - a character is SIMPLIFIED-ONLY when s2t rewrites it (a key of STCharacters) and no
//   s2t output anywhere (STCharacters, STPhrases values) contains it: 发 个 这 们. Characters
//   both scripts use (干 什 后 里 台) are no evidence either way;
// - a character is TRADITIONAL-ONLY when t2s rewrites it (a key of TSCharacters) and no t2s
//   output contains it: 係 發 參 與 衝 麼 裡.
//
// Rule, per line (a line is a block of the article: paragraphs, headings and list items never
// span a line break after clean):
// - count the simplified-only (S) and traditional-only (T) characters;
// - T > S: the line is traditional; S > T: simplified; S = T (including a line of neither,
//   such as a date or 一、) takes the script of the whole text, by the same comparison over all
//   of it (simplified when that is a tie too: the views then equal the simplified route);
// - the label is `mixed` when both counts are above zero.
// Inside a traditional line, the RESIDUES are converted as simplified and nothing else:
// - a dictionary phrase of s2t (STPhrases, two or more characters) that s2t would change and
//   that does not start with a traditional phrase (an s2t or regional-variant output, a t2s
//   phrase key) and does not cut a traditional word: 什么 → 什麼, 干部 → 幹部 — while 干犯
//   (an s2t phrase that s2t keeps) and 那周圍 (那周 would cut 周圍) stay;
//   a phrase of characters both scripts use is ambiguous (星露谷物語 is a name, not 穀物;
//   一出 is not always 一齣), so in a line without simplified-only characters it counts only
//   when one of its characters is one s2t rewrites even alone (干 → 幹, 么 → 麼: characters
//   a traditional text mostly has as a simplified stand-in), as in 干部 and 什么;
// - any simplified-only character outside such a phrase: 这 → 這.
// A simplified line is converted as simplified as a whole; its few traditional characters go
// through t2s first, as every simplified view always did.

import { configs as presetConfigs } from 'opencc-js/preset';
import type { DictGroup, DictLike } from 'opencc-js/core';
import { trieForGroup } from './convertWithMap.ts';

export type SourceScript = 'simplified' | 'traditional' | 'mixed';

export interface ScriptCounts {
  simplifiedOnly: number;
  traditionalOnly: number;
}

export interface LineScript extends ScriptCounts {
  start: number;
  end: number;
  script: SourceScript;
  /** Which route the views take for this line. */
  route: 'simplified' | 'traditional';
}

/** A stretch of the text converted one way: [start, end). */
export interface ScriptRun {
  start: number;
  end: number;
  route: 'simplified' | 'traditional';
}

interface CharacterEvidence {
  simplifiedOnly: Set<number>;
  traditionalOnly: Set<number>;
  /** Characters s2t rewrites even on their own (STCharacters keys): 干 → 幹, 么 → 麼, but not 谷 or 出. */
  rewrittenAlone: Set<number>;
}

function hasDefaultSimplified(phrase: string, rewrittenAlone: Set<number>): boolean {
  for (const ch of phrase) if (rewrittenAlone.has(ch.codePointAt(0)!)) return true;
  return false;
}

const CONFIGS = presetConfigs as unknown as Record<string, { conversionChain: readonly DictGroup[] } | undefined>;

function entries(d: DictLike): [string, string][] {
  if (typeof d === 'string') return d.split('|').map((line) => line.split(' ') as [string, string]);
  return d as unknown as [string, string][];
}

const SPACE = 0x20;
const BAR = 0x7c;

/**
 * Marks in `written` every code point the dictionaries write, and lists in `alone` the keys of
 * one code point. The packed tables ("from to|from to|…", 50,000 phrases) are walked in place:
 * splitting them into strings was most of the first article's open, and only the characters
 * are needed for it.
 */
function collectCharacters(groups: readonly DictLike[], written: Uint8Array, alone: number[] | null): void {
  for (const d of groups) {
    if (typeof d !== 'string') {
      for (const [from, to] of entries(d)) {
        for (const ch of to) written[ch.codePointAt(0)!] = 1;
        if (alone && [...from].length === 1) alone.push(from.codePointAt(0)!);
      }
      continue;
    }
    for (let i = 0; i < d.length; ) {
      const key = d.codePointAt(i)!;
      let j = i + (key > 0xffff ? 2 : 1);
      if (alone && d.charCodeAt(j) === SPACE) alone.push(key);
      while (j < d.length && d.charCodeAt(j) !== SPACE && d.charCodeAt(j) !== BAR) j++;
      if (d.charCodeAt(j) === SPACE) {
        for (j++; j < d.length && d.charCodeAt(j) !== SPACE && d.charCodeAt(j) !== BAR; ) {
          const cp = d.codePointAt(j)!;
          written[cp] = 1;
          j += cp > 0xffff ? 2 : 1;
        }
      }
      while (j < d.length && d.charCodeAt(j) !== BAR) j++;
      i = j + 1;
    }
  }
}

let characterEvidence: CharacterEvidence | null = null;

export function getCharacterEvidence(): CharacterEvidence {
  if (characterEvidence) return characterEvidence;
  const stWritten = new Uint8Array(0x110000);
  const tsWritten = new Uint8Array(0x110000);
  const stKeys: number[] = [];
  const tsKeys: number[] = [];
  collectCharacters(CONFIGS.s2t!.conversionChain[0], stWritten, stKeys);
  // Taiwan's and Hong Kong's variants are traditional too (群, 眾), though s2t writes 羣, 衆.
  collectCharacters([...CONFIGS.s2tw!.conversionChain[1], ...CONFIGS.s2hk!.conversionChain[1]], stWritten, null);
  collectCharacters(CONFIGS.t2s!.conversionChain[0], tsWritten, tsKeys);
  return (characterEvidence = {
    simplifiedOnly: new Set(stKeys.filter((c) => !stWritten[c])),
    traditionalOnly: new Set(tsKeys.filter((c) => !tsWritten[c])),
    rewrittenAlone: new Set(stKeys),
  });
}

let phraseEvidence: Set<string> | null = null;

/** Phrases that are traditional as written: s2t and regional-variant outputs, t2s phrase keys. Only residues need them. */
export function getTraditionalPhrases(): Set<string> {
  if (phraseEvidence) return phraseEvidence;
  const phrases = new Set<string>();
  for (const d of [...CONFIGS.s2t!.conversionChain[0], ...CONFIGS.s2tw!.conversionChain[1], ...CONFIGS.s2hk!.conversionChain[1]]) {
    for (const [from, to] of entries(d)) if ([...from].length > 1) phrases.add(to);
  }
  for (const d of CONFIGS.t2s!.conversionChain[0]) {
    for (const [from] of entries(d)) if ([...from].length > 1) phrases.add(from);
  }
  return (phraseEvidence = phrases);
}

/** Simplified-only and traditional-only characters in text[start, end). */
export function countScript(text: string, start = 0, end = text.length): ScriptCounts {
  const { simplifiedOnly, traditionalOnly } = getCharacterEvidence();
  let s = 0;
  let t = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Below U+2E80 there is no CJK character at all; most of a text's non-CJK is ASCII.
    if (c < 0x2e80) continue;
    const cp = c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) as number) : c;
    if (cp > 0xffff) i++;
    if (simplifiedOnly.has(cp)) s++;
    else if (traditionalOnly.has(cp)) t++;
  }
  return { simplifiedOnly: s, traditionalOnly: t };
}

function labelOf(c: ScriptCounts, route: 'simplified' | 'traditional'): SourceScript {
  if (c.simplifiedOnly > 0 && c.traditionalOnly > 0) return 'mixed';
  return route;
}

/** The script of a whole text (a title, a theme name), by the per-line rule's comparison. */
export function detectScript(text: string): { script: SourceScript; route: 'simplified' | 'traditional' } & ScriptCounts {
  const c = countScript(text);
  const route = c.traditionalOnly > c.simplifiedOnly ? 'traditional' : 'simplified';
  return { ...c, script: labelOf(c, route), route };
}

/** Every line of the text with its script and route (see the rule at the top). */
export function lineScripts(text: string): LineScript[] {
  const lines: LineScript[] = [];
  let total = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const c = countScript(text, start, end);
    total += c.traditionalOnly - c.simplifiedOnly;
    lines.push({ start, end, ...c, script: 'simplified', route: 'simplified' });
    start = end + 1;
  }
  const whole = total > 0 ? 'traditional' : 'simplified';
  for (const line of lines) {
    const d = line.traditionalOnly - line.simplifiedOnly;
    line.route = d > 0 ? 'traditional' : d < 0 ? 'simplified' : whole;
    line.script = labelOf(line, line.route);
  }
  return lines;
}

/**
 * Length of the longest start of `phrase` (two characters or more, the whole included) that
 * is traditional as written, else 0. The longest s2t match can run past a traditional word:
 * in 干犯法律 it is 干犯法 (→ 幹犯法), while 干犯 is an s2t phrase that s2t keeps.
 */
function keptPrefix(phrase: string, traditionalPhrases: Set<string>): number {
  for (let n = phrase.length; n >= 2; n--) if (traditionalPhrases.has(phrase.slice(0, n))) return n;
  return 0;
}

// Longest traditional phrase looked for across a residue's end (OpenCC's phrases are short).
const MAX_PHRASE = 8;

/**
 * Whether a traditional phrase starts inside text[from, to) and runs past `to`: the s2t
 * match then cuts a traditional word (那周 in 那周圍, 去干 in 去干擾) and is no residue.
 */
function cutsTraditionalWord(text: string, from: number, to: number, traditionalPhrases: Set<string>): boolean {
  for (let j = from + 1; j < to; j++) {
    for (let e = to + 1; e <= Math.min(text.length, j + MAX_PHRASE); e++) if (traditionalPhrases.has(text.slice(j, e))) return true;
  }
  return false;
}

/** Offsets of the characters in `text` that may be (part of) a residue outside a mixed line. */
function candidates(text: string, simplifiedOnly: Set<number>, rewrittenAlone: Set<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x2e80) continue;
    const cp = c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) as number) : c;
    if (simplifiedOnly.has(cp) || rewrittenAlone.has(cp)) out.push(i);
    if (cp > 0xffff) i++;
  }
  return out;
}

/**
 * Residues in text[start, end), a traditional stretch: the ranges to convert as simplified.
 * `neutralPhrases`: whether phrases made only of characters both scripts use count.
 */
export function residues(text: string, start: number, end: number, neutralPhrases = true): { start: number; end: number }[] {
  const { simplifiedOnly, rewrittenAlone } = getCharacterEvidence();
  const trie = trieForGroup(CONFIGS.s2t!.conversionChain[0]);
  const out: { start: number; end: number }[] = [];
  const push = (s: number, e: number) => {
    const last = out[out.length - 1];
    if (last && last.end === s) last.end = e;
    else out.push({ start: s, end: e });
  };
  const segment = start === 0 && end === text.length ? text : text.slice(start, end);
  // Where only simplified-only characters and the characters s2t rewrites alone can make a
  // residue, the trie is walked only near them: most traditional lines hold none.
  const near = neutralPhrases ? null : candidates(segment, simplifiedOnly, rewrittenAlone);
  if (near && near.length === 0) return out;
  const traditionalPhrases = getTraditionalPhrases();
  let k = 0;
  for (let i = 0; i < segment.length; ) {
    if (near) {
      while (k < near.length && near[k] < i) k++;
      if (k === near.length) break;
      if (near[k] - i >= MAX_PHRASE) i = near[k] - (MAX_PHRASE - 1);
    }
    const cp = segment.codePointAt(i) as number;
    const len = cp > 0xffff ? 2 : 1;
    if (cp < 0x2e80) {
      i += len;
      continue;
    }
    const m = trie.matchPrefix(segment, i);
    if (m && m.end - i > len) {
      const phrase = segment.slice(i, m.end);
      const kept = keptPrefix(phrase, traditionalPhrases);
      if (kept > 0) {
        i += kept;
        continue;
      }
      const counts = countScript(phrase).simplifiedOnly > 0 || neutralPhrases || hasDefaultSimplified(phrase, rewrittenAlone);
      if (counts && m.value !== phrase && !cutsTraditionalWord(segment, i, m.end, traditionalPhrases)) push(start + i, start + m.end);
      i = m.end;
      continue;
    }
    if (simplifiedOnly.has(cp)) push(start + i, start + i + len);
    i += len;
  }
  return out;
}

/**
 * The text cut into runs converted one way: whole simplified lines, traditional stretches,
 * and the residues inside them. Neighbouring runs of one route are merged (line breaks
 * included: no dictionary entry holds one, so cutting there changes no conversion).
 */
export function scriptRuns(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  const push = (start: number, end: number, route: ScriptRun['route']) => {
    if (end <= start) return;
    const last = runs[runs.length - 1];
    if (last && last.route === route && last.end === start) last.end = end;
    else runs.push({ start, end, route });
  };
  for (const line of lineScripts(text)) {
    // The line break after a line joins whichever run is open.
    const end = line.end < text.length ? line.end + 1 : line.end;
    if (line.route === 'simplified') {
      push(line.start, end, 'simplified');
      continue;
    }
    let at = line.start;
    for (const r of residues(text, line.start, line.end, line.simplifiedOnly > 0)) {
      push(at, r.start, 'traditional');
      push(r.start, r.end, 'simplified');
      at = r.end;
    }
    push(at, end, 'traditional');
  }
  return runs;
}
