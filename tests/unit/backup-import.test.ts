// Backup and import through a real (fake-indexeddb) database: round trip, idempotence, the
// merge of two diverged copies, themes that are one theme under two ids, annotations of
// unknown articles, and files that must be refused without changing anything.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MAX_SNAPSHOT_BYTES } from '../../src-main/api.ts';
import { exportMarkdown } from '../../src-renderer/core/markdownExport.ts';
import { MAX_BACKUP_BYTES, MAX_SETTING_DEPTH, parseBackup, toAnnotationCollection, type BackupData } from '../../src-renderer/core/webAnnotation.ts';
import { readTags } from '../../src-renderer/db/annotations.ts';
import { importBackupData, readBackupData } from '../../src-renderer/db/backup.ts';
import { adoptUnplacedRows } from '../../src-renderer/db/libraryRows.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { allSeedsInput, EXPORTED_AT, TAGS } from '../support/exportFixtures.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('backup-import');
const input = allSeedsInput();
const annotations = input.fixtures.flatMap((f) => f.annotations);

async function filled(db: PizhuDatabase = dbs.open()): Promise<PizhuDatabase> {
  await db.annotations.bulkPut([...annotations, { ...annotations[2], id: 'tombstone-1', deletedAt: Date.UTC(2026, 0, 3), updatedAt: Date.UTC(2026, 0, 3) }]);
  await db.tags.bulkPut(TAGS);
  await db.libraryTitles.put({ libraryId: 'bundled', articleKey: input.fixtures[1].file, title: '换过的标题', updatedAt: 10 });
  await db.libraryTitles.put({ libraryId: 'bundled', articleKey: input.fixtures[2].file, title: null, updatedAt: 11 });
  await db.settings.bulkPut([
    { key: 'script', value: 't' },
    { key: 'fontSize', value: 21 },
  ]);
  await db.libraryReading.put({ libraryId: 'bundled', articleKey: input.fixtures[0].file, fingerprint: 'abc', blockIndex: 7, fraction: 0.25, offset: 900, updatedAt: 12 });
  // -1 is the top of an article, above its first block.
  await db.libraryReading.put({ libraryId: 'bundled', articleKey: input.fixtures[1].file, fingerprint: null, blockIndex: -1, fraction: 0, offset: 0, updatedAt: 13 });
  return db;
}

