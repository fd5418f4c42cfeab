// Conversion overrides belong to a library: each library its own list, kept in Dexie and in
// backups; the library-wide list of older databases and backups is handed to the library
// opened next, never dropped. Expected lists and strings are written by hand.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { view } from '../../src-renderer/core/scriptView.ts';
import type { ConversionOverride } from '../../src-renderer/core/types.ts';
import { parseBackup, toAnnotationCollection } from '../../src-renderer/core/webAnnotation.ts';
import { importBackupData, readBackupData } from '../../src-renderer/db/backup.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { libraryIdOf } from '../../src-renderer/state/conversionOverrides.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';
import { testDatabases } from '../support/testDatabases.ts';

const fixtures = fileURLToPath(new URL('../fixtures/traditional/', import.meta.url));
const canonical = loadArticle(readFileSync(fixtures + 'hk-news.md', 'utf8'), { fileName: 'hk-news.md' }).clean.text;
const dbs = testDatabases('library-overrides');

const A = '/home/reader/香港新聞';
const B = '/home/reader/台灣報導';
const PROGRAM: ConversionOverride = { script: 'twp', from: '登記程式', to: '登記程序' };
const DESK: ConversionOverride = { script: 'twp', from: '總檯', to: '總台' };

async function started(db: PizhuDatabase, library?: string): Promise<SettingsState> {
  const settings = new SettingsState(db);
  await settings.load();
  if (library !== undefined) settings.openLibrary(library);
  return settings;
}

async function backupOf(db: PizhuDatabase): Promise<string> {
  return JSON.stringify(toAnnotationCollection(await readBackupData(db), 0, 'c0ffee00-0000-4000-8000-000000000000'));
}

