// SnapshotsState over a fake host and a real (fake-indexeddb) database, with a fake clock:
// the daily rule (a day old, anything to keep, an app left open across midnight), 立即备份,
// restoring (the current data kept as a snapshot first, then restored as an edit made now), and the
// question asked when the pre-upgrade snapshot cannot be written.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { parseBackup } from '../../src-renderer/core/webAnnotation.ts';
import { readBackupData } from '../../src-renderer/db/backup.ts';
import { declareVersions, type PizhuDatabase } from '../../src-renderer/db/database.ts';
import { createGuardedDatabase } from '../../src-renderer/db/openDatabase.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { CURRENT_VERSION, SCHEMA_VERSIONS } from '../../src-renderer/db/schema.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { DAILY_CHECK_MS, DAY_MS, SnapshotsState } from '../../src-renderer/state/snapshots.svelte.ts';
import { articleFileName } from '../../src-renderer/core/annotationFileNames.ts';
import { until } from '../support/appHarness.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('state-snapshots');
const HOUR = 60 * 60 * 1000;

function annotation(id: string, note = ''): AnnotationRecord {
  return {
    id,
    articleKey: SEED.s000,
    fingerprint: 'f'.repeat(64),
    cleanVersion: 1,
    position: { start: 10, end: 14 },
    quote: { exact: '营商环境', prefix: '优化', suffix: '建设' },
    color: 'yellow',
    note,
    tagIds: ['t1'],
    createdAt: 1,
    updatedAt: 2,
    deletedAt: null,
  };
}

function setup(db: PizhuDatabase | null = dbs.open()) {
  const host = new FakeHost();
  const clock = { now: Date.UTC(2026, 10, 22, 9, 0, 0) };
  const timers: { run: () => void; ms: number }[] = [];
  let reloads = 0;
  const state = new SnapshotsState(host, () => db, {
    reloadAfterRestore: async () => void reloads++,
    now: () => clock.now,
    every: (run, ms) => {
      timers.push({ run, ms });
      return () => timers.splice(0);
    },
  });
  const advance = (ms: number) => {
    clock.now += ms;
    host.snapshotNow = clock.now;
  };
  host.snapshotNow = clock.now;
  return { host, db: db!, state, advance, timers, reloads: () => reloads };
}

describe('daily snapshots', () => {
  it('one a day while there is anything to keep, none for an empty profile', async () => {
    const { host, db, state, advance } = setup();
    expect(await state.checkDaily()).toBe('empty');
    await db.settings.put({ key: 'script', value: 't' });
    expect(await state.checkDaily()).toBe('empty');
    expect(host.snapshots).toHaveLength(0);

    await db.annotations.put(annotation('a1'));
    expect(await state.checkDaily()).toBe('written');
    expect(host.snapshots.map((s) => s.reason)).toEqual(['daily']);
    const parsed = parseBackup(host.snapshots[0].json);
    expect(parsed.ok && parsed.data.annotations.map((a) => a.id)).toEqual(['a1']);

    advance(23 * HOUR);
    expect(await state.checkDaily()).toBe('recent');
    // A manual snapshot does not count as the daily one.
    await state.backupNow();
    advance(HOUR + 1000);
    expect(await state.checkDaily()).toBe('written');
    expect(host.snapshots.map((s) => s.reason)).toEqual(['daily', 'manual', 'daily']);
  });

  it('an app left open across midnight writes the next one when the hourly check finds a day gone', async () => {
    const { host, db, state, advance, timers } = setup();
    await db.annotations.put(annotation('a1'));
    state.startDaily();
    expect(timers.map((t) => t.ms)).toEqual([DAILY_CHECK_MS]);
    expect(await state.checkDaily()).toBe('recent');
    expect(host.snapshots).toHaveLength(1);

    // 09:00 → 23:00 → past midnight → 09:00 the next day.
    for (let hour = 1; hour <= 23; hour++) {
      advance(HOUR);
      timers[0].run();
    }
    expect(await state.checkDaily()).toBe('recent');
    expect(host.snapshots).toHaveLength(1);
    advance(HOUR);
    timers[0].run();
    await state.checkDaily();
    expect(host.snapshots.map((s) => s.createdAt)).toEqual(['2026-11-22T09:00:00Z', '2026-11-23T09:00:00Z']);
    expect(Date.parse(host.snapshots[1].createdAt) - Date.parse(host.snapshots[0].createdAt)).toBe(DAY_MS);
    state.stop();
    expect(timers).toHaveLength(0);
  });

  it('a failed daily write is retried by the next check', async () => {
    const { host, db, state, advance } = setup();
    await db.annotations.put(annotation('a1'));
    host.snapshotFailure = 'EACCES';
    expect(await state.checkDaily()).toBe('failed');
    host.snapshotFailure = null;
    advance(HOUR);
    expect(await state.checkDaily()).toBe('written');
  });
});

