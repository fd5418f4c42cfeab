// Export file names (safe on Windows, macOS and Linux, Chinese kept), the host's check of
// them at the IPC boundary, and atomic writes that replace instead of appending.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invalidExportReason, unsafeFileNameReason } from '../../src-main/api.ts';
import { writeExportFiles, writeFileAtomically } from '../../src-main/exportFiles.ts';
import { createIpcHandlers, IpcRefusal, type IpcCaller, type IpcDeps } from '../../src-main/ipcHandlers.ts';
import type { LibraryHost } from '../../src-main/library/libraryHost.ts';
import { isSafeFileName, MAX_NAME_BYTES, safeFileName, uniqueFileNames } from '../../src-renderer/core/fileNames.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-export-'));
  dirs.push(dir);
  return dir;
};

describe('safe file names', () => {
  it('keeps Chinese titles as they are', () => {
    expect(safeFileName('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮', 'md')).toBe('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮.md');
    expect(safeFileName('營商環境', 'md')).toBe('營商環境.md');
  });

  it('replaces characters Windows reserves and controls, collapses whitespace', () => {
    expect(safeFileName('a<b>c:d"e/f\\g|h?i*j', 'md')).toBe('a_b_c_d_e_f_g_h_i_j.md');
    expect(safeFileName('第一行\n第二行\t完', 'md')).toBe('第一行 第二行 完.md');
    expect(safeFileName('nul\u0000byte', 'md')).toBe('nul_byte.md');
  });

  it('handles reserved device names, dots and spaces at the ends, and empty titles', () => {
    expect(safeFileName('CON', 'md')).toBe('_CON.md');
    expect(safeFileName('nul.tar', 'md')).toBe('_nul.tar.md');
    expect(safeFileName('com1', 'md')).toBe('_com1.md');
    expect(safeFileName('console', 'md')).toBe('console.md');
    expect(safeFileName('...hidden', 'md')).toBe('hidden.md');
    expect(safeFileName('ends with dots... ', 'md')).toBe('ends with dots.md');
    expect(safeFileName('   ', 'md')).toBe('untitled.md');
    expect(safeFileName('///', 'md', 'theme')).toBe('theme.md');
  });

  it('fits a long Chinese title into the byte limit on a character boundary', () => {
    const name = safeFileName('营'.repeat(200) + '😀'.repeat(10), 'md');
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith('营.md')).toBe(true);
    expect(isSafeFileName(name)).toBe(true);
  });

  it('makes names distinct for case-folding file systems, keeping the extension', () => {
    expect(uniqueFileNames(['A.md', 'a.md', '营.md', '营.md', 'index.md'])).toEqual(['A.md', 'a (2).md', '营.md', '营 (2).md', 'index.md']);
  });

  it('the host refuses what safeFileName would never make', () => {
    for (const name of ['a/b.md', '..', '.hidden.md', 'CON.md', 'x.md ', 'a:b.md', '', 'x'.repeat(300)]) expect(unsafeFileNameReason(name), name).not.toBeNull();
    for (const name of ['营商环境.md', safeFileName('CON', 'md'), safeFileName('a<b', 'md')]) expect(unsafeFileNameReason(name), name).toBeNull();
  });
});

describe('saveExport at the IPC boundary', () => {
  const caller: IpcCaller = { sender: 'ours', senderFrame: { url: 'app://pizhu/index.html' } };
  const asked: unknown[] = [];
  const handlers = createIpcHandlers(
    {
      host: {} as LibraryHost,
      appInfo: () => ({ name: 'Pizhu', version: '0', host: 'electron', userDataPath: '/tmp' }),
      chooseFolder: async () => null,
      saveExport: async (request) => {
        asked.push(request);
        return { ok: true, location: '/x', files: request.files.map((f) => f.path) };
      },
      snapshots: {} as IpcDeps['snapshots'],
      pending: {} as IpcDeps['pending'],
    },
    (c) => c.sender === 'ours',
  );

  it('passes a valid request on, with only its known fields', async () => {
    const result = await handlers.saveExport(caller, { suggestedName: '导出', files: [{ path: '营商环境.md', content: '# 营商环境\n', extra: 'dropped' }], more: 1 });
    expect(result).toEqual({ ok: true, location: '/x', files: ['营商环境.md'] });
    expect(asked.at(-1)).toEqual({ suggestedName: '导出', files: [{ path: '营商环境.md', content: '# 营商环境\n' }] });
  });

  it('refuses paths with folders, reserved names, duplicates, wrong types and untrusted senders', async () => {
    const bad = [
      { suggestedName: 'x', files: [{ path: '../evil.md', content: '' }] },
      { suggestedName: 'x', files: [{ path: 'sub/evil.md', content: '' }] },
      { suggestedName: 'x', files: [{ path: 'NUL.md', content: '' }] },
      { suggestedName: 'x', files: [{ path: 'a.md', content: '' }, { path: 'A.md', content: '' }] },
      { suggestedName: 'x', files: [{ path: 'a.md', content: 42 }] },
      { suggestedName: '../up', files: [{ path: 'a.md', content: '' }] },
      { suggestedName: 'x', files: [] },
      'not an object',
    ];
    for (const request of bad) {
      expect(invalidExportReason(request), JSON.stringify(request)).not.toBeNull();
      await expect(handlers.saveExport(caller, request)).rejects.toBeInstanceOf(IpcRefusal);
    }
    await expect(handlers.saveExport({ sender: 'other', senderFrame: { url: 'https://evil.example/' } }, { suggestedName: 'x', files: [{ path: 'a.md', content: '' }] })).rejects.toBeInstanceOf(IpcRefusal);
    await expect(handlers.saveExport(caller, { suggestedName: 'x', files: [{ path: 'a.md', content: '' }] }, 'extra')).rejects.toBeInstanceOf(IpcRefusal);
  });
});

describe('atomic writes', () => {
  it('a re-export replaces the file, never appends, and leaves no temporary files', async () => {
    const dir = tempDir();
    const path = join(dir, '营商环境.md');
    writeFileSync(path, 'an older, much longer export '.repeat(100));
    await writeFileAtomically(path, '# 新的\n');
    expect(readFileSync(path, 'utf8')).toBe('# 新的\n');
    await writeFileAtomically(path, '# 新的\n');
    expect(readFileSync(path, 'utf8')).toBe('# 新的\n');
    expect(readdirSync(dir)).toEqual(['营商环境.md']);
  });

  it('writes a folder export into a folder it makes, replacing files of the same names', async () => {
    const dir = join(tempDir(), '全部批注');
    await writeExportFiles(dir, [
      { path: 'index.md', content: 'old index' },
      { path: '甲.md', content: 'old' },
    ]);
    const written = await writeExportFiles(dir, [
      { path: 'index.md', content: 'new index' },
      { path: '甲.md', content: 'new' },
    ]);
    expect(written).toEqual([join(dir, 'index.md'), join(dir, '甲.md')]);
    expect(readdirSync(dir).sort()).toEqual(['index.md', '甲.md']);
    expect(readFileSync(join(dir, '甲.md'), 'utf8')).toBe('new');
  });

  it('a failed write leaves the old file whole and no temporary file behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'keep.md');
    writeFileSync(path, 'old');
    // A folder where the file should go: rename fails after the temp file was written.
    await expect(writeFileAtomically(join(dir, 'missing-folder', 'x.md'), 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['keep.md']);
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});
