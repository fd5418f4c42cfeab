// Opens every historical schema version, fills it with rows as that version wrote them,
// closes it, reopens with the current code and checks what the upgrade left. Adding a schema
// version means adding a fixture below; the completeness test fails until you do.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabase, declareVersions, type PizhuDatabase } from '../../src-renderer/db/database.ts';
import { CURRENT_VERSION, SCHEMA_VERSIONS } from '../../src-renderer/db/schema.ts';
import { askListedDatabases } from '../../src-renderer/db/listedDatabases.ts';
import { createGuardedDatabase, noDatabaseYet, snapshotBeforeUpgrade, type SnapshotWriter, type UpgradeSnapshotOutcome } from '../../src-renderer/db/openDatabase.ts';
import { parseBackup } from '../../src-renderer/core/webAnnotation.ts';

interface MigrationFixture {
  /** Rows per table, written with the old schema. */
  fill: Record<string, unknown[]>;
  /** Checks the database after the upgrade to the current version. */
  check: (db: PizhuDatabase) => Promise<void>;
}

const v1Rows = {
  annotations: [
    {
      id: 'a1',
      articleKey: '004_aae446356b5cda58.txt',
      fingerprint: 'f'.repeat(64),
      cleanVersion: 1,
      position: { start: 10, end: 14 },
      quote: { exact: '營商環境', prefix: '', suffix: '' },
      color: 'yellow',
      note: '**重点**',
      tagIds: ['t1'],
      createdAt: 1,
      updatedAt: 2,
      deletedAt: null,
    },
  ],
  tags: [{ id: 't1', key: '营商环境', name: '營商環境', aliases: [], color: 'green', description: '' }],
  articles: [
    {
      key: '000_5cd884f326e428d3.txt',
      fingerprint: 'a'.repeat(64),
      cleanVersion: 1,
      libraryRoot: '/seeds',
      meta: { kicker: null, title: '安吉', titleDerived: false, subtitle: null, authors: [], date: null, source: null, editor: null, place: '安吉' },
      length: 4000,
      hasRuby: false,
      seenAt: 3,
    },
  ],
  settings: [
    { key: 'script', value: 't' },
    { key: 'fontSize', value: 20 },
  ],
  reading: [{ articleKey: '000_5cd884f326e428d3.txt', fingerprint: null, blockIndex: 7, fraction: 0.5, offset: 900, updatedAt: 4 }],
};

const v2Rows = {
  ...v1Rows,
  titles: [
    { articleKey: '004_aae446356b5cda58.txt', title: '濉溪营商环境五问', updatedAt: 5 },
    // Restored to the file's title: the row stays as a tombstone.
    { articleKey: '000_5cd884f326e428d3.txt', title: null, updatedAt: 6 },
  ],
};

/**
 * v4 as the last release before titles and positions were per library left it: annotations
 * that name their libraries (two libraries each with a `001.txt`, the bundled one with `002.txt`)
 * and one that names none, and a title and a position for each of those articles.
 */
