// Titles the user gave articles and reading positions are of one library: two libraries that
// each hold an article of the same key (`001.txt` in two folders) keep a title and a place each.
// Rows from before they were kept per library go to the library opened next. Expected values
// are written by hand.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { LibrarySnapshot } from '../../src-main/api.ts';
import { NO_LIBRARY } from '../../src-renderer/core/userRows.ts';
import { declareVersions } from '../../src-renderer/db/database.ts';
import { adoptUnplacedRows } from '../../src-renderer/db/libraryRows.ts';
import { replaceBackupData } from '../../src-renderer/db/backup.ts';
import { mergeIntoDatabase, readArticleSyncRecords, type LibraryScope } from '../../src-renderer/db/syncRows.ts';
import { readSyncRecords } from '../support/syncRecords.ts';
import { SCHEMA_VERSIONS } from '../../src-renderer/db/schema.ts';
import { readUserTitles } from '../../src-renderer/db/titles.ts';
import { ReadingLog } from '../../src-renderer/state/readingLog.svelte.ts';
import { ReadingPositions } from '../../src-renderer/state/readingPositions.ts';
import { UserTitles } from '../../src-renderer/state/userTitles.svelte.ts';
import { startedApp, until } from '../support/appHarness.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('library-titles-positions');
const LIB_A = '/home/reader/新闻';
const LIB_B = '/home/reader/论文';

describe('a title set in one library', () => {
  it('is not shown in another library for the same key, and each library keeps its own', async () => {
    const db = dbs.open();
    const titles = new UserTitles(db);
    await titles.openLibrary(LIB_A);
    titles.set('001.txt', '甲库里的标题');
    await titles.flush();

    await titles.openLibrary(LIB_B);
    expect(titles.get('001.txt')).toBeNull();
    titles.set('001.txt', '乙库里的标题');
    await titles.flush();

    await titles.openLibrary(LIB_A);
    expect(titles.get('001.txt')).toBe('甲库里的标题');
    expect(await readUserTitles(db, LIB_A)).toEqual(new Map([['001.txt', '甲库里的标题']]));
    expect(await readUserTitles(db, LIB_B)).toEqual(new Map([['001.txt', '乙库里的标题']]));

    // Restoring in one library leaves the other's title.
    titles.restore('001.txt');
    await titles.flush();
    expect(await readUserTitles(db, LIB_A)).toEqual(new Map());
    expect(await readUserTitles(db, LIB_B)).toEqual(new Map([['001.txt', '乙库里的标题']]));
  });
});

describe('the annotation files of a library', () => {
  const scopeOf = (id: string, listed: readonly string[]): LibraryScope => ({ id, lists: (key) => listed.includes(key), keysInFiles: new Set(), themesInFiles: new Set() });

  it('hold its own titles (without naming the library), and a title read from them is that library’s alone', async () => {
    const db = dbs.open();
    await db.libraryTitles.bulkPut([
      { libraryId: LIB_A, articleKey: '001.txt', title: '甲库里的标题', updatedAt: 5 },
      { libraryId: LIB_B, articleKey: '001.txt', title: '乙库里的标题', updatedAt: 6 },
    ]);
    expect((await readSyncRecords(db, scopeOf(LIB_A, ['001.txt']))).records.titles).toEqual([{ articleKey: '001.txt', title: '甲库里的标题', updatedAt: 5 }]);
    expect((await readArticleSyncRecords(db, scopeOf(LIB_B, ['001.txt']), ['001.txt'])).titles).toEqual([{ articleKey: '001.txt', title: '乙库里的标题', updatedAt: 6 }]);

    const outcome = await mergeIntoDatabase(db, { annotations: [], themes: [], titles: [{ articleKey: '001.txt', title: '另一台机器改的', updatedAt: 9 }] }, LIB_B);
    expect(outcome.titlesChanged).toBe(1);
    // In key order: 新 (U+65B0) before 论 (U+8BBA).
    expect(await db.libraryTitles.toArray()).toEqual([
      { libraryId: LIB_A, articleKey: '001.txt', title: '甲库里的标题', updatedAt: 5 },
      { libraryId: LIB_B, articleKey: '001.txt', title: '另一台机器改的', updatedAt: 9 },
    ]);
    // The same version read again changes nothing.
    expect((await mergeIntoDatabase(db, { annotations: [], themes: [], titles: [{ articleKey: '001.txt', title: '另一台机器改的', updatedAt: 9 }] }, LIB_B)).titlesChanged).toBe(0);
  });
});

