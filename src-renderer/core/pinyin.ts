// Inline pinyin such as 經(jīng) or 經營(jīng yíng): the reading is lifted out of the text and
// kept as a ruby annotation on the characters before it. Parentheses are only treated as
// pinyin when the content is Latin syllables carrying at least one tone mark (or ü), so
// ordinary asides like (街道) or (2024—2027年) stay in the text.

import { cpBefore, isHan } from './cjkChars.ts';
import { LineRewriter, unchangedStage, type StageResult } from './lineRewrite.ts';
import type { RubyAnnotation } from './types.ts';

const LETTER = 'a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ';
const READING = new RegExp(`^[${LETTER}]{1,7}(?:[ '’][${LETTER}]{1,7})*$`);
const TONED = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]/;
/** Longest reading worth looking at: a handful of syllables. */
const MAX_READING = 48;
/** A reading needs an opening parenthesis; most lines have none. */
const OPENING_PAREN = /[(（]/;

export function isPinyinReading(s: string): boolean {
  return s.length <= MAX_READING && READING.test(s) && TONED.test(s);
}

export interface PinyinStage extends StageResult {
  ruby: RubyAnnotation[];
}

export function liftPinyin(text: string): PinyinStage {
  if (!OPENING_PAREN.test(text)) return withRuby(unchangedStage(text), []);
  const w = new LineRewriter(text);
  const ruby: RubyAnnotation[] = [];
  // The last reading lifted: a second one right after it (字(zì)(zì)) reads the same characters.
  let last: RubyAnnotation | null = null;
  let lastEnd = -1;
  for (let i = 0; i < text.length; i++) {
    // By code unit: indexing a string by a CJK character makes a new one-character string.
    const code = text.charCodeAt(i);
    if (code !== 0x28 && code !== 0xff08) continue;
    const again = i === lastEnd ? last : null;
    const prev = cpBefore(text, i);
    if (again === null && (prev === undefined || !isHan(prev))) continue;
    const close = code === 0x28 ? ')' : '）';
    const j = text.indexOf(close, i + 1);
    if (j < 0 || j - i - 1 > MAX_READING) continue;
    const reading = text.slice(i + 1, j);
    if (!isPinyinReading(reading)) continue;
    w.copyTo(i);
    if (again) {
      // Left in the text it would be lifted by the next clean, and canonical text must clean to itself.
      if (reading !== again.reading) ruby.push({ start: again.start, end: again.end, reading });
      w.replace(j + 1, '', 'pinyin');
      lastEnd = j + 1;
      i = j;
      continue;
    }
    // One base character per syllable, as far as Han characters reach back.
    const syllables = reading.split(/[ '’]/).length;
    const out = w.outputLength;
    let start = out;
    let k = i;
    for (let n = 0; n < syllables; n++) {
      const cp = cpBefore(text, k);
      if (cp === undefined || !isHan(cp)) break;
      const units = cp > 0xffff ? 2 : 1;
      k -= units;
      start -= units;
    }
    last = { start, end: out, reading };
    ruby.push(last);
    w.replace(j + 1, '', 'pinyin');
    lastEnd = j + 1;
    i = j;
  }
  return withRuby(w.finish(), ruby);
}

// Spelled out rather than spread: object spread is slow, and every line of a file passes here.
function withRuby(stage: StageResult, ruby: RubyAnnotation[]): PinyinStage {
  return { text: stage.text, mapOffset: stage.mapOffset, edits: stage.edits, ruby };
}
