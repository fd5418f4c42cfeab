// Many named texts in one HTTP body, without wrapping each text in JSON again: a first line of
// JSON with each entry (its name, any other fields, and its text's length in UTF-16 units
// where it has a text), then the texts one after another. The texts are annotation files, JSON
// themselves: as strings inside a JSON body every quote in them was escaped, and making and
// reading that body was most of what a bulk write or read of them cost.
// UTF-16 lengths hold across the UTF-8 of the body: a lone surrogate the encoder replaces
// becomes U+FFFD, one unit again.

export interface NamedText {
  name: string;
  text: string;
}

/** One entry of a body: a name, a text or none (a file that could not be read), and fields of JSON beside. */
export type NamedEntry = { name: string; text?: string } & Record<string, unknown>;

/** The first line of a body: each entry's fields, and its text's length in UTF-16 units where it has a text. */
function namedTextsHead<E extends Record<string, unknown>>(entries: readonly E[], textLength: (entry: E) => number | undefined, textKeys: readonly string[]): string {
  return JSON.stringify(
    entries.map((entry) => {
      const fields = Object.fromEntries(Object.entries(entry).filter(([k]) => !textKeys.includes(k)));
      const length = textLength(entry);
      return length === undefined ? fields : { ...fields, length };
    }),
  );
}

/** The body carrying `entries`. */
export function namedTextsBody(entries: readonly NamedEntry[]): string {
  return namedTextsBodyParts(entries).join('');
}

/** The body carrying `entries`, in parts (the line of names, then each text): a sender may hand them on without joining them. */
export function namedTextsBodyParts(entries: readonly NamedEntry[]): string[] {
  const head = namedTextsHead(entries, (e) => e.text?.length, ['text']);
  return [`${head}\n`, ...entries.flatMap((f) => (f.text ? [f.text] : []))];
}

/** An entry whose text is still UTF-8 bytes, with the text's length in UTF-16 units. */
export type NamedBytesEntry = { name: string; bytes?: Uint8Array; textLength?: number } & Record<string, unknown>;

/**
 * The UTF-8 of the body namedTextsBody makes of the same entries decoded, built from their bytes:
 * the texts are never decoded and encoded again on their way through.
 */
export function namedTextsBodyBytes(entries: readonly NamedBytesEntry[]): Buffer {
  const head = namedTextsHead(entries, (e) => (e.bytes === undefined ? undefined : e.textLength), ['bytes', 'textLength']);
  return Buffer.concat([Buffer.from(`${head}\n`, 'utf8'), ...entries.flatMap((f) => (f.bytes === undefined ? [] : [f.bytes]))]);
}

/** The entries of a body namedTextsBody made; a message saying what is wrong with any other. */
export function readNamedTextsBody(body: string): { ok: true; files: NamedEntry[] } | { ok: false; error: string } {
  const newline = body.indexOf('\n');
  if (newline < 0) return { ok: false, error: 'body has no line of names' };
  let head: unknown;
  try {
    head = JSON.parse(body.slice(0, newline));
  } catch {
    return { ok: false, error: 'the line of names is not JSON' };
  }
  if (!Array.isArray(head)) return { ok: false, error: 'the line of names is not a list' };
  const files: NamedEntry[] = [];
  let at = newline + 1;
  for (const [i, entry] of head.entries()) {
    const { length, ...fields } = (entry ?? {}) as { name?: unknown; length?: unknown };
    if (typeof fields.name !== 'string' || (length !== undefined && (!Number.isSafeInteger(length) || (length as number) < 0))) return { ok: false, error: `entry ${i} must have a name, and a length if it has a text` };
    if (length === undefined) {
      files.push(fields as NamedEntry);
      continue;
    }
    if (at + (length as number) > body.length) return { ok: false, error: `the texts are shorter than their lengths (at entry ${i})` };
    files.push({ ...fields, text: body.slice(at, at + (length as number)) } as NamedEntry);
    at += length as number;
  }
  if (at !== body.length) return { ok: false, error: 'the texts are longer than their lengths' };
  return { ok: true, files };
}
