// Hostile and odd library files: legacy and BOM-less encodings, mixed line
// endings, control characters, binaries, special files, odd names, files that change under
// an open article. Every case must give the right text or a clear error, and never break
// the rest of the library.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeBytes, fingerprintText, readableText } from '../../src-main/library/decode.ts';
import { LibraryService } from '../../src-main/library/libraryService.ts';
import { MAX_ARTICLE_BYTES, type ArticleEntry, type TextEncoding } from '../../src-main/api.ts';
import { convertWithMap } from '../../src-renderer/core/scriptView.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { mulberry32 } from '../support/prng.ts';
import { fuzzRun } from '../support/fuzzText.ts';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURES = join(REPO, 'tests/fixtures/encodings');
const SEEDS = join(REPO, 'seeds');
const SEED_FILES = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
const seedText = (n: number): string => readFileSync(join(SEEDS, SEED_FILES[n]), 'utf8');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const expectedText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function decoded(bytes: Uint8Array): { encoding: TextEncoding; text: string } {
  const result = decodeBytes(bytes);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return { encoding: result.encoding, text: result.text };
}
function errorCode(bytes: Uint8Array): string | null {
  const result = decodeBytes(bytes);
  return result.ok ? null : result.error.code;
}

describe('decode: legacy and BOM-less encodings', () => {
  it('reads a title-only Big5 file and a punctuation-only Big5 file as Big5', () => {
    expect(decoded(fixture('big5-title.txt'))).toEqual({ encoding: 'big5', text: '濉溪縣經濟發展紀實\n' });
    expect(decoded(fixture('big5-punctuation.txt'))).toEqual({ encoding: 'big5', text: '「」『』，。、；：！？（）……——\n' });
    // Both are also valid GB18030, which would read them as something else entirely.
    for (const name of ['big5-title.txt', 'big5-punctuation.txt']) {
      const asGb = new TextDecoder('gb18030', { fatal: true }).decode(fixture(name));
      expect(asGb).not.toBe(decoded(fixture(name)).text);
    }
  });

  it('reads a GB18030 line whose only non-ASCII character is a four-byte ©', () => {
    const line = 'Copyright © 1999-2017 Zjol. All Rights Reserved';
    expect(decoded(iconv.encode(line, 'gb18030'))).toEqual({ encoding: 'gb18030', text: line });
  });

  it('reads GB18030 four-byte sequences: 𠀀, 㐀 and € come back exactly', () => {
    const bytes = fixture('gb18030-4byte.txt');
    expect([...bytes.subarray(0, 4)]).toEqual([0x95, 0x32, 0x82, 0x36]);
    const { encoding, text } = decoded(bytes);
    expect(encoding).toBe('gb18030');
    expect(text).toBe(expectedText('gb18030-4byte.expected.txt'));
    expect(text).toContain('𠀀');
    expect(text).toContain('㐀');
  });

  it('reads UTF-16 without a byte-order mark, LE and BE, from the NUL pattern of its ASCII', () => {
    expect(decoded(fixture('utf16le-nobom.txt'))).toEqual({ encoding: 'utf-16le', text: seedText(0) });
    expect(decoded(fixture('utf16be-nobom.txt'))).toEqual({ encoding: 'utf-16be', text: seedText(2) });
  });

  it('reads BOM-less UTF-16 made only of Chinese (no NUL byte at all) from its ideographs', () => {
    expect(decoded(fixture('utf16le-nobom-cjk.txt'))).toEqual({ encoding: 'utf-16le', text: expectedText('utf16le-nobom-cjk.expected.txt') });
  });

  it('reads ASCII-only UTF-16 without a BOM as text, not binary', () => {
    const text = 'Plain English notes, 2024-05-01.\nSecond line.\n';
    expect(decoded(iconv.encode(text, 'utf-16le'))).toEqual({ encoding: 'utf-16le', text });
    expect(decoded(iconv.encode(text, 'utf-16be'))).toEqual({ encoding: 'utf-16be', text });
  });

  // Property: random passages of the seeds, written in each encoding, decode back exactly.
  const simplified = SEED_FILES.slice(0, 4).map((_, i) => seedText(i));
  const traditional = [seedText(4), ...simplified.map((s) => convertWithMap(s, 's2t').text)];
  /** Big5 has no tone letters and not every ideograph: keep the characters it writes (HKSCS rows aside, which Node's decoder lacks). */
  const big5Decoder = new TextDecoder('big5');
  const big5able = traditional.map((s) => [...s].filter((ch) => big5Decoder.decode(iconv.encode(ch, 'big5')) === ch).join(''));
  const passage = (sources: readonly string[], minChars: number) =>
    fc
      .record({ source: fc.integer({ min: 0, max: sources.length - 1 }), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: minChars, max: 3000 }) })
      .map(({ source, at, length }) => {
        const text = sources[source];
        const start = Math.floor(at * Math.max(0, text.length - length));
        // Never cut a surrogate pair: a lone half is not text in any encoding.
        return Array.from(text.slice(start, start + length).replace(/^[\udc00-\udfff]|[\ud800-\udbff]$/g, '')).join('');
      })
      .filter((text) => text.trim() !== '');

  const encodings: [TextEncoding, (text: string) => Uint8Array, readonly string[], number][] = [
    ['utf-8', (t) => Buffer.from(t, 'utf8'), simplified, 1],
    ['utf-8-bom', (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]), traditional, 1],
    ['utf-16le', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(t, 'utf-16le')]), traditional, 1],
    ['utf-16be', (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(t, 'utf-16be')]), simplified, 1],
    // A handful of legacy characters can read right both ways (犁坝吏 is valid GB18030 for Big5 營環境);
    // from about 24 characters on, no seed passage is ambiguous (0 of 2,000 at 32, 1–2 of 2,000 at 16).
    ['gb18030', (t) => iconv.encode(t, 'gb18030'), simplified, 24],
    ['big5', (t) => iconv.encode(t, 'big5'), big5able, 24],
  ];
  for (const [encoding, encode, sources, minChars] of encodings) {
    it(`property: seed passages written as ${encoding} decode back exactly (${minChars}+ characters)`, () => {
      fc.assert(
        fc.property(passage(sources, minChars), (text) => {
          const result = decodeBytes(encode(text));
          expect(result.ok && result.encoding).toBe(encoding);
          expect(result.ok && result.text).toBe(text);
        }),
        fuzzRun(0xb16 + minChars + encoding.length, 150),
      );
    });
  }

  it('property: BOM-less UTF-16 seed passages of a paragraph or more decode back exactly', () => {
    fc.assert(
      fc.property(passage(simplified, 60), fc.boolean(), (text, little) => {
        const result = decodeBytes(iconv.encode(text, little ? 'utf-16le' : 'utf-16be'));
        expect(result.ok && result.encoding).toBe(little ? 'utf-16le' : 'utf-16be');
        expect(result.ok && result.text).toBe(text);
      }),
      fuzzRun(0x16b0, 150),
    );
  });
});

