// Property tests of the checks at the OS boundary (IPC and the web host): they never throw on
// anything a caller sends, accept exactly the keys that stay inside the library on POSIX and
// Windows alike, and accept every file name the renderer's exporter makes.
import { posix, win32 } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidExportReason, invalidKeyReason, MAX_PATH_CHARS, unsafeFileNameReason } from '../../src-main/api.ts';
import { safeFileName, uniqueFileNames } from '../../src-renderer/core/fileNames.ts';
import { fuzzRun, shortText } from '../support/fuzzText.ts';

const reasonOrNull = (r: unknown) => r === null || (typeof r === 'string' && r.length > 0);

const SEGMENT = fc.oneof(
  fc.constantFrom('..', '.', '', '...', '. .', '.. ', 'a', '营商环境.txt', 'C:', 'c:x', '\\', '\0', ' ', '%2e%2e', '~', '\u202e', '\ud800', 'CON', 'x.md', '\u3000'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
/** Path-like strings: segments joined by / (sometimes \), sometimes absolute or very long. */
const keyLike = fc.oneof(
  fc.array(SEGMENT, { maxLength: 6 }).map((parts) => parts.join('/')),
  fc.tuple(fc.constantFrom('/', 'C:/', 'c:', '\\\\srv\\share\\', '//', ''), fc.array(SEGMENT, { maxLength: 4 })).map(([root, parts]) => root + parts.join('/')),
  fc.array(SEGMENT, { maxLength: 4 }).map((parts) => parts.join('\\')),
  fc.integer({ min: MAX_PATH_CHARS - 2, max: MAX_PATH_CHARS + 2 }).map((n) => 'a/'.repeat(n).slice(0, n)),
);

/** An independent reading of "a library-relative key": canonical, relative, and inside the root on both systems. */
function staysInside(key: string): boolean {
  if (key.length === 0 || key.length > MAX_PATH_CHARS || key.includes('\0') || key.includes('\\')) return false;
  if (posix.isAbsolute(key) || win32.isAbsolute(key) || /^[a-zA-Z]:/.test(key)) return false;
  if (posix.normalize(key) !== key || key.endsWith('/')) return false;
  return posix.resolve('/lib', key).startsWith('/lib/') && win32.resolve('C:\\lib', key).startsWith('C:\\lib\\');
}

describe('invalidKeyReason', () => {
  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(reasonOrNull(invalidKeyReason(v))).toBe(true);
      }),
      fuzzRun(0xc1, 300),
    );
  });

  it('accepts exactly the keys that stay inside the library on POSIX and Windows', () => {
    fc.assert(
      fc.property(keyLike, (key) => {
        expect(invalidKeyReason(key) === null, JSON.stringify(key)).toBe(staysInside(key));
      }),
      fuzzRun(0xc2, 500),
    );
  });
});

describe('invalidExportReason', () => {
  it('never throws, whatever it is given', () => {
    const request = fc.oneof(
      fc.anything(),
      fc.record({ suggestedName: fc.anything(), files: fc.oneof(fc.anything(), fc.array(fc.record({ path: fc.anything(), content: fc.anything() }, { requiredKeys: [] }))) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(request, (r) => {
        expect(reasonOrNull(invalidExportReason(r))).toBe(true);
      }),
      fuzzRun(0xc3, 300),
    );
  });

  it("accepts every file name the exporter makes from any title, and what it accepts is safe everywhere", () => {
    const title = fc.oneof(shortText.map((t) => t.slice(0, 300)), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('CON', 'nul.txt', ' .', '..', 'a:b', 'LPT¹', '', '\u2028'));
    fc.assert(
      fc.property(fc.array(title, { minLength: 1, maxLength: 5 }), (titles) => {
        const names = uniqueFileNames(titles.map((t) => safeFileName(t, 'md')));
        for (const name of names) expect(unsafeFileNameReason(name), JSON.stringify(name)).toBeNull();
        const request = { suggestedName: names[0], files: names.map((path) => ({ path, content: '' })) };
        expect(invalidExportReason(request)).toBeNull();
        for (const name of names) {
          // Safe everywhere: no separator, control or Windows-reserved character, no hidden
          // or trailing-dot name, at most 255 bytes.
          // eslint-disable-next-line no-control-regex
          expect(name).not.toMatch(/[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/);
          expect(name.startsWith('.') || name.endsWith('.') || name.endsWith(' ')).toBe(false);
          expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(255);
          expect(posix.basename(name)).toBe(name);
          expect(win32.basename(name)).toBe(name);
        }
      }),
      fuzzRun(0xc4, 300),
    );
  });

  it('refuses two names that differ only in case, and any unsafe name', () => {
    const name = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('a.md', 'A.md', 'CON.md', '.md', 'x.md.', 'a/b.md', 'a\\b.md', 'a\u0000.md'));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 4 }), (paths) => {
        const reason = invalidExportReason({ suggestedName: 'export', files: paths.map((path) => ({ path, content: 'x' })) });
        const folded = paths.map((p) => p.toLowerCase());
        const expectOk = new Set(folded).size === paths.length && paths.every((p) => unsafeFileNameReason(p) === null);
        expect(reason === null, JSON.stringify({ paths, reason })).toBe(expectOk);
      }),
      fuzzRun(0xc5, 300),
    );
  });
});