const v4Rows = {
  annotations: [
    v1Rows.annotations[0],
    { ...v1Rows.annotations[0], id: 'a2', articleKey: '001.txt', tagIds: [], libraryIds: ['/books/甲'] },
    { ...v1Rows.annotations[0], id: 'a3', articleKey: '001.txt', tagIds: [], deletedAt: 25, libraryIds: ['/books/乙'] },
    { ...v1Rows.annotations[0], id: 'a4', articleKey: '002.txt', tagIds: [], libraryIds: ['bundled'] },
  ],
  tags: [
    { id: 't1', key: '营商环境', name: '營商環境', aliases: [], color: 'green', description: '', parentId: null, updatedAt: 20, deletedAt: null },
    { id: 't2', key: '人才', name: '人才', aliases: [], color: 'blue', description: '', parentId: 't1', updatedAt: 21, deletedAt: null },
    { id: 't3', key: '人才', name: '人材', aliases: [], color: '', description: '', parentId: null, updatedAt: 22, deletedAt: 22 },
  ],
  articles: v1Rows.articles,
  settings: v1Rows.settings,
  drafts: [{ annotationId: 'a1', note: '**重点**，还没存', typedAt: 9 }],
  titles: [
    { articleKey: '004_aae446356b5cda58.txt', title: '濉溪营商环境五问', updatedAt: 5 },
    { articleKey: '001.txt', title: '两库同名的文章', updatedAt: 30 },
    { articleKey: '002.txt', title: null, updatedAt: 31 },
  ],
  reading: [
    { articleKey: '000_5cd884f326e428d3.txt', fingerprint: null, blockIndex: 7, fraction: 0.5, offset: 900, updatedAt: 4 },
    { articleKey: '001.txt', fingerprint: 'b'.repeat(64), blockIndex: 3, fraction: 0.75, offset: 120, updatedAt: 32, progress: 0.4, furthest: 0.5, readAt: null, lastReadAt: 32 },
    { articleKey: '002.txt', fingerprint: null, blockIndex: -1, fraction: 0, offset: 0, updatedAt: 33, readAt: 33 },
  ],
};

/** A theme row from before v4, as the v4 upgrade leaves it: top level, live, dated 0. */
const upgradedTag = { id: 't1', key: '营商环境', name: '營商環境', aliases: [], color: 'green', description: '', parentId: null, updatedAt: 0, deletedAt: null };

async function checkV1Rows(db: PizhuDatabase): Promise<void> {
  expect(await db.annotations.where('articleKey').equals('004_aae446356b5cda58.txt').toArray()).toEqual(v1Rows.annotations);
  expect(await db.annotations.where('tagIds').equals('t1').count()).toBe(1);
  expect(await db.tags.where('key').equals('营商环境').toArray()).toEqual([upgradedTag]);
  expect(await db.articles.get('000_5cd884f326e428d3.txt')).toEqual(v1Rows.articles[0]);
  expect(await db.settings.get('script')).toEqual({ key: 'script', value: 't' });
  // No annotation names a library: the position waits, of no library, for the library opened next.
  expect(await db.libraryReading.toArray()).toEqual([
    { libraryId: '', articleKey: '000_5cd884f326e428d3.txt', fingerprint: null, blockIndex: 7, fraction: 0.5, offset: 900, updatedAt: 4 },
  ]);
}

