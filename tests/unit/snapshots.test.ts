// The host's snapshot folder: names that sort and are safe on every OS, the newest ten kept,
// a failed write that prunes nothing, and reads that only take names of its own pattern.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SNAPSHOT_BYTES, SNAPSHOT_NAME, unsafeFileNameReason } from '../../src-main/api.ts';
import { nextWriteNumber, parseSnapshotName, snapshotName, SnapshotStore, SNAPSHOTS_KEPT } from '../../src-main/snapshots.ts';

/** A snapshot's text: the outline of a Pizhu backup, which the store checks, with `fields` beside it. */
const backup = (fields: Record<string, unknown>) => JSON.stringify({ type: 'AnnotationCollection', 'pizhu:format': 1, ...fields });
const utf8 = (text: string) => new TextEncoder().encode(text);

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
  it('carry the UTC second, the reason and the write number, without characters any OS refuses', () => {
    const name = snapshotName(Date.UTC(2026, 10, 22, 3, 4, 5, 678), 'daily', 1);
    expect(name).toBe('pizhu-2026-11-22T03-04-05Z-daily-w1.json');
    expect(unsafeFileNameReason(name)).toBeNull();
    expect(snapshotName(Date.UTC(2026, 10, 22, 3, 4, 5), 'before-restore', 12345)).toBe('pizhu-2026-11-22T03-04-05Z-before-restore-w12345.json');
    expect(parseSnapshotName('pizhu-2026-11-22T03-04-05Z-before-restore-w12345.json')).toEqual({ reason: 'before-restore', createdAt: '2026-11-22T03:04:05Z', write: 12345, sequence: 0 });
  });

  it("still read earlier versions' names, as written before any numbered one", () => {
    expect(parseSnapshotName('pizhu-2026-11-22T03-04-05Z-before-restore-2.json')).toEqual({ reason: 'before-restore', createdAt: '2026-11-22T03:04:05Z', write: 0, sequence: 1 });
    expect(parseSnapshotName('pizhu-2026-11-22T03-04-05Z-daily.json')).toEqual({ reason: 'daily', createdAt: '2026-11-22T03:04:05Z', write: 0, sequence: 0 });
    expect(nextWriteNumber(['pizhu-2030-01-01T00-00-00Z-daily-7.json', 'notes.txt'])).toBe(1);
    expect(nextWriteNumber(['pizhu-2020-01-01T00-00-00Z-daily-w41.json', 'pizhu-2030-01-01T00-00-00Z-daily-w3.json'])).toBe(42);
  });

  it('refuse paths, other files and near misses', () => {
    for (const bad of ['../pizhu-2026-11-22T03-04-05Z-daily.json', 'x/pizhu-2026-11-22T03-04-05Z-daily.json', 'pizhu-2026-11-22T03-04-05Z-hourly.json', 'pizhu-2026-11-22T03:04:05Z-daily.json', 'pizhu-2026-11-22T03-04-05Z-daily.json.tmp', 'pizhu-host.json', '.pizhu-1.tmp', 'pizhu-2026-11-22T03-04-05Z-daily-0.json', 'pizhu-2026-11-22T03-04-05Z-daily-w0.json', 'pizhu-2026-11-22T03-04-05Z-daily-w.json', 'pizhu-2026-11-22T03-04-05Z-daily-2-w3.json']) {
      expect(SNAPSHOT_NAME.test(bad), bad).toBe(false);
    }
    expect(parseSnapshotName('pizhu-2026-13-45T03-04-05Z-daily.json')).toBeNull();
  });
});