describe('a reading position kept in one library', () => {
  it('is not the position of the same key in another library', async () => {
    const db = dbs.open();
    const positions = new ReadingPositions(db, 10_000);
    const log = new ReadingLog(positions, () => 5000);
    await log.openLibrary(LIB_A);
    log.scrolled('001.txt', 'f1', { blockIndex: 12, fraction: 0.25, offset: 800 }, 0.6, 12);
    expect((await positions.get('001.txt'))?.blockIndex).toBe(12);

    // Switching writes what was pending as library A's.
    await log.openLibrary(LIB_B);
    await positions.flush();
    expect(await positions.get('001.txt')).toBeUndefined();
    expect(log.marks('001.txt')).toBeUndefined();
    expect(log.progressOf('001.txt')).toBe(0);
    log.scrolled('001.txt', 'f1', { blockIndex: 2, fraction: 0.5, offset: 90 }, 0.1, 2);
    await positions.flush();

    await log.openLibrary(LIB_A);
    expect(await positions.get('001.txt')).toMatchObject({ libraryId: LIB_A, blockIndex: 12, fraction: 0.25, offset: 800 });
    expect(log.progressOf('001.txt')).toBe(0.6);
    expect(await db.libraryReading.get([LIB_B, '001.txt'])).toMatchObject({ libraryId: LIB_B, blockIndex: 2, fraction: 0.5, offset: 90, progress: 0.1 });
  });
});

describe('in the app, switching libraries', () => {
  const otherLibrary = (host: FakeHost): LibrarySnapshot => ({ ...host.snapshot(), library: { root: LIB_B, name: '论文', isDefault: false } });

  it('shows the open library’s titles and reading state alone', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const app = await startedApp(host, db, SEED.s000);
    app.titles.set(SEED.s000, '内置库里的新标题');
    await app.titles.flush();
    await app.readingLog.setRead(SEED.s000, true);

    // Another folder whose files have the same keys, with its own annotation folder.
    const bundledFiles = { files: host.annotationFiles, location: host.annotationLocation };
    host.annotationFiles = new Map();
    host.annotationLocation = { folder: `${LIB_B}/.pizhu`, place: 'library', libraryRoot: LIB_B };
    host.emit({ type: 'reset', snapshot: otherLibrary(host) });
    await until(() => app.titles.get(SEED.s000) === null && app.readingLog.stateOf(SEED.s000) !== 'read', 'the other library’s titles and reading state');
    app.titles.set(SEED.s000, '论文库里的标题');
    await app.titles.flush();

    host.annotationFiles = bundledFiles.files;
    host.annotationLocation = bundledFiles.location;
    host.emit({ type: 'reset', snapshot: host.snapshot() });
    await until(() => app.titles.get(SEED.s000) === '内置库里的新标题', 'the bundled library’s title back');
    await until(() => app.readingLog.stateOf(SEED.s000) === 'read', 'the bundled library’s read state back');
    expect(await db.libraryTitles.toArray()).toEqual([
      expect.objectContaining({ libraryId: LIB_B, articleKey: SEED.s000, title: '论文库里的标题' }),
      expect.objectContaining({ libraryId: 'bundled', articleKey: SEED.s000, title: '内置库里的新标题' }),
    ]);
    app.stop();
  });
});

