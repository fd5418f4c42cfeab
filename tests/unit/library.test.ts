import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, renameSync, writeFileSync, unlinkSync, utimesSync, chmodSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { open } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { decodeBytes, fingerprintText, chineseScore } from '../../src-main/library/decode.ts';
import { LibraryAccessError, LibraryService, libraryKeyReason } from '../../src-main/library/libraryService.ts';
import { LibraryHost } from '../../src-main/library/libraryHost.ts';
import { ScanCacheFile } from '../../src-main/library/scanCache.ts';
import { SettingsFile } from '../../src-main/settingsFile.ts';
import { resolveSeedsDir, seedsDirCandidates } from '../../src-main/library/seedsPath.ts';
import { MAX_ARTICLE_BYTES, isUnread, type LibraryEvent } from '../../src-main/api.ts';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURES = join(REPO, 'tests/fixtures/encodings');
const SEEDS = join(REPO, 'seeds');

function seed(n: number): string {
  const name = readdirSync(SEEDS).find((f) => f.startsWith(`00${n}_`))!;
  return readFileSync(join(SEEDS, name), 'utf8');
}
function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}
function decodedText(name: string): string {
  const result = decodeBytes(fixture(name));
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.detail}`);
  return result.text;
}

describe('decodeBytes: fixtures made with iconv from the seeds', () => {
  const cases: [string, string, () => string][] = [
    ['gb18030-000.txt', 'gb18030', () => seed(0)],
    ['gbk-001.txt', 'gb18030', () => seed(1)],
    ['gb18030-002.txt', 'gb18030', () => seed(2)],
    ['gb18030-short.txt', 'gb18030', () => readFileSync(join(FIXTURES, 'gb18030-short.expected.txt'), 'utf8')],
    ['big5-004.txt', 'big5', () => readFileSync(join(FIXTURES, 'big5-004.expected.txt'), 'utf8')],
    ['big5-short.txt', 'big5', () => readFileSync(join(FIXTURES, 'big5-short.expected.txt'), 'utf8')],
    ['utf16le-bom.txt', 'utf-16le', () => seed(4)],
    ['utf16be-bom.txt', 'utf-16be', () => seed(3)],
    ['utf8-bom.txt', 'utf-8-bom', () => seed(1)],
    ['crlf.txt', 'utf-8', () => seed(0)],
    ['cr-only.txt', 'utf-8', () => seed(2)],
  ];
  for (const [name, encoding, expected] of cases) {
    it(`${name} → exact text as ${encoding}`, () => {
      const result = decodeBytes(fixture(name));
      expect(result.ok && result.encoding).toBe(encoding);
      expect(result.ok && result.text).toBe(expected());
    });
  }

  it('Big5 text is not read as GB18030 (even though those bytes are valid GB18030)', () => {
    const bytes = fixture('big5-004.txt');
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(bytes)).not.toThrow();
    const text = decodedText('big5-004.txt');
    // The Big5 fixture drops only the pinyin tone letters Big5 lacks: every Chinese character survives.
    const withoutToneLetters = seed(4).replace(/[àáèéìíòóùúāēěīōūǎǐǒǔ]/g, '');
    expect(text).toBe(withoutToneLetters);
    expect(text).toContain('營(yng)商環(hun)境');
    expect(decodedText('big5-short.txt')).toContain('濉溪縣位列安徽省第一');
  });

  it('scores the right decoding far above the wrong one', () => {
    const big5 = fixture('big5-short.txt');
    const right = chineseScore(new TextDecoder('big5').decode(big5));
    const wrong = chineseScore(new TextDecoder('gb18030').decode(big5));
    expect(right).toBeGreaterThan(0.9);
    expect(wrong).toBeLessThan(0.6);
  });

  it('strips the BOM and normalises CRLF and lone CR to LF', () => {
    for (const name of ['utf8-bom.txt', 'utf16le-bom.txt', 'utf16be-bom.txt', 'crlf.txt', 'cr-only.txt']) {
      const text = decodedText(name);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).not.toContain('\r');
    }
  });

  it('gives clear errors for empty, whitespace-only, binary and undecodable bytes', () => {
    const code = (bytes: Uint8Array): string | null => {
      const r = decodeBytes(bytes);
      return r.ok ? null : r.error.code;
    };
    expect(code(fixture('empty.txt'))).toBe('empty');
    expect(code(fixture('whitespace.txt'))).toBe('empty');
    expect(code(fixture('binary.txt'))).toBe('binary');
    expect(code(fixture('undecodable.txt'))).toBe('undecodable');
    expect(code(new Uint8Array([0x01, 0x02, 0x03, 0x04, 0x05, 0x41, 0x06, 0x07]))).toBe('binary');
    // Latin-1 "été là-bas été" is valid GBK byte-wise but reads as nothing Chinese: refused, not garbled.
    expect(code(Buffer.from([0xe9, 0x74, 0xe9, 0x20, 0x6c, 0xe0, 0x2d, 0x62, 0x61, 0x73, 0xe9, 0x74, 0xe9]))).toBe('undecodable');
    expect(code(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe]))).toBe('undecodable');
  });

  it('fingerprints the decoded LF text with sha-256, the same whatever the encoding', () => {
    const expected = createHash('sha256').update(seed(0), 'utf8').digest('hex');
    expect(fingerprintText(decodedText('gb18030-000.txt'))).toBe(expected);
    expect(fingerprintText(decodedText('crlf.txt'))).toBe(expected);
  });
});

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-lib-'));
  temps.push(dir);
  return dir;
}
const services: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function service(root: string, debounceMs = 50): LibraryService {
  const s = new LibraryService(root, { isDefault: false, debounceMs });
  services.push(s);
  return s;
}

/** A service with a scan cache in `data` that notes the name of every file it opens in `opened`. */
function cachedService(root: string, data: string, opened: string[]): LibraryService {
  const s = new LibraryService(root, { isDefault: false, scanCache: new ScanCacheFile(data, root), openFile: (path, flags) => (opened.push(basename(path)), open(path, flags)) });
  services.push(s);
  return s;
}

describe('LibraryService', () => {
  it('lists the five seeds unread, and each read gives the fingerprint the next listing has', async () => {
    const s = service(SEEDS);
    const snapshot = await s.snapshot();
    expect(snapshot.entries.map((e) => e.key)).toEqual(readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort());
    expect(snapshot.entries).toHaveLength(5);
    for (const e of snapshot.entries) {
      expect(isUnread(e)).toBe(true);
      expect(e.size).toBeGreaterThan(0);
    }
    expect(snapshot.library.name).toBe('seeds');
    const read = await Promise.all(snapshot.entries.map((e) => s.read(e.key)));
    const again = await s.snapshot();
    again.entries.forEach((e, i) => {
      expect(e.error).toBeNull();
      expect(e.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(read[i].ok && read[i].file.fingerprint).toBe(e.fingerprint);
    });
  });

  it('lists a new folder without reading a file; the first read fingerprints it once, and a restart lists it from the cache', async () => {
    const root = tempDir();
    const data = tempDir();
    writeFileSync(join(root, 'a.txt'), '第一版\n');
    writeFileSync(join(root, 'b.txt'), '新文章');
    const opened: string[] = [];
    const counting = () => cachedService(root, data, opened);
    const s = counting();
    const listed = (await s.snapshot()).entries;
    expect(opened).toEqual([]);
    expect(listed.map((e) => [e.key, e.size, e.fingerprint, e.error])).toEqual([
      ['a.txt', 10, null, null],
      ['b.txt', 9, null, null],
    ]);
    const read = await s.read('a.txt');
    // sha256sum of the file's bytes: UTF-8 with LF, which decoding leaves as it is.
    expect(read.ok && read.file.fingerprint).toBe('a680f0ed9afce2b0e76a4d7a539144f9f4b343c4212a188e27e23499dd1da10b');
    expect(opened).toEqual(['a.txt']);
    const after = (await s.snapshot()).entries;
    expect(after[0].fingerprint).toBe('a680f0ed9afce2b0e76a4d7a539144f9f4b343c4212a188e27e23499dd1da10b');
    expect(isUnread(after[1])).toBe(true);
    expect(opened).toEqual(['a.txt']);
    await s.close();
    // The next start lists what was read from the cache, and still reads nothing to list.
    const restarted = (await counting().snapshot()).entries;
    expect(restarted[0].fingerprint).toBe('a680f0ed9afce2b0e76a4d7a539144f9f4b343c4212a188e27e23499dd1da10b');
    expect(isUnread(restarted[1])).toBe(true);
    expect(opened).toEqual(['a.txt']);
  });

  it('lists .txt and .md recursively, skipping dot-folders, node_modules and other files', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'a/b'), { recursive: true });
    mkdirSync(join(root, '.hidden'));
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'top.txt'), '顶层');
    writeFileSync(join(root, 'a/note.md'), '# 标题');
    writeFileSync(join(root, 'a/b/deep.TXT'), '深处');
    writeFileSync(join(root, 'a/image.png'), 'x');
    writeFileSync(join(root, '.hidden/secret.txt'), '秘密');
    writeFileSync(join(root, 'node_modules/pkg.txt'), '包');
    writeFileSync(join(root, '.dotfile.txt'), '点');
    const snapshot = await service(root).snapshot();
    expect(snapshot.entries.map((e) => e.key)).toEqual(['a/b/deep.TXT', 'a/note.md', 'top.txt']);
  });

  it('a file renamed while the app was closed is listed with its fingerprint, found by inode, without reading it', async () => {
    const root = tempDir();
    const data = tempDir();
    writeFileSync(join(root, 'a.txt'), '第一版\n');
    const opened: string[] = [];
    const start = () => cachedService(root, data, opened);
    const first = start();
    await first.snapshot();
    await first.read('a.txt');
    await first.close();
    mkdirSync(join(root, 'moved'));
    renameSync(join(root, 'a.txt'), join(root, 'moved/b.txt'));
    const listed = (await start().snapshot()).entries;
    expect(listed.map((e) => [e.key, e.fingerprint])).toEqual([['moved/b.txt', 'a680f0ed9afce2b0e76a4d7a539144f9f4b343c4212a188e27e23499dd1da10b']]);
    expect(opened).toEqual(['a.txt']);
  });

  it('reports empty, binary and undecodable files as entries with errors, without breaking the others', async () => {
    const root = tempDir();
    for (const name of ['empty.txt', 'binary.txt', 'undecodable.txt', 'big5-short.txt']) writeFileSync(join(root, name), fixture(name));
    const s = service(root);
    const byKey = Object.fromEntries((await s.reload()).entries.map((e) => [e.key, e]));
    expect(byKey['empty.txt'].error?.code).toBe('empty');
    expect(byKey['binary.txt'].error?.code).toBe('binary');
    expect(byKey['undecodable.txt'].error?.code).toBe('undecodable');
    expect(byKey['big5-short.txt'].encoding).toBe('big5');
    const read = await s.read('binary.txt');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.code).toBe('binary');
  });

  it('refuses files beyond MAX_ARTICLE_BYTES without reading them', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'huge.txt'), '');
    truncateSync(join(root, 'huge.txt'), MAX_ARTICLE_BYTES + 1); // sparse: no disk, no read
    const s = service(root);
    expect((await s.snapshot()).entries[0].error?.code).toBe('too-large');
    const read = await s.read('huge.txt');
    expect(!read.ok && read.error.code).toBe('too-large');
  });

  it('reads an article as LF text with a stable fingerprint', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'crlf.txt'), fixture('crlf.txt'));
    const s = service(root);
    const first = await s.read('crlf.txt');
    const listed = (await s.snapshot()).entries[0];
    const again = await service(root).read('crlf.txt');
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(first.file.text).toBe(seed(0));
    expect(first.file.fingerprint).toBe(listed.fingerprint);
    expect(again.file.fingerprint).toBe(first.file.fingerprint);
  });

  it('says vanished for a file that is gone and unreadable for one it may not open', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'gone.txt'), '在');
    const s = service(root);
    await s.snapshot();
    unlinkSync(join(root, 'gone.txt'));
    const gone = await s.read('gone.txt');
    expect(!gone.ok && gone.error.code).toBe('vanished');
    if (process.getuid?.() !== 0) {
      writeFileSync(join(root, 'locked.txt'), '锁');
      chmodSync(join(root, 'locked.txt'), 0o000);
      const locked = await s.read('locked.txt');
      expect(!locked.ok && locked.error.code).toBe('unreadable');
    }
  });

  it('refuses keys with .., absolute paths, backslashes, hidden folders and non-article names', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub/a.txt'), '文');
    const s = service(root);
    for (const key of ['../x.txt', 'sub/../../x.txt', '/etc/passwd', 'C:/x.txt', 'sub\\a.txt', './sub/a.txt', 'sub//a.txt', '.git/config.txt', 'package.json', '']) {
      await expect(s.read(key), key).rejects.toBeInstanceOf(LibraryAccessError);
      expect(libraryKeyReason(key), key).not.toBeNull();
    }
    expect((await s.read('sub/a.txt')).ok).toBe(true);
  });

  it('neither lists nor reads through a symlink that leads outside the root', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.txt'), '外面的秘密');
    mkdirSync(join(outside, 'dir'));
    writeFileSync(join(outside, 'dir/inner.txt'), '外面');
    const root = tempDir();
    writeFileSync(join(root, 'inside.txt'), '里面');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    symlinkSync(join(outside, 'dir'), join(root, 'linkdir'));
    symlinkSync(join(root, 'inside.txt'), join(root, 'alias.txt'));
    const s = service(root);
    expect((await s.snapshot()).entries.map((e) => e.key)).toEqual(['alias.txt', 'inside.txt']);
    await expect(s.read('link.txt')).rejects.toMatchObject({ code: 'outside-library' });
    await expect(s.read('linkdir/inner.txt')).rejects.toMatchObject({ code: 'outside-library' });
    expect((await s.read('alias.txt')).ok).toBe(true);
  });

  it('uses the cache for unchanged files and notices a changed one', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.txt'), '第一版');
    const s = service(root);
    const first = (await s.reload()).entries[0];
    expect((await s.snapshot()).entries[0]).toBe(first);
    writeFileSync(join(root, 'a.txt'), '第二版本');
    utimesSync(join(root, 'a.txt'), new Date(), new Date(Date.now() + 5000));
    const second = (await s.snapshot()).entries[0];
    expect(second.fingerprint).not.toBe(first.fingerprint);
  });

  it('watches the folder: add, change (only when the text changed) and remove, debounced', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'keep.txt'), '保留');
    const s = service(root, 100);
    const events: LibraryEvent[] = [];
    s.subscribe((e) => events.push(e));
    await s.snapshot();
    // The app reads every file it lists; from then on a change is told by its text.
    await s.read('keep.txt');
    // Generous: on a loaded machine the watcher's events come late, and late is not wrong.
    const waitFor = async (pred: () => boolean): Promise<void> => {
      const until = Date.now() + 20_000;
      while (!pred() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      expect(pred()).toBe(true);
    };
    // Several writes in a burst come out as one add.
    writeFileSync(join(root, 'sub/new.txt'), '新');
    writeFileSync(join(root, 'sub/new.txt'), '新文章');
    await waitFor(() => events.some((e) => e.type === 'add'));
    expect(events).toEqual([{ type: 'add', entry: expect.objectContaining({ key: 'sub/new.txt', fingerprint: fingerprintText('新文章') }) }]);

    // Touching without changing the text is not a change.
    utimesSync(join(root, 'keep.txt'), new Date(), new Date(Date.now() + 10_000));
    await new Promise((r) => setTimeout(r, 400));
    expect(events).toHaveLength(1);

    writeFileSync(join(root, 'keep.txt'), '改过了');
    await waitFor(() => events.length === 2);
    expect(events[1]).toEqual({ type: 'change', entry: expect.objectContaining({ key: 'keep.txt', fingerprint: fingerprintText('改过了') }) });

    unlinkSync(join(root, 'sub/new.txt'));
    await waitFor(() => events.length === 3);
    expect(events[2]).toEqual({ type: 'remove', key: 'sub/new.txt' });

    // A folder created after watching started is watched too.
    mkdirSync(join(root, 'later/deeper'), { recursive: true });
    writeFileSync(join(root, 'later/deeper/x.md'), '后来');
    await waitFor(() => events.length === 4);
    expect(events[3]).toMatchObject({ type: 'add', entry: { key: 'later/deeper/x.md' } });
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(root, 'later/deeper/x.md'), '后来又改');
    await waitFor(() => events.length === 5);
    expect(events[4]).toMatchObject({ type: 'change', entry: { key: 'later/deeper/x.md', fingerprint: fingerprintText('后来又改') } });

    await s.close();
    writeFileSync(join(root, 'after.txt'), '关闭之后');
    await new Promise((r) => setTimeout(r, 400));
    expect(events).toHaveLength(5);
  });
});

describe('LibraryService: a watched folder is not walked again for every snapshot', () => {
  const waitFor = async (pred: () => boolean): Promise<void> => {
    const until = Date.now() + 5000;
    while (!pred() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    expect(pred()).toBe(true);
  };

  it('answers from the last scan while watched and quiet; a change, a reload or no watcher scans again', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.txt'), '甲');
    const s = service(root, 50);
    // Not watched: every snapshot walks the folder.
    await s.snapshot();
    await s.snapshot();
    expect(s.scanCount).toBe(2);
    const events: LibraryEvent[] = [];
    s.subscribe((e) => events.push(e));
    // The baseline scan, once the watch is set up.
    await waitFor(() => s.scanCount >= 3);
    await new Promise((r) => setTimeout(r, 150));
    const settled = s.scanCount;
    const first = await s.snapshot();
    const again = await s.snapshot();
    expect(s.scanCount).toBe(settled);
    expect(again).toEqual(first);
    expect(first.entries.map((e) => e.key)).toEqual(['a.txt']);
    // The answer is a copy: changing it changes nothing kept.
    first.entries.pop();
    expect((await s.snapshot()).entries).toHaveLength(1);

    writeFileSync(join(root, 'b.txt'), '乙');
    await waitFor(() => events.some((e) => e.type === 'add'));
    expect((await s.snapshot()).entries.map((e) => e.key)).toEqual(['a.txt', 'b.txt']);

    const beforeReload = s.scanCount;
    await s.reload();
    expect(s.scanCount).toBe(beforeReload + 1);
  });

  it('a library opened through a symlink is watched at its real folder', async () => {
    const real = tempDir();
    writeFileSync(join(real, 'a.txt'), '甲');
    const link = join(tempDir(), 'library-link');
    symlinkSync(real, link);
    const s = service(link, 50);
    const events: LibraryEvent[] = [];
    s.subscribe((e) => events.push(e));
    await waitFor(() => s.scanCount >= 1);
    writeFileSync(join(real, 'b.txt'), '乙');
    await waitFor(() => events.some((e) => e.type === 'add' && e.entry.key === 'b.txt'));
  });

  it('a snapshot asked for while a change waits for its debounce scans, so it never answers with the old folder', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.txt'), '甲');
    const s = service(root, 300);
    s.subscribe(() => {});
    // The baseline scan, once the watch is set up.
    await waitFor(() => s.scanCount >= 1);
    await new Promise((r) => setTimeout(r, 450));
    writeFileSync(join(root, 'a.txt'), '甲改');
    // fs.watch reports the write within a few ms; the debounce (300 ms) holds the scan back.
    await new Promise((r) => setTimeout(r, 100));
    const entry = (await s.snapshot()).entries[0];
    expect(entry.fingerprint).toBe(fingerprintText('甲改'));
  });
});

describe('LibraryHost and settings', () => {
  it('opens a folder, remembers it, emits reset, and returns to the seeds with null', async () => {
    const data = tempDir();
    const lib = tempDir();
    writeFileSync(join(lib, 'x.txt'), '文章');
    const host = new LibraryHost({ seedsDir: SEEDS, settings: new SettingsFile(data), warn: () => undefined });
    services.push(host);
    await host.init();
    expect((await host.snapshot()).library.isDefault).toBe(true);
    const events: LibraryEvent[] = [];
    host.onEvent((e) => events.push(e));
    const opened = await host.openFolder(lib);
    expect(opened.ok && opened.snapshot.entries.map((e) => e.key)).toEqual(['x.txt']);
    expect(events.at(-1)?.type).toBe('reset');
    expect(JSON.parse(readFileSync(join(data, 'pizhu-host.json'), 'utf8'))).toEqual({ libraryRoot: lib });

    const again = new LibraryHost({ seedsDir: SEEDS, settings: new SettingsFile(data), warn: () => undefined });
    services.push(again);
    await again.init();
    expect((await again.snapshot()).library.root).toBe(lib);

    expect(await host.openFolder(join(lib, 'x.txt'))).toMatchObject({ ok: false, reason: 'not-a-folder' });
    expect(await host.openFolder(join(lib, 'missing'))).toMatchObject({ ok: false, reason: 'not-a-folder' });
    const back = await host.openFolder(null);
    expect(back.ok && back.snapshot.library.isDefault).toBe(true);
    await expect(new SettingsFile(data).load()).resolves.toEqual({ libraryRoot: null });
  });

  it('concurrent switches leave the remembered folder equal to the open one', async () => {
    const data = tempDir();
    // A big folder scans slowly and a small one fast: without switches taking turns, the big one's save lands last.
    const big = tempDir();
    for (let i = 0; i < 300; i++) writeFileSync(join(big, `${String(i).padStart(3, '0')}.txt`), `第${i}篇文章的正文。`.repeat(40));
    const small = tempDir();
    writeFileSync(join(small, 'x.txt'), '文章');
    const settings = new SettingsFile(data);
    const host = new LibraryHost({ seedsDir: SEEDS, settings, warn: () => undefined });
    services.push(host);
    await host.init();
    for (const order of [[big, small], [small, big], [big, null], [null, big, small]]) {
      const results = await Promise.all(order.map((path) => host.openFolder(path)));
      expect(results.every((r) => r.ok)).toBe(true);
      const open = host.current;
      const remembered = (await settings.load()).libraryRoot;
      expect(remembered, `after ${order.map(String).join(' + ')}`).toBe(open.info.isDefault ? null : open.root);
      // The last call made is the folder open.
      expect(open.root).toBe(order.at(-1) ?? SEEDS);
    }
  });

  it('ignores a corrupt settings file with a warning, and a remembered folder that vanished', async () => {
    const data = tempDir();
    writeFileSync(join(data, 'pizhu-host.json'), '{"libraryRoot": ');
    const warnings: string[] = [];
    const settings = new SettingsFile(data, { warn: (m) => warnings.push(m) });
    expect(await settings.load()).toEqual({ libraryRoot: null });
    expect(warnings[0]).toMatch(/damaged/);

    await settings.save({ libraryRoot: join(data, 'no-such-folder') });
    const host = new LibraryHost({ seedsDir: SEEDS, settings, warn: (m) => warnings.push(m) });
    services.push(host);
    await host.init();
    expect((await host.snapshot()).library.isDefault).toBe(true);
    expect(warnings.at(-1)).toMatch(/cannot open/);
    expect(readdirSync(data).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('resolves the seeds folder in dev and when packaged', () => {
    expect(resolveSeedsDir({ isPackaged: false, appRoot: REPO })).toBe(SEEDS);
    expect(seedsDirCandidates({ isPackaged: true, resourcesPath: '/opt/Pizhu/resources', appRoot: '/opt/Pizhu/resources/app.asar' })[0]).toBe('/opt/Pizhu/resources/seeds');
    const resources = tempDir();
    mkdirSync(join(resources, 'seeds'));
    expect(resolveSeedsDir({ isPackaged: true, resourcesPath: resources, appRoot: '/nowhere' })).toBe(join(resources, 'seeds'));
  });
});
