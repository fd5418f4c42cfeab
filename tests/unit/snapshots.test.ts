// The host's snapshot folder: names that sort and are safe on every OS, the newest ten kept,
// a failed write that prunes nothing, and reads that only take names of its own pattern.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_NAME, unsafeFileNameReason } from '../../src-main/api.ts';
import { parseSnapshotName, snapshotName, SnapshotStore, SNAPSHOTS_KEPT } from '../../src-main/snapshots.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store(options: ConstructorParameters<typeof SnapshotStore>[1] = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pizhu-snapshots-'));
  dirs.push(root);
  let clock = Date.UTC(2026, 10, 22, 3, 4, 5, 678);
  const snapshots = new SnapshotStore(join(root, 'snapshots'), { now: () => clock, ...options });
  return {
    root,
    snapshots,
    dir: join(root, 'snapshots'),
    tick: (ms: number) => (clock += ms),
  };
}

describe('snapshot names', () => {
  it('carry the UTC second and the reason, without characters any OS refuses', () => {
    const name = snapshotName(Date.UTC(2026, 10, 22, 3, 4, 5, 678), 'daily');
    expect(name).toBe('pizhu-2026-11-22T03-04-05Z-daily.json');
    expect(unsafeFileNameReason(name)).toBeNull();
    expect(snapshotName(Date.UTC(2026, 10, 22, 3, 4, 5), 'before-restore', 1)).toBe('pizhu-2026-11-22T03-04-05Z-before-restore-2.json');
    expect(parseSnapshotName('pizhu-2026-11-22T03-04-05Z-before-restore-2.json')).toEqual({ reason: 'before-restore', createdAt: '2026-11-22T03:04:05Z', sequence: 1 });
  });

  it('sort by time as text', () => {
    const times = [Date.UTC(2026, 0, 9, 23, 59, 59), Date.UTC(2026, 0, 10, 0, 0, 0), Date.UTC(2026, 9, 1, 8, 0, 0), Date.UTC(2027, 0, 1)];
    const names = times.map((t) => snapshotName(t, 'daily'));
    expect([...names].reverse().sort()).toEqual(names);
  });

  it('refuse paths, other files and near misses', () => {
    for (const bad of ['../pizhu-2026-11-22T03-04-05Z-daily.json', 'x/pizhu-2026-11-22T03-04-05Z-daily.json', 'pizhu-2026-11-22T03-04-05Z-hourly.json', 'pizhu-2026-11-22T03:04:05Z-daily.json', 'pizhu-2026-11-22T03-04-05Z-daily.json.tmp', 'pizhu-host.json', '.pizhu-1.tmp', 'pizhu-2026-11-22T03-04-05Z-daily-0.json']) {
      expect(SNAPSHOT_NAME.test(bad), bad).toBe(false);
    }
    expect(parseSnapshotName('pizhu-2026-13-45T03-04-05Z-daily.json')).toBeNull();
  });
});