describe('decode: line endings and control characters', () => {
  it('turns CRLF, CR, LF, NEL, VT, FF and U+2028 into LF, and U+2029 into a blank line', () => {
    const raw = '第一行\r\n第二行\r第三行\n第四行\u0085第五行\u2028第六行\u000b第七行\u000c第八行\u2029第二段';
    expect(decoded(Buffer.from(raw, 'utf8')).text).toBe('第一行\n第二行\n第三行\n第四行\n第五行\n第六行\n第七行\n第八行\n\n第二段');
    // The same text in a legacy encoding (no NEL or U+2028 there) normalises the same way.
    expect(decoded(iconv.encode('第一行\r\n第二行\r第三行\n第四行', 'gb18030')).text).toBe('第一行\n第二行\n第三行\n第四行');
  });

  it('strips C0 (but tab), DEL, C1, NUL, a stray BOM, U+200B and U+2060; keeps ZWJ, ZWNJ and variation selectors', () => {
    const paragraph = seedText(0).slice(200, 600);
    const raw = '营商\u0000环境\u0001是\u0007一\u001b[0m项\u007f工作\u0080\u009f。\u200b\ufeff第二\u2060句\t有制表符。👩\u200d👩\u200d👧 a\u200cb 葛\udb40\udd00\n';
    const { text } = decoded(Buffer.from(raw + paragraph, 'utf8'));
    expect(text).toBe('营商环境是一[0m项工作。第二句\t有制表符。👩\u200d👩\u200d👧 a\u200cb 葛\udb40\udd00\n' + paragraph);
  });

  it('reads a mostly-text file with a few controls (a NUL-padded tail too) as text, not binary', () => {
    const body = seedText(1);
    const withControls = Buffer.concat([Buffer.from(body.slice(0, 500), 'utf8'), Buffer.from([0x00, 0x01, 0x1b, 0x7f]), Buffer.from(body.slice(500), 'utf8'), Buffer.alloc(40)]);
    expect(decoded(withControls)).toEqual({ encoding: 'utf-8', text: body });
    const gb = Buffer.concat([iconv.encode(body.slice(0, 300), 'gb18030'), Buffer.from([0x00, 0x07]), iconv.encode(body.slice(300), 'gb18030')]);
    expect(decoded(gb)).toEqual({ encoding: 'gb18030', text: body });
  });

  it('leaves every seed exactly as it was: fingerprints did not move', () => {
    const before = [
      '831972dbc213073b404e5ff1990e4bac16274a89d52037dbd29aea04b172a580',
      'a497d8dd9d8292ce7b5b7bf920ce93352f1d934b769ca6f5e13c0fdfc5007076',
      'e520efc05354c6868eacbddcf3fdfb418b5b6774de0a257b59d1d9dd2d4d4f31',
      '14cfac84ea9d9b08cabacc00057d378aaf7ded6030ecd2e44ef438f85728d582',
      'a66a75683d2b0cf4ba5f03dae0e4d93081b5c8920234453ad3794454b6916957',
    ];
    expect(SEED_FILES.map((f) => fingerprintText(decoded(readFileSync(join(SEEDS, f))).text))).toEqual(before);
    for (let i = 0; i < 5; i++) expect(readableText(seedText(i))).toBe(seedText(i));
  });
});

