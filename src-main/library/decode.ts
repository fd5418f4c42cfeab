// Turns the bytes of a library file into LF-normalised text, or says clearly why it cannot.
// The hard case is legacy CJK: Big5 bytes very often decode "without error" as GB18030
// (and the other way round), so a clean decode proves nothing. When both legacy decoders
// accept the bytes we score each decoding by how much of it is made of characters a
// Chinese text actually uses, and refuse the file rather than guess when neither looks
// like Chinese.
import { createHash } from 'node:crypto';
import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import type { ArticleError, TextEncoding } from '../api.ts';

export type DecodeResult = { ok: true; text: string; encoding: TextEncoding } | { ok: false; error: ArticleError };

/** sha-256 (hex) of the decoded, LF-normalised text: the article's content identity. */
export function fingerprintText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function decodeBytes(buf: Uint8Array): DecodeResult {
  if (buf.length === 0) return fail('empty', 'the file has no bytes');

  const bom = detectBom(buf);
  if (bom) {
    const text = strictDecode(bom.decoder, buf.subarray(bom.length));
    if (text === null) return fail('undecodable', `the file starts with a ${bom.encoding} byte-order mark but is not valid ${bom.encoding}`);
    return finish(text, bom.encoding);
  }

  if (buf.includes(0)) return fail('binary', 'the file contains NUL bytes');

  const utf8 = strictDecode('utf-8', buf);
  if (utf8 !== null) return finish(utf8, 'utf-8');

  if (controlByteRatio(buf) > BINARY_CONTROL_RATIO) return fail('binary', 'the file is mostly control bytes');

  const candidates: Candidate[] = [];
  for (const encoding of ['gb18030', 'big5'] as const) {
    const text = strictDecode(encoding, buf);
    if (text !== null) candidates.push({ encoding, text, score: chineseScore(text), detector: 0 });
  }
  if (candidates.length === 0) return fail('undecodable', 'the bytes are not valid UTF-8, GB18030 or Big5');

  // The detector only breaks ties: its statistics are good on long texts and weak on a line or two.
  for (const match of analyse(buf.subarray(0, DETECTOR_SAMPLE_BYTES))) {
    const candidate = candidates.find((c) => c.encoding === detectorName(match.name));
    if (candidate && candidate.detector === 0) candidate.detector = match.confidence;
  }
  candidates.sort((a, b) => b.score - a.score || b.detector - a.detector);
  const best = candidates[0];
  if (best.score < MIN_CHINESE_SCORE) {
    return fail('undecodable', `the bytes decode as ${candidates.map((c) => c.encoding).join(' or ')} but do not read as Chinese text (score ${best.score.toFixed(2)})`);
  }
  return finish(best.text, best.encoding);
}

interface Candidate {
  encoding: 'gb18030' | 'big5';
  text: string;
  score: number;
  detector: number;
}

/** Share of control characters above which a decoded text is treated as binary. */
const BINARY_CONTROL_RATIO = 0.1;
/** Below this share of common characters a legacy decoding is considered garbled. */
const MIN_CHINESE_SCORE = 0.6;
/** The detector's statistics settle long before this; big files stay cheap. */
const DETECTOR_SAMPLE_BYTES = 256 * 1024;
/** Scoring a prefix is enough to tell two decodings apart and keeps big files cheap. */
const SCORE_SAMPLE_CHARS = 20_000;

function fail(code: ArticleError['code'], detail: string): DecodeResult {
  return { ok: false, error: { code, detail } };
}

function finish(decoded: string, encoding: TextEncoding): DecodeResult {
  const text = decoded.replace(/\r\n?/g, '\n');
  if (/^\s*$/u.test(text)) return fail('empty', 'the file contains only whitespace');
  if (text.includes('\0') || controlCharRatio(text) > BINARY_CONTROL_RATIO) return fail('binary', `decoded as ${encoding}, the text is mostly control characters`);
  return { ok: true, text, encoding };
}

function detectBom(buf: Uint8Array): { encoding: TextEncoding; decoder: string; length: number } | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8-bom', decoder: 'utf-8', length: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', decoder: 'utf-16le', length: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', decoder: 'utf-16be', length: 2 };
  return null;
}

function strictDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    // ignoreBOM keeps a second BOM (or one we already sliced off) visible instead of silently eaten.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function detectorName(name: string): 'gb18030' | 'big5' | null {
  if (name === 'GB18030') return 'gb18030';
  if (name === 'Big5') return 'big5';
  return null;
}

function isControlCode(code: number): boolean {
  // Tab, LF, FF and CR are ordinary in text files.
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f;
}

function controlByteRatio(buf: Uint8Array): number {
  let n = 0;
  for (const b of buf) if (isControlCode(b)) n++;
  return n / buf.length;
}

function controlCharRatio(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (isControlCode(text.charCodeAt(i))) n++;
  return n / text.length;
}

const commonCache = new Map<string, boolean>();

/**
 * Share of the non-ASCII characters that are ones Chinese prose is made of: common CJK
 * punctuation, or ideographs in the frequent tier of either national standard (GB2312
 * level 1, Big5 "frequently used" A440–C67E). Big5 read as GB18030 turns into kana,
 * Greek, box drawing, private-use and rare GBK-extension ideographs; GB read as Big5
 * lands largely in Big5's less-frequent tier and symbol rows. A correct decoding of
 * either script scores close to 1.
 */
export function chineseScore(text: string): number {
  let total = 0;
  let common = 0;
  let seen = 0;
  for (const ch of text) {
    if (++seen > SCORE_SAMPLE_CHARS) break;
    const code = ch.codePointAt(0)!;
    if (code < 0x80) continue;
    total++;
    let isCommon = commonCache.get(ch);
    if (isCommon === undefined) {
      isCommon = isCommonPunctuation(code) || isFrequentIdeograph(ch);
      commonCache.set(ch, isCommon);
    }
    if (isCommon) common++;
  }
  return total === 0 ? 1 : common / total;
}

function isCommonPunctuation(code: number): boolean {
  return (
    code === 0xb7 || // middle dot
    (code >= 0x2010 && code <= 0x2027) || // dashes, curly quotes, ellipsis
    (code >= 0x3000 && code <= 0x3011) || // ideographic space, 、。〈〉《》「」『』【】
    (code >= 0xff01 && code <= 0xff5e) // full-width ASCII forms ，：；！？（）
  );
}

function isFrequentIdeograph(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  if (code < 0x4e00 || code > 0x9fff) return false;
  const gb = iconv.encode(ch, 'gbk');
  if (gb.length === 2 && gb[0] >= 0xb0 && gb[0] <= 0xd7 && gb[1] >= 0xa1 && gb[1] <= 0xfe) return true;
  const big5 = iconv.encode(ch, 'big5');
  if (big5.length === 2) {
    const pair = (big5[0] << 8) | big5[1];
    if (pair >= 0xa440 && pair <= 0xc67e) return true;
  }
  return false;
}
