// File names for exports that every desktop file system accepts: Windows refuses
// <>:"/\|?* and control characters, names ending in a dot or space, and the DOS device names
// (CON, NUL, COM1 … even with an extension); macOS and Linux refuse `/` and NUL and cap a
// name at 255 bytes (UTF-8), which a long Chinese title reaches at about 80 characters.
// Chinese is kept as it is: these names are for people.

/** Characters Windows forbids in a name, plus every C0/C1 control and the Unicode separators. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Bytes of UTF-8, leaving room for a " (12)" suffix and a temp-file prefix on the way. */
export const MAX_NAME_BYTES = 200;

const utf8Length = (s: string): number => {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
};

/** Cuts `s` to at most `bytes` UTF-8 bytes on a code-point boundary. */
function clip(s: string, bytes: number): string {
  let out = '';
  let n = 0;
  for (const ch of s) {
    const len = utf8Length(ch);
    if (n + len > bytes) break;
    out += ch;
    n += len;
  }
  return out;
}

/**
 * A safe file name for `title` with extension `ext` (no dot). Reserved characters become
 * `_`, runs of whitespace one space, a leading dot is dropped (a hidden file is a lost
 * export), trailing dots and spaces go, device names get a `_`, and the result fits
 * MAX_NAME_BYTES. An empty result falls back to `fallback`.
 */
export function safeFileName(title: string, ext: string, fallback = 'untitled'): string {
  let base = title.normalize('NFC').replace(/\s+/g, ' ').replace(FORBIDDEN, '_').trim();
  base = base.replace(/^\.+/, '');
  base = clip(base, MAX_NAME_BYTES - utf8Length(ext) - 1).replace(/[. ]+$/, '');
  if (base === '' || /^_+$/.test(base)) base = fallback;
  // `nul.md` is as reserved as `nul`: Windows looks at the part before the first dot.
  if (DEVICE_NAME.test(base.split('.')[0])) base = `_${base}`;
  return ext ? `${base}.${ext}` : base;
}

/** Whether `name` is already what safeFileName would leave alone (hosts check names they are sent). */
export function isSafeFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  return safeFileName(name.slice(0, dot), name.slice(dot + 1)) === name;
}

/**
 * Distinct names for one folder, in order: macOS and Windows fold case, so `A.md` and
 * `a.md` would overwrite each other; the later ones get " (2)", " (3)" … before the extension.
 */
export function uniqueFileNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const base = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
