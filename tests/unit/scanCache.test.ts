// The scan cache on disk: a restart trusts size + mtime + inode and reads nothing, a changed
// file is read again, and a damaged, foreign or outdated cache only costs a full scan.
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryService } from '../../src-main/library/libraryService.ts';
import { isCacheable, SCAN_CACHE_VERSION, ScanCacheFile } from '../../src-main/library/scanCache.ts';

const temps: string[] = [];
const services: LibraryService[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-scancache-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(root: string, data: string, warnings: string[] = []): LibraryService {
  const s = new LibraryService(root, { isDefault: false, scanCache: new ScanCacheFile(data, root, (m) => warnings.push(m)) });
  services.push(s);
  return s;
}

// Whole seconds, so setting it again gives back exactly the same mtimeMs.
const PINNED_MTIME = 1_700_000_000;

/** Rewrites a file with other bytes of the same length and puts its mtime back: only a read can tell. */
function swapBytesKeepingStat(path: string, text: string): void {
  const before = statSync(path);
  writeFileSync(path, text);
  utimesSync(path, PINNED_MTIME, PINNED_MTIME);
  const after = statSync(path);
  expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
}

describe('scan cache', () => {
  it('a restart takes unchanged files from the cache without reading them', async () => {
    const root = tempDir();
    const data = tempDir();
    writeFileSync(join(root, 'a.txt'), '营商环境第一版');
    writeFileSync(join(root, 'b.txt'), '招商引资');
    utimesSync(join(root, 'a.txt'), PINNED_MTIME, PINNED_MTIME);
    const first = start(root, data);
    const before = await first.reload();
    await first.close();

    swapBytesKeepingStat(join(root, 'a.txt'), '营商环境第二版');
    const after = await start(root, data).snapshot();
    expect(before.entries.every((e) => e.fingerprint !== null)).toBe(true);
    // Same size, mtime and inode: the cached fingerprint stands, proof that nothing was read.
    expect(after.entries.map((e) => e.fingerprint)).toEqual(before.entries.map((e) => e.fingerprint));
  });

  it('reads a file again when its size or mtime changed, and saves the new result', async () => {
    const root = tempDir();
    const data = tempDir();
    writeFileSync(join(root, 'a.txt'), '第一版');
    const first = start(root, data);
    const before = (await first.reload()).entries[0];
    await first.close();

    writeFileSync(join(root, 'a.txt'), '第二版本');
    utimesSync(join(root, 'a.txt'), new Date(), new Date(Date.now() + 5000));
    const second = start(root, data);
    const after = (await second.reload()).entries[0];
    expect(after.fingerprint).not.toBe(before.fingerprint);
    await second.close();
    const saved = await new ScanCacheFile(data, root).load();
    expect(saved.get('a.txt')?.entry.fingerprint).toBe(after.fingerprint);
  });

  it('forgets files that are gone', async () => {
    const root = tempDir();
    const data = tempDir();
    writeFileSync(join(root, 'a.txt'), '甲');
    writeFileSync(join(root, 'b.txt'), '乙');
    const first = start(root, data);
    await first.reload();
    rmSync(join(root, 'b.txt'));
    await first.snapshot();
    await first.close();
    expect([...(await new ScanCacheFile(data, root).load()).keys()]).toEqual(['a.txt']);
  });

  it('keeps errors that follow from the bytes, not ones that may pass (permissions, vanished)', () => {
    const base = { key: 'x.txt', size: 1, mtimeMs: 1, fingerprint: null, encoding: null };
    expect(isCacheable({ ...base, error: { code: 'binary', detail: '' } })).toBe(true);
    expect(isCacheable({ ...base, error: { code: 'empty', detail: '' } })).toBe(true);
    expect(isCacheable({ ...base, error: { code: 'unreadable', detail: '' } })).toBe(false);
    expect(isCacheable({ ...base, error: { code: 'vanished', detail: '' } })).toBe(false);
    expect(isCacheable({ ...base, fingerprint: 'f'.repeat(64), encoding: 'utf-8', error: null })).toBe(true);
  });

  it('ignores a damaged cache with a warning, and a foreign or outdated one silently, then scans', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.txt'), '营商环境');
    const truth = (await start(root, tempDir()).reload()).entries[0].fingerprint;
    expect(truth).toMatch(/^[0-9a-f]{64}$/);

    const damaged = tempDir();
    const file = new ScanCacheFile(damaged, root);
    await file.save([]);
    writeFileSync(file.path, '{"version":1,"root":');
    const warnings: string[] = [];
    expect((await start(root, damaged, warnings).reload()).entries[0].fingerprint).toBe(truth);
    expect(warnings.join('\n')).toMatch(/damaged library cache/);

    // A cache claiming a wrong fingerprint, but for another folder or an older format: not used.
    const stat = statSync(join(root, 'a.txt'));
    const lie = ['a.txt', stat.size, stat.mtimeMs, stat.ino, 'e'.repeat(64), 'utf-8', null, null];
    for (const body of [
      { version: SCAN_CACHE_VERSION, root: '/elsewhere', rows: [lie] },
      { version: SCAN_CACHE_VERSION - 1, root, rows: [lie] },
    ]) {
      const dir = tempDir();
      const other = new ScanCacheFile(dir, root);
      await other.save([]);
      writeFileSync(other.path, JSON.stringify(body));
      expect((await start(root, dir).reload()).entries[0].fingerprint).toBe(truth);
    }
    // The same lie in a valid cache is believed: the rows above were refused for their header alone.
    const dir = tempDir();
    const valid = new ScanCacheFile(dir, root);
    await valid.save([]);
    writeFileSync(valid.path, JSON.stringify({ version: SCAN_CACHE_VERSION, root, rows: [lie, ['bad row'], 7] }));
    expect((await start(root, dir).snapshot()).entries[0].fingerprint).toBe('e'.repeat(64));
  });

  it('a cache that cannot be written costs nothing but a warning', async () => {
    const root = tempDir();
    const data = tempDir();
    writeFileSync(join(root, 'a.txt'), '营商环境');
    // A file where the cache folder should be: mkdir fails.
    writeFileSync(join(data, 'library-cache'), 'not a folder');
    const s = start(root, data);
    const snapshot = await s.reload();
    expect(snapshot.entries[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    await s.close();
    expect(readFileSync(join(data, 'library-cache'), 'utf8')).toBe('not a folder');
  });
});