describe('restoring a snapshot', () => {
  async function filled() {
    const s = setup();
    await s.db.annotations.bulkPut([annotation('a1', '**重点**'), { ...annotation('gone'), deletedAt: 3, updatedAt: 3 }]);
    await s.db.tags.put({ id: 't1', key: '营商环境', name: '营商环境', aliases: [], color: 'green', description: '', parentId: null, updatedAt: 0, deletedAt: null });
    await s.db.libraryTitles.put({ libraryId: 'bundled', articleKey: SEED.s000, title: '安吉的新标题', updatedAt: 4 });
    await s.db.settings.bulkPut([
      { key: 'script', value: 't' },
      { key: 'uiLanguage', value: 'en' },
    ]);
    await s.db.libraryReading.put({ libraryId: 'bundled', articleKey: SEED.s000, fingerprint: null, blockIndex: 3, fraction: 0.5, offset: 100, updatedAt: 5 });
    return s;
  }

  it('立即备份, change everything, restore: the data is the snapshot’s again and the changed data was kept first', async () => {
    const { host, db, state, advance, reloads } = await filled();
    const saved = await readBackupData(db);
    await state.backupNow();
    expect(state.status).toMatchObject({ kind: 'written', snapshot: { reason: 'manual' } });
    expect(state.list.map((s) => s.reason)).toEqual(['manual']);

    advance(60_000);
    await db.annotations.delete('a1');
    await db.annotations.put(annotation('b1', '新的笔记'));
    await db.tags.put({ id: 't2', key: '人才', name: '人才', aliases: [], color: 'blue', description: '', parentId: null, updatedAt: 0, deletedAt: null });
    await db.libraryTitles.clear();
    await db.settings.put({ key: 'script', value: 'cn' });
    await db.libraryReading.clear();
    // A note being typed into b1 when the restore comes: its draft must not outlive b1.
    await db.drafts.put({ annotationId: 'b1', note: '打了一半', typedAt: 6 });
    const changed = await readBackupData(db);

    await state.chooseRestore(state.list[0]);
    // Asked first, with what the snapshot holds; nothing changed yet.
    expect(state.pending).toMatchObject({ snapshot: { reason: 'manual' }, annotations: 1 });
    expect(await readBackupData(db)).toEqual(changed);

    await state.confirmRestore();
    expect(state.status).toMatchObject({ kind: 'restored', createdAt: '2026-11-22T09:00:00Z', beforeRestore: { reason: 'before-restore' } });
    // The restore is an edit made now (other machines take it from the annotation files): the
    // snapshot's rows dated 09:01, made when they were made; what it lacks deleted at 09:01.
    const at = Date.UTC(2026, 10, 22, 9, 1, 0);
    const after = await readBackupData(db);
    expect(after.annotations).toEqual([
      { ...annotation('a1', '**重点**'), updatedAt: at },
      { ...annotation('b1', '新的笔记'), deletedAt: at },
      { ...annotation('gone'), deletedAt: 3, updatedAt: at },
    ]);
    expect(after.tags).toEqual([
      { id: 't1', key: '营商环境', name: '营商环境', aliases: [], color: 'green', description: '', parentId: null, updatedAt: at, deletedAt: null },
      { id: 't2', key: '人才', name: '人才', aliases: [], color: 'blue', description: '', parentId: null, updatedAt: 0, deletedAt: at },
    ]);
    expect(after.titles).toEqual([{ libraryId: 'bundled', articleKey: SEED.s000, title: '安吉的新标题', updatedAt: at }]);
    // Settings and reading positions stay on each machine: back as they were saved.
    expect(after.settings).toEqual(saved.settings);
    expect(after.reading).toEqual(saved.reading);
    expect(await db.drafts.count()).toBe(0);
    expect(state.pending).toBeNull();
    expect(reloads()).toBe(1);

    // The snapshot written first holds the data as it was just before the restore.
    expect(host.snapshots.map((s) => s.reason)).toEqual(['manual', 'before-restore']);
    const before = parseBackup(host.snapshots[1].json);
    if (!before.ok) throw new Error(before.error.detail);
    expect(before.data).toEqual(changed);
    expect(state.list.map((s) => s.reason)).toEqual(['before-restore', 'manual']);
  });

  it('nothing is replaced when the current data cannot be kept first', async () => {
    const { host, db, state, reloads } = await filled();
    await state.backupNow();
    await db.annotations.put(annotation('b1'));
    const changed = await readBackupData(db);
    await state.chooseRestore(state.list[0]);
    host.snapshotFailure = 'ENOSPC: no space left on device';
    await state.confirmRestore();
    expect(state.status).toEqual({ kind: 'restore-unsafe', detail: 'ENOSPC: no space left on device' });
    expect(await readBackupData(db)).toEqual(changed);
    expect(reloads()).toBe(0);
  });

  it('a damaged or vanished snapshot is refused before anything is asked or changed', async () => {
    const { host, db, state } = await filled();
    await state.backupNow();
    const before = await readBackupData(db);
    host.snapshots[0].json = host.snapshots[0].json.slice(0, 200);
    await state.chooseRestore(state.list[0]);
    expect(state.status).toMatchObject({ kind: 'invalid', code: 'not-json' });
    expect(state.pending).toBeNull();
    host.snapshots.splice(0);
    await state.chooseRestore(state.list[0]);
    expect(state.status).toMatchObject({ kind: 'read-failed' });
    expect(await readBackupData(db)).toEqual(before);
  });

  it('through the app: a start’s daily snapshot waits until the start has written the annotation files; none after the app stops', async () => {
    /**
     * An app started on a database holding one highlight, on a host whose annotation file
     * writes wait for `release`; `log` is what the host was asked, in order. Resolves once the
     * start has asked for its first file write.
     */
    const startedHeld = async (id: string, note: string) => {
      const host = FakeHost.withSeeds();
      const log: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const write = host.writeAnnotationFile;
      host.writeAnnotationFile = async (name, text) => {
        log.push('write asked');
        await held;
        const result = await write(name, text);
        log.push('written');
        return result;
      };
      const list = host.listSnapshots;
      host.listSnapshots = async () => {
        log.push('snapshots listed');
        return list();
      };
      const db = dbs.open();
      await db.annotations.put(annotation(id, note));
      const app = new AppState(host, db);
      await app.start(SEED.s000);
      await until(() => log.includes('write asked'), 'the first annotation file write');
      return { app, host, log, release };
    };

    const first = await startedHeld('a1', '笔记');
    await first.app.library.settled();
    first.release();
    await until(() => first.log.includes('written') && first.host.snapshots.length === 1, 'the files and the daily snapshot');
    expect(first.host.snapshots[0].reason).toBe('daily');
    expect(first.host.annotationFiles.get(articleFileName(SEED.s000))).toContain('笔记');
    // The daily check (which lists the snapshots first) began only once the files were written.
    expect(first.log.indexOf('snapshots listed')).toBeGreaterThan(first.log.indexOf('written'));
    first.app.stop();

    // Stopped while the files are still being written: no check begins after.
    const second = await startedHeld('a2', '另一条');
    second.app.stop();
    second.release();
    await until(() => second.log.includes('written'), 'the second app’s file written');
    // A check started by the end of the pass would have listed the snapshots by the next turn.
    await new Promise((resolve) => setTimeout(resolve));
    expect(second.log).not.toContain('snapshots listed');
    expect(second.host.snapshots).toHaveLength(0);
  });

  it('through the app: the open article shows the restored annotations, settings come back', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    await db.annotations.put(annotation('a1', '笔记'));
    await db.tags.put({ id: 't1', key: '营商环境', name: '营商环境', aliases: [], color: 'green', description: '', parentId: null, updatedAt: 0, deletedAt: null });
    const app = new AppState(host, db);
    await app.start(SEED.s000);
    for (let i = 0; i < 400 && app.annotations.model.loadedKey !== SEED.s000; i++) await new Promise((r) => setTimeout(r, 5));
    await app.library.settled();
    app.snapshots.stop();
    await app.snapshots.backupNow();
    expect(app.snapshots.list.map((s) => s.reason)).toContain('manual');

    // Deleted through the app: an undoable step.
    await app.annotations.remove('a1');
    expect(app.annotations.history.canUndo).toBe(true);
    app.setLanguage('zh-Hant');
    await app.settings.flush();
    expect(app.annotations.model.records.filter((a) => a.deletedAt === null)).toHaveLength(0);

    await app.snapshots.chooseRestore(app.snapshots.list.find((s) => s.reason === 'manual')!);
    await app.snapshots.confirmRestore();
    expect(app.snapshots.status?.kind).toBe('restored');
    expect(app.annotations.model.records.map((a) => [a.id, a.note, a.deletedAt])).toEqual([['a1', '笔记', null]]);
    // Undoing the delete made before the restore would delete the restored highlight again.
    expect(app.annotations.history.canUndo).toBe(false);
    expect(app.settings.uiLanguage).toBe('zh-Hans');
    expect(app.i18n.lang).toBe('zh-Hans');
    app.stop();
  });
});

