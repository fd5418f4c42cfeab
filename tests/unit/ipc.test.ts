import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createIpcHandlers, makeSenderCheck, IpcRefusal, type IpcCaller } from '../../src-main/ipcHandlers.ts';
import { LibraryHost } from '../../src-main/library/libraryHost.ts';
import { SettingsFile } from '../../src-main/settingsFile.ts';
import type { AppInfo, LibrarySnapshot, OpenFolderResult, ReadResult, ReadSnapshotResult, SnapshotInfo, WriteSnapshotResult } from '../../src-main/api.ts';
import { PendingChangesFile } from '../../src-main/pendingChanges.ts';
import { SnapshotStore } from '../../src-main/snapshots.ts';

const SEEDS = resolve(import.meta.dirname, '../../seeds');
const ourContents = { id: 1 };
const otherContents = { id: 2 };
const trusted: IpcCaller = { sender: ourContents, senderFrame: { url: 'app://pizhu/index.html' } };

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup(chosen: string | null = null) {
  const data = mkdtempSync(join(tmpdir(), 'pizhu-ipc-'));
  const host = new LibraryHost({ seedsDir: SEEDS, settings: new SettingsFile(data), warn: () => undefined });
  await host.init();
  cleanup.push(() => host.close(), () => rmSync(data, { recursive: true, force: true }));
  let dialogShown = 0;
  const appInfo: AppInfo = { name: 'Pizhu 批注', version: '0.1.0', host: 'electron', userDataPath: data };
  const handlers = createIpcHandlers(
    {
      host,
      appInfo: () => appInfo,
      chooseFolder: async () => {
        dialogShown++;
        return chosen;
      },
      saveExport: async () => ({ ok: false, reason: 'cancelled' }),
      snapshots: new SnapshotStore(join(data, 'snapshots')),
      pending: new PendingChangesFile(data),
    },
    makeSenderCheck(() => ourContents, 'app://pizhu'),
  );
  return { handlers, data, dialogs: () => dialogShown };
}