/** Minimal but well-formed headers of formats users drop into a folder by mistake. */
function pngBytes(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, Buffer.from('IEND')]);
}
function zipBytes(): Buffer {
  const name = Buffer.from('文章.txt');
  const data = Buffer.from('营商环境');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, data]);
}
function elfBytes(): Buffer {
  const elf = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(elf);
  elf.write('/lib64/ld-linux-x86-64.so.2', 64);
  return elf;
}
function randomBytes(seed: number, n: number): Buffer {
  const next = mulberry32(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
}

describe('decode: binaries are binary', () => {
  it('PNG, ZIP, ELF, gzip, PDF, JPEG and random bytes are binary', () => {
    expect(errorCode(pngBytes())).toBe('binary');
    expect(errorCode(zipBytes())).toBe('binary');
    expect(errorCode(elfBytes())).toBe('binary');
    expect(errorCode(fixture('binary.txt'))).toBe('binary');
    expect(errorCode(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1'))).toBe('binary');
    expect(errorCode(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]))).toBe('binary');
    for (const seed of [1, 2, 3, 4, 5]) expect(errorCode(randomBytes(seed, 4096)), `random seed ${seed}`).toBe('binary');
  });

  it('headerless binaries (a gzip stream without its magic, an ELF without its first bytes) are binary by content', () => {
    expect(errorCode(fixture('binary.txt').subarray(10))).toBe('binary');
    expect(errorCode(elfBytes().subarray(4))).toBe('binary');
  });

  it('bytes that fit no encoding but look like text are undecodable, not binary', () => {
    expect(errorCode(fixture('undecodable.txt'))).toBe('undecodable');
  });
});

describe('clean and parse of a file with no line breaks', () => {
  it('a 1 MB single line parses to blocks covering all of it, with a short derived title', () => {
    const body = seedText(2).replace(/\s+/g, '');
    let line = '';
    while (line.length < 1_000_000) line += body;
    const { clean, article } = loadArticle(line, { fileName: 'one-line.txt' });
    expect(clean.text.length).toBeGreaterThan(900_000);
    expect(article.meta.titleDerived).toBe(true);
    expect(article.meta.title.length).toBeGreaterThan(0);
    expect(article.meta.title.length).toBeLessThanOrEqual(40);
    expect(article.blocks.length).toBeGreaterThanOrEqual(1);
    expect(article.blocks.length).toBeLessThan(10_000);
    expect(article.blocks.at(-1)!.end).toBe(clean.text.length);
  });
});

// ── the library service and the web host ─────────────────────────────────────

const temps: string[] = [];
const closers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c.close();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-hostile-'));
  temps.push(dir);
  return dir;
}
function service(root: string, options: Partial<ConstructorParameters<typeof LibraryService>[1]> = {}): LibraryService {
  const s = new LibraryService(root, { isDefault: false, debounceMs: 50, ...options });
  closers.push(s);
  return s;
}
function byKey(entries: readonly ArticleEntry[]): Record<string, ArticleEntry> {
  return Object.fromEntries(entries.map((e) => [e.key, e]));
}
async function readText(s: LibraryService, key: string): Promise<string> {
  const result = await s.read(key);
  if (!result.ok) throw new Error(`${key}: ${result.error.code}`);
  return result.file.text;
}

