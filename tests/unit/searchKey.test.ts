import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src-renderer/core/clean.ts';
import { countAll, findAll, searchKey, searchKeyText } from '../../src-renderer/core/searchKey.ts';

const seedDir = fileURLToPath(new URL('../../seeds/', import.meta.url));
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(seedDir + f, 'utf8'));

const slices = (text: string, needle: string) => findAll(searchKey(text), needle).map((r) => text.slice(r.start, r.end));

describe('searchKey folding', () => {
  it('folds simplified, traditional and mixed script to one key', () => {
    expect(searchKey('营商环境').key).toBe('营商环境');
    expect(searchKey('營商環境').key).toBe('营商环境');
    expect(searchKey('营商環境').key).toBe('营商环境');
  });

  it('drops whitespace and punctuation, folds width and case', () => {
    expect(searchKey('“营商 环境”，（好）·——《书》「引」、。！？\n\t　').key).toBe('营商环境好书引');
    expect(searchKey('ＡＢＣ１２３ Pizhu, OK!').key).toBe('abc123pizhuok');
    expect(searchKey('增长5.2%，达到30℃').key).toBe('增长52%达到30℃');
  });

  it('keeps non-BMP characters whole', () => {
    const text = '𡃁仔，😀好';
    const k = searchKey(text);
    expect(k.key).toBe('𡃁仔😀好');
    for (let t = 0; t <= k.key.length; t++) {
      const p = k.map.toSource(t);
      const c = text.charCodeAt(p);
      expect(c >= 0xdc00 && c <= 0xdfff).toBe(false);
    }
  });

  it('maps every key position back to the character it came from', () => {
    const text = '在营商，环境里 營商環境 ＡＢＣ';
    const k = searchKey(text);
    for (let t = 0; t < k.key.length; t++) {
      const r = k.map.rangeToSource({ start: t, end: t + 1 });
      expect(searchKeyText(text.slice(r.start, r.end))).toBe(k.key[t]);
    }
  });

  it('an empty or punctuation-only needle finds nothing', () => {
    const k = searchKey('营商环境');
    expect(findAll(k, '')).toEqual([]);
    expect(findAll(k, '，。')).toEqual([]);
  });
});

describe('findAll', () => {
  it('returns exact ranges of the original text, in any script', () => {
    const text = '优化营商环境。營商環境好，营商環境也好';
    const k = searchKey(text);
    const ranges = findAll(k, '營商环境');
    expect(ranges).toEqual([
      { start: 2, end: 6 },
      { start: 7, end: 11 },
      { start: 13, end: 17 },
    ]);
  });

  it('matches across punctuation and line breaks inside the match, covering them', () => {
    // Punctuation is dropped from the key, so 营商，环境 matches 营商环境; the range
    // spans the comma. A phrase broken over two lines is found the same way.
    expect(slices('优化营商，环境。', '营商环境')).toEqual(['营商，环境']);
    expect(slices('营商\n环境', '营商环境')).toEqual(['营商\n环境']);
  });

  it('does not include punctuation around the match', () => {
    expect(slices('“营商环境”，', '营商环境')).toEqual(['营商环境']);
  });

  it('finds non-overlapping occurrences', () => {
    expect(findAll(searchKey('哈哈哈哈哈'), '哈哈')).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
  });

  // Found by tests/unit/fuzz-views.test.ts: "\udbff* \udc00" folded to "\udbff\udc00", a
  // surrogate pair the text never had, and key offset 1 split it.
  it('lone surrogates fold away, so dropped punctuation never joins two into a pair', () => {
    const k = searchKey('\udbff* \udc00甲');
    expect(k.key).toBe('甲');
    expect(k.map.toSource(0)).toBe(4);
    expect(searchKeyText('\ud800')).toBe('');
    expect(findAll(k, '\udbff\udc00')).toEqual([]);
  });

  it('counts 营商环境 7, 0, 5, 1 times in the raw seeds 000–003', () => {
    expect(seeds.slice(0, 4).map((s) => findAll(searchKey(s), '营商环境').length)).toEqual([7, 0, 5, 1]);
    for (const s of seeds.slice(0, 4)) {
      for (const r of findAll(searchKey(s), '營商環境')) expect(s.slice(r.start, r.end)).toBe('营商环境');
    }
  });

  it('finds 營商環境 11 times in seed 004 once its inline pinyin is gone (plain pattern, independent of clean)', () => {
    const text = seeds[4].replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/gi, '');
    expect(findAll(searchKey(text), '营商环境')).toHaveLength(11);
    expect(findAll(searchKey(seeds[4]), '营商环境')).toHaveLength(0);
  });

  // Seed 004 writes 營(yíng)商環(huán)境: the key sees through that only after clean() lifts the pinyin out.
  it('finds 營商環境 11 times in seed 004 after clean()', () => {
    const canonical = clean(seeds[4]).text;
    const ranges = findAll(searchKey(canonical), '营商环境');
    expect(ranges).toHaveLength(11);
    for (const r of ranges) expect(canonical.slice(r.start, r.end)).toBe('營商環境');
  });
});

describe('countAll', () => {
  // Mutant killed: countAll stepping one character after a hit (at + 1) counts overlapping
  // hits: 哈哈哈哈哈 holds 哈哈 four times overlapping, twice without.
  it('counts exactly the hits findAll lists: no overlapping hits', () => {
    expect(countAll(searchKey('哈哈哈哈哈'), '哈哈')).toBe(2);
    expect(countAll(searchKey('啊啊啊'), '啊啊')).toBe(1);
    expect(countAll(searchKey('营商营商营商'), '营商营商')).toBe(1);
  });

  it('agrees with findAll across scripts and punctuation, and finds nothing for an empty needle', () => {
    const text = '优化营商环境。營商環境好，营商，環境也好；哈哈哈哈';
    for (const needle of ['营商环境', '營商環境', '哈哈', '哈哈哈', '好', '']) {
      expect(countAll(searchKey(text), needle), needle).toBe(findAll(searchKey(text), needle).length);
    }
    expect(countAll(searchKey(text), '营商环境')).toBe(3);
    expect(countAll(searchKey(text), '，。')).toBe(0);
  });
});