describe('IPC handlers', () => {
  it('serve a trusted sender', async () => {
    const { handlers } = await setup();
    const snapshot = (await handlers.getLibrary(trusted)) as LibrarySnapshot;
    expect(snapshot.entries).toHaveLength(5);
    const read = (await handlers.readArticle(trusted, snapshot.entries[2].key)) as ReadResult;
    expect(read.ok && read.file.text).toContain('德清');
    expect(((await handlers.appInfo(trusted)) as AppInfo).host).toBe('electron');
    expect(((await handlers.reloadLibrary(trusted)) as LibrarySnapshot).entries).toHaveLength(5);
  });

  it('refuse other webContents, other origins and frameless callers before doing anything', async () => {
    const { handlers } = await setup();
    const strangers: IpcCaller[] = [
      { sender: otherContents, senderFrame: { url: 'app://pizhu/index.html' } },
      { sender: ourContents, senderFrame: { url: 'https://evil.example/' } },
      { sender: ourContents, senderFrame: { url: 'app://pizhuevil/index.html' } },
      { sender: ourContents, senderFrame: { url: 'file:///etc/passwd' } },
      { sender: ourContents, senderFrame: null },
    ];
    for (const caller of strangers) {
      for (const [name, handler] of Object.entries(handlers)) {
        await expect(handler(caller, name === 'readArticle' ? '000_5cd884f326e428d3.txt' : undefined), `${name} ${caller.senderFrame?.url}`).rejects.toBeInstanceOf(IpcRefusal);
      }
    }
  });

  it('refuse bad arguments', async () => {
    const { handlers } = await setup();
    for (const bad of [undefined, null, 42, {}, ['a.txt'], '', '../etc/passwd.txt', '/etc/passwd', 'a\\b.txt', 'a\0.txt', 'x'.repeat(5000)]) {
      await expect(handlers.readArticle(trusted, bad), String(bad)).rejects.toBeInstanceOf(IpcRefusal);
    }
    await expect(handlers.readArticle(trusted, '000_5cd884f326e428d3.txt', 'extra')).rejects.toBeInstanceOf(IpcRefusal);
    await expect(handlers.getLibrary(trusted, 'surprise')).rejects.toBeInstanceOf(IpcRefusal);
    for (const bad of [42, {}, '', 'a\0b', 'x'.repeat(5000)]) {
      await expect(handlers.openFolder(trusted, bad), String(bad)).rejects.toBeInstanceOf(IpcRefusal);
    }
  });

  it('snapshots: write, list and read for our window; bad reasons, bodies and names refused', async () => {
    const { handlers, data } = await setup();
    const json = '{"type":"AnnotationCollection","pizhu:format":1}';
    const written = (await handlers.writeSnapshot(trusted, 'manual', new TextEncoder().encode(json))) as WriteSnapshotResult;
    expect(written.ok).toBe(true);
    const list = (await handlers.listSnapshots(trusted)) as SnapshotInfo[];
    expect(list.map((s) => s.reason)).toEqual(['manual']);
    expect(list[0].name).toMatch(/^pizhu-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-manual-w1\.json$/);
    expect((await handlers.readSnapshot(trusted, list[0].name)) as ReadSnapshotResult).toEqual({ ok: true, json });
    expect(((await handlers.readSnapshot(trusted, 'pizhu-2020-01-01T00-00-00Z-daily.json')) as ReadSnapshotResult).ok).toBe(false);

    for (const bad of [undefined, 'hourly', 42, 'Manual']) await expect(handlers.writeSnapshot(trusted, bad, new TextEncoder().encode(json)), String(bad)).rejects.toBeInstanceOf(IpcRefusal);
    for (const bad of [undefined, 42, {}, '', json, new Uint8Array(0)]) await expect(handlers.writeSnapshot(trusted, 'daily', bad), String(bad)).rejects.toBeInstanceOf(IpcRefusal);
    // IPC carries bytes: the page's bridge reads a Blob into them, and main takes nothing else.
    await expect(handlers.writeSnapshot(trusted, 'daily', new Blob([json]))).rejects.toThrow('writeSnapshot: snapshot must be bytes (a Uint8Array)');
    await expect(handlers.writeSnapshot(trusted, 'daily', new TextEncoder().encode(json), 'extra')).rejects.toBeInstanceOf(IpcRefusal);
    await expect(handlers.listSnapshots(trusted, 'extra')).rejects.toBeInstanceOf(IpcRefusal);
    writeFileSync(join(data, 'pizhu-host.json'), '{"secret":1}');
    for (const bad of [undefined, 42, '../pizhu-host.json', 'snapshots/../pizhu-host.json', '/etc/passwd', 'pizhu-host.json', `../snapshots/${list[0].name}`, `${list[0].name}\0`]) {
      await expect(handlers.readSnapshot(trusted, bad), String(bad)).rejects.toBeInstanceOf(IpcRefusal);
    }
    expect(((await handlers.listSnapshots(trusted)) as SnapshotInfo[]).length).toBe(1);
  });

  it('refuse a key that leaves the library through a symlink', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'pizhu-ipc-lib-'));
    const outside = mkdtempSync(join(tmpdir(), 'pizhu-ipc-out-'));
    cleanup.push(() => rmSync(lib, { recursive: true, force: true }), () => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, 'secret.txt'), '秘密');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(outside, 'secret.txt'), join(lib, 'link.txt'));
    const { handlers } = await setup(lib);
    expect(((await handlers.openFolder(trusted)) as OpenFolderResult).ok).toBe(true);
    await expect(handlers.readArticle(trusted, 'link.txt')).rejects.toBeInstanceOf(IpcRefusal);
  });

  it('openFolder: omitted path shows the dialog; cancel is a result, not an error', async () => {
    const cancelled = await setup(null);
    expect(await cancelled.handlers.openFolder(trusted)).toEqual({ ok: false, reason: 'cancelled' });
    expect(cancelled.dialogs()).toBe(1);

    const lib = mkdtempSync(join(tmpdir(), 'pizhu-ipc-lib-'));
    cleanup.push(() => rmSync(lib, { recursive: true, force: true }));
    writeFileSync(join(lib, 'a.md'), '# 标题\n正文');
    const chosen = await setup(lib);
    const result = (await chosen.handlers.openFolder(trusted)) as OpenFolderResult;
    expect(result.ok && result.snapshot.entries.map((e) => e.key)).toEqual(['a.md']);
    const back = (await chosen.handlers.openFolder(trusted, null)) as OpenFolderResult;
    expect(back.ok && back.snapshot.library.isDefault).toBe(true);
    expect(chosen.dialogs()).toBe(1);
  });

  it('openFolder: a path from the window is refused, whatever it names; the library stays where it was', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'pizhu-ipc-lib-'));
    cleanup.push(() => rmSync(lib, { recursive: true, force: true }));
    writeFileSync(join(lib, 'a.md'), '# 标题\n正文');
    const { handlers, dialogs } = await setup(lib);
    const before = (await handlers.getLibrary(trusted)) as LibrarySnapshot;
    for (const path of [lib, '/etc', '~', '.', `${lib}/../`]) {
      await expect(handlers.openFolder(trusted, path), path).rejects.toThrow(/not accepted from the window/);
    }
    expect(dialogs()).toBe(0);
    expect(((await handlers.getLibrary(trusted)) as LibrarySnapshot).library).toEqual(before.library);
  });
});
