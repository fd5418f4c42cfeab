// fast-check arbitraries for the text pipeline's property tests: hostile Unicode mixed with
// slices of the real seeds, so the random texts look enough like articles to reach the
// layout, pinyin and phrase-conversion code, not just its early exits.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const seedDir = fileURLToPath(new URL('../../seeds/', import.meta.url));
export const SEED_TEXTS: readonly string[] = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(seedDir + f, 'utf8'));

/** Pieces that each exercise one known hazard. */
const HAZARDS: readonly string[] = [
  // astral CJK (surrogate pairs), some with phrase neighbours
  '𠀀', '𪚥', '𠀾', '𡃁仔', '𠮷野家',
  // ideographic description sequences (one unit to OpenCC), also around surrogate pairs and cut short
  '⿰木木', '⿱𠀀口', '⿲', '⿰⿱木木木',
  // emoji: ZWJ sequences, skin tones, flags, variation selectors, keycaps
  '👩‍👩‍👧‍👦', '👍🏽', '🏳️‍🌈', '🇨🇳', '❤️', '1️⃣', '😀',
  // combining marks, also stacked on Han characters and on nothing
  'e\u0301', '字\u0308\u0323', '\u0301', 'ǘ', 'u\u0308\u0301',
  // RTL text and bidi controls
  'مرحبا بالعالم', 'שלום', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u200e',
  // C0, DEL, C1, NUL, zero-width and BOM inside text
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f', '\u200b', '\u200d', '\ufeff',
  // lone surrogates
  '\ud800', '\udbff', '\udc00', '\udfff', '\ud840', '\udc00\ud800',
  // line and paragraph separators, CR/CRLF mixes, tabs, ideographic space
  '\u2028', '\u2029', '\r', '\r\n', '\n', '\n\n', '\n\r\n', '\t', '\u3000', '\u00a0',
  // inline pinyin, full and half-width brackets
  '字(zì)', '經營(jīng yíng)', '營(yíng)商環(huán)境', '（yíng）', '(lǜ)', '中(zhōng', '(ā)', '字(zì)(zì)',
  // scraper artifacts and ASCII punctuation between Han characters
  ',,', ',。', ',、', ',;', '，,', ',,,', '甲,乙', '甲:乙', '甲?', '(注)', '，', '。', '、', '“', '”',
  // Markdown markers
  '# ', '## ', '###### ', '> ', '- ', '* ', '1. ', '```', '~~~', '---', '***', '**', '__', '|', '![图](a.png)', '[链接](x)', '\\', '`',
  // phrases whose conversion changes length or depends on context
  '主板', '优化', '刷新', '大余村', '一周年', '签约', '莫干山', '营商环境', '營商環境', '乾隆', '干部', '头发',
  // captions, credits, image names, numbered headings, dates
  '夏鹏飞 摄', '供图', 'img001.jpg', '一、', '（一）', '第一章', '大事记', '2022年6月28日，', '来源：', '编辑：',
  // ordinary prose and Latin
  '正文，写完了。', '没有写完的', 'English words. ', '2.5%', '10:30', 'http://a.b/c,d',
];

/** A slice of one real seed (it may cut a surrogate pair or a line: that is a hazard too). */
export const seedSlice: fc.Arbitrary<string> = fc
  .tuple(fc.nat({ max: SEED_TEXTS.length - 1 }), fc.nat(), fc.integer({ min: 0, max: 400 }))
  .map(([k, at, len]) => {
    const s = SEED_TEXTS[k];
    const start = at % s.length;
    return s.slice(start, start + len);
  });

/** Any UTF-16 code unit, lone surrogates included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HAZARDS) },
  { weight: 3, arbitrary: seedSlice },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyUnit, maxLength: 6 }) },
  // a very long line (a 10 MB article has lines like this; keep it CI-sized)
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('营商环境', '字', 'a', '，', '𠀀'), fc.integer({ min: 200, max: 3000 })).map(([s, n]) => s.repeat(n)) },
);

/** A raw article-like text: hazards, seed slices and random strings in any order. */
export const rawText: fc.Arbitrary<string> = fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(''));

/** Same, but shorter: for properties that run every script view and every selection. */
export const shortText: fc.Arbitrary<string> = fc.array(piece, { maxLength: 14 }).map((ps) => ps.join('').slice(0, 1500));

export const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
export const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
/** True when offset i falls between the two halves of a surrogate pair of `text`. */
export function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

/**
 * fast-check options for one property: its fixed seed and run count, so CI is reproducible.
 * FUZZ_SEED (added to every seed) and FUZZ_RUNS (a multiplier) explore further by hand:
 * `FUZZ_SEED=7 FUZZ_RUNS=20 npx vitest run … tests/unit/fuzz-views.test.ts`.
 */
export function fuzzRun(seed: number, numRuns: number): { seed: number; numRuns: number } {
  const extraSeed = Number(process.env.FUZZ_SEED ?? 0) || 0;
  const factor = Number(process.env.FUZZ_RUNS ?? 1) || 1;
  return { seed: seed + extraSeed, numRuns: Math.max(1, Math.round(numRuns * factor)) };
}