const FIXTURES: Record<number, MigrationFixture> = {
  1: {
    fill: v1Rows,
    async check(db) {
      await checkV1Rows(db);
      // v2 added the user titles: empty on an upgraded database, and writable.
      expect(await db.libraryTitles.count()).toBe(0);
      await db.libraryTitles.put({ libraryId: '/书库', articleKey: '004_aae446356b5cda58.txt', title: '新标题', updatedAt: 7 });
      expect(await db.libraryTitles.get(['/书库', '004_aae446356b5cda58.txt'])).toMatchObject({ title: '新标题' });
      await db.libraryTitles.clear();
    },
  },
  2: {
    fill: v2Rows,
    async check(db) {
      await checkV1Rows(db);
      expect(await db.libraryTitles.toArray()).toEqual([
        { libraryId: '', articleKey: '000_5cd884f326e428d3.txt', title: null, updatedAt: 6 },
        { libraryId: '', articleKey: '004_aae446356b5cda58.txt', title: '濉溪营商环境五问', updatedAt: 5 },
      ]);
      // v3 added the note drafts: empty on an upgraded database, and writable.
      expect(await db.drafts.count()).toBe(0);
      await db.drafts.put({ annotationId: 'a1', note: '草稿', typedAt: 8 });
      expect(await db.drafts.get('a1')).toMatchObject({ note: '草稿' });
      await db.drafts.clear();
    },
  },
  3: {
    fill: {
      ...v2Rows,
      drafts: [{ annotationId: 'a1', note: '**重点**，还没存', typedAt: 9 }],
      // A second theme with a description and aliases: the upgrade adds fields, keeps these.
      tags: [...v1Rows.tags, { id: 't2', key: '人才', name: '人才', aliases: ['人材'], color: '', description: '引进与培养' }],
    },
    async check(db) {
      await checkV1Rows(db);
      expect(await db.libraryTitles.count()).toBe(2);
      expect(await db.drafts.get('a1')).toEqual({ annotationId: 'a1', note: '**重点**，还没存', typedAt: 9 });
      expect(await db.tags.get('t2')).toEqual({ id: 't2', key: '人才', name: '人才', aliases: ['人材'], color: '', description: '引进与培养', parentId: null, updatedAt: 0, deletedAt: null });
      // v4 indexes the parent, and a key is no longer unique: a tombstone and a live theme share one.
      await db.tags.update('t2', { parentId: 't1' });
      expect(await db.tags.where('parentId').equals('t1').primaryKeys()).toEqual(['t2']);
      await db.tags.update('t1', { deletedAt: 10, updatedAt: 10 });
      await db.tags.add({ id: 't3', key: '营商环境', name: '营商环境', aliases: [], color: '', description: '', parentId: null, updatedAt: 11, deletedAt: null });
      expect((await db.tags.where('key').equals('营商环境').primaryKeys()).sort()).toEqual(['t1', 't3']);
      await db.tags.delete('t3');
      await db.tags.bulkPut([upgradedTag, { id: 't2', key: '人才', name: '人才', aliases: ['人材'], color: '', description: '引进与培养', parentId: null, updatedAt: 0, deletedAt: null }]);
    },
  },
  4: {
    fill: v4Rows,
    async check(db) {
      expect(await db.annotations.get('a1')).toEqual(v1Rows.annotations[0]);
      expect(await db.annotations.get('a3')).toEqual(v4Rows.annotations[2]);
      expect(await db.tags.orderBy('id').toArray()).toEqual([
        { ...upgradedTag, updatedAt: 20 },
        { id: 't2', key: '人才', name: '人才', aliases: [], color: 'blue', description: '', parentId: 't1', updatedAt: 21, deletedAt: null },
        { id: 't3', key: '人才', name: '人材', aliases: [], color: '', description: '', parentId: null, updatedAt: 22, deletedAt: 22 },
      ]);
      // Each title and position goes to the libraries whose annotations name its article (a
      // tombstone names it too); one whose article no annotation of a library names waits, of
      // no library (''), for the library opened next. Nothing is dropped.
      expect(await db.libraryTitles.toArray()).toEqual([
        { libraryId: '', articleKey: '004_aae446356b5cda58.txt', title: '濉溪营商环境五问', updatedAt: 5 },
        // In key order: 乙 (U+4E59) sorts before 甲 (U+7532).
        { libraryId: '/books/乙', articleKey: '001.txt', title: '两库同名的文章', updatedAt: 30 },
        { libraryId: '/books/甲', articleKey: '001.txt', title: '两库同名的文章', updatedAt: 30 },
        { libraryId: 'bundled', articleKey: '002.txt', title: null, updatedAt: 31 },
      ]);
      expect(await db.libraryReading.toArray()).toEqual([
        { libraryId: '', articleKey: '000_5cd884f326e428d3.txt', fingerprint: null, blockIndex: 7, fraction: 0.5, offset: 900, updatedAt: 4 },
        { libraryId: '/books/乙', articleKey: '001.txt', fingerprint: 'b'.repeat(64), blockIndex: 3, fraction: 0.75, offset: 120, updatedAt: 32, progress: 0.4, furthest: 0.5, readAt: null, lastReadAt: 32 },
        { libraryId: '/books/甲', articleKey: '001.txt', fingerprint: 'b'.repeat(64), blockIndex: 3, fraction: 0.75, offset: 120, updatedAt: 32, progress: 0.4, furthest: 0.5, readAt: null, lastReadAt: 32 },
        { libraryId: 'bundled', articleKey: '002.txt', fingerprint: null, blockIndex: -1, fraction: 0, offset: 0, updatedAt: 33, readAt: 33 },
      ]);
      expect(await db.drafts.get('a1')).toEqual({ annotationId: 'a1', note: '**重点**，还没存', typedAt: 9 });
    },
  },
  5: {
    fill: {
      libraryTitles: [
        { libraryId: '/books/甲', articleKey: '001.txt', title: '甲库的标题', updatedAt: 40 },
        { libraryId: '/books/乙', articleKey: '001.txt', title: '乙库的标题', updatedAt: 41 },
      ],
      libraryReading: [{ libraryId: '/books/乙', articleKey: '001.txt', fingerprint: null, blockIndex: 2, fraction: 0.5, offset: 60, updatedAt: 42 }],
    },
    async check(db) {
      expect(await db.libraryTitles.get(['/books/甲', '001.txt'])).toEqual({ libraryId: '/books/甲', articleKey: '001.txt', title: '甲库的标题', updatedAt: 40 });
      expect(await db.libraryTitles.get(['/books/乙', '001.txt'])).toEqual({ libraryId: '/books/乙', articleKey: '001.txt', title: '乙库的标题', updatedAt: 41 });
      expect(await db.libraryReading.where('libraryId').equals('/books/甲').count()).toBe(0);
      expect(await db.libraryReading.get(['/books/乙', '001.txt'])).toMatchObject({ blockIndex: 2, offset: 60 });
    },
  },
};