/** Names users really have: URL-special characters, emoji, Chinese, a leading dash, 255 bytes, both Unicode normal forms. */
const ODD_NAMES = [
  'with space.txt',
  'hash#1.txt',
  '100%.txt',
  'why?.txt',
  'a&b=c.txt',
  'c++ notes.txt',
  '📚阅读 🎉.txt',
  '营商环境：县域观察（一）.md',
  '-leading-dash.txt',
  `${'长'.repeat(83)}.txt`, // 83 × 3 bytes + 4 = 253 bytes, near the 255-byte limit
  'caf\u00e9.txt', // NFC
  'cafe\u0301.txt', // NFD: another file on Linux, the same one on macOS
  'line\nbreak.txt',
];

describe('library service: odd names', () => {
  it('lists and reads every odd name; a backslash or a non-UTF-8 name is listed with bad-name, not dropped', async () => {
    const root = tempDir();
    ODD_NAMES.forEach((name, i) => writeFileSync(join(root, name), `第${i}篇：${name}`));
    writeFileSync(join(root, 'back\\slash.txt'), '反斜杠');
    writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('.txt')]), 'GBK 文件名');
    const s = service(root);
    const entries = byKey((await s.snapshot()).entries);
    for (const [i, name] of ODD_NAMES.entries()) {
      expect(entries[name]?.error, name).toBeNull();
      expect(await readText(s, name)).toBe(`第${i}篇：${name}`);
    }
    expect(entries['back\\slash.txt'].error?.code).toBe('bad-name');
    const gbkNamed = Object.keys(entries).find((k) => k.includes('\ufffd'))!;
    expect(entries[gbkNamed].error?.code).toBe('bad-name');
    expect(Object.keys(entries)).toHaveLength(ODD_NAMES.length + 2);
  });
});

