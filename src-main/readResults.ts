// What readArticles answers: its files as one body of bytes (named texts, namedTexts.ts), not as
// structured values. Values of megabytes are decoded and parsed where they land, the page's
// thread, and copied once more to the scan worker; bytes go on to the worker untouched (moved,
// not copied) and are decoded there, so a first start's texts never pass through the page.
import type { ArticleError, ArticleFile, ReadResult } from './api.ts';
import { namedTextsBody, readNamedTextsBody, type NamedEntry } from './namedTexts.ts';

const UTF8_ENCODER = new TextEncoder();

/** The body: each file's key as its name, its text as the text, its other fields (or its error) beside. */
export function encodeReadResults(results: readonly ReadResult[]): Uint8Array<ArrayBuffer> {
  const entries: NamedEntry[] = results.map((result) => {
    if (!result.ok) return { name: result.key, error: result.error };
    const { key, ...fields } = result.file;
    return { ...fields, name: key };
  });
  return UTF8_ENCODER.encode(namedTextsBody(entries));
}

/** The results of a body encodeReadResults made, in its order; throws, saying what is wrong, on any other. */
export function decodeReadResults(bytes: Uint8Array): ReadResult[] {
  const read = readNamedTextsBody(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
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