describe('rows from before titles and positions were per library', () => {
  it('a database at the previous version upgrades, and the library the app opens takes the rows of no library', async () => {
    const name = dbs.freshName();
    // Version 4 as an older Pizhu left it, written by hand.
    const old = new Dexie(name);
    declareVersions(old, SCHEMA_VERSIONS.filter((v) => v.version <= 4));
    await old.open();
    await old.table('titles').bulkAdd([{ articleKey: SEED.s004, title: '旧版本改的标题', updatedAt: 5 }]);
    await old.table('reading').bulkAdd([{ articleKey: SEED.s004, fingerprint: null, blockIndex: 6, fraction: 0.5, offset: 400, updatedAt: 6, progress: 0.3, furthest: 0.3, readAt: 7, lastReadAt: 7 }]);
    old.close();

    const db = dbs.open(name);
    const app = await startedApp(FakeHost.withSeeds(), db, SEED.s000);
    await until(() => app.titles.get(SEED.s004) === '旧版本改的标题', 'the old title shown in the library opened');
    expect(app.readingLog.stateOf(SEED.s004)).toBe('read');
    expect(await db.libraryTitles.toArray()).toEqual([{ libraryId: 'bundled', articleKey: SEED.s004, title: '旧版本改的标题', updatedAt: 5 }]);
    expect(await db.libraryReading.get(['bundled', SEED.s004])).toEqual({
      libraryId: 'bundled',
      articleKey: SEED.s004,
      fingerprint: null,
      blockIndex: 6,
      fraction: 0.5,
      offset: 400,
      updatedAt: 6,
      progress: 0.3,
      furthest: 0.3,
      readAt: 7,
      lastReadAt: 7,
    });
    expect(await db.libraryTitles.where('libraryId').equals(NO_LIBRARY).count()).toBe(0);
    app.stop();
  });

  it('restoring a snapshot from before (the upgrade’s own) gives its titles back in the library opened', async () => {
    const db = dbs.open();
    await db.libraryTitles.bulkPut([
      { libraryId: 'bundled', articleKey: '001.txt', title: '升级后改的', updatedAt: 50 },
      { libraryId: LIB_B, articleKey: '001.txt', title: '乙库的', updatedAt: 60 },
    ]);
    // As parseBackup reads a title of a snapshot written by a Pizhu of that time.
    const old = { annotations: [], tags: [], settings: [], reading: [], titles: [{ libraryId: NO_LIBRARY, articleKey: '001.txt', title: '升级前的标题', updatedAt: 5 }] };
    await replaceBackupData(db, old, 40);
    await adoptUnplacedRows(db, 'bundled');
    expect(await readUserTitles(db, 'bundled')).toEqual(new Map([['001.txt', '升级前的标题']]));
    // The snapshot held no title of the other library: the restore ends it (a tombstone, title null).
    expect(await readUserTitles(db, LIB_B)).toEqual(new Map());
    expect(await db.libraryTitles.get([LIB_B, '001.txt'])).toEqual({ libraryId: LIB_B, articleKey: '001.txt', title: null, updatedAt: 61 });
  });

  it('a row of no library and the library’s own, of the same moment: the one a merge keeps, titles and positions alike', async () => {
    const db = dbs.open();
    await db.libraryTitles.bulkPut([
      { libraryId: NO_LIBRARY, articleKey: '001.txt', title: '乙', updatedAt: 7 },
      { libraryId: LIB_A, articleKey: '001.txt', title: '甲', updatedAt: 7 },
    ]);
    await db.libraryReading.bulkPut([
      { libraryId: NO_LIBRARY, articleKey: '001.txt', fingerprint: null, blockIndex: 8, fraction: 0, offset: 0, updatedAt: 7 },
      { libraryId: LIB_A, articleKey: '001.txt', fingerprint: null, blockIndex: 3, fraction: 0, offset: 0, updatedAt: 7 },
    ]);
    await adoptUnplacedRows(db, LIB_A);
    // A tie goes to the larger canonical text (core/syncMerge): 甲 (U+7532) is larger than 乙
    // (U+4E59), so the library's own title stays; block 8 is larger than block 3, so that position comes in.
    expect(await db.libraryTitles.toArray()).toEqual([{ libraryId: LIB_A, articleKey: '001.txt', title: '甲', updatedAt: 7 }]);
    expect(await db.libraryReading.toArray()).toEqual([{ libraryId: LIB_A, articleKey: '001.txt', fingerprint: null, blockIndex: 8, fraction: 0, offset: 0, updatedAt: 7 }]);
  });

  it('a row of no library does not replace a later row the library has of its own', async () => {
    const db = dbs.open();
    await db.libraryTitles.bulkPut([
      { libraryId: NO_LIBRARY, articleKey: '001.txt', title: '旧的', updatedAt: 5 },
      { libraryId: LIB_A, articleKey: '001.txt', title: '新的', updatedAt: 9 },
      { libraryId: NO_LIBRARY, articleKey: '002.txt', title: '只有旧的', updatedAt: 5 },
    ]);
    await db.libraryReading.put({ libraryId: NO_LIBRARY, articleKey: '001.txt', fingerprint: null, blockIndex: 1, fraction: 0, offset: 0, updatedAt: 3 });
    expect(await adoptUnplacedRows(db, LIB_A)).toBe(3);
    expect(await db.libraryTitles.toArray()).toEqual([
      { libraryId: LIB_A, articleKey: '001.txt', title: '新的', updatedAt: 9 },
      { libraryId: LIB_A, articleKey: '002.txt', title: '只有旧的', updatedAt: 5 },
    ]);
    expect(await db.libraryReading.toArray()).toEqual([{ libraryId: LIB_A, articleKey: '001.txt', fingerprint: null, blockIndex: 1, fraction: 0, offset: 0, updatedAt: 3 }]);
    // Taken once: another library opened later finds none.
    expect(await adoptUnplacedRows(db, LIB_B)).toBe(0);
  });
});
