// Where the annotation files live in a library and what they are called. A name is only a
// place: the article's key is inside the file, so a file found under another name (a sync
// tool's conflict copy, a name made by an older rule) is still read for the right article.
//
// An article's key is a library-relative path in any script, and two keys may differ only by
// case (Linux keeps `A.md` and `a.md` apart; macOS and Windows fold them into one file). So
// the name carries a hash of the exact key, in lower-case hex, which no file system folds; the
// readable part before it is a hint for people, folded and cut short, and may repeat.
import { sha256 } from '@noble/hashes/sha2';

/** The folder, inside the library root, that holds the annotation files. */
export const ANNOTATION_FOLDER = '.pizhu';
/** The themes (codebook) of the library, one file. */
export const CODEBOOK_FILE_NAME = 'codebook.json';

/** Hex digits of the key's sha-256 in a name: 64 bits, so two keys of one library never meet. */
const HASH_HEX = 16;
/** UTF-8 bytes of the readable part: about 30 Chinese characters, far under every system's 255. */
const HINT_BYTES = 90;
const ARTICLE_NAME = new RegExp(`^[^/\\\\]+\\.[0-9a-f]{${HASH_HEX}}\\.json$`);
const DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

const utf8 = new TextEncoder();

function keyHash(key: string): string {
  const digest = sha256(utf8.encode(key));
  return Array.from(digest.subarray(0, HASH_HEX / 2), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether a character stays in a name, remembered by character: a library's keys repeat few
 * characters, and the test normalises each one twice (a first start names every article).
 */
const kept = new Map<string, boolean>();
function keeps(ch: string): boolean {
  let keep = kept.get(ch);
  if (keep === undefined) kept.set(ch, (keep = /[\p{L}\p{N}]/u.test(ch) && ch.normalize('NFD') === ch && ch.normalize('NFKC') === ch));
  return keep;
}

/** Bytes of one character (one code point) in UTF-8. */
function utf8Length(ch: string): number {
  const code = ch.codePointAt(0)!;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * The readable part: letters and digits of the key, lower-cased, everything else one `_`.
 * Only characters that every normalisation leaves alone are kept (macOS's older file system
 * stores names decomposed, so é or 한 would come back as other code points and the name would
 * no longer be the one written).
 */
function hint(key: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of key.normalize('NFC').toLowerCase()) {
    const piece = keeps(ch) ? ch : out.endsWith('_') || out === '' ? '' : '_';
    const size = piece === '' ? 0 : utf8Length(piece);
    if (bytes + size > HINT_BYTES) break;
    out += piece;
    bytes += size;
  }
  out = out.replace(/_+$/, '');
  if (out === '') return 'article';
  // `con.….json` is as reserved on Windows as `con`: it looks at the part before the first dot.
  return DEVICE_NAME.test(out) ? `${out}_` : out;
}

/** The annotation file of the article with this key (a name inside ANNOTATION_FOLDER). */
export function articleFileName(articleKey: string): string {
  return `${hint(articleKey)}.${keyHash(articleKey)}.json`;
}

export type AnnotationFileKind = 'article' | 'codebook';

/**
 * What a name in ANNOTATION_FOLDER is: an article's file, the codebook, or neither (null:
 * temporary files, conflict copies, anything a person put there).
 */
export function annotationFileKind(name: string): AnnotationFileKind | null {
  if (name === CODEBOOK_FILE_NAME) return 'codebook';
  return ARTICLE_NAME.test(name) ? 'article' : null;
}