describe('library service: special files, links and locks', () => {
  it('lists a FIFO named x.txt as not-a-file without blocking the scan or a read', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'good.txt'), '好文章');
    execFileSync('mkfifo', [join(root, 'x.txt')]);
    const s = service(root);
    const entries = byKey((await s.snapshot()).entries);
    expect(entries['x.txt'].error?.code).toBe('not-a-file');
    expect(entries['good.txt'].error).toBeNull();
    const read = await s.read('x.txt');
    expect(!read.ok && read.error.code).toBe('not-a-file');
    expect(await readText(s, 'good.txt')).toBe('好文章');
  });

  it('lists a socket named s.txt as not-a-file; a first read of it, with no stat before the open, says the same', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'good.txt'), '好文章');
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((done) => server.listen(join(root, 's.txt'), done));
    try {
      // Read before any listing: the service knows nothing of the file, and opens it at once.
      const first = await service(root).read('s.txt');
      expect(!first.ok && first.error.code).toBe('not-a-file');
      const s = service(root);
      const entries = byKey((await s.snapshot()).entries);
      expect(entries['s.txt'].error?.code).toBe('not-a-file');
      const read = await s.read('s.txt');
      expect(!read.ok && read.error.code).toBe('not-a-file');
      expect(await readText(s, 'good.txt')).toBe('好文章');
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  it('walks into a folder named y.txt; reading it as an article says not-a-file', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'y.txt'));
    writeFileSync(join(root, 'y.txt/inner.txt'), '里面的文章');
    const s = service(root);
    expect((await s.snapshot()).entries.map((e) => e.key)).toEqual(['y.txt/inner.txt']);
    const read = await s.read('y.txt');
    expect(!read.ok && read.error.code).toBe('not-a-file');
  });

  it('lists a dangling symlink as vanished', async () => {
    const root = tempDir();
    symlinkSync(join(root, 'nowhere.txt'), join(root, 'dangling.txt'));
    writeFileSync(join(root, 'ok.txt'), '在');
    const s = service(root);
    const entries = byKey((await s.snapshot()).entries);
    expect(entries['dangling.txt'].error?.code).toBe('vanished');
    expect(entries['ok.txt'].error).toBeNull();
    const read = await s.read('dangling.txt');
    expect(!read.ok && read.error.code).toBe('vanished');
  });

  it('a locked file (EBUSY, EACCES from the OS) is unreadable; the others still list and read', async () => {
    const root = tempDir();
    for (const name of ['busy.txt', 'denied.txt', 'fine.txt']) writeFileSync(join(root, name), `内容 ${name}`);
    const { open } = await import('node:fs/promises');
    const s = service(root, {
      openFile: (path, flags) => {
        const code = path.endsWith('busy.txt') ? 'EBUSY' : path.endsWith('denied.txt') ? 'EACCES' : null;
        if (code) return Promise.reject(Object.assign(new Error(`${code}: resource locked, open '${path}'`), { code }));
        return open(path, flags);
      },
    });
    // Reload reads every file, as the watcher's later scans read a changed one.
    const entries = byKey((await s.reload()).entries);
    expect(entries['busy.txt'].error?.code).toBe('unreadable');
    expect(entries['busy.txt'].error?.detail).toMatch(/EBUSY/);
    expect(entries['denied.txt'].error?.code).toBe('unreadable');
    expect(entries['fine.txt'].error).toBeNull();
    const read = await s.read('busy.txt');
    expect(!read.ok && read.error.code).toBe('unreadable');
    expect(await readText(s, 'fine.txt')).toBe('内容 fine.txt');
  });
});

