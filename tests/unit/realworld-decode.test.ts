// Decoding the real-world corpus (tests/fixtures/realworld, see its SOURCE.md): files
// re-encoded with glibc iconv decode back to their UTF-8 originals character for
// character; encodings this reader does not read are refused by name, never shown as
// mojibake; stray control characters are dropped, not taken for binary.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeBytes, isGarbled } from '../../src-main/library/decode.ts';
import type { TextEncoding } from '../../src-main/api.ts';

const DIR = join(resolve(import.meta.dirname, '../..'), 'tests/fixtures/realworld');
const bytes = (name: string): Buffer => readFileSync(join(DIR, name));
const original = (name: string): string => readFileSync(join(DIR, name), 'utf8');

function decoded(buf: Uint8Array): { encoding: TextEncoding; text: string } {
  const result = decodeBytes(buf);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return { encoding: result.encoding, text: result.text };
}

describe('re-encodings made with iconv decode to their UTF-8 originals', () => {
  const cases: [file: string, encoding: TextEncoding, original: string][] = [
    ['rw-hk-news.big5hkscs.txt', 'big5', 'rw-hk-news.txt'],
    ['rw-mainland-news.gb18030.txt', 'gb18030', 'rw-mainland-news.txt'],
    ['rw-essay.utf16le-bom.txt', 'utf-16le', 'rw-essay.txt'],
    ['rw-essay.utf16le.txt', 'utf-16le', 'rw-essay.txt'],
    ['rw-tw-news.utf16be-bom.txt', 'utf-16be', 'rw-tw-news.txt'],
    ['rw-tw-news.utf16be.txt', 'utf-16be', 'rw-tw-news.txt'],
  ];
  for (const [file, encoding, source] of cases) {
    it(`${file} → ${source} as ${encoding}`, () => {
      expect(decoded(bytes(file))).toEqual({ encoding, text: original(source) });
    });
  }

  it('Big5-HKSCS keeps the Cantonese characters (Node’s own big5 decoder turns them into private-use code points)', () => {
    const { text } = decoded(bytes('rw-hk-news.big5hkscs.txt'));
    for (const ch of ['哋', '嘅', '啲', '咗', '嘢', '嚟']) expect(text).toContain(ch);
    expect(text).not.toMatch(/[\ue000-\uf8ff]/);
    // 哋 is 0x925D in Big5-HKSCS: a byte pair outside plain Big5.
    expect(bytes('rw-hk-news.big5hkscs.txt').includes(Buffer.from([0x92, 0x5d]))).toBe(true);
  });

  it('GB18030 four-byte sequences: 𫖯 (U+2B5AF) is 98 38 F5 37 in the file and comes back whole', () => {
    expect(bytes('rw-mainland-news.gb18030.txt').includes(Buffer.from([0x98, 0x38, 0xf5, 0x37]))).toBe(true);
    expect(decoded(bytes('rw-mainland-news.gb18030.txt')).text).toContain('赵孟𫖯');
  });

  it('the 1.9 MB classical text written as GB18030 decodes back exactly', () => {
    const text = original('rw-zuozhuan.txt').replace(/\r\n/g, '\n');
    expect(decoded(iconv.encode(text, 'gb18030'))).toEqual({ encoding: 'gb18030', text });
  });
});

describe('encodings we do not read are refused by name', () => {
  const cases: [file: string, name: string][] = [
    ['rw-tw-news.euc-tw.txt', 'EUC-TW'],
    ['rw-ja-news.shift_jis.txt', 'Shift_JIS'],
    ['rw-ja-news.euc-jp.txt', 'EUC-JP'],
    ['rw-ko-news.euc-kr.txt', 'EUC-KR'],
    ['rw-ja-news.iso-2022-jp.txt', 'ISO-2022-JP'],
  ];
  for (const [file, name] of cases) {
    it(`${file} is refused as ${name}`, () => {
      const result = decodeBytes(bytes(file));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('unsupported-encoding');
      expect(result.error.encoding).toBe(name);
    });
  }

  it('the EUC-TW file does decode "cleanly" as GB18030, into text made of rare characters', () => {
    const asGb = new TextDecoder('gb18030', { fatal: true }).decode(bytes('rw-tw-news.euc-tw.txt'));
    expect(asGb).not.toContain('捷運');
    expect(isGarbled(asGb)).toBe(true);
  });

  it('a classical poem and a menu, few of whose characters are frequent, are still read in GB18030 and Big5', () => {
    const poem = '关雎\n\n关关雎鸠，在河之洲。窈窕淑女，君子好逑。参差荇菜，左右流之。窈窕淑女，寤寐求之。求之不得，寤寐思服。悠哉悠哉，辗转反侧。参差荇菜，左右采之。窈窕淑女，琴瑟友之。参差荇菜，左右芼之。窈窕淑女，钟鼓乐之。\n';
    const menu = '宫保鸡丁 鱼香肉丝 麻婆豆腐 回锅肉 水煮鱼 糖醋排骨 红烧肉 清蒸鲈鱼 酸辣土豆丝 西红柿炒鸡蛋 干煸四季豆 地三鲜\n';
    for (const text of [poem, menu]) expect(decoded(iconv.encode(text, 'gb18030'))).toEqual({ encoding: 'gb18030', text });
    const poemTraditional = '關雎\n\n關關雎鳩，在河之洲。窈窕淑女，君子好逑。參差荇菜，左右流之。窈窕淑女，寤寐求之。求之不得，寤寐思服。悠哉悠哉，輾轉反側。參差荇菜，左右采之。窈窕淑女，琴瑟友之。參差荇菜，左右芼之。窈窕淑女，鐘鼓樂之。\n';
    expect(decoded(iconv.encode(poemTraditional, 'big5'))).toEqual({ encoding: 'big5', text: poemTraditional });
  });

  it('a decoding of real text in either script is not garbled; private-use and rare characters are', () => {
    expect(isGarbled(original('rw-hk-news.txt'))).toBe(false);
    expect(isGarbled(original('rw-mainland-news.txt'))).toBe(false);
    expect(isGarbled(original('rw-zuozhuan.txt').slice(0, 20_000))).toBe(false);
    expect(isGarbled('\ue000\ue001\ue002\ue003\ue004'.repeat(5))).toBe(true);
    expect(isGarbled('龘靐齉爩麤'.repeat(5))).toBe(true);
    // Too few ideographs to judge: a title line is never refused for its rare characters.
    expect(isGarbled('濉溪縣經濟發展紀實')).toBe(false);
  });
});

describe('stray control characters', () => {
  it('an article with 210 U+0010 controls in UTF-8 is read with them dropped', () => {
    expect([...original('rw-essay.controls.txt')].filter((c) => c === '\u0010')).toHaveLength(210);
    expect(decoded(bytes('rw-essay.controls.txt'))).toEqual({ encoding: 'utf-8', text: original('rw-essay.txt') });
  });

  it('the same article in GB18030 is read too', () => {
    expect(decoded(iconv.encode(original('rw-essay.controls.txt'), 'gb18030'))).toEqual({ encoding: 'gb18030', text: original('rw-essay.txt') });
  });

  it('control-character soup with a little text is still binary', () => {
    const soup = Buffer.concat([Buffer.alloc(300, 0x10), Buffer.from('营商环境'), Buffer.alloc(300, 0x01)]);
    const result = decodeBytes(soup);
    expect(result.ok ? 'ok' : result.error.code).toBe('binary');
  });
});