async function importInto(db: PizhuDatabase, json: string): Promise<void> {
  const parsed = parseBackup(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  await importBackupData(db, parsed.data);
}

describe('each library has its own override list', () => {
  it('an override added in one library applies there only, and both lists survive a restart', async () => {
    const name = dbs.freshName();
    const settings = await started(dbs.open(name), A);
    expect(settings.putOverride(PROGRAM)).toBe(true);
    expect(view(canonical, 'twp', settings.viewOptions).text).toContain('政府最佳化登記程序');

    settings.openLibrary(B);
    expect(settings.conversionOverrides).toEqual([]);
    expect(view(canonical, 'twp', settings.viewOptions).text).toContain('政府最佳化登記程式');
    expect(settings.putOverride(DESK)).toBe(true);

    settings.openLibrary(A);
    expect(settings.conversionOverrides).toEqual([PROGRAM]);
    settings.removeOverride(PROGRAM);
    expect(settings.conversionOverrides).toEqual([]);
    expect(settings.putOverride({ script: 'hk', from: '現金髮放', to: '現金發放' })).toBe(true);
    await settings.flush();

    const db = dbs.open(name);
    expect((await started(db, A)).conversionOverrides).toEqual([{ script: 'hk', from: '現金髮放', to: '現金發放' }]);
    expect((await started(db, B)).conversionOverrides).toEqual([DESK]);
    expect((await started(db, '/home/reader/another')).conversionOverrides).toEqual([]);
  });

  it('without a library open nothing applies and nothing can be added', async () => {
    const settings = await started(dbs.open());
    expect(settings.putOverride(PROGRAM)).toBe(false);
    expect(settings.viewOptions.overrides).toEqual([]);
  });

  it('the bundled articles keep one list wherever the app is installed; a folder is known by its path', () => {
    expect(libraryIdOf({ root: '/tmp/.mount_PizhuAbc/resources/seeds', isDefault: true })).toBe('bundled');
    expect(libraryIdOf({ root: '/opt/Pizhu/resources/seeds', isDefault: true })).toBe('bundled');
    expect(libraryIdOf({ root: A, isDefault: false })).toBe(A);
  });

  it('an emptied list leaves no row, so a backup can bring one for that library', async () => {
    const db = dbs.open();
    const settings = await started(db, A);
    settings.putOverride(PROGRAM);
    settings.removeOverride(PROGRAM);
    await settings.flush();
    expect((await db.settings.toArray()).filter((r) => r.key.startsWith('conversionOverrides'))).toEqual([]);
  });
});

describe('the library-wide list of an older database', () => {
  it('becomes the list of the library opened next; other libraries start empty', async () => {
    const name = dbs.freshName();
    const old = dbs.open(name);
    // As the code before per-library lists stored it: one settings row for every library.
    await old.settings.put({ key: 'conversionOverrides', value: [PROGRAM, DESK] });

    const settings = await started(dbs.open(name));
    expect(settings.conversionOverrides).toEqual([]);
    settings.openLibrary(A);
    expect(settings.conversionOverrides).toEqual([PROGRAM, DESK]);
    await settings.flush();

    const db = dbs.open(name);
    expect(await db.settings.get('conversionOverrides')).toBeUndefined();
    expect(await db.settings.get(`conversionOverrides@${A}`)).toEqual({ key: `conversionOverrides@${A}`, value: [PROGRAM, DESK] });
    expect((await started(db, B)).conversionOverrides).toEqual([]);
    expect((await started(db, A)).conversionOverrides).toEqual([PROGRAM, DESK]);
  });

  it('joins a list the library has, whose own entry wins for the same phrase in the same view', async () => {
    const db = dbs.open();
    await db.settings.bulkPut([
      { key: `conversionOverrides@${A}`, value: [{ script: 'twp', from: '總檯', to: '總臺' }] },
      { key: 'conversionOverrides', value: [PROGRAM, DESK, { script: 'hk', from: '總檯', to: '總台' }] },
    ]);
    const settings = await started(db, A);
    const expected = [{ script: 'twp', from: '總檯', to: '總臺' }, PROGRAM, { script: 'hk', from: '總檯', to: '總台' }];
    expect(settings.conversionOverrides).toEqual(expected);
    await settings.flush();
    expect((await db.settings.get(`conversionOverrides@${A}`))?.value).toEqual(expected);
    expect(await db.settings.get('conversionOverrides')).toBeUndefined();
  });

  it('entries that do not fit under the limit stay stored and go to the next library opened', async () => {
    const db = dbs.open();
    const full = Array.from({ length: 500 }, (_, i) => ({ script: 'cn' as const, from: `詞${i}`, to: `词${i}` }));
    await db.settings.bulkPut([
      { key: `conversionOverrides@${A}`, value: full },
      { key: 'conversionOverrides', value: [PROGRAM] },
    ]);
    const settings = await started(db, A);
    expect(settings.conversionOverrides).toHaveLength(500);
    await settings.flush();
    expect((await db.settings.get('conversionOverrides'))?.value).toEqual([PROGRAM]);
    settings.openLibrary(B);
    expect(settings.conversionOverrides).toEqual([PROGRAM]);
    await settings.flush();
    expect(await db.settings.get('conversionOverrides')).toBeUndefined();
  });

  it('a stored list that does not validate is neither applied nor deleted', async () => {
    const db = dbs.open();
    const broken = [{ script: 'twp', from: 'a\nb', to: 'c' }];
    await db.settings.bulkPut([
      { key: 'conversionOverrides', value: broken },
      { key: `conversionOverrides@${B}`, value: broken },
    ]);
    const settings = await started(db, A);
    expect(settings.conversionOverrides).toEqual([]);
    settings.openLibrary(B);
    expect(settings.conversionOverrides).toEqual([]);
    await settings.flush();
    expect((await db.settings.get('conversionOverrides'))?.value).toEqual(broken);
    expect((await db.settings.get(`conversionOverrides@${B}`))?.value).toEqual(broken);
  });
});

describe('override lists in backups', () => {
  it('a backup carries every library’s list; an import brings the lists of libraries that have none here', async () => {
    const from = dbs.open();
    const source = await started(from, A);
    source.putOverride(PROGRAM);
    source.openLibrary(B);
    source.putOverride(DESK);
    await source.flush();
    const json = await backupOf(from);

    const fresh = dbs.open();
    await importInto(fresh, json);
    expect((await started(fresh, A)).conversionOverrides).toEqual([PROGRAM]);
    expect((await started(fresh, B)).conversionOverrides).toEqual([DESK]);

    // Settings keep the choice made here: A's own list stays, B's arrives.
    const used = dbs.open();
    const here = await started(used, A);
    here.putOverride({ script: 'hk', from: '總檯', to: '總台' });
    await here.flush();
    await importInto(used, json);
    expect((await started(used, A)).conversionOverrides).toEqual([{ script: 'hk', from: '總檯', to: '總台' }]);
    expect((await started(used, B)).conversionOverrides).toEqual([DESK]);
  });

  it('a backup from before per-library lists is read, and its list goes to the library open', async () => {
    const json = readFileSync(fixtures + 'backup-library-wide-overrides.json', 'utf8');
    const parsed = parseBackup(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.data.settings.find((s) => s.key === 'conversionOverrides')?.value).toEqual([PROGRAM, { script: 'hk', from: '總檯', to: '總台' }]);

    const db = dbs.open();
    const settings = await started(db, B);
    settings.putOverride(DESK);
    await settings.flush();
    await importBackupData(db, parsed.data);
    // What the app does after an import: settings read again, the library still open.
    await settings.load();
    expect(settings.conversionOverrides).toEqual([DESK, PROGRAM, { script: 'hk', from: '總檯', to: '總台' }]);
    expect(settings.script).toBe('tw');
    await settings.flush();
    expect(await db.settings.get('conversionOverrides')).toBeUndefined();
    expect((await started(db, A)).conversionOverrides).toEqual([]);
  });
});
