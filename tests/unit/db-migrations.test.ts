// Opens every historical schema version, fills it with rows as that version wrote them,
// closes it, reopens with the current code and checks what the upgrade left. Adding a schema
// version means adding a fixture below; the completeness test fails until you do.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, declareVersions, type PizhuDatabase } from '../../src-renderer/db/database.ts';
import { CURRENT_VERSION, SCHEMA_VERSIONS } from '../../src-renderer/db/schema.ts';

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

async function checkV1Rows(db: PizhuDatabase): Promise<void> {
  expect(await db.annotations.where('articleKey').equals('004_aae446356b5cda58.txt').toArray()).toEqual(v1Rows.annotations);
  expect(await db.annotations.where('tagIds').equals('t1').count()).toBe(1);
  expect(await db.tags.where('key').equals('营商环境').first()).toEqual(v1Rows.tags[0]);
  expect(await db.articles.get('000_5cd884f326e428d3.txt')).toEqual(v1Rows.articles[0]);
  expect(await db.settings.get('script')).toEqual({ key: 'script', value: 't' });
  expect(await db.reading.get('000_5cd884f326e428d3.txt')).toEqual(v1Rows.reading[0]);
}

const FIXTURES: Record<number, MigrationFixture> = {
  1: {
    fill: v1Rows,
    async check(db) {
      await checkV1Rows(db);
      // v2 added the user titles: empty on an upgraded database, and writable.
      expect(await db.titles.count()).toBe(0);
      await db.titles.put({ articleKey: '004_aae446356b5cda58.txt', title: '新标题', updatedAt: 7 });
      expect(await db.titles.get('004_aae446356b5cda58.txt')).toMatchObject({ title: '新标题' });
      await db.titles.clear();
    },
  },
  2: {
    fill: v2Rows,
    async check(db) {
      await checkV1Rows(db);
      expect(await db.titles.orderBy('articleKey').toArray()).toEqual([v2Rows.titles[1], v2Rows.titles[0]]);
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
    expect(db.tables.map((t) => t.name).sort()).toEqual(['annotations', 'articles', 'reading', 'settings', 'tags', 'titles']);
  });
});
