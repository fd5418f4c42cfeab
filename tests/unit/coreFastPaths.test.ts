// The shortcuts the library scan takes through the core (runs of characters copied without a
// trie lookup, a flag buffer shared between lines, credit patterns tried only where their
// literal characters are, folds looked up per code unit) must give what the long way gives.
// Expected values are written out by hand.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCredit } from '../../src-renderer/core/captionCues.ts';
import { convertWithMap, replaceWithMap } from '../../src-renderer/core/convertWithMap.ts';
import { SpanBuilder } from '../../src-renderer/core/offsetMap.ts';
import { toFullWidth } from '../../src-renderer/core/punctuation.ts';
import { searchKey, searchKeyText } from '../../src-renderer/core/searchKey.ts';

describe('conversion with a map, past runs that need no dictionary', () => {
  it('converts a phrase whose first character starts no single-character entry', () => {
    // 一 is in no character dictionary; only the phrase entry 一发千钧 turns 发 into 髮, not 發.
    expect(convertWithMap('他说一发千钧之际', 's2t').text).toBe('他說一髮千鈞之際');
    expect(convertWithMap('abc一发千钧', 's2t').text).toBe('abc一髮千鈞');
  });

  it('converts traditional phrases inside mixed script, Latin and astral characters', () => {
    const r = convertWithMap('Hello 𠀀，後天我們去頭髮店。', 't2s');
    expect(r.text).toBe('Hello 𠀀，后天我们去头发店。');
    // 頭髮 (source 14–16) and 头发 (target 14–16) map onto each other.
    expect(r.map.rangeToSource({ start: 14, end: 16 })).toEqual({ start: 14, end: 16 });
    expect(r.map.toTarget(5)).toBe(5);
  });

  it('keeps a surrogate pair one unit: no offset lands between its halves', () => {
    for (const pair of ['𠀀', '😀']) {
      const r = convertWithMap(`甲${pair}乙`, 't2s');
      expect(r.text).toBe(`甲${pair}乙`);
      expect(r.map.toSource(2)).toBe(1);
      expect(r.map.rangeToSource({ start: 2, end: 3 })).toEqual({ start: 1, end: 3 });
      expect(r.map.toSource(3)).toBe(3);
    }
  });

  it('keeps an ideographic description sequence with an astral operand one unit', () => {
    // ⿰𠀀木 is four code units and one unmatched unit for OpenCC: atomic in the map.
    const r = convertWithMap('甲⿰𠀀木乙', 't2s');
    expect(r.text).toBe('甲⿰𠀀木乙');
    expect(r.map.rangeToSource({ start: 2, end: 3 })).toEqual({ start: 1, end: 5 });
    expect(r.map.toTarget(2)).toBe(1);
    expect(r.map.toTarget(5)).toBe(5);
  });

  it('replaces user phrases that start after a long unmatched run, or with an astral character', () => {
    const r = replaceWithMap('甲乙丙丁', [['丙丁', '戊']]);
    expect(r.text).toBe('甲乙戊');
    expect(r.map.rangeToSource({ start: 2, end: 3 })).toEqual({ start: 2, end: 4 });
    expect(r.map.toSource(1)).toBe(1);
    const astral = replaceWithMap('天𠀀地玄', [['𠀀地', '人']]);
    expect(astral.text).toBe('天人玄');
    expect(astral.map.rangeToSource({ start: 1, end: 2 })).toEqual({ start: 1, end: 4 });
    expect(astral.map.toSource(2)).toBe(4);
  });

  it('converts OpenCC’s own benchmark text (左传) as the OpenCC command-line tool does', () => {
    const zuozhuan = readFileSync(fileURLToPath(new URL('../fixtures/realworld/rw-zuozhuan.txt', import.meta.url)), 'utf8');
    const at = zuozhuan.indexOf('夏四月');
    const line = zuozhuan.slice(at, zuozhuan.indexOf('\n', at)).trimEnd();
    expect(line).toBe('夏四月，费伯帅师城郎。不书，非公命也。');
    // tests/fixtures/opencc-cli/zuozhuan-head.s2t.txt holds the same line from opencc 1.1.6.
    const r = convertWithMap(line, 's2t');
    expect(r.text).toBe('夏四月，費伯帥師城郎。不書，非公命也。');
    expect(r.map.rangeToSource({ start: 4, end: 6 })).toEqual({ start: 4, end: 6 });
  });
});