describe('the question before an upgrade without a snapshot', () => {
  it('waits for the answer: retry writes the snapshot, and only then does the database upgrade', async () => {
    const name = dbs.freshName();
    const old = new Dexie(name);
    declareVersions(old, SCHEMA_VERSIONS.slice(0, 1));
    await old.open();
    await old.table('annotations').put(annotation('a1', '旧的笔记'));
    old.close();

    const { host, state } = setup(null);
    host.snapshotFailure = 'EACCES: permission denied';
    const db = createGuardedDatabase(() => state.beforeUpgrade(name), name);
    const reading = db.annotations.toArray();
    for (let i = 0; i < 200 && !state.upgradeQuestion; i++) await new Promise((r) => setTimeout(r, 5));
    expect(state.upgradeQuestion).toEqual({ fromVersion: 1, toVersion: CURRENT_VERSION, detail: 'EACCES: permission denied' });

    // Still failing: asked again.
    state.answerUpgrade(false);
    for (let i = 0; i < 200 && state.upgradeQuestion; i++) await new Promise((r) => setTimeout(r, 1));
    for (let i = 0; i < 200 && !state.upgradeQuestion; i++) await new Promise((r) => setTimeout(r, 5));
    expect(state.upgradeQuestion).not.toBeNull();
    expect(host.snapshots).toHaveLength(0);

    host.snapshotFailure = null;
    state.answerUpgrade(false);
    expect((await reading).map((a) => a.note)).toEqual(['旧的笔记']);
    expect(state.upgradeQuestion).toBeNull();
    expect(host.snapshots.map((s) => s.reason)).toEqual(['upgrade']);
    expect(state.upgradeOutcome).toMatchObject({ kind: 'written', fromVersion: 1 });
    expect(db.verno).toBe(CURRENT_VERSION);
    db.close();
    await Dexie.delete(name);
  });

  it('upgrading without one is the user’s choice, and the data is kept', async () => {
    const name = dbs.freshName();
    const old = new Dexie(name);
    declareVersions(old, SCHEMA_VERSIONS.slice(0, 1));
    await old.open();
    await old.table('annotations').put(annotation('a1'));
    old.close();

    const { host, state } = setup(null);
    host.snapshotFailure = 'EROFS';
    const db = createGuardedDatabase(() => state.beforeUpgrade(name), name);
    const counting = db.annotations.count();
    for (let i = 0; i < 200 && !state.upgradeQuestion; i++) await new Promise((r) => setTimeout(r, 5));
    state.answerUpgrade(true);
    expect(await counting).toBe(1);
    expect(host.snapshots).toHaveLength(0);
    db.close();
    await Dexie.delete(name);
  });
});