let counter = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('database migrations', () => {
  it('has a fixture for every schema version', () => {
    expect(Object.keys(FIXTURES).map(Number).sort((a, b) => a - b)).toEqual(SCHEMA_VERSIONS.map((v) => v.version));
  });

  it('declares versions in increasing order', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  for (const schema of SCHEMA_VERSIONS) {
    it(`upgrades a v${schema.version} database to v${CURRENT_VERSION} keeping its rows`, async () => {
      const fixture = FIXTURES[schema.version];
      const name = `pizhu-migration-${schema.version}-${counter++}`;

      const old = new Dexie(name);
      declareVersions(old, SCHEMA_VERSIONS.filter((v) => v.version <= schema.version));
      await old.open();
      expect(old.verno).toBe(schema.version);
      for (const [table, rows] of Object.entries(fixture.fill)) await old.table(table).bulkAdd(rows);
      old.close();

      const current = createDatabase(name);
      await current.open();
      expect(current.verno).toBe(CURRENT_VERSION);
      await fixture.check(current);

      // A second open of an up-to-date database must not run upgrades again or lose rows.
      current.close();
      const again = createDatabase(name);
      opened.push(again);
      await fixture.check(again);
    });
  }

  it('creates every table on a fresh database', async () => {
    const db = createDatabase(`pizhu-fresh-${counter++}`);
    opened.push(db);
    await db.open();
    expect(db.tables.map((t) => t.name).sort()).toEqual(['annotations', 'articles', 'drafts', 'libraryReading', 'libraryTitles', 'settings', 'tags']);
  });
});

/** Fills a database at `version` with that version's fixture rows, the way an older Pizhu left it. */
async function filledOld(version: number): Promise<string> {
  const name = `pizhu-before-upgrade-${version}-${counter++}`;
  const old = new Dexie(name);
  declareVersions(old, SCHEMA_VERSIONS.filter((v) => v.version <= version));
  await old.open();
  for (const [table, rows] of Object.entries(FIXTURES[version].fill)) await old.table(table).bulkAdd(rows);
  old.close();
  return name;
}

/** The IndexedDB version stored right now (Dexie writes schema version n as 10n). */
async function nativeVersion(name: string): Promise<number | undefined> {
  return (await indexedDB.databases()).find((d) => d.name === name)?.version;
}

describe('snapshot before a schema upgrade', () => {
  function recorder(name: string) {
    const writes: { json: string; nativeVersion: number | undefined }[] = [];
    const write: SnapshotWriter = async (bytes) => {
      writes.push({ json: new TextDecoder('utf-8', { fatal: true }).decode(bytes), nativeVersion: await nativeVersion(name) });
      return { ok: true, snapshot: { name: `snapshot-${writes.length}` } };
    };
    return { writes, write };
  }

  it('writes the v1 data as v1 had it, then lets the upgrade run', async () => {
    const name = await filledOld(1);
    const { writes, write } = recorder(name);
    const outcomes: UpgradeSnapshotOutcome[] = [];
    const db = createGuardedDatabase(async () => void outcomes.push(await snapshotBeforeUpgrade(write, { name, now: () => Date.UTC(2026, 10, 22) })), name);
    opened.push(db);
    // The first query opens the database: it waits for the snapshot, then upgrades.
    expect(await db.libraryTitles.count()).toBe(0);
    expect(outcomes).toEqual([{ kind: 'written', fromVersion: 1, name: 'snapshot-1' }]);
    expect(writes).toHaveLength(1);
    // Written while the stored database was still v1 (IndexedDB version 10): before the upgrade.
    expect(writes[0].nativeVersion).toBe(10);
    expect(await nativeVersion(name)).toBe(CURRENT_VERSION * 10);
    const parsed = parseBackup(writes[0].json);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    // The snapshot holds v1's rows; read back, a theme without the v4 fields gets the upgrade's defaults.
    // A position from before positions were kept per library reads back as of no library ('').
    expect(parsed.data).toEqual({
      annotations: v1Rows.annotations,
      tags: [upgradedTag],
      titles: [],
      settings: [v1Rows.settings[1], v1Rows.settings[0]] /* in key order */,
      reading: [{ libraryId: '', articleKey: '000_5cd884f326e428d3.txt', fingerprint: null, blockIndex: 7, fraction: 0.5, offset: 900, updatedAt: 4 }],
    });
    expect(parsed.exportedAt).toBe('2026-11-22T00:00:00.000Z');
    await FIXTURES[1].check(db);

    // Up to date now: the next start writes nothing.
    db.close();
    const again = createGuardedDatabase(async () => void outcomes.push(await snapshotBeforeUpgrade(write, { name })), name);
    opened.push(again);
    await again.open();
    expect(outcomes[1]).toEqual({ kind: 'none' });
    expect(writes).toHaveLength(1);
  });

  it('reads the database’s version from the list a start asked for, asking the browser no second time', async () => {
    const name = await filledOld(1);
    const { writes, write } = recorder(name);
    const asked = vi.spyOn(indexedDB, 'databases');
    let listed;
    try {
      listed = askListedDatabases();
      expect(await noDatabaseYet(name, listed)).toBe(false);
      expect(asked).toHaveBeenCalledTimes(1);
    } finally {
      asked.mockRestore();
    }
    // What the list says is what counts: a list without it is a first start, with nothing to
    // keep; one that has it at the current version needs no snapshot.
    expect(await noDatabaseYet(name, Promise.resolve([]))).toBe(true);
    expect(await snapshotBeforeUpgrade(write, { name, listed: Promise.resolve([]) })).toEqual({ kind: 'none' });
    expect(await snapshotBeforeUpgrade(write, { name, listed: Promise.resolve([{ name, version: CURRENT_VERSION * 10 }]) })).toEqual({ kind: 'none' });
    expect(writes).toHaveLength(0);
    // The list as it was asked for: version 1 (IndexedDB's 10), so the snapshot is written.
    expect(await snapshotBeforeUpgrade(write, { name, listed })).toMatchObject({ kind: 'written', fromVersion: 1 });
    expect(writes).toHaveLength(1);
    await Dexie.delete(name);
  });

  it('the snapshot of a v4 database holds its titles and positions as v4 had them, of no library', async () => {
    const name = await filledOld(4);
    const { writes, write } = recorder(name);
    expect(await snapshotBeforeUpgrade(write, { name })).toMatchObject({ kind: 'written', fromVersion: 4 });
    const parsed = parseBackup(writes[0].json);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    // In key order, as the old table holds them.
    expect(parsed.data.titles).toEqual([
      { libraryId: '', articleKey: '001.txt', title: '两库同名的文章', updatedAt: 30 },
      { libraryId: '', articleKey: '002.txt', title: null, updatedAt: 31 },
      { libraryId: '', articleKey: '004_aae446356b5cda58.txt', title: '濉溪营商环境五问', updatedAt: 5 },
    ]);
    expect(parsed.data.reading.map((r) => [r.libraryId, r.articleKey, r.blockIndex])).toEqual([
      ['', '000_5cd884f326e428d3.txt', 7],
      ['', '001.txt', 3],
      ['', '002.txt', -1],
    ]);
    await Dexie.delete(name);
  });

  it('snapshots every older version, and not a new, empty or current database', async () => {
    for (const schema of SCHEMA_VERSIONS.slice(0, -1)) {
      const name = await filledOld(schema.version);
      const { writes, write } = recorder(name);
      expect(await snapshotBeforeUpgrade(write, { name })).toMatchObject({ kind: 'written', fromVersion: schema.version });
      expect(writes[0].nativeVersion).toBe(schema.version * 10);
      await Dexie.delete(name);
    }
    const { writes, write } = recorder('none');
    const missing = `pizhu-never-created-${counter++}`;
    expect(await snapshotBeforeUpgrade(write, { name: missing })).toEqual({ kind: 'none' });
    // Looking did not create it.
    expect(await nativeVersion(missing)).toBeUndefined();

    const empty = new Dexie(`pizhu-empty-v1-${counter++}`);
    declareVersions(empty, SCHEMA_VERSIONS.slice(0, 1));
    await empty.open();
    empty.close();
    opened.push(empty);
    expect(await snapshotBeforeUpgrade(write, { name: empty.name })).toEqual({ kind: 'none' });

    const current = createDatabase(`pizhu-current-${counter++}`);
    await current.open();
    await current.annotations.put(v1Rows.annotations[0]);
    current.close();
    opened.push(current);
    // Up to date: the browser's list of databases says so, and it is not opened just to look.
    const realOpen = indexedDB.open.bind(indexedDB);
    const opens: string[] = [];
    indexedDB.open = ((dbName: string, version?: number) => (opens.push(dbName), realOpen(dbName, version))) as typeof indexedDB.open;
    try {
      expect(await snapshotBeforeUpgrade(write, { name: current.name })).toEqual({ kind: 'none' });
    } finally {
      indexedDB.open = realOpen;
    }
    expect(opens).toEqual([]);
    expect(writes).toHaveLength(0);
  });

  it('a failed write is reported and the database stays at its old version until the guard lets it open', async () => {
    const name = await filledOld(1);
    let release: () => void = () => {};
    const outcomes: UpgradeSnapshotOutcome[] = [];
    const db = createGuardedDatabase(async () => {
      outcomes.push(await snapshotBeforeUpgrade(async () => ({ ok: false, detail: 'ENOSPC' }), { name }));
      await new Promise<void>((resolve) => (release = resolve));
    }, name);
    opened.push(db);
    const counting = db.annotations.count();
    for (let i = 0; i < 50 && outcomes.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(outcomes).toEqual([{ kind: 'failed', fromVersion: 1, detail: 'ENOSPC' }]);
    expect(await nativeVersion(name)).toBe(10);
    release();
    expect(await counting).toBe(1);
    expect(await nativeVersion(name)).toBe(CURRENT_VERSION * 10);
  });
});

describe('a first start', () => {
  it('is a profile with no database of the name yet; one opened once is not', async () => {
    const name = `pizhu-first-start-${Math.random()}`;
    expect(await noDatabaseYet(name)).toBe(true);
    const db = createDatabase(name);
    await db.open();
    db.close();
    expect(await noDatabaseYet(name)).toBe(false);
    await Dexie.delete(name);
    expect(await noDatabaseYet(name)).toBe(true);
  });
});
