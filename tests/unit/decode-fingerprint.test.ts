// An article's fingerprint is the sha-256 of its decoded, LF-normalised text's UTF-8, however
// the file stored it. The expected hashes were taken with coreutils' sha256sum of the text
// (`printf '批注：营商环境\n第二段。\n' | sha256sum`), not by the code under test.
import { describe, expect, it } from 'vitest';
import { decodeBytes, fingerprintDecoded } from '../../src-main/library/decode.ts';

/** sha256sum of "批注：营商环境\n第二段。\n" in UTF-8. */
const TEXT_SHA256 = 'cf14568b377bbaf1fee51edf71cd055ceb49c3a51c77b79b14450d526533d3b7';
/** sha256sum of the same text with CRLF line ends: what the fingerprint must not be. */
const CRLF_SHA256 = '2e3676e6f046d48a6ee70c794d698f3e3b248fbc35342441f986a97e242544b7';
const TEXT = '批注：营商环境\n第二段。\n';
/** sha256sum of the text four times over. */
const TEXT_TIMES_4_SHA256 = '45a648b3ee44269891582e8481a530b18a37098b859023a517d23fae3a2547ff';
/** sha256sum of the text three times over. */
const TEXT_TIMES_3_SHA256 = '56676a274449e9def9fb9708e4d2f82be81f1fdf54dd20603e03891328e284af';

function decoded(bytes: Uint8Array) {
  const result = decodeBytes(bytes);
  if (!result.ok) throw new Error(`not decoded: ${result.error.detail}`);
  return result;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('fingerprintDecoded', () => {
  it('hashes a UTF-8 file that is its text as it is, and gives the text’s sha-256', () => {
    const bytes = utf8(TEXT);
    const result = decoded(bytes);
    expect(result.utf8).toBe(bytes);
    expect(fingerprintDecoded(result)).toBe(TEXT_SHA256);
  });

  it('hashes the text, not the bytes, where decoding changed them: CRLF, a byte-order mark, a dropped control', () => {
    const crlf = decoded(utf8(TEXT.replaceAll('\n', '\r\n')));
    expect(crlf.utf8).toBeUndefined();
    expect(fingerprintDecoded(crlf)).toBe(TEXT_SHA256);
    expect(fingerprintDecoded(crlf)).not.toBe(CRLF_SHA256);

    const bom = decoded(concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(TEXT)));
    expect(bom.utf8).toBeUndefined();
    expect(fingerprintDecoded(bom)).toBe(TEXT_SHA256);

    const control = decoded(utf8(TEXT.replace('营商', '营\u0010商')));
    expect(control.text).toBe(TEXT);
    expect(control.utf8).toBeUndefined();
    expect(fingerprintDecoded(control)).toBe(TEXT_SHA256);
  });

  it('hashes the text where decoding turned a line break into LF or dropped a character: lone CR, U+2028, NEL, NUL, C1', () => {
    // A NUL in under 1 % of the bytes is a stray one: that file holds the text four times.
    const variants: [string, string, string, string][] = [
      ['lone CR', TEXT.replaceAll('\n', '\r'), TEXT, TEXT_SHA256],
      ['line separator', TEXT.replace('\n', '\u2028'), TEXT, TEXT_SHA256],
      ['next line (C1)', TEXT.replace('\n', '\u0085'), TEXT, TEXT_SHA256],
      ['C1 control', TEXT.replace('商', '商\u0090'), TEXT, TEXT_SHA256],
      ['stray NUL', TEXT.repeat(4).replace('商', '商\u0000'), TEXT.repeat(4), TEXT_TIMES_4_SHA256],
    ];
    for (const [what, stored, text, sha256] of variants) {
      const result = decoded(utf8(stored));
      expect(result.text, what).toBe(text);
      expect(result.utf8, what).toBeUndefined();
      expect(fingerprintDecoded(result), what).toBe(sha256);
    }
  });

  it('gives a UTF-16 file without a byte-order mark the fingerprint of its text in UTF-8', () => {
    // The text three times: long enough for a UTF-16 reading without a mark to be trusted.
    const result = decoded(Uint8Array.from(Buffer.from(TEXT.repeat(3), 'utf16le')));
    expect(result.encoding).toBe('utf-16le');
    expect(result.utf8).toBeUndefined();
    // printf '批注：营商环境\n第二段。\n%.0s' 1 2 3 | sha256sum
    expect(fingerprintDecoded(result)).toBe(TEXT_TIMES_3_SHA256);
  });

  it('gives a GB18030 file the fingerprint of its text in UTF-8', () => {
    // iconv -f utf-8 -t gb18030 of the text.
    const gb = Uint8Array.from(Buffer.from('c5fad7a2a3bad3aac9ccbbb7beb30ab5dab6feb6cea1a30a', 'hex'));
    const result = decoded(gb);
    expect(result.encoding).toBe('gb18030');
    expect(result.utf8).toBeUndefined();
    expect(fingerprintDecoded(result)).toBe(TEXT_SHA256);
  });

  it('does not take bytes that are not UTF-8 for it', () => {
    // A lone continuation byte after UTF-8: valid in no encoding the reader decodes.
    const result = decodeBytes(concat(utf8(TEXT), Uint8Array.of(0x80)));
    expect(result).toEqual({ ok: false, error: { code: 'undecodable', detail: 'the bytes are not valid UTF-8, UTF-16, GB18030 or Big5' } });
  });
});