async function backupText(db: PizhuDatabase): Promise<string> {
  return JSON.stringify(toAnnotationCollection(await readBackupData(db), EXPORTED_AT, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f'), null, 2);
}

/** Every table, rows sorted by key: two databases with equal snapshots hold the same data. */
async function snapshot(db: PizhuDatabase) {
  const data = await readBackupData(db);
  const by = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return {
    annotations: by(data.annotations, (a) => a.id),
    tags: by(data.tags, (t) => t.id),
    titles: by(data.titles, (t) => t.articleKey),
    settings: by(data.settings, (s) => s.key),
    reading: by(data.reading, (r) => r.articleKey),
  };
}

function parsed(text: string): BackupData {
  const result = parseBackup(text);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.data;
}

describe('backup and import', () => {
  it('round trip: export, wipe, import gives an identical database', async () => {
    const db = await filled();
    const before = await snapshot(db);
    const text = await backupText(db);
    const fresh = dbs.open();
    // Restored with its library open: its titles and positions are that library's again.
    const summary = await importBackupData(fresh, parsed(text), 'bundled');
    expect(summary).toEqual({ added: annotations.length + 1, updated: 0, unchanged: 0, tagsAdded: TAGS.length });
    expect(await snapshot(fresh)).toEqual(before);
  });

  it('importing twice equals importing once', async () => {
    const text = await backupText(await filled());
    const db = dbs.open();
    await importBackupData(db, parsed(text));
    const once = await snapshot(db);
    const again = await importBackupData(db, parsed(text));
    expect(again).toMatchObject({ added: 0, updated: 0, tagsAdded: 0 });
    expect(await snapshot(db)).toEqual(once);
  });

  it('merges two diverged copies by id, the newer edit winning, in either direction', async () => {
    const base = await backupText(await filled());
    const a = dbs.open();
    const b = dbs.open();
    await importBackupData(a, parsed(base));
    await importBackupData(b, parsed(base));
    const [x, y] = annotations;
    // A edits x late; B edits x earlier and y, deletes nothing, and adds z.
    await a.annotations.put({ ...x, note: 'A 的笔记', updatedAt: x.updatedAt + 2000 });
    await b.annotations.put({ ...x, note: 'B 的旧笔记', updatedAt: x.updatedAt + 1000 });
    await b.annotations.put({ ...y, color: 'pink', updatedAt: y.updatedAt + 1000 });
    const z: AnnotationRecord = { ...y, id: 'only-in-b', createdAt: 99, updatedAt: 99 };
    await b.annotations.put(z);
    const fromA = await backupText(a);
    const fromB = await backupText(b);
    await importBackupData(a, parsed(fromB));
    await importBackupData(b, parsed(fromA));
    expect(await snapshot(a)).toEqual(await snapshot(b));
    const merged = await a.annotations.bulkGet([x.id, y.id, 'only-in-b']);
    expect(merged[0]!.note).toBe('A 的笔记');
    expect(merged[1]!.color).toBe('pink');
    expect(merged[2]).toEqual(z);
  });

  it('merges theme edits and deletions of two diverged copies, the newer winning, in either direction', async () => {
    const base = await backupText(await filled());
    const a = dbs.open();
    const b = dbs.open();
    await importBackupData(a, parsed(base));
    await importBackupData(b, parsed(base));
    const [ying, zhao, ren] = TAGS;
    // Theme times after every fixture annotation's, as edits made later are.
    const T = Date.UTC(2027, 0, 1);
    const withYing = annotations.filter((r) => r.tagIds.includes(ying.id)).map((r) => r.id);
    expect(withYing.length).toBeGreaterThan(0);
    // A renames 营商环境 (aliases, colour, memo) late and puts 人才 under it; B edits it earlier.
    await a.tags.put({ ...ying, name: '营商生态', key: '营商生态', aliases: ['营商环境'], color: 'green', description: '企业感受', updatedAt: T + 3000 });
    await a.tags.put({ ...ren, parentId: ying.id, updatedAt: T + 3000 });
    await b.tags.put({ ...ying, color: 'pink', description: 'B 的说明', updatedAt: T + 2000 });
    // B deletes 招商引资 (its passages keep their text, lose the theme) after A recoloured it.
    await a.tags.put({ ...zhao, color: 'purple', updatedAt: T + 1000 });
    await b.tags.put({ ...zhao, deletedAt: T + 4000, updatedAt: T + 4000 });
    const zhaoRows = annotations.filter((r) => r.tagIds.includes(zhao.id));
    await b.annotations.bulkPut(zhaoRows.map((r) => ({ ...r, tagIds: r.tagIds.filter((t) => t !== zhao.id), updatedAt: T + 4000 })));
    // B deleted 人才 earlier than A moved it: the move wins, 人才 lives on both.
    await b.tags.put({ ...ren, deletedAt: T + 2500, updatedAt: T + 2500 });

    const fromA = await backupText(a);
    const fromB = await backupText(b);
    await importBackupData(a, parsed(fromB));
    await importBackupData(b, parsed(fromA));
    expect(await snapshot(a)).toEqual(await snapshot(b));

    for (const db of [a, b]) {
      expect(await db.tags.get(ying.id)).toEqual({ ...ying, name: '营商生态', key: '营商生态', aliases: ['营商环境'], color: 'green', description: '企业感受', updatedAt: T + 3000 });
      expect(await db.tags.get(zhao.id)).toEqual({ ...zhao, deletedAt: T + 4000, updatedAt: T + 4000 });
      expect(await db.tags.get(ren.id)).toEqual({ ...ren, parentId: ying.id, updatedAt: T + 3000 });
      expect((await readTags(db)).map((t) => t.name).sort()).toEqual(['人才', '营商生态']);
      // The deleted theme is on no passage, on either copy; the passages themselves stay.
      expect(await db.annotations.where('tagIds').equals(zhao.id).count()).toBe(0);
      expect((await db.annotations.bulkGet(zhaoRows.map((r) => r.id))).every((r) => r !== undefined && r.deletedAt === null)).toBe(true);
      expect((await db.annotations.where('tagIds').equals(ying.id).primaryKeys()).sort()).toEqual([...withYing].sort());
    }

    // Twice-imported equals once-imported, both ways.
    const settled = await snapshot(a);
    await importBackupData(a, parsed(fromB));
    await importBackupData(a, parsed(await backupText(b)));
    expect(await snapshot(a)).toEqual(settled);
  });

  it('a theme deleted as the themes page deletes it (its edit time kept) stays deleted against an older edit from a backup', async () => {
    const base = await backupText(await filled());
    const [ying] = TAGS;
    const T = Date.UTC(2027, 0, 1);
    const here = dbs.open();
    await importBackupData(here, parsed(base));
    // Edited at T, deleted at T + 5000: the tombstone keeps updatedAt T.
    await here.tags.put({ ...ying, color: 'red', updatedAt: T, deletedAt: T + 5000 });
    const there = dbs.open();
    await importBackupData(there, parsed(base));
    // Recoloured there at T + 1000: after the last edit here, before the deletion here.
    await there.tags.put({ ...ying, color: 'green', updatedAt: T + 1000 });
    await importBackupData(here, parsed(await backupText(there)));
    expect(await here.tags.get(ying.id)).toEqual({ ...ying, color: 'red', updatedAt: T, deletedAt: T + 5000 });
    // And the other way the deletion arrives and wins.
    await importBackupData(there, parsed(await backupText(here)));
    expect(await there.tags.get(ying.id)).toEqual({ ...ying, color: 'red', updatedAt: T, deletedAt: T + 5000 });
  });

  it('a deletion here newer than the backup’s edit stays; an edit here newer than the backup’s deletion stays', async () => {
    const base = await backupText(await filled());
    const db = dbs.open();
    await importBackupData(db, parsed(base));
    const [ying, zhao] = TAGS;
    const T = Date.UTC(2027, 0, 1);
    // Here: 营商环境 deleted late, 招商引资 edited late. There: the opposite, earlier.
    await db.tags.put({ ...ying, deletedAt: T + 5000, updatedAt: T + 5000 });
    await db.tags.put({ ...zhao, description: '这里的说明', updatedAt: T + 5000 });
    const other = dbs.open();
    await importBackupData(other, parsed(base));
    await other.tags.put({ ...ying, color: 'green', updatedAt: T + 1000 });
    await other.tags.put({ ...zhao, deletedAt: T + 1000, updatedAt: T + 1000 });
    // The other copy's passages were edited later still, carrying 营商环境: it does not come back on them.
    const edited = annotations.filter((r) => r.tagIds.includes(ying.id)).map((r) => ({ ...r, note: '后来改的', updatedAt: T + 9000 }));
    await other.annotations.bulkPut(edited);
    await importBackupData(db, parsed(await backupText(other)));
    expect(await db.tags.get(ying.id)).toEqual({ ...ying, deletedAt: T + 5000, updatedAt: T + 5000 });
    expect(await db.tags.get(zhao.id)).toEqual({ ...zhao, description: '这里的说明', updatedAt: T + 5000 });
    const rows = await db.annotations.bulkGet(edited.map((r) => r.id));
    expect(rows.map((r) => r!.note)).toEqual(edited.map(() => '后来改的'));
    expect(rows.every((r) => !r!.tagIds.includes(ying.id))).toBe(true);
  });

  it('a theme deleted here and made again under its name: the backup’s old theme finds the new one by name', async () => {
    const base = await backupText(await filled());
    const db = dbs.open();
    await importBackupData(db, parsed(base));
    const [ying] = TAGS;
    await db.tags.put({ ...ying, deletedAt: 5000, updatedAt: 5000 });
    const again = { ...ying, id: 'again', name: '營商環境', updatedAt: 6000 };
    await db.tags.put(again);
    // A backup that knows neither the deletion nor the new theme: an older copy with 营商环境 as a new id.
    const older = JSON.parse(base) as { 'pizhu:tags': { id: string }[] };
    older['pizhu:tags'] = older['pizhu:tags'].map((t) => (t.id === ying.id ? { ...t, id: 'older-copy' } : t));
    await importBackupData(db, parsed(JSON.stringify(older)));
    expect((await readTags(db)).filter((t) => t.key === ying.key)).toEqual([again]);
    expect(await db.tags.get('older-copy')).toBeUndefined();
  });

  it('a rename there onto a name another theme has here: the rest of the edit arrives, the name here stays', async () => {
    const base = await backupText(await filled());
    const db = dbs.open();
    await importBackupData(db, parsed(base));
    const [ying, zhao] = TAGS;
    const T = Date.UTC(2027, 0, 1);
    // Here a separate theme is called 投资环境; there 招商引资 was renamed to it and recoloured.
    await db.tags.put({ ...ying, id: 'here-touzi', name: '投资环境', key: '投资环境', updatedAt: T });
    const there = JSON.parse(base) as { 'pizhu:tags': Record<string, unknown>[] };
    there['pizhu:tags'] = there['pizhu:tags'].map((t) => (t.id === zhao.id ? { ...t, name: '投资环境', key: '投资环境', color: 'green', updatedAt: T + 10 } : t));
    await importBackupData(db, parsed(JSON.stringify(there)));
    expect(await db.tags.get(zhao.id)).toEqual({ ...zhao, color: 'green', updatedAt: T + 10 });
    expect((await readTags(db)).filter((t) => t.key === '投资环境').map((t) => t.id)).toEqual(['here-touzi']);
    const once = await snapshot(db);
    await importBackupData(db, parsed(JSON.stringify(there)));
    expect(await snapshot(db)).toEqual(once);
  });

  it('reads a backup made before themes had a parent and times', async () => {
    const text = JSON.parse(await backupText(await filled())) as { 'pizhu:tags': Record<string, unknown>[] };
    text['pizhu:tags'] = text['pizhu:tags'].map(({ parentId: _p, updatedAt: _u, deletedAt: _d, ...old }) => old);
    expect(Object.keys(text['pizhu:tags'][0]).sort()).toEqual(['aliases', 'color', 'description', 'id', 'key', 'name']);
    const db = dbs.open();
    await importBackupData(db, parsed(JSON.stringify(text)));
    expect((await db.tags.toArray()).sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([...TAGS].sort((x, y) => (x.id < y.id ? -1 : 1)));
  });

  it('a theme that exists here under another id is one theme: imported annotations point at it', async () => {
    const text = await backupText(await filled());
    const db = dbs.open();
    await db.tags.put({ ...TAGS[0], id: 'local-yingshang', name: '營商環境' });
    const summary = await importBackupData(db, parsed(text));
    expect(summary.tagsAdded).toBe(TAGS.length - 1);
    const rows = await db.annotations.where('tagIds').equals('local-yingshang').toArray();
    expect(rows.length).toBe(annotations.filter((r) => r.tagIds.includes(TAGS[0].id)).length);
    expect(await db.annotations.where('tagIds').equals(TAGS[0].id).count()).toBe(0);
    // Twice is still once, even with the ids rewritten.
    expect(await importBackupData(db, parsed(text))).toMatchObject({ added: 0, updated: 0 });
  });

  it('keeps the settings already chosen here, adds the missing ones', async () => {
    const text = await backupText(await filled());
    const db = dbs.open();
    await db.settings.put({ key: 'script', value: 'cn' });
    await importBackupData(db, parsed(text));
    expect(await db.settings.get('script')).toEqual({ key: 'script', value: 'cn' });
    expect(await db.settings.get('fontSize')).toEqual({ key: 'fontSize', value: 21 });
  });

  it('keeps annotations of articles that are not in the library, and exports them as orphans', async () => {
    const stray: AnnotationRecord = { ...annotations[0], id: 'stray-1', articleKey: '别处/不在文库.txt' };
    const db = dbs.open();
    const collection = toAnnotationCollection({ annotations: [stray], tags: TAGS, titles: [], settings: [], reading: [] }, EXPORTED_AT, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f');
    await importBackupData(db, parsed(JSON.stringify(collection)));
    expect(await db.annotations.get('stray-1')).toEqual(stray);
    const { content } = exportMarkdown({ articles: input.articles, annotations: await db.annotations.toArray(), tags: TAGS }, { kind: 'library', layout: 'file' }, { script: 'cn', exportedAt: EXPORTED_AT }).files[0];
    expect(content).toContain('## 不在文库');
    expect(content).toContain('### 孤立标注');
    expect(content).toContain('^pz-stray-1');
  });
});

describe('titles and reading positions of another machine’s library', () => {
  const empty: BackupData = { annotations: [], tags: [], titles: [], settings: [], reading: [] };
  const reading = (libraryId: string, articleKey: string, blockIndex: number, updatedAt: number) => ({ libraryId, articleKey, fingerprint: null, blockIndex, fraction: 0, offset: 0, updatedAt });

  it('wait for the library opened here, like rows of no library, and it takes them', async () => {
    const db = dbs.open();
    await importBackupData(db, { ...empty, titles: [{ libraryId: '/home/other/文章', articleKey: '001.txt', title: '那台机器上的标题', updatedAt: 5 }], reading: [reading('/home/other/文章', '001.txt', 7, 6)] }, '/Users/me/文章');
    expect((await db.libraryTitles.toArray()).map((t) => [t.libraryId, t.title])).toEqual([['', '那台机器上的标题']]);
    await adoptUnplacedRows(db, '/Users/me/文章');
    expect((await db.libraryTitles.get(['/Users/me/文章', '001.txt']))?.title).toBe('那台机器上的标题');
    expect((await db.libraryReading.get(['/Users/me/文章', '001.txt']))?.blockIndex).toBe(7);
  });

  it('stay with a library this machine knows, and the open one', async () => {
    const db = dbs.open();
    await db.libraryTitles.put({ libraryId: '/srv/旧库', articleKey: 'a.txt', title: '旧', updatedAt: 1 });
    await importBackupData(db, { ...empty, titles: [{ libraryId: '/srv/旧库', articleKey: 'a.txt', title: '新', updatedAt: 2 }, { libraryId: '/srv/开着的', articleKey: 'b.txt', title: '开着的库', updatedAt: 2 }] }, '/srv/开着的');
    expect((await db.libraryTitles.orderBy('libraryId').toArray()).map((t) => [t.libraryId, t.title])).toEqual([['/srv/开着的', '开着的库'], ['/srv/旧库', '新']]);
  });

  it('of two unknown libraries with one article key, the later version is kept', async () => {
    const db = dbs.open();
    await importBackupData(db, { ...empty, reading: [reading('/a', 'x.txt', 3, 20), reading('/b', 'x.txt', 9, 30), reading('/c', 'x.txt', 1, 10)] }, null);
    expect((await db.libraryReading.toArray()).map((r) => [r.libraryId, r.blockIndex])).toEqual([['', 9]]);
  });
});

describe('refused files change nothing and say what is wrong', () => {
  async function refused(text: string, size?: number) {
    const db = await filled();
    const before = await snapshot(db);
    const result = parseBackup(text, size);
    expect(result.ok).toBe(false);
    expect(await snapshot(db)).toEqual(before);
    return result.ok ? null : result.error;
  }

  it('truncated JSON', async () => {
    const text = await backupText(await filled());
    expect(await refused(text.slice(0, Math.floor(text.length / 2)))).toMatchObject({ code: 'not-json' });
  });

  it('wrong types, with the place named', async () => {
    const good = JSON.parse(await backupText(await filled())) as { first: { items: Record<string, unknown>[] }; 'pizhu:tags': unknown };
    const badStart = structuredClone(good);
    (badStart.first.items[3].target as { selector: Record<string, unknown>[] }).selector[1].start = '12';
    expect(await refused(JSON.stringify(badStart))).toEqual({ code: 'invalid', detail: 'first.items[3].target.selector[1].start: must be a whole number ≥ 0' });
    const badTags = { ...good, 'pizhu:tags': { not: 'an array' } };
    expect(await refused(JSON.stringify(badTags))).toEqual({ code: 'invalid', detail: 'pizhu:tags: must be an array' });
    const badTime = structuredClone(good);
    badTime.first.items[0]['pizhu:updatedAt'] = 'yesterday';
    expect((await refused(JSON.stringify(badTime)))?.detail).toBe('first.items[0].pizhu:updatedAt: must be a whole number ≥ 0');
    const duplicate = structuredClone(good);
    duplicate.first.items.push(duplicate.first.items[0]);
    expect((await refused(JSON.stringify({ ...duplicate, total: duplicate.first.items.length })))?.detail).toMatch(/^first\.items\[\d+\]: repeats /);
  });

  it('a file over the limit, by its size, before reading it', async () => {
    // The limit fits a snapshot of 100,000 annotations (about 120 MB), so the size is told, not allocated.
    expect(MAX_BACKUP_BYTES).toBeGreaterThanOrEqual(MAX_SNAPSHOT_BYTES);
    expect(await refused('', MAX_BACKUP_BYTES + 1)).toMatchObject({ code: 'too-large' });
  });

  it('foreign files: another tool’s Web Annotation, any other JSON', async () => {
    const foreign = { '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'http://example.org/anno1', type: 'Annotation', body: 'http://example.org/post1', target: 'http://example.com/page1' };
    expect(await refused(JSON.stringify(foreign))).toMatchObject({ code: 'not-backup' });
    expect(await refused('{"name":"pizhu","version":"0.1.0"}')).toMatchObject({ code: 'not-backup' });
    expect(await refused('[1,2,3]')).toMatchObject({ code: 'not-backup' });
    const future = { type: 'AnnotationCollection', 'pizhu:format': 99, first: { items: [] } };
    expect(await refused(JSON.stringify(future))).toMatchObject({ code: 'newer-format' });
  });

  // Found by tests/unit/fuzz-backup.test.ts: a setting value nested 5,000 deep was accepted,
  // then the import failed in IndexedDB's copy with "Maximum call stack size exceeded".
  it('a setting value nested deeper than a setting ever is', async () => {
    const good = JSON.parse(await backupText(await filled())) as Record<string, unknown>;
    const deep = (n: number) => JSON.stringify({ ...good, 'pizhu:settings': [{ key: 'deep', value: '\u0000' }] }).replace('"\\u0000"', '['.repeat(n) + '1' + ']'.repeat(n));
    expect(await refused(deep(5000))).toEqual({ code: 'invalid', detail: `pizhu:settings[0].value: is nested deeper than ${MAX_SETTING_DEPTH} levels` });
    expect(await refused(deep(MAX_SETTING_DEPTH + 1))).toMatchObject({ code: 'invalid' });
    expect(parseBackup(deep(MAX_SETTING_DEPTH)).ok).toBe(true);
  });
});