describe('full-width marks, line after line', () => {
  it('reads nothing left over from the previous line', () => {
    expect(toFullWidth('中,中,中,中').text).toBe('中，中，中，中');
    // Position 1 was converted in the line before; here it sits between Latin letters.
    expect(toFullWidth('a,b,中,').text).toBe('a,b，中，');
  });

  it('finds where each run of marks starts', () => {
    expect(toFullWidth(',中').text).toBe('，中');
    expect(toFullWidth('x,;?中').text).toBe('x，；？中');
    expect(toFullWidth('1,2;3 中文').text).toBe('1,2;3 中文');
  });
});

describe('photo credits', () => {
  it('finds each kind of credit at the end of a line', () => {
    expect(findCredit('航拍图 安吉县天荒坪镇供图')).toEqual({ start: 4, end: 13 });
    expect(findCredit('夏鹏飞 摄')).toEqual({ start: 0, end: 5 });
    expect(findCredit('城市夜景（夏鹏飞 摄）')).toEqual({ start: 4, end: 11 });
    expect(findCredit('城市夜景(图片由德清县提供)')).toEqual({ start: 4, end: 14 });
    expect(findCredit('摄影展开幕，市民参观')).toBeNull();
    expect(findCredit('为本报提供图片')).toBeNull();
  });
});

describe('search-key folding per code unit', () => {
  it('folds width, case and marks the same on every call', () => {
    for (let round = 0; round < 2; round++) expect(searchKeyText('Ｐｉｚｈｕ，ＯＫ！　增长５％')).toBe('pizhuok增长5%');
  });

  it('drops lone surrogates and maps dropped marks to nothing', () => {
    const k = searchKey('甲\ud800，乙Ａ');
    expect(k.key).toBe('甲乙a');
    expect(k.map.rangeToSource({ start: 1, end: 2 })).toEqual({ start: 3, end: 4 });
    expect(k.map.rangeToSource({ start: 2, end: 3 })).toEqual({ start: 4, end: 5 });
  });
});

describe('span builders reusing the arrays of finished ones', () => {
  it('gives two builders open at once arrays of their own', () => {
    const first = new SpanBuilder();
    first.push(3, 3, true);
    first.finish();
    const a = new SpanBuilder();
    const b = new SpanBuilder();
    a.push(2, 2, true);
    b.push(1, 3, false);
    a.push(2, 0, false);
    b.push(4, 4, true);
    a.push(1, 1, true);
    const ma = a.finish();
    const mb = b.finish();
    expect([0, 1, 2].map((i) => ma.span(i))).toEqual([
      { srcStart: 0, srcEnd: 2, dstStart: 0, dstEnd: 2, aligned: true },
      { srcStart: 2, srcEnd: 4, dstStart: 2, dstEnd: 2, aligned: false },
      { srcStart: 4, srcEnd: 5, dstStart: 2, dstEnd: 3, aligned: true },
    ]);
    expect(ma.spanCount).toBe(3);
    expect([0, 1].map((i) => mb.span(i))).toEqual([
      { srcStart: 0, srcEnd: 1, dstStart: 0, dstEnd: 3, aligned: false },
      { srcStart: 1, srcEnd: 5, dstStart: 3, dstEnd: 7, aligned: true },
    ]);
    expect(mb.spanCount).toBe(2);
  });

  it('takes no spans once finished (its arrays may be another builder’s by then)', () => {
    const b = new SpanBuilder();
    b.push(1, 1, true);
    const map = b.finish();
    expect(() => b.push(1, 1, true)).toThrow();
    expect(map.sourceLength).toBe(1);
  });
});