describe('library service: sizes and contents', () => {
  it('accepts a 10 MB article (the limit is 64 MB) and lists a 200,000-character single line', async () => {
    expect(MAX_ARTICLE_BYTES).toBe(64 * 1024 * 1024);
    const root = tempDir();
    const paragraph = seedText(0).replace(/\s+/g, '');
    const big = `${paragraph}\n`.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(`${paragraph}\n`)));
    writeFileSync(join(root, 'big.txt'), big);
    writeFileSync(join(root, 'one-line.txt'), paragraph.repeat(Math.ceil(200_000 / paragraph.length)).slice(0, 200_000));
    const s = service(root);
    const entries = byKey((await s.snapshot()).entries);
    expect(entries['big.txt'].error).toBeNull();
    expect(entries['big.txt'].size).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    expect((await readText(s, 'big.txt')).length).toBe(big.length);
    expect(entries['one-line.txt'].error).toBeNull();
    expect((await readText(s, 'one-line.txt')).length).toBe(200_000);
  });

  it('a library of hostile files: each gets its text or its reason, and none hides another', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'empty.txt'), '');
    writeFileSync(join(root, 'blank.txt'), ' \n\t\r\n\u3000\n');
    writeFileSync(join(root, 'image.txt'), pngBytes());
    writeFileSync(join(root, 'archive.md'), zipBytes());
    writeFileSync(join(root, 'program.txt'), elfBytes());
    writeFileSync(join(root, 'noise.txt'), randomBytes(9, 2048));
    writeFileSync(join(root, 'big5.txt'), fixture('big5-004.txt'));
    writeFileSync(join(root, 'gb.txt'), fixture('gb18030-4byte.txt'));
    writeFileSync(join(root, 'utf16.txt'), fixture('utf16le-nobom.txt'));
    writeFileSync(join(root, 'controls.txt'), Buffer.from(`${seedText(3).slice(0, 300)}\u0000\u0007\u001b${seedText(3).slice(300)}`, 'utf8'));
    const s = service(root);
    const entries = byKey((await s.reload()).entries);
    const codes = Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, e.error?.code ?? e.encoding]));
    expect(codes).toEqual({
      'empty.txt': 'empty',
      'blank.txt': 'empty',
      'image.txt': 'binary',
      'archive.md': 'binary',
      'program.txt': 'binary',
      'noise.txt': 'binary',
      'big5.txt': 'big5',
      'gb.txt': 'gb18030',
      'utf16.txt': 'utf-16le',
      'controls.txt': 'utf-8',
    });
    expect(await readText(s, 'utf16.txt')).toBe(seedText(0));
    expect(await readText(s, 'controls.txt')).toBe(seedText(3));
    expect(await readText(s, 'big5.txt')).toBe(expectedText('big5-004.expected.txt'));
  });
});

describe('library service: a file deleted, broken and restored while watched', () => {
  it('reports remove, a change to an error (truncated, then binary) and a change back to the same fingerprint', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'open.txt'), seedText(1));
    writeFileSync(join(root, 'other.txt'), seedText(2));
    const s = service(root, { debounceMs: 60 });
    const events: { type: string; key: string; code?: string | null; fingerprint?: string | null }[] = [];
    s.subscribe((e) => {
      if (e.type === 'remove') events.push({ type: 'remove', key: e.key });
      else if (e.type !== 'reset') events.push({ type: e.type, key: e.entry.key, code: e.entry.error?.code ?? null, fingerprint: e.entry.fingerprint });
    });
    const good = byKey((await s.reload()).entries)['open.txt'].fingerprint;
    expect(good).toMatch(/^[0-9a-f]{64}$/);
    const waitFor = async (n: number): Promise<void> => {
      const until = Date.now() + 5000;
      while (events.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(events.length).toBe(n);
    };
    writeFileSync(join(root, 'open.txt'), '');
    await waitFor(1);
    writeFileSync(join(root, 'open.txt'), pngBytes());
    await waitFor(2);
    writeFileSync(join(root, 'open.txt'), seedText(1));
    await waitFor(3);
    rmSync(join(root, 'open.txt'));
    await waitFor(4);
    writeFileSync(join(root, 'open.txt'), seedText(1));
    await waitFor(5);
    expect(events).toEqual([
      { type: 'change', key: 'open.txt', code: 'empty', fingerprint: null },
      { type: 'change', key: 'open.txt', code: 'binary', fingerprint: null },
      { type: 'change', key: 'open.txt', code: null, fingerprint: good },
      { type: 'remove', key: 'open.txt' },
      { type: 'add', key: 'open.txt', code: null, fingerprint: good },
    ]);
    expect(await readText(s, 'other.txt')).toBe(seedText(2));
  });
});