describe('SnapshotStore', () => {
  it('writes the JSON as given and lists it with its reason, time and size', async () => {
    const { snapshots, dir } = store();
    const json = backup({ label: '批注' });
    const result = await snapshots.writeSnapshot('upgrade', utf8(json));
    expect(result).toEqual({ ok: true, snapshot: { name: 'pizhu-2026-11-22T03-04-05Z-upgrade-w1.json', reason: 'upgrade', createdAt: '2026-11-22T03:04:05Z', size: Buffer.byteLength(json) } });
    expect(readFileSync(join(dir, 'pizhu-2026-11-22T03-04-05Z-upgrade-w1.json'), 'utf8')).toBe(json);
    expect(await snapshots.listSnapshots()).toEqual([result.ok && result.snapshot]);
    expect(await snapshots.readSnapshot('pizhu-2026-11-22T03-04-05Z-upgrade-w1.json')).toEqual({ ok: true, json });
    // Only the snapshot is left in the folder: no temporary file.
    expect(readdirSync(dir)).toEqual(['pizhu-2026-11-22T03-04-05Z-upgrade-w1.json']);
  });

  it('gives snapshots of the same second different names, in the order written, the last listed first', async () => {
    const { snapshots } = store();
    const names = [];
    for (const reason of ['daily', 'daily', 'before-restore', 'manual'] as const) {
      const result = await snapshots.writeSnapshot(reason, utf8(backup({ n: reason })));
      if (!result.ok) throw new Error(result.detail);
      names.push(result.snapshot.name);
    }
    expect(names).toEqual([
      'pizhu-2026-11-22T03-04-05Z-daily-w1.json',
      'pizhu-2026-11-22T03-04-05Z-daily-w2.json',
      'pizhu-2026-11-22T03-04-05Z-before-restore-w3.json',
      'pizhu-2026-11-22T03-04-05Z-manual-w4.json',
    ]);
    expect((await snapshots.listSnapshots()).map((s) => s.name)).toEqual([...names].reverse());
  });

  it('writes concurrent snapshots one after another, each under its own name', async () => {
    const { snapshots } = store();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => snapshots.writeSnapshot('manual', utf8(backup({ i })))));
    const names = results.map((r) => (r.ok ? r.snapshot.name : r.detail));
    expect(new Set(names).size).toBe(5);
    for (const [i, name] of names.entries()) expect(await snapshots.readSnapshot(name)).toEqual({ ok: true, json: backup({ i }) });
  });

  it(`keeps the newest ${SNAPSHOTS_KEPT}, pruning the oldest after each write`, async () => {
    const { snapshots, dir, tick } = store();
    const written: string[] = [];
    for (let i = 0; i < SNAPSHOTS_KEPT + 3; i++) {
      const result = await snapshots.writeSnapshot(i % 2 ? 'daily' : 'manual', utf8(backup({ i })));
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
      await snapshots.writeSnapshot('daily', utf8(backup({ i })));
      tick(1000);
    }
    const before = readdirSync(dir).sort();
    failing = true;
    expect(await snapshots.writeSnapshot('manual', utf8(backup({ i: 'new' })))).toEqual({ ok: false, detail: 'ENOSPC: no space left on device' });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(await snapshots.listSnapshots()).toHaveLength(SNAPSHOTS_KEPT);
  });

  it('ignores files that are not snapshots and never prunes them', async () => {
    const { snapshots, dir, tick } = store();
    await snapshots.writeSnapshot('daily', utf8(backup({})));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, '.pizhu-1234.tmp'), 'half');
    for (let i = 0; i < SNAPSHOTS_KEPT + 1; i++) {
      tick(1000);
      await snapshots.writeSnapshot('daily', utf8(backup({})));
    }
    expect(await snapshots.listSnapshots()).toHaveLength(SNAPSHOTS_KEPT);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['notes.txt', '.pizhu-1234.tmp']));
  });

  it('refuses bad arguments and lists an absent folder as empty', async () => {
    const { snapshots, root } = store();
    expect(await snapshots.listSnapshots()).toEqual([]);
    expect((await snapshots.writeSnapshot('hourly', utf8(backup({})))).ok).toBe(false);
    expect((await snapshots.writeSnapshot('daily', 42)).ok).toBe(false);
    expect((await snapshots.writeSnapshot('daily', '')).ok).toBe(false);
    writeFileSync(join(root, 'pizhu-host.json'), '{"libraryRoot":"/secret"}');
    for (const bad of ['../pizhu-host.json', 'pizhu-host.json', join(root, 'pizhu-host.json'), 42]) {
      expect(await snapshots.readSnapshot(bad), String(bad)).toMatchObject({ ok: false, detail: expect.stringMatching(/not a snapshot name|must be a string/) });
    }
    expect(await snapshots.readSnapshot('pizhu-2026-11-22T03-04-05Z-daily-w1.json')).toMatchObject({ ok: false, detail: expect.stringContaining('no snapshot') });
  });

  it('gives 25 concurrent writes in one second 25 names, and keeps the last ten written', async () => {
    const { snapshots, dir } = store();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => snapshots.writeSnapshot('manual', utf8(backup({ i })))));
    const names = results.map((r) => (r.ok ? r.snapshot.name : `refused: ${r.detail}`));
    expect(new Set(names).size).toBe(25);
    expect(names.filter((n) => n.startsWith('refused'))).toEqual([]);
    const kept = readdirSync(dir).sort();
    expect(kept).toEqual(names.slice(15).sort());
    for (const [i, name] of names.entries()) if (i >= 15) expect(await snapshots.readSnapshot(name)).toEqual({ ok: true, json: backup({ i }) });
  });

  it('keeps every one of 25 writes when it keeps that many: none replaced another', async () => {
    const { snapshots, dir } = store({ keep: 30 });
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => snapshots.writeSnapshot('daily', utf8(backup({ i })))));
    expect(readdirSync(dir)).toHaveLength(25);
    for (const [i, result] of results.entries()) {
      if (!result.ok) throw new Error(result.detail);
      expect(readFileSync(join(dir, result.snapshot.name), 'utf8')).toBe(backup({ i }));
    }
  });

  it('two stores on one folder (the desktop app and the web host) never take each other’s names', async () => {
    const { snapshots, dir } = store({ keep: 50 });
    const other = new SnapshotStore(dir, { now: () => Date.UTC(2026, 10, 22, 3, 4, 5, 900), keep: 50 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : snapshots).writeSnapshot('manual', utf8(backup({ i })))));
    const names = results.map((r) => (r.ok ? r.snapshot.name : `refused: ${r.detail}`));
    expect(new Set(names).size).toBe(20);
    for (const [i, name] of names.entries()) expect(readFileSync(join(dir, name), 'utf8')).toBe(backup({ i }));
  });

  it('with ten snapshots dated in the future, keeps the one just written and prunes the oldest written', async () => {
    const { snapshots, dir, tick } = store();
    // Written while the clock was a year ahead (then it jumped back): five of an earlier version, five numbered.
    const future = Date.UTC(2027, 10, 22, 3, 4, 5);
    const ahead = [
      ...Array.from({ length: 5 }, (_, i) => `pizhu-2027-11-22T03-04-0${i}Z-daily.json`),
      ...Array.from({ length: 5 }, (_, i) => snapshotName(future + i * 1000, 'daily', i + 1)),
    ];
    mkdirSync(dir, { recursive: true });
    for (const name of ahead) writeFileSync(join(dir, name), `{"name":"${name}"}`);
    const result = await snapshots.writeSnapshot('before-restore', utf8(backup({ note: '今天写的批注' })));
    if (!result.ok) throw new Error(result.detail);
    expect(result.snapshot.name).toBe('pizhu-2026-11-22T03-04-05Z-before-restore-w6.json');
    expect(await snapshots.readSnapshot(result.snapshot.name)).toEqual({ ok: true, json: backup({ note: '今天写的批注' }) });
    const listed = (await snapshots.listSnapshots()).map((s) => s.name);
    expect(listed[0]).toBe(result.snapshot.name);
    // The oldest written goes: the first of the earlier version's names (the earliest in time among them).
    expect(listed).toHaveLength(SNAPSHOTS_KEPT);
    expect(listed).not.toContain('pizhu-2027-11-22T03-04-00Z-daily.json');
    // Later writes under the set-back clock keep going: the newest written always stays.
    for (let i = 0; i < 12; i++) {
      tick(1000);
      const next = await snapshots.writeSnapshot('manual', utf8(backup({ i })));
      if (!next.ok) throw new Error(next.detail);
      expect((await snapshots.listSnapshots())[0].name).toBe(next.snapshot.name);
    }
    expect(readdirSync(dir).filter((n) => n.startsWith('pizhu-2027'))).toEqual([]);
  });

  it('answers ok only for a file that reads back whole, and then prunes nothing', async () => {
    let truncating = false;
    const { snapshots, dir, tick } = store({
      write: async (path, content) => {
        writeFileSync(path, truncating ? content.slice(0, content.length - 2) : content, { flag: 'wx' });
      },
    });
    for (let i = 0; i < SNAPSHOTS_KEPT; i++) {
      await snapshots.writeSnapshot('daily', utf8(backup({ i })));
      tick(1000);
    }
    const before = readdirSync(dir).sort();
    truncating = true;
    const result = await snapshots.writeSnapshot('before-restore', utf8(backup({ note: '批注' })));
    expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('did not read back') });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses text that is not JSON, leaving no file', async () => {
    const { snapshots, dir } = store();
    expect(await snapshots.writeSnapshot('manual', utf8('{"cut": "off'))).toMatchObject({ ok: false, detail: expect.stringContaining('not JSON') });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('takes the snapshot as bytes only: a string, empty bytes or more than the limit are refused with the reason', async () => {
    const { snapshots, dir } = store();
    expect(await snapshots.writeSnapshot('manual', backup({ i: 1 }))).toEqual({ ok: false, detail: 'snapshot must be bytes (a Uint8Array)' });
    expect(await snapshots.writeSnapshot('manual', new Uint8Array(0))).toEqual({ ok: false, detail: 'snapshot is empty' });
    expect(await snapshots.writeSnapshot('manual', [123, 125])).toEqual({ ok: false, detail: 'snapshot must be bytes (a Uint8Array)' });
    // Zero-filled and never touched: the size alone refuses it, before any byte is read.
    expect(await snapshots.writeSnapshot('manual', new Uint8Array(MAX_SNAPSHOT_BYTES + 1))).toEqual({ ok: false, detail: `snapshot is larger than ${MAX_SNAPSHOT_BYTES} bytes` });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('refuses bytes that are not a Pizhu backup, saying why, and writes nothing', async () => {
    const { snapshots, dir } = store();
    const cases: [Uint8Array, string][] = [
      // A lone continuation byte and a GBK-encoded 批注: not UTF-8.
      [Uint8Array.of(0x7b, 0x80, 0x7d), 'snapshot is not UTF-8 text'],
      [Uint8Array.of(0xc5, 0xfa, 0xd7, 0xa2), 'snapshot is not UTF-8 text'],
      [utf8('[1, 2]'), 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)'],
      [utf8('"批注"'), 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)'],
      [utf8('null'), 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)'],
      [utf8('{"libraryRoot":"/home/me"}'), 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)'],
      // Another program's W3C collection: the right type, but not Pizhu's.
      [utf8('{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","total":0}'), 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)'],
    ];
    for (const [bytes, detail] of cases) expect(await snapshots.writeSnapshot('manual', bytes), detail).toEqual({ ok: false, detail });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('writes exactly the bytes of a view, and keeps them when the caller reuses its buffer', async () => {
    const { snapshots, dir } = store();
    const text = backup({ note: '批注' });
    const buffer = new Uint8Array(100 + utf8(text).length);
    buffer.fill(0x20);
    buffer.set(utf8(text), 50);
    const view = buffer.subarray(50, 50 + utf8(text).length);
    const pending = snapshots.writeSnapshot('manual', view);
    buffer.fill(0x78);
    const result = await pending;
    if (!result.ok) throw new Error(result.detail);
    expect(readFileSync(join(dir, result.snapshot.name), 'utf8')).toBe('{"type":"AnnotationCollection","pizhu:format":1,"note":"批注"}');
    expect(result.snapshot.size).toBe(64);
  });

  it.skipIf(process.platform === 'win32')('keeps the folder 0700 and each snapshot 0600, even in a folder made wider before', async () => {
    const { snapshots, dir } = store();
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const result = await snapshots.writeSnapshot('daily', utf8(backup({ note: '私人批注' })));
    if (!result.ok) throw new Error(result.detail);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, result.snapshot.name)).mode & 0o777).toBe(0o600);
  });
});
