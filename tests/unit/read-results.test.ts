// readArticles' answer as bytes: the body is named texts (a line of JSON, then the texts) in
// UTF-16LE, written here by hand and read with Node's own decoder, and it reads back to the
// results it was made of, an error entry and texts of any character included; a damaged answer
// is refused with its reason, never read as fewer files.
import { describe, expect, it } from 'vitest';
import type { ReadResult } from '../../src-main/api.ts';
import { decodeReadResults, encodeReadResults, utf16leBytes } from '../../src-main/readResults.ts';

const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));

describe('readArticles answered as bytes', () => {
  const results: ReadResult[] = [
    { ok: true, file: { key: '甲.txt', text: '营商\n环境', fingerprint: 'f1', encoding: 'utf-8', size: 13, mtimeMs: 5 } },
    { ok: false, key: 'gone.txt', error: { code: 'vanished', detail: 'ENOENT' } },
    // 𠀋 is past U+FFFF: two UTF-16 units, four UTF-8 bytes.
    { ok: true, file: { key: 'b.md', text: '𠀋"', fingerprint: 'f2', encoding: 'gb18030', size: 5, mtimeMs: 6 } },
    { ok: true, file: { key: 'empty.txt', text: '', fingerprint: 'f3', encoding: 'utf-8', size: 0, mtimeMs: 7 } },
  ];

  it('is a line of each file’s fields with its text’s length in UTF-16 units, then the texts one after another, as UTF-16LE', () => {
    const body = Buffer.from(encodeReadResults(results)).toString('utf16le');
    expect(body).toBe(
      '[{"fingerprint":"f1","encoding":"utf-8","size":13,"mtimeMs":5,"name":"甲.txt","length":5},' +
        '{"name":"gone.txt","error":{"code":"vanished","detail":"ENOENT"}},' +
        '{"fingerprint":"f2","encoding":"gb18030","size":5,"mtimeMs":6,"name":"b.md","length":3},' +
        '{"fingerprint":"f3","encoding":"utf-8","size":0,"mtimeMs":7,"name":"empty.txt","length":0}]\n' +
        '营商\n环境𠀋"',
    );
  });

  it('reads back to the results it was made of, in their order', () => {
    expect(decodeReadResults(encodeReadResults(results))).toEqual(results);
    expect(decodeReadResults(encodeReadResults([]))).toEqual([]);
  });

  it('keeps every text in its place when one holds a lone surrogate: it is read as U+FFFD, one unit as before', () => {
    const lone: ReadResult[] = [
      { ok: true, file: { key: 'a.txt', text: 'a\ud800b', fingerprint: 'f1', encoding: 'utf-8', size: 3, mtimeMs: 1 } },
      { ok: true, file: { key: 'b.txt', text: '乙', fingerprint: 'f2', encoding: 'utf-8', size: 3, mtimeMs: 2 } },
    ];
    const read = decodeReadResults(encodeReadResults(lone));
    expect(read.map((r) => (r.ok ? r.file.text : null))).toEqual(['a\ufffdb', '乙']);
  });

  it('writes UTF-16LE whichever way the machine keeps its units, a lone surrogate and a character past U+FFFF included', () => {
    const parts = ['[甲]\n', 'a\ud800', '𠀋', ''];
    const expected = new Uint8Array(Buffer.from(parts.join(''), 'utf16le'));
    expect(utf16leBytes(parts, true)).toEqual(expected);
    expect(utf16leBytes(parts, false)).toEqual(expected);
  });

  it('refuses a damaged answer with its reason', () => {
    expect(() => decodeReadResults(utf16le('[{"name":"a.txt","fingerprint":"f","encoding":"utf-8","size":3,"mtimeMs":0,"length":9}]\n短'))).toThrow('the texts are shorter than their lengths');
    expect(() => decodeReadResults(utf16le('[{"name":"a.txt","fingerprint":"f"}]\n'))).toThrow('entry 0 (a.txt) has neither a text with its fingerprint nor an error');
    expect(() => decodeReadResults(utf16le('[{"name":"a.txt","error":"no"}]\n'))).toThrow('entry 0 (a.txt) has an error without a code');
    expect(() => decodeReadResults(utf16le('[{"name":"a.txt","fingerprint":"f","encoding":"utf-8","size":"3","mtimeMs":0,"length":1}]\n甲'))).toThrow('entry 0 (a.txt) lacks its encoding, size or time');
    expect(() => decodeReadResults(utf16le('<html>'))).toThrow('not named texts');
    // A cut unit (an odd number of bytes): refused, not read with a replacement character.
    expect(() => decodeReadResults(new Uint8Array([...utf16le('[{"name":"a.txt","fingerprint":"f","encoding":"utf-8","size":1,"mtimeMs":0,"length":1}]\n'), 0x32]))).toThrow('an odd number of bytes');
    // UTF-8 bytes (an answer of another format), an even number of them: not read as texts.
    const asUtf8 = new TextEncoder().encode('[{"name":"a.txt","fingerprint":"f","encoding":"utf-8","size":3,"mtimeMs":0,"length":1}]\n甲 ');
    expect(asUtf8.byteLength % 2).toBe(0);
    expect(() => decodeReadResults(asUtf8)).toThrow('not named texts');
  });
});