describe('web host: odd names over HTTP', () => {
  it('lists every odd name and reads each by its URL-encoded key; a backslash key is listed and refused with 400', async () => {
    const { startWebHost } = await import('../../src-main/web/server.ts');
    const root = tempDir();
    ODD_NAMES.forEach((name, i) => writeFileSync(join(root, name), `第${i}篇`));
    writeFileSync(join(root, 'back\\slash.txt'), '反斜杠');
    execFileSync('mkfifo', [join(root, 'pipe.txt')]);
    const renderer = tempDir();
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Pizhu</title>');
    const web = await startWebHost({ port: 0, libraryRoot: root, dataDir: tempDir(), rendererDir: renderer, quiet: true });
    closers.push(web);
    const api = async (path: string): Promise<{ status: number; body: unknown }> => {
      const response = await fetch(`http://127.0.0.1:${web.port}${path}`, { headers: { 'X-Pizhu-Token': web.token } });
      return { status: response.status, body: await response.json() };
    };
    const library = (await api('/api/library')).body as { entries: ArticleEntry[] };
    const listed = byKey(library.entries);
    for (const [i, name] of ODD_NAMES.entries()) {
      expect(listed[name]?.error, name).toBeNull();
      // Exactly what src-renderer/platform.ts sends.
      const read = await api(`/api/article?key=${encodeURIComponent(name)}`);
      expect(read.status, name).toBe(200);
      expect(read.body, name).toMatchObject({ ok: true, file: { key: name, text: `第${i}篇` } });
    }
    expect(listed['back\\slash.txt'].error?.code).toBe('bad-name');
    expect((await api(`/api/article?key=${encodeURIComponent('back\\slash.txt')}`)).status).toBe(400);
    expect(listed['pipe.txt'].error?.code).toBe('not-a-file');
    expect((await api(`/api/article?key=pipe.txt`)).body).toMatchObject({ ok: false, error: { code: 'not-a-file' } });
  });
});

describe('Electron IPC: odd names', () => {
  it('reads every odd name through the readArticle handler; a backslash key is refused before the library', async () => {
    const { createIpcHandlers, makeSenderCheck, IpcRefusal } = await import('../../src-main/ipcHandlers.ts');
    const { LibraryHost } = await import('../../src-main/library/libraryHost.ts');
    const { SettingsFile } = await import('../../src-main/settingsFile.ts');
    const root = tempDir();
    ODD_NAMES.forEach((name, i) => writeFileSync(join(root, name), `第${i}篇`));
    writeFileSync(join(root, 'back\\slash.txt'), '反斜杠');
    const host = new LibraryHost({ seedsDir: SEEDS, settings: new SettingsFile(tempDir()), overrideRoot: root, warn: () => undefined });
    await host.init();
    closers.push(host);
    const contents = { id: 1 };
    const unused = () => Promise.reject(new Error('not used here'));
    const handlers = createIpcHandlers(
      {
        host,
        appInfo: () => ({ name: 'Pizhu', version: '0', host: 'electron', userDataPath: root }),
        chooseFolder: async () => null,
        saveExport: unused,
        snapshots: { writeSnapshot: unused, listSnapshots: unused, readSnapshot: unused },
        pending: { read: unused, write: unused },
      },
      makeSenderCheck(() => contents, 'app://pizhu'),
    );
    const caller = { sender: contents, senderFrame: { url: 'app://pizhu/index.html' } };
    const listed = byKey(((await handlers.getLibrary(caller)) as { entries: ArticleEntry[] }).entries);
    for (const [i, name] of ODD_NAMES.entries()) {
      expect(listed[name]?.error, name).toBeNull();
      expect(await handlers.readArticle(caller, name), name).toMatchObject({ ok: true, file: { key: name, text: `第${i}篇` } });
    }
    expect(listed['back\\slash.txt'].error?.code).toBe('bad-name');
    await expect(handlers.readArticle(caller, 'back\\slash.txt')).rejects.toBeInstanceOf(IpcRefusal);
  });
});