describe('SnapshotStore', () => {
  it('writes the JSON as given and lists it with its reason, time and size', async () => {
    const { snapshots, dir } = store();
    const json = '{"type":"AnnotationCollection","label":"批注"}';
    const result = await snapshots.writeSnapshot('upgrade', json);
    expect(result).toEqual({ ok: true, snapshot: { name: 'pizhu-2026-11-22T03-04-05Z-upgrade.json', reason: 'upgrade', createdAt: '2026-11-22T03:04:05Z', size: Buffer.byteLength(json) } });
    expect(readFileSync(join(dir, 'pizhu-2026-11-22T03-04-05Z-upgrade.json'), 'utf8')).toBe(json);
    expect(await snapshots.listSnapshots()).toEqual([result.ok && result.snapshot]);
    expect(await snapshots.readSnapshot('pizhu-2026-11-22T03-04-05Z-upgrade.json')).toEqual({ ok: true, json });
    // Only the snapshot is left in the folder: no temporary file.
    expect(readdirSync(dir)).toEqual(['pizhu-2026-11-22T03-04-05Z-upgrade.json']);
  });

  it('gives snapshots of the same second different names, in the order written, the last listed first', async () => {
    const { snapshots } = store();
    const names = [];
    for (const reason of ['daily', 'daily', 'before-restore', 'manual'] as const) {
      const result = await snapshots.writeSnapshot(reason, `{"n":"${reason}"}`);
      if (!result.ok) throw new Error(result.detail);
      names.push(result.snapshot.name);
    }
    expect(names).toEqual([
      'pizhu-2026-11-22T03-04-05Z-daily.json',
      'pizhu-2026-11-22T03-04-05Z-daily-2.json',
      'pizhu-2026-11-22T03-04-05Z-before-restore-3.json',
      'pizhu-2026-11-22T03-04-05Z-manual-4.json',
    ]);
    expect((await snapshots.listSnapshots()).map((s) => s.name)).toEqual([...names].reverse());
  });

  it('writes concurrent snapshots one after another, each under its own name', async () => {
    const { snapshots } = store();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => snapshots.writeSnapshot('manual', `{"i":${i}}`)));
    const names = results.map((r) => (r.ok ? r.snapshot.name : r.detail));
    expect(new Set(names).size).toBe(5);
    for (const [i, name] of names.entries()) expect(await snapshots.readSnapshot(name)).toEqual({ ok: true, json: `{"i":${i}}` });
  });

  it(`keeps the newest ${SNAPSHOTS_KEPT}, pruning the oldest after each write`, async () => {
    const { snapshots, dir, tick } = store();
    const written: string[] = [];
    for (let i = 0; i < SNAPSHOTS_KEPT + 3; i++) {
      const result = await snapshots.writeSnapshot(i % 2 ? 'daily' : 'manual', `{"i":${i}}`);
      if (!result.ok) throw new Error(result.detail);
      written.push(result.snapshot.name);
      tick(3_600_000);
    }
    const listed = (await snapshots.listSnapshots()).map((s) => s.name);
    expect(listed).toEqual(written.slice(3).reverse());
    expect(readdirSync(dir).sort()).toEqual(written.slice(3).sort());
  });

  it('prunes nothing when the write fails', async () => {
    let failing = false;
    const { snapshots, dir, tick } = store({
      write: async (path, content) => {
        if (failing) throw new Error('ENOSPC: no space left on device');
        writeFileSync(path, content);
      },
    });
    for (let i = 0; i < SNAPSHOTS_KEPT; i++) {
      await snapshots.writeSnapshot('daily', `{"i":${i}}`);
      tick(1000);
    }
    const before = readdirSync(dir).sort();
    failing = true;
    expect(await snapshots.writeSnapshot('manual', '{"i":"new"}')).toEqual({ ok: false, detail: 'ENOSPC: no space left on device' });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(await snapshots.listSnapshots()).toHaveLength(SNAPSHOTS_KEPT);
  });

  it('ignores files that are not snapshots and never prunes them', async () => {
    const { snapshots, dir, tick } = store();
    await snapshots.writeSnapshot('daily', '{}');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, '.pizhu-1234.tmp'), 'half');
    for (let i = 0; i < SNAPSHOTS_KEPT + 1; i++) {
      tick(1000);
      await snapshots.writeSnapshot('daily', '{}');
    }
    expect(await snapshots.listSnapshots()).toHaveLength(SNAPSHOTS_KEPT);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['notes.txt', '.pizhu-1234.tmp']));
  });

  it('refuses bad arguments and lists an absent folder as empty', async () => {
    const { snapshots, root } = store();
    expect(await snapshots.listSnapshots()).toEqual([]);
    expect((await snapshots.writeSnapshot('hourly', '{}')).ok).toBe(false);
    expect((await snapshots.writeSnapshot('daily', 42)).ok).toBe(false);
    expect((await snapshots.writeSnapshot('daily', '')).ok).toBe(false);
    writeFileSync(join(root, 'pizhu-host.json'), '{"libraryRoot":"/secret"}');
    for (const bad of ['../pizhu-host.json', 'pizhu-host.json', join(root, 'pizhu-host.json'), 42]) {
      expect(await snapshots.readSnapshot(bad), String(bad)).toMatchObject({ ok: false, detail: expect.stringMatching(/not a snapshot name|must be a string/) });
    }
    expect(await snapshots.readSnapshot('pizhu-2026-11-22T03-04-05Z-daily.json')).toMatchObject({ ok: false, detail: expect.stringContaining('no snapshot') });
  });
});
