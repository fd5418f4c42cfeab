// A file opened from the OS out of a folder too large to be the library (home, Downloads,
// a folder of thousands of entries) is shown alone: only it is listed, read and watched, and
// the remembered library does not change.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryEvent } from '../../src-main/api.ts';
import { LibraryHost } from '../../src-main/library/libraryHost.ts';
import { LibraryAccessError } from '../../src-main/library/libraryService.ts';
import { isLargeFolder, LARGE_FOLDER_ENTRIES } from '../../src-main/openFileArgs.ts';
import { SettingsFile } from '../../src-main/settingsFile.ts';

const SEEDS = resolve(import.meta.dirname, '../../seeds');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-large-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('isLargeFolder', () => {
  it('the home folder, folders above it and its catch-all folders are large; a small project folder is not', async () => {
    const home = tempDir();
    for (const name of ['Downloads', 'Desktop', '下载', 'papers']) mkdirSync(join(home, name));
    expect(await isLargeFolder(home, home)).toBe(true);
    expect(await isLargeFolder(join(home, '..'), home)).toBe(true);
    expect(await isLargeFolder('/', home)).toBe(true);
    expect(await isLargeFolder(join(home, 'Downloads'), home)).toBe(true);
    expect(await isLargeFolder(join(home, '下载'), home)).toBe(true);
    writeFileSync(join(home, 'papers', '营商环境.txt'), '文章');
    expect(await isLargeFolder(join(home, 'papers'), home)).toBe(false);
    expect(await isLargeFolder(join(home, 'papers-missing'), home)).toBe(false);
  });

  it(`a folder of more than ${LARGE_FOLDER_ENTRIES} entries is large`, async () => {
    const home = tempDir();
    const crowded = join(home, 'archive');
    mkdirSync(crowded);
    for (let i = 0; i <= LARGE_FOLDER_ENTRIES; i++) writeFileSync(join(crowded, `${i}.txt`), '');
    expect(await isLargeFolder(crowded, home)).toBe(true);
  });
});

describe('LibraryHost.openSingleFile', () => {
  it('lists, reads and watches only that file; the remembered library stays', async () => {
    const data = tempDir();
    const downloads = tempDir();
    writeFileSync(join(downloads, '通知.txt'), '关于优化营商环境的通知');
    writeFileSync(join(downloads, '别的.txt'), '不相干的文件');
    mkdirSync(join(downloads, 'sub'));
    writeFileSync(join(downloads, 'sub', '更深.txt'), '更深处');
    const settings = new SettingsFile(data);
    const host = new LibraryHost({ seedsDir: SEEDS, settings, debounceMs: 30, warn: () => undefined });
    cleanup.push(() => host.close());
    await host.init();
    const events: LibraryEvent[] = [];
    host.onEvent((e) => events.push(e));

    const opened = await host.openSingleFile(downloads, '通知.txt');
    if (!opened.ok) throw new Error(opened.detail);
    expect(opened.snapshot.entries.map((e) => e.key)).toEqual(['通知.txt']);
    expect(opened.snapshot.library.singleFile).toBe('通知.txt');
    expect(events.at(-1)?.type).toBe('reset');
    expect(await settings.load()).toEqual({ libraryRoot: null });
    const read = await host.read('通知.txt');
    expect(read.ok && read.file.text).toBe('关于优化营商环境的通知');
    await expect(host.read('别的.txt')).rejects.toBeInstanceOf(LibraryAccessError);

    // A change to the file is seen; new neighbours are not listed.
    writeFileSync(join(downloads, '通知.txt'), '关于优化营商环境的通知（修订）');
    writeFileSync(join(downloads, '新下载.txt'), '新的');
    const until = Date.now() + 10_000;
    while (!events.some((e) => e.type === 'change') && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    expect(events.filter((e) => e.type !== 'reset').map((e) => (e.type === 'remove' ? e.key : `${e.type} ${e.entry.key}`))).toEqual(['change 通知.txt']);
    expect((await host.snapshot()).entries.map((e) => e.key)).toEqual(['通知.txt']);
  });
});
