// Many named texts in one HTTP body, without wrapping each text in JSON again: a first line of
// JSON with each name and its text's length in UTF-16 units, then the texts one after another.
// The texts are annotation files, JSON themselves: as strings inside a JSON body every quote
// in them was escaped, and making that body was most of what the page did to write them.
// UTF-16 lengths hold across the UTF-8 of the body: a lone surrogate the encoder replaces
// becomes U+FFFD, one unit again.

export interface NamedText {
  name: string;
  text: string;
}

/** The body carrying `files`. */
export function namedTextsBody(files: readonly NamedText[]): string {
  const head = JSON.stringify(files.map((f) => ({ name: f.name, length: f.text.length })));
  return `${head}\n${files.map((f) => f.text).join('')}`;
}

/** The files of a body namedTextsBody made; a message saying what is wrong with any other. */
export function readNamedTextsBody(body: string): { ok: true; files: NamedText[] } | { ok: false; error: string } {
  const newline = body.indexOf('\n');
  if (newline < 0) return { ok: false, error: 'body has no line of names' };
  let head: unknown;
  try {
    head = JSON.parse(body.slice(0, newline));
  } catch {
    return { ok: false, error: 'the line of names is not JSON' };
  }
  if (!Array.isArray(head)) return { ok: false, error: 'the line of names is not a list' };
  const files: NamedText[] = [];
  let at = newline + 1;
  for (const [i, entry] of head.entries()) {
    const { name, length } = (entry ?? {}) as { name?: unknown; length?: unknown };
    if (typeof name !== 'string' || !Number.isSafeInteger(length) || (length as number) < 0) return { ok: false, error: `entry ${i} must have a name and a length` };
    if (at + (length as number) > body.length) return { ok: false, error: `the texts are shorter than their lengths (at entry ${i})` };
    files.push({ name, text: body.slice(at, at + (length as number)) });
    at += length as number;
  }
  if (at !== body.length) return { ok: false, error: 'the texts are longer than their lengths' };
  return { ok: true, files };
}
