import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clean, CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import {
  anchor,
  anchorAll,
  describeRange,
  MIN_FUZZY_SCORE,
  MIN_QUOTE_SCORE,
  positionSimilarity,
  QUOTE_CONTEXT,
  scoreMatch,
  type MatchFactors,
} from '../../src-renderer/core/anchor.ts';
import { AffixMatcher, approxSearch } from '../../src-renderer/core/approxMatch.ts';
import type { AnchorResult, AnchorTarget, Range } from '../../src-renderer/core/types.ts';

const seedDir = fileURLToPath(new URL('../../seeds/', import.meta.url));
const seed004 = clean(readFileSync(seedDir + readdirSync(seedDir).find((f) => f.startsWith('004_'))!, 'utf8')).text;

const OLD = 'fp-old';
const NEW = 'fp-new';

function target(text: string, range: Range, fingerprint = OLD): AnchorTarget {
  return { fingerprint, cleanVersion: CLEAN_VERSION, ...describeRange(text, range) };
}

/** The range of the first `needle` in `text` (after `from`). */
function rangeOf(text: string, needle: string, from = 0): Range {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`${needle} not in text`);
  return { start, end: start + needle.length };
}

function anchoredRange(r: AnchorResult): Range & { method: string } {
  if (r.status !== 'anchored') throw new Error(`expected anchored, got orphan (best ${r.bestScore.toFixed(3)})`);
  return { start: r.range.start, end: r.range.end, method: r.method };
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const ARTICLE = [
  '县委书记在全县大会上强调，要持续优化营商环境，推动经济高质量发展。',
  '今年以来，全县新签约项目四十二个，总投资超过一百亿元，其中工业项目占七成。',
  '开发区管委会主任介绍，园区已建成标准厂房三十万平方米，水电气路全部配套到位。',
  '下一步，全县将围绕主导产业精准招商，力争全年引进亿元以上项目二十个。',
].join('\n');

describe('describeRange', () => {
  it('quotes the range with up to QUOTE_CONTEXT code units of context each side', () => {
    const r = rangeOf(ARTICLE, '新签约项目四十二个');
    const d = describeRange(ARTICLE, r);
    expect(d.position).toEqual(r);
    expect(d.quote.exact).toBe('新签约项目四十二个');
    expect(d.quote.prefix).toBe(ARTICLE.slice(r.start - QUOTE_CONTEXT, r.start));
    expect(d.quote.suffix).toBe(ARTICLE.slice(r.end, r.end + QUOTE_CONTEXT));
    expect(QUOTE_CONTEXT).toBe(32);
  });
  it('keeps shorter context at the ends of the text', () => {
    const d = describeRange(ARTICLE, { start: 0, end: 4 });
    expect(d.quote.prefix).toBe('');
    const e = describeRange(ARTICLE, { start: ARTICLE.length - 3, end: ARTICLE.length });
    expect(e.quote.suffix).toBe('');
  });
  it('never splits a surrogate pair in the quote or its context', () => {
    const text = '𠀾'.repeat(40) + '中文' + '𡃁'.repeat(40);
    // Ends inside pairs widen outwards; contexts that would start/end on half a pair shrink by it.
    const d = describeRange(text, { start: 79, end: 83 });
    expect(d.position).toEqual({ start: 78, end: 84 });
    expect(d.quote.exact).toBe('𠀾中文𡃁');
    expect(d.quote.prefix).toBe('𠀾'.repeat(16));
    expect(d.quote.suffix).toBe('𡃁'.repeat(16));
    // 32 code units after offset 81 would end inside a pair: the context gives up that half.
    expect(describeRange(text, { start: 80, end: 81 }).quote.suffix).toBe('文' + '𡃁'.repeat(15));
    const lone = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
    for (let s = 0; s <= text.length; s++) {
      const q = describeRange(text, { start: s, end: Math.min(text.length, s + 3) }).quote;
      expect(lone(q.prefix) || lone(q.exact) || lone(q.suffix)).toBe(false);
      expect(q.prefix.length).toBeLessThanOrEqual(QUOTE_CONTEXT);
      expect(q.suffix.length).toBeLessThanOrEqual(QUOTE_CONTEXT);
    }
  });
  it('clamps ranges beyond the text, reversed and NaN ends without throwing', () => {
    expect(describeRange('abc', { start: -5, end: 99 }).position).toEqual({ start: 0, end: 3 });
    expect(describeRange('abc', { start: 2, end: 1 }).position).toEqual({ start: 1, end: 2 });
    expect(describeRange('abc', { start: Number.NaN, end: 1 }).position).toEqual({ start: 0, end: 1 });
    expect(describeRange('', { start: 3, end: 4 })).toEqual({ position: { start: 0, end: 0 }, quote: { exact: '', prefix: '', suffix: '' } });
  });
});

describe('anchor: position', () => {
  it('exact: the fingerprint matches and the quote is at the old position → position, score 1', () => {
    const r = rangeOf(ARTICLE, '标准厂房三十万平方米');
    expect(anchor(ARTICLE, OLD, target(ARTICLE, r))).toEqual({ status: 'anchored', range: r, method: 'position', score: 1 });
  });
  it('a different clean version does not trust the position, but the quote still finds it', () => {
    const r = rangeOf(ARTICLE, '标准厂房三十万平方米');
    const t = { ...target(ARTICLE, r), cleanVersion: CLEAN_VERSION - 1 };
    expect(anchoredRange(anchor(ARTICLE, OLD, t))).toEqual({ ...r, method: 'quote' });
  });
  it('a matching fingerprint with a position that no longer holds the quote falls through to the quote', () => {
    const r = rangeOf(ARTICLE, '标准厂房三十万平方米');
    const t = { ...target(ARTICLE, r), position: { start: r.start + 3, end: r.end + 3 } };
    expect(anchoredRange(anchor(ARTICLE, OLD, t))).toEqual({ ...r, method: 'quote' });
  });
});

describe('anchor: moved', () => {
  it('text inserted before the quote → found at its new place by quote', () => {
    const r = rangeOf(ARTICLE, '标准厂房三十万平方米');
    const inserted = '本报讯（记者 王明）\n';
    const edited = inserted + ARTICLE;
    expect(anchoredRange(anchor(edited, NEW, target(ARTICLE, r)))).toEqual({ start: r.start + inserted.length, end: r.end + inserted.length, method: 'quote' });
  });
  it('text deleted before the quote → found at its new place by quote', () => {
    const r = rangeOf(ARTICLE, '力争全年引进亿元以上项目');
    const firstLine = ARTICLE.indexOf('\n') + 1;
    const edited = ARTICLE.slice(firstLine);
    const got = anchoredRange(anchor(edited, NEW, target(ARTICLE, r)));
    expect(got).toEqual({ start: r.start - firstLine, end: r.end - firstLine, method: 'quote' });
  });
});

describe('anchor: edited inside the quote', () => {
  const quote = '园区已建成标准厂房三十万平方米';
  const r = rangeOf(ARTICLE, quote);
  const cases: [string, string, string][] = [
    ['a character changed', '园区已建成标准厂房三十万平方米', '园区已建成标准厂房四十万平方米'],
    ['a character added', '园区已建成标准厂房三十万平方米', '园区已建成标准化厂房三十万平方米'],
    ['a character removed', '园区已建成标准厂房三十万平方米', '园区建成标准厂房三十万平方米'],
    ['the first character changed', '园区已建成标准厂房三十万平方米', '厂区已建成标准厂房三十万平方米'],
    ['the last character changed', '园区已建成标准厂房三十万平方米', '园区已建成标准厂房三十万平方尺'],
    ['a character removed at the end', '园区已建成标准厂房三十万平方米', '园区已建成标准厂房三十万平方'],
  ];
  for (const [name, from, to] of cases) {
    it(`${name} → fuzzy, on exactly the edited passage`, () => {
      const edited = '（新增导语）' + ARTICLE.replace(from, to);
      const want = rangeOf(edited, to);
      const got = anchor(edited, NEW, target(ARTICLE, r));
      expect(anchoredRange(got)).toEqual({ ...want, method: 'fuzzy' });
      if (got.status === 'anchored') {
        expect(got.score).toBeGreaterThanOrEqual(MIN_FUZZY_SCORE);
        expect(got.score).toBeLessThan(1);
      }
    });
  }
  it('an edited quote whose prefix and suffix were also edited is still found', () => {
    const edited = ARTICLE.replace('开发区管委会主任介绍，园区已建成标准厂房三十万平方米，水电', '开发区主任介绍，园区已建成标准化厂房三十万平方米，供水电');
    expect(anchoredRange(anchor(edited, NEW, target(ARTICLE, r)))).toEqual({ ...rangeOf(edited, '园区已建成标准化厂房三十万平方米'), method: 'fuzzy' });
  });
  it('a non-BMP last character replaced by one sharing its high surrogate → the whole character', () => {
    const text = '前文前文前文。这里是说明文字𠀾，后文后文后文';
    const tr = target(text, rangeOf(text, '这里是说明文字𠀾'));
    for (const repl of ['𠀿', '𠀀']) {
      const edited = text.replace('𠀾', repl);
      expect(anchoredRange(anchor(edited, NEW, tr))).toEqual({ ...rangeOf(edited, `这里是说明文字${repl}`), method: 'fuzzy' });
    }
    // At the very end of the text there is no suffix to tell the half from the whole.
    const atEnd = '前文前文前文。这里是说明文字𠀾';
    const te = target(atEnd, rangeOf(atEnd, '这里是说明文字𠀾'));
    expect(anchoredRange(anchor(atEnd.replace('𠀾', '𠀿'), NEW, te))).toEqual({ start: 7, end: atEnd.length, method: 'fuzzy' });
  });
  it('a long sentence moved into a new context is still found by quote; a short one is not trusted alone', () => {
    const sentence = '开发区管委会主任介绍，园区已建成标准厂房三十万平方米，水电气路全部配套到位。';
    const long = target(ARTICLE, rangeOf(ARTICLE, sentence));
    const moved = '另一篇文章的开头，与原文毫无关系的一段文字。' + sentence + '结尾也完全不同的另一段文字内容。';
    expect(anchoredRange(anchor(moved, NEW, long))).toEqual({ ...rangeOf(moved, sentence), method: 'quote' });
    const short = target(ARTICLE, rangeOf(ARTICLE, '标准厂房'));
    const elsewhere = '另一篇文章的开头，与原文毫无关系的一段文字。标准厂房结尾也完全不同的另一段文字内容。';
    expect(anchor(elsewhere, NEW, short).status).toBe('orphan');
  });
  it('a non-BMP character replaced inside the quote is matched without splitting pairs', () => {
    const text = '前文前文前文。这里有𠀾字和𡃁仔的说明文字。后文后文后文';
    const tr = target(text, rangeOf(text, '这里有𠀾字和𡃁仔的说明'));
    const edited = text.replace('𠀾', '𠀿');
    expect(anchoredRange(anchor(edited, NEW, tr))).toEqual({ ...rangeOf(edited, '这里有𠀿字和𡃁仔的说明'), method: 'fuzzy' });
  });
});

describe('anchor: a repeated quote is told apart by its context (seed 004)', () => {
  const Q = '營商環境';
  const occ = occurrences(seed004, Q);
  const seventh: Range = { start: occ[6], end: occ[6] + Q.length };
  const t = target(seed004, seventh);

  it('seed 004 has營商環境 eleven times; the 7th is where we think', () => {
    expect(occ).toHaveLength(11);
    expect(seed004.slice(seventh.start, seventh.end)).toBe(Q);
  });
  it('a paragraph inserted above the 7th → still the 7th, at its new offsets', () => {
    const para = seed004.lastIndexOf('\n', seventh.start) + 1;
    const inserted = '編者按：本文介紹了縣裡近年來的做法，供讀者參考。\n';
    const edited = seed004.slice(0, para) + inserted + seed004.slice(para);
    const got = anchoredRange(anchor(edited, NEW, t));
    expect(got).toEqual({ start: seventh.start + inserted.length, end: seventh.end + inserted.length, method: 'quote' });
    expect(occurrences(edited, Q).indexOf(got.start)).toBe(6);
  });
  it('a paragraph that itself mentions 營商環境 inserted above → the same passage (now the 8th occurrence)', () => {
    const para = seed004.lastIndexOf('\n', occ[4]) + 1;
    const inserted = '優化營商環境是一項系統工程。\n';
    const edited = seed004.slice(0, para) + inserted + seed004.slice(para);
    const got = anchoredRange(anchor(edited, NEW, t));
    expect(got.start).toBe(seventh.start + inserted.length);
    expect(occurrences(edited, Q).indexOf(got.start)).toBe(7);
  });
  it('the text between the 6th and 7th occurrences rewritten → still the 7th', () => {
    // Cut out what lies between the 6th and 7th occurrences' contexts, and rewrite between 7th and 8th too.
    const cutFrom = occ[5] + Q.length + QUOTE_CONTEXT + 1;
    const cutTo = occ[6] - QUOTE_CONTEXT - 1;
    expect(cutTo).toBeGreaterThan(cutFrom);
    const filler = '此處內容已經修改。';
    let edited = seed004.slice(0, cutFrom) + filler + seed004.slice(cutTo);
    const shift = filler.length - (cutTo - cutFrom);
    const afterSeventh = seventh.end + shift + QUOTE_CONTEXT + 2;
    edited = edited.slice(0, afterSeventh) + '（補充說明）' + edited.slice(afterSeventh);
    const got = anchoredRange(anchor(edited, NEW, t));
    expect(got).toEqual({ start: seventh.start + shift, end: seventh.end + shift, method: 'quote' });
    expect(occurrences(edited, Q).indexOf(got.start)).toBe(6);
  });
  it('every one of the eleven occurrences re-anchors to itself after an insertion at the top', () => {
    const inserted = '（本報訊）\n';
    const edited = inserted + seed004;
    const results = anchorAll(edited, NEW, occ.map((s) => target(seed004, { start: s, end: s + Q.length })));
    expect(results.map((r) => anchoredRange(r).start)).toEqual(occ.map((s) => s + inserted.length));
  });
  it('the 7th occurrence\'s sentence deleted → orphan, not another 營商環境', () => {
    const s = seed004.lastIndexOf('。', seventh.start) + 1;
    const e = seed004.indexOf('。', seventh.end) + 1;
    const edited = seed004.slice(0, s) + seed004.slice(e);
    const got = anchor(edited, NEW, t);
    expect(got.status).toBe('orphan');
  });
});

describe('anchor: scoring order', () => {
  const base: MatchFactors = { quote: 0.9, prefix: 0.8, suffix: 0.8, position: 0.9 };
  for (const key of ['quote', 'prefix', 'suffix', 'position'] as const) {
    it(`a candidate worse only in ${key} scores strictly lower`, () => {
      for (const len of [1, 4, 16, 64, 500]) {
        expect(scoreMatch({ ...base, [key]: base[key] - 0.1 }, len)).toBeLessThan(scoreMatch(base, len));
      }
    });
  }
  it('a perfect match scores 1, a total mismatch 0', () => {
    expect(scoreMatch({ quote: 1, prefix: 1, suffix: 1, position: 1 }, 10)).toBe(1);
    expect(scoreMatch({ quote: 0, prefix: 0, suffix: 0, position: 0 }, 10)).toBe(0);
  });
  it('position only breaks ties: losing all position never outweighs a context side', () => {
    const near = scoreMatch({ quote: 1, prefix: 0.5, suffix: 1, position: 1 }, 4);
    const far = scoreMatch({ quote: 1, prefix: 1, suffix: 1, position: 0.5 }, 4);
    expect(far).toBeGreaterThan(near);
    expect(positionSimilarity(10, 10, 100)).toBe(1);
    expect(positionSimilarity(60, 10, 100)).toBeCloseTo(0.5);
    expect(positionSimilarity(500, 10, 100)).toBe(0);
  });
  // Found by tests/unit/fuzz-anchor.test.ts: at 83 characters a quote's context side weighed
  // 3.9 and the position 4, so after a long insertion up front the same quote nearer the old
  // offset, with another prefix, beat the moved original with its exact context.
  it('losing all position never outweighs a context side, however long the quote', () => {
    for (const len of [1, 4, 16, 17, 80, 81, 83, 500, 5000]) {
      const near = scoreMatch({ quote: 1, prefix: 0, suffix: 1, position: 1 }, len);
      const far = scoreMatch({ quote: 1, prefix: 1, suffix: 1, position: 0 }, len);
      expect(far, `length ${len}`).toBeGreaterThan(near);
    }
  });
  it('of identical contexts, the occurrence nearer the old position wins', () => {
    const unit = '。甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏营商环境闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光';
    const text = unit.repeat(4);
    const q = occurrences(text, '营商环境');
    const t = target(text, { start: q[2], end: q[2] + 4 });
    expect(anchoredRange(anchor('新' + text, NEW, t)).start).toBe(q[2] + 1);
    expect(anchoredRange(anchor('新' + text, NEW, { ...t, position: { start: q[1], end: q[1] + 4 } })).start).toBe(q[1] + 1);
  });
  it('an occurrence agreeing on prefix and suffix beats one agreeing on the prefix only, wherever they stand', () => {
    const p = '在全县优化发展环境大会上强调要持续优化';
    const text = `${p}营商环境推动经济发展。其他内容填充一些文字。${p}营商环境建设工作会议召开。`;
    const occ = occurrences(text, '营商环境');
    const t = target(text, { start: occ[1], end: occ[1] + 4 });
    // Old position pointing at the first occurrence: context still decides.
    const moved = { ...t, position: { start: occ[0], end: occ[0] + 4 } };
    expect(anchoredRange(anchor(text, NEW, moved)).start).toBe(occ[1]);
  });
  it('of two fuzzy candidates with equal context, the one with fewer edits wins', () => {
    const ctxA = '上下文相同的前缀部分，';
    const ctxB = '，上下文相同的后缀部分';
    const original = `${ctxA}今年全县新签约项目四十二个${ctxB}`;
    const t = target(original, rangeOf(original, '今年全县新签约项目四十二个'));
    const twoEdits = `${ctxA}今年本县新签项目四十二个${ctxB}`;
    const oneEdit = `${ctxA}今年本县新签约项目四十二个${ctxB}`;
    // Far apart, so each is searched in its own window and the scores, not one search, decide.
    const filler = '无关的填充文字，'.repeat(40);
    const text = `${twoEdits}\n${filler}\n${oneEdit}`;
    // The old position halfway between the two, so they differ in the quote only.
    const a = text.indexOf('今年');
    const b = text.lastIndexOf('今年');
    const mid = (a + b) / 2;
    const got = anchoredRange(anchor(text, NEW, { ...t, position: { start: mid, end: mid + 13 } }));
    expect(got.method).toBe('fuzzy');
    expect(text.slice(got.start, got.end)).toBe('今年本县新签约项目四十二个');
  });
  // Found by tests/unit/fuzz-anchor.test.ts: a quote ending in a lone high surrogate was
  // "found" over the first half of 𠀀 at the old position, a range cutting the pair.
  it('an exact occurrence that would cut a surrogate pair is not the quote', () => {
    const t = target('甲\ud840', { start: 1, end: 2 });
    expect(t.quote).toEqual({ exact: '\ud840', prefix: '甲', suffix: '' });
    expect(anchoredRange(anchor('甲𠀀乙甲\ud840', NEW, t))).toEqual({ start: 5, end: 6, method: 'quote' });
    expect(anchor('甲𠀀', NEW, t).status).not.toBe('anchored');
  });
  it('an exact occurrence is preferred over a fuzzy one even if the fuzzy one stands at the old position', () => {
    const r = rangeOf(ARTICLE, '标准厂房三十万平方米');
    const t = target(ARTICLE, r);
    // The old place now reads 四十万; the exact quote survives in a new paragraph with its context.
    const edited = ARTICLE.replace('园区已建成标准厂房三十万平方米', '园区已建成标准厂房四十万平方米') + '\n（更正）园区已建成标准厂房三十万平方米，水电气路全部配套到位。';
    const got = anchoredRange(anchor(edited, NEW, t));
    expect(got.method).toBe('quote');
    expect(got.start).toBe(edited.lastIndexOf('标准厂房三十万平方米'));
  });
  it('exact thresholds: an exact quote needs less than a fuzzy one', () => {
    expect(MIN_QUOTE_SCORE).toBeLessThanOrEqual(MIN_FUZZY_SCORE);
  });
});

describe('anchor: orphans', () => {
  it('the quoted sentence deleted → orphan with a best score below the minimum', () => {
    const r = rangeOf(ARTICLE, '园区已建成标准厂房三十万平方米');
    const lines = ARTICLE.split('\n');
    const edited = lines.filter((l) => !l.includes('标准厂房')).join('\n');
    const got = anchor(edited, NEW, target(ARTICLE, r));
    expect(got.status).toBe('orphan');
    if (got.status === 'orphan') expect(got.bestScore).toBeLessThan(MIN_FUZZY_SCORE);
  });
  it('a totally different text → orphan', () => {
    const r = rangeOf(ARTICLE, '园区已建成标准厂房三十万平方米');
    const other = '床前明月光，疑是地上霜。举头望明月，低头思故乡。'.repeat(20);
    expect(anchor(other, NEW, target(ARTICLE, r)).status).toBe('orphan');
  });
  it('a quote rewritten beyond the error budget → orphan even with its context intact', () => {
    const r = rangeOf(ARTICLE, '园区已建成标准厂房三十万平方米');
    const edited = ARTICLE.replace('园区已建成标准厂房三十万平方米', '这一段话已经被完全改写过了啊');
    expect(anchor(edited, NEW, target(ARTICLE, r)).status).toBe('orphan');
  });
});

describe('anchor: degenerate inputs never throw', () => {
  const good = target(ARTICLE, rangeOf(ARTICLE, '标准厂房'));
  const weird: AnchorTarget[] = [
    { ...good, quote: { exact: '', prefix: '', suffix: '' } },
    { ...good, quote: { exact: '', prefix: 'abc', suffix: 'def' }, position: { start: 0, end: 0 } },
    { ...good, position: { start: 1e9, end: 2e9 } },
    { ...good, position: { start: -5, end: -1 } },
    { ...good, position: { start: Number.NaN, end: Number.POSITIVE_INFINITY } },
    { ...good, position: { start: 10, end: 3 } },
    { ...good, position: { start: 1.5, end: 4.5 } },
    { ...good, quote: { exact: '标', prefix: '', suffix: '' } },
    { ...good, quote: { exact: '\ud840', prefix: '\udc3e', suffix: '' } },
    { ...good, quote: { exact: 'x'.repeat(300), prefix: 'y'.repeat(100), suffix: 'z'.repeat(100) } },
  ];
  it('odd targets on a normal text', () => {
    for (const t of weird) {
      const r = anchor(ARTICLE, OLD, t);
      expect(['anchored', 'orphan']).toContain(r.status);
      if (r.status === 'anchored') {
        expect(r.range.start).toBeGreaterThanOrEqual(0);
        expect(r.range.end).toBeLessThanOrEqual(ARTICLE.length);
        expect(r.range.start).toBeLessThanOrEqual(r.range.end);
      }
    }
  });
  it('an empty quote holds only while the text is unchanged', () => {
    const t: AnchorTarget = { ...good, position: { start: 5, end: 5 }, quote: { exact: '', prefix: 'x', suffix: 'y' } };
    expect(anchor(ARTICLE, OLD, t)).toEqual({ status: 'anchored', range: { start: 5, end: 5 }, method: 'position', score: 1 });
    expect(anchor(ARTICLE + '。', NEW, t)).toEqual({ status: 'orphan', bestScore: 0 });
  });
  it('empty texts and texts of surrogate pairs', () => {
    expect(anchor('', NEW, good).status).toBe('orphan');
    const emoji = '😀'.repeat(50);
    const t = target(emoji, { start: 21, end: 41 });
    expect(t.position).toEqual({ start: 20, end: 42 });
    expect(anchor(emoji, OLD, t).status).toBe('anchored');
    for (const r of anchorAll(emoji.slice(1), NEW, [t, good])) expect(['anchored', 'orphan']).toContain(r.status);
  });
  it('anchorAll keeps target order and agrees with anchor()', () => {
    const edited = '前言\n' + ARTICLE.replace('三十万', '三十五万');
    const ts = ['县委书记', '标准厂房三十万平方米', '力争全年', '不存在的句子内容'].map((q) => target(ARTICLE, rangeOf(ARTICLE.includes(q) ? ARTICLE : q, q)));
    expect(anchorAll(edited, NEW, ts)).toEqual(ts.map((t) => anchor(edited, NEW, t)));
  });
});

describe('approximate matching primitives', () => {
  it('AffixMatcher: a prefix matches text ending at the boundary, far end free', () => {
    const m = new AffixMatcher('优化营商环境', 'before');
    expect(m.distanceAt('要持续优化营商环境，', 9)).toBe(0);
    expect(m.distanceAt('要持续优化营商环境，', 8)).toBeGreaterThan(0);
    expect(m.distanceAt('要持续优化了营商环境', 10)).toBe(1);
    const s = new AffixMatcher('推动经济发展', 'after');
    expect(s.distanceAt('XX推动经济发展', 2)).toBe(0);
    expect(s.distanceAt('XX推动经济高质量发展', 2)).toBe(2);
    expect(s.distanceAt('XX推动经济的发展', 2)).toBe(1);
    expect(s.distanceAt('', 0)).toBe(6);
  });
  it('AffixMatcher agrees with a plain dynamic programme on random strings (full 32-unit patterns)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alpha = '甲乙丙丁戊';
    const str = (n: number) => Array.from({ length: n }, () => alpha[Math.floor(rnd() * alpha.length)]).join('');
    const reference = (pat: string, text: string, boundary: number, reach: number) => {
      // best over k of edit(pat, text[boundary-k, boundary))
      let best = Infinity;
      for (let k = 0; k <= Math.min(boundary, reach); k++) best = Math.min(best, lev(pat, text.slice(boundary - k, boundary)));
      return best;
    };
    for (let n = 0; n < 200; n++) {
      const pat = str(1 + Math.floor(rnd() * 32));
      const text = str(60);
      const b = Math.floor(rnd() * 61);
      expect(new AffixMatcher(pat, 'before').distanceAt(text, b, 16)).toBe(reference(pat, text, b, pat.length + 16));
    }
  });
  it('approxSearch returns every equally good place', () => {
    const hits = approxSearch('xxABCDEGyy', 'ABCDEF', 0, 10, 2);
    const ranges = hits.map((h) => [h.start, h.end, h.errors]);
    expect(ranges).toContainEqual([2, 7, 1]);
    expect(ranges).toContainEqual([2, 8, 1]);
    expect(approxSearch('zzzzzz', 'ABC', 0, 6, 1)).toEqual([]);
  });
});

function lev(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}
