// The app's snapshots over the real host store (src-main/snapshots.ts) with a clock that was
// set back: ten snapshots dated in the future, then a restore keeps the current data first
// (the before-restore snapshot is on disk and holds the note) or refuses; the daily rule
// still writes; and the app notices the clock.
import 'fake-indexeddb/auto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PizhuApi, SnapshotBody } from '../../src-main/api.ts';
import { SnapshotStore } from '../../src-main/snapshots.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { SnapshotsState } from '../../src-renderer/state/snapshots.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('snapshots-clock');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const A_YEAR_AHEAD = Date.UTC(2027, 10, 22, 9, 0, 0);
const NOTE = '这条笔记写在时钟被调回之后';

function annotation(id: string, note: string): AnnotationRecord {
  return {
    id,
    articleKey: SEED.s000,
    fingerprint: 'f'.repeat(64),
    cleanVersion: 1,
    position: { start: 10, end: 14 },
    quote: { exact: '营商环境', prefix: '优化', suffix: '建设' },
    color: 'yellow',
    note,
    tagIds: [],
    createdAt: 1,
    updatedAt: 2,
    deletedAt: null,
  };
}

/** The app's state over a real snapshot folder; `failWrites` makes the disk refuse. */
function setup(db: PizhuDatabase, dir: string, clock: { now: number }, options: { failWrites?: boolean } = {}) {
  const store = new SnapshotStore(dir, {
    now: () => clock.now,
    ...(options.failWrites ? { write: async () => Promise.reject(new Error('EROFS: read-only file system')) } : {}),
  });
  const api: PizhuApi = Object.assign(new FakeHost(), {
    // The page's Blob reaches the store as its bytes, as over HTTP or IPC.
    writeSnapshot: async (reason: Parameters<PizhuApi['writeSnapshot']>[0], body: SnapshotBody) => store.writeSnapshot(reason, body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : body),
    listSnapshots: () => store.listSnapshots(),
    readSnapshot: (name: string) => store.readSnapshot(name),
  });
  return new SnapshotsState(api, () => db, { reloadAfterRestore: async () => undefined, now: () => clock.now });
}

/** Ten snapshots written while the clock was a year ahead, each holding an older note. */
async function tenFromTheFuture(db: PizhuDatabase, dir: string): Promise<void> {
  const clock = { now: A_YEAR_AHEAD };
  const ahead = setup(db, dir, clock);
  await db.annotations.put(annotation('old', '旧笔记'));
  for (let i = 0; i < 10; i++) {
    await ahead.backupNow();
    expect(ahead.status?.kind).toBe('written');
    clock.now += 60_000;
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-clock-'));
  dirs.push(dir);
  return join(dir, 'snapshots');
}

describe('a clock set back a year, with ten snapshots dated in the future', () => {
  it('a restore first keeps the current data as a before-restore snapshot that is on disk and holds the note', async () => {
    const db = dbs.open();
    const dir = tempDir();
    await tenFromTheFuture(db, dir);
    await db.annotations.put(annotation('new', NOTE));

    const state = setup(db, dir, { now: NOW });
    await state.refresh();
    expect(state.list).toHaveLength(10);
    await state.chooseRestore(state.list[0]);
    expect(state.pending).not.toBeNull();
    await state.confirmRestore();
    expect(state.status?.kind).toBe('restored');
    const saved = readdirSync(dir).filter((n) => n.includes('-before-restore-'));
    expect(saved).toHaveLength(1);
    expect(readFileSync(join(dir, saved[0]), 'utf8')).toContain(NOTE);
    expect(state.list[0].name).toBe(saved[0]);
    // The restored data is the snapshot's: the note written after the clock jump is deleted (a
    // tombstone), its text kept in the before-restore snapshot.
    expect((await db.annotations.toArray()).map((a) => [a.id, a.deletedAt === null])).toEqual([
      ['new', false],
      ['old', true],
    ]);
  });

  it('refuses to restore, changing nothing, when the before-restore snapshot cannot be written', async () => {
    const db = dbs.open();
    const dir = tempDir();
    await tenFromTheFuture(db, dir);
    await db.annotations.put(annotation('new', NOTE));
    const before = readdirSync(dir).sort();

    const state = setup(db, dir, { now: NOW }, { failWrites: true });
    await state.refresh();
    await state.chooseRestore(state.list[0]);
    await state.confirmRestore();
    expect(state.status).toMatchObject({ kind: 'restore-unsafe', detail: expect.stringContaining('EROFS') });
    expect((await db.annotations.get('new'))?.note).toBe(NOTE);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('the daily snapshot is still written, once, and the clock is pointed out', async () => {
    const db = dbs.open();
    const dir = tempDir();
    await tenFromTheFuture(db, dir);
    const clock = { now: NOW };
    const state = setup(db, dir, clock);
    await state.refresh();
    expect(state.futureSnapshot?.createdAt.startsWith('2027-11-22')).toBe(true);
    expect(await state.checkDaily()).toBe('written');
    clock.now += 60 * 60 * 1000;
    expect(await state.checkDaily()).toBe('recent');
    const daily = readdirSync(dir).filter((n) => n.includes('-daily-'));
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatch(/^pizhu-2026-11-22T09-00-00Z-daily-w11\.json$/);
  });

  it('a clock that is right raises no notice', async () => {
    const db = dbs.open();
    const dir = tempDir();
    await db.annotations.put(annotation('a', NOTE));
    const state = setup(db, dir, { now: NOW });
    await state.backupNow();
    expect(state.futureSnapshot).toBeNull();
  });
});
