import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { suggestTerms } from '../../src-renderer/core/termSuggestions.ts';

function indexOf(dir: string): LibraryIndex {
  const index = new LibraryIndex();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.txt'))) index.put(f, f, readFileSync(join(dir, f), 'utf8'));
  return index;
}

const seeds = indexOf(join(import.meta.dirname, '../../seeds'));
const outside = indexOf(join(import.meta.dirname, '../fixtures/suggestions'));

describe('term suggestions', () => {
  it('offers the outside corpus its two recurring terms and none of the fragments around them', () => {
    const terms = outside.suggest(20).map((s) => s.term);
    expect(terms).toContain('数字经济');
    expect(terms).toContain('乡村振兴');
    // What plain n-gram counting offered on this corpus (the earlier code's own output).
    for (const junk of ['年春节', '的人', '的人才', '国人', '里的']) expect(terms).not.toContain(junk);
  });

  it('counts each suggestion as occurrences and articles', () => {
    expect(outside.suggest(20).find((s) => s.term === '数字经济')).toEqual({ term: '数字经济', count: 6, articles: 3 });
    expect(outside.suggest(20).find((s) => s.term === '乡村振兴')).toEqual({ term: '乡村振兴', count: 4, articles: 3 });
  });

  it('a library past the counting budget is counted in part, evenly spread, and each suggestion’s figures are still over every article', () => {
    // Written by hand: 40 articles; every one says 乡村振兴 twice, and only the even ones say 数字经济 (once each).
    const filler = ['春风吹过田野', '老街重新开张', '山里通了公路', '学校添了新楼', '河水清了又清'];
    const keys = Array.from({ length: 40 }, (_, i) => `${filler[i % 5]}乡村振兴${filler[(i + 1) % 5]}${i % 2 === 0 ? '数字经济' : '城乡融合'}${filler[(i + 2) % 5]}乡村振兴${filler[(i + 3) % 5]}`);
    const whole = keys.reduce((n, k) => n + k.length, 0);
    const suggestions = suggestTerms(keys, { segmenter: null, countedChars: Math.floor(whole / 4) });
    expect(suggestions.find((s) => s.term === '乡村振兴')).toEqual({ term: '乡村振兴', count: 80, articles: 40 });
    expect(suggestions.find((s) => s.term === '数字经济')).toEqual({ term: '数字经济', count: 20, articles: 20 });
    // Only a quarter was counted, every fourth article from the first: 城乡融合, in the odd ones alone, was never seen.
    expect(suggestions.some((s) => s.term === '城乡融合')).toBe(false);
    expect(suggestTerms(keys, { segmenter: null }).some((s) => s.term === '城乡融合')).toBe(true);
    // One article longer than the budget is counted in part: its opening.
    expect(suggestTerms([keys.join('')], { segmenter: null, countedChars: keys[0].length * 4 }).find((s) => s.term === '乡村振兴')).toEqual({ term: '乡村振兴', count: 80, articles: 1 });
    // Under the budget, the same figures by the gram count itself.
    expect(suggestTerms(keys, { segmenter: null }).find((s) => s.term === '乡村振兴')).toEqual({ term: '乡村振兴', count: 80, articles: 40 });
  });

  it('suggests 营商环境 first on the seeds, without pieces of the slogan repeated across them', () => {
    const terms = seeds.suggest(30).map((s) => s.term);
    expect(terms[0]).toBe('营商环境');
    expect(terms).toContain('实干争先');
    expect(terms).toContain('城市有机更新');
    for (const junk of ['营商环', '在湖州看见美', '州看见美丽中', '干争先主题实', '湖州看见美丽', '看见美丽中国']) expect(terms).not.toContain(junk);
  });

  it('never starts or ends a suggestion with a function word', () => {
    for (const index of [seeds, outside]) {
      for (const { term } of index.suggest(60)) expect(term, term).toMatch(/^[^的了是在和与及等也都就而之其这那为对将从把被向于以由并但又还很已再所们个到说要会能可不没地得].*[^的了是在和与及等也都就而之其这那为对将从把被向于以由并但又还很已再所们个到说要会能可不没地得]$/u);
    }
  });

  it('leaves out what is already a theme, in either script', () => {
    expect(seeds.suggest(10, ['營商環境']).map((s) => s.term)).not.toContain('营商环境');
  });

  it('drops a candidate whose occurrences the word segmenter cuts through', () => {
    const keys = ['甲乙丙丁甲乙丙丁甲乙丙丁', '甲乙丙丁戊'];
    // A segmenter that cuts only between 乙 and 丙: 甲乙丙丁 is never a word by itself.
    const cutsMid = { segment: (text: string) => { const i = text.indexOf('丙'); return i < 0 ? [{ index: 0, segment: text }] : [{ index: 0, segment: text.slice(0, i) }, { index: i, segment: text.slice(i) }]; } };
    const everyCharacter = { segment: (text: string) => Array.from(text, (segment, index) => ({ index, segment })) };
    expect(suggestTerms(keys, { segmenter: everyCharacter }).map((s) => s.term)).toContain('甲乙丙丁');
    expect(suggestTerms(keys, { segmenter: cutsMid }).map((s) => s.term)).not.toContain('甲乙丙丁');
  });
});
