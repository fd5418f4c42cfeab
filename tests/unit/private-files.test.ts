// Everything Pizhu keeps in the user-data folder is its owner's only (folders 0700, files
// 0600), written whole with the file and its folder flushed, and a crash's temporary files
// are gone at the next start while a live writer's are left alone.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScanCacheFile } from '../../src-main/library/scanCache.ts';
import { isStaleTempName, removeStaleTempFiles, tempNameFor, writeFileAtomically } from '../../src-main/privateFiles.ts';
import { SettingsFile } from '../../src-main/settingsFile.ts';
import { SnapshotStore } from '../../src-main/snapshots.ts';
import { prepareUserData } from '../../src-main/userData.ts';

const roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'pizhu-private-'));
  roots.push(root);
  return root;
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** A process id that was in use and is not any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

const posix = process.platform !== 'win32';

describe.skipIf(!posix)('modes of what Pizhu writes into user data', () => {
  it('a new data folder, the settings and the scan cache: folders 0700, files 0600', async () => {
    const data = join(tempRoot(), 'config', 'pizhu');
    const settings = new SettingsFile(data);
    await settings.save({ libraryRoot: '/home/someone/文章' });
    const cache = new ScanCacheFile(data, '/home/someone/文章');
    await cache.save([]);
    expect(mode(data)).toBe(0o700);
    expect(mode(settings.path)).toBe(0o600);
    expect(mode(join(cache.path, '..'))).toBe(0o700);
    expect(mode(cache.path)).toBe(0o600);
    const snapshots = new SnapshotStore(join(data, 'snapshots'));
    const written = await snapshots.writeSnapshot('manual', new TextEncoder().encode('{"type":"AnnotationCollection","pizhu:format":1,"note":"私人"}'));
    if (!written.ok) throw new Error(written.detail);
    expect(mode(join(data, 'snapshots'))).toBe(0o700);
    expect(mode(join(data, 'snapshots', written.snapshot.name))).toBe(0o600);
  });

  it('narrows a data folder and files an earlier version left readable by others', async () => {
    const data = join(tempRoot(), 'pizhu');
    mkdirSync(join(data, 'snapshots'), { recursive: true, mode: 0o755 });
    chmodSync(data, 0o755);
    chmodSync(join(data, 'snapshots'), 0o755);
    writeFileSync(join(data, 'pizhu-host.json'), '{"libraryRoot":null}', { mode: 0o644 });
    await prepareUserData(data);
    expect(mode(data)).toBe(0o700);
    const settings = new SettingsFile(data);
    await settings.save({ libraryRoot: null });
    expect(mode(settings.path)).toBe(0o600);
    expect(await new SnapshotStore(join(data, 'snapshots')).writeSnapshot('daily', new TextEncoder().encode('{"type":"AnnotationCollection","pizhu:format":1}'))).toMatchObject({ ok: true });
    expect(mode(join(data, 'snapshots'))).toBe(0o700);
  });
});

describe('temporary files left by a crash', () => {
  it('are removed at start, in the data folder, snapshots and the scan cache; a live writer’s and other files stay', async () => {
    const data = join(tempRoot(), 'pizhu');
    for (const dir of ['', 'snapshots', 'library-cache']) mkdirSync(join(data, dir), { recursive: true });
    const dead = deadPid();
    const stale = [
      join(data, `.pizhu-host.json.${dead}.0a1b2c3d.tmp`),
      join(data, 'snapshots', `.pizhu-2026-11-22T03-04-05Z-daily-w3.json.${dead}.deadbeef.tmp`),
      join(data, 'library-cache', `.0123456789abcdef.json.${dead}.00ff00ff.tmp`),
      // Earlier versions' temporary names.
      join(data, 'snapshots', '.pizhu-3b241101-e2bb-4255-8caf-4136c566a962.tmp'),
      join(data, `pizhu-host.json.${dead}.0a1b2c3d.tmp`),
      join(data, 'library-cache', `0123456789abcdef.json.${dead}.12345678.tmp`),
    ];
    const kept = [
      join(data, `.pizhu-host.json.${process.pid}.0a1b2c3d.tmp`),
      join(data, 'pizhu-host.json'),
      join(data, 'snapshots', 'pizhu-2026-11-22T03-04-05Z-daily-w2.json'),
      join(data, 'snapshots', 'notes.tmp'),
      join(data, 'library-cache', '0123456789abcdef.json'),
    ];
    for (const path of [...stale, ...kept]) writeFileSync(path, '{"half":');
    const removed = await prepareUserData(data);
    expect(removed.sort()).toEqual([...stale].sort());
    for (const path of kept) expect(readFileSync(path, 'utf8')).toBe('{"half":');
    expect(readdirSync(join(data, 'snapshots')).sort()).toEqual(['notes.tmp', 'pizhu-2026-11-22T03-04-05Z-daily-w2.json']);
  });

  it('tell a stale name from a live one by the writer’s process', () => {
    const name = tempNameFor('/x/pizhu-host.json').split('/').pop()!;
    expect(name).toMatch(new RegExp(`^\\.pizhu-host\\.json\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(isStaleTempName(name)).toBe(false);
    expect(isStaleTempName(name, () => false)).toBe(true);
    expect(isStaleTempName('pizhu-host.json')).toBe(false);
    expect(isStaleTempName('.tmp')).toBe(false);
  });

  it('a missing folder has none', async () => {
    expect(await removeStaleTempFiles(join(tempRoot(), 'absent'))).toEqual([]);
  });
});

describe('atomic writes', () => {
  it('flush the file and then its folder, and leave no temporary file', async () => {
    const dir = tempRoot();
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const sync = vi.spyOn(proto, 'sync');
    await writeFileAtomically(join(dir, 'pizhu-host.json'), '{"libraryRoot":null}');
    expect(sync).toHaveBeenCalledTimes(posix ? 2 : 1);
    expect(readdirSync(dir).sort()).toEqual(['pizhu-host.json', 'probe']);
  });

  it.skipIf(!posix)('replace a file readable by others with one that is not', async () => {
    const dir = tempRoot();
    const path = join(dir, 'pizhu-host.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    await writeFileAtomically(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(mode(path)).toBe(0o600);
  });

  it('exclusive: refuse to replace a file that is there', async () => {
    const dir = tempRoot();
    const path = join(dir, 'taken.json');
    writeFileSync(path, 'first');
    await expect(writeFileAtomically(path, 'second', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['taken.json']);
  });
});
