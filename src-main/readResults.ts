// What readArticles answers: its files as one body of bytes (named texts, namedTexts.ts), not as
// structured values. Values of megabytes are decoded and parsed where they land, the page's
// thread, and copied once more to the scan worker; bytes go on to the worker untouched (moved,
// not copied) and are decoded there, so a first start's texts never pass through the page.
//
// The bytes are the body's UTF-16 code units, little-endian, not its UTF-8: the texts are
// JavaScript strings on both sides, so the host copies units out and the worker copies them
// back, where UTF-8 had to be encoded and then decoded and checked sequence by sequence.
// Chromium's TextDecoder took 75 ms for the UTF-8 of 3 million characters of Chinese prose and
// 28 ms for their UTF-16; the search worker's decoding over a first start of the bench's
// 10,000 articles fell from 1.3 s to 0.3 s (tests/bench/profileColdStart.ts). Chinese is two
// bytes a character here where UTF-8 took three; ASCII (the line of names, Latin text,
// Markdown's marks) takes two where it took one, which the batches, sized by the files' bytes
// on disk, do not count.
import type { ArticleError, ArticleFile, ReadResult } from './api.ts';
import { namedTextsBodyParts, readNamedTextsBody, type NamedEntry } from './namedTexts.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `parts` joined, as UTF-16LE bytes (code units copied as they are: a lone surrogate too).
 * `littleEndian`: whether this machine keeps a Uint16Array's units little-endian, as UTF-16LE
 * has them, so they are written through one; the tests pass false to check the byte-by-byte
 * way, which no machine Pizhu runs on takes.
 */
export function utf16leBytes(parts: readonly string[], littleEndian: boolean = LITTLE_ENDIAN): Uint8Array<ArrayBuffer> {
  let units = 0;
  for (const part of parts) units += part.length;
  const bytes = new Uint8Array(units * 2);
  let at = 0;
  if (littleEndian) {
    const view = new Uint16Array(bytes.buffer);
    for (const part of parts) for (let i = 0; i < part.length; i++) view[at++] = part.charCodeAt(i);
  } else {
    for (const part of parts) {
      for (let i = 0; i < part.length; i++) {
        const unit = part.charCodeAt(i);
        bytes[at++] = unit & 0xff;
        bytes[at++] = unit >> 8;
      }
    }
  }
  return bytes;
}

/** The body: each file's key as its name, its text as the text, its other fields (or its error) beside. */
export function encodeReadResults(results: readonly ReadResult[]): Uint8Array<ArrayBuffer> {
  const entries: NamedEntry[] = results.map((result) => {
    if (!result.ok) return { name: result.key, error: result.error };
    const { key, ...fields } = result.file;
    return { ...fields, name: key };
  });
  return utf16leBytes(namedTextsBodyParts(entries));
}

/** The results of a body encodeReadResults made, in its order; throws, saying what is wrong, on any other. */
export function decodeReadResults(bytes: Uint8Array): ReadResult[] {
  // An odd count is a cut answer. Not fatal: a unit that is not valid UTF-16 (a lone
  // surrogate, which a JavaScript string may hold) is read as U+FFFD, one unit for one, so
  // every text after it still starts where its length says.
  if (bytes.byteLength % 2 !== 0) throw new Error('readArticles: the answer is not named texts: an odd number of bytes is not UTF-16');
  const read = readNamedTextsBody(new TextDecoder('utf-16le').decode(bytes));
  if (!read.ok) throw new Error(`readArticles: the answer is not named texts: ${read.error}`);
  return read.files.map((entry, i): ReadResult => {
    const { name, text, error, ...fields } = entry as NamedEntry & { error?: ArticleError };
    if (error !== undefined) {
      if (typeof error !== 'object' || error === null || typeof error.code !== 'string') throw new Error(`readArticles: entry ${i} (${name}) has an error without a code`);
      return { ok: false, key: name, error };
    }
    if (text === undefined || typeof fields.fingerprint !== 'string') throw new Error(`readArticles: entry ${i} (${name}) has neither a text with its fingerprint nor an error`);
    if (typeof fields.encoding !== 'string' || typeof fields.size !== 'number' || typeof fields.mtimeMs !== 'number') throw new Error(`readArticles: entry ${i} (${name}) lacks its encoding, size or time`);
    return { ok: true, file: { ...(fields as Omit<ArticleFile, 'key' | 'text'>), key: name, text } };
  });
}
