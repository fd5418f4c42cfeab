// Two libraries on one machine may hold articles under the same key (two folders each with a
// 营商环境.md): each is its own article. What the library list counts, and what a library's
// codebook file holds, are of the open library alone. Expected values are written by hand.
import { describe, expect, it } from 'vitest';
import { AnnotationCounts } from '../../src-renderer/core/annotationCounts.ts';
import { moveAnnotations, readCountedRows, writeAnnotations } from '../../src-renderer/db/annotations.ts';
import { adoptRows, mergeIntoDatabase, type LibraryScope } from '../../src-renderer/db/syncRows.ts';
import { readSyncRecords } from '../support/syncRecords.ts';
import type { AnnotationRecord, TagRecord } from '../../src-renderer/db/records.ts';
import { AnnotationCountsState } from '../../src-renderer/state/annotationCountsState.svelte.ts';
import { toAnnotationCollection } from '../../src-renderer/core/webAnnotation.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { annotationRow } from '../support/annotationRow.ts';

const dbs = testDatabases('library-scope');

const LIB_X = '/home/reader/新闻';
const LIB_Y = '/home/reader/论文';

const row = (id: string, articleKey: string, extra: Partial<AnnotationRecord> = {}) => annotationRow(id, { articleKey, ...extra });

const theme = (id: string, name: string, extra: Partial<TagRecord> = {}): TagRecord => ({
  id,
  key: name,
  name,
  aliases: [],
  color: '',
  description: '',
  parentId: null,
  updatedAt: 10,
  deletedAt: null,
  ...extra,
});

const scopeOf = (id: string, listed: readonly string[], themesInFiles: readonly string[] = []): LibraryScope => ({
  id,
  lists: (key) => listed.includes(key),
  keysInFiles: new Set(),
  themesInFiles: new Set(themesInFiles),
});

// Library X: a1, a2 on 营商环境.md, a3 deleted; library Y: b1 on the same key, b2 on 乡村振兴.md;
// c1 of no library yet (made just now, or before libraries were told apart).
const ROWS = [
  row('a1', '营商环境.md', { libraryIds: [LIB_X] }),
  row('a2', '营商环境.md', { libraryIds: [LIB_X] }),
  row('a3', '营商环境.md', { libraryIds: [LIB_X], deletedAt: 5 }),
  row('b1', '营商环境.md', { libraryIds: [LIB_Y] }),
  row('b2', '乡村振兴.md', { libraryIds: [LIB_Y] }),
  row('c1', '乡村振兴.md'),
];

describe('the library list counts the open library’s annotations alone', () => {
  it('counts the rows of the library and those of none; another library’s rows of the same key are not counted', async () => {
    const db = dbs.open();
    await writeAnnotations(db, ROWS);
    const counts = new AnnotationCounts();
    counts.reset(await readCountedRows(db), LIB_X);
    expect(counts.snapshot()).toEqual(new Map([['营商环境.md', 2], ['乡村振兴.md', 1]]));
    counts.reset(await readCountedRows(db), LIB_Y);
    expect(counts.snapshot()).toEqual(new Map([['营商环境.md', 1], ['乡村振兴.md', 2]]));
    // Null: before any library is known, every row.
    counts.reset(await readCountedRows(db), null);
    expect(counts.snapshot()).toEqual(new Map([['营商环境.md', 3], ['乡村振兴.md', 2]]));
  });

  it('a row that another library took, seen by its change, leaves the count', () => {
    const counts = new AnnotationCounts();
    counts.reset([{ id: 'c1', articleKey: '乡村振兴.md', fingerprint: 'f1', deletedAt: null }], LIB_X);
    expect(counts.snapshot()).toEqual(new Map([['乡村振兴.md', 1]]));
    expect(counts.apply(['c1'], [{ id: 'c1', articleKey: '乡村振兴.md', fingerprint: 'f1', deletedAt: null, libraryIds: [LIB_Y] }])).toEqual(new Set(['乡村振兴.md']));
    expect(counts.snapshot()).toEqual(new Map());
  });

  it('the counts state counts afresh when another library is open, even when asked for a few rows', async () => {
    const db = dbs.open();
    await writeAnnotations(db, ROWS);
    const state = new AnnotationCountsState(db);
    let open = LIB_X;
    state.libraryOf = () => open;
    await state.countAll();
    expect(state.get('营商环境.md')).toBe(2);
    open = LIB_Y;
    await state.recount(['b1']);
    expect(state.get('营商环境.md')).toBe(1);
    expect(state.get('乡村振兴.md')).toBe(2);
  });
});

describe('annotations of no library become the open library’s', () => {
  it('all of them: read as its own at once, stored as its own a piece at a time after; a highlight made and an edit made meanwhile are kept, each with its library', async () => {
    const db = dbs.open();
    // 1,200 rows of no library on an article X lists.
    const none = Array.from({ length: 1_200 }, (_, i) => row(`none-${String(i).padStart(4, '0')}`, '营商环境.md'));
    await writeAnnotations(db, none);
    const reading = readSyncRecords(db, scopeOf(LIB_X, ['营商环境.md']));
    const madeWhileRead = db.annotations.put(row('new', '营商环境.md', { libraryIds: [LIB_X] }));
    const { records, adoption } = await reading;
    await madeWhileRead;
    expect(records.annotations.filter((a) => a.id.startsWith('none-')).length).toBe(1_200);
    expect(adoption).toMatchObject({ libraryId: LIB_X, themeIds: [] });
    expect(adoption.annotationIds.length).toBe(1_200);
    // The read itself stores nothing.
    expect(await db.annotations.filter((a) => a.libraryIds?.includes(LIB_X) === true).count()).toBe(1);

    let rest = await adoptRows(db, adoption, () => true);
    expect(rest.annotationIds.length).toBe(700);
    expect(await db.annotations.filter((a) => a.libraryIds?.includes(LIB_X) === true).count()).toBe(501);
    // Edited between two pieces, in a piece not stored yet: the edit stays, with the library added.
    await db.annotations.update('none-1199', { note: '后来写的', updatedAt: 99 });
    while (rest.annotationIds.length > 0) rest = await adoptRows(db, rest, () => true);
    expect(await db.annotations.filter((a) => a.libraryIds?.includes(LIB_X) === true).count()).toBe(1_201);
    expect(await db.annotations.get('none-1199')).toMatchObject({ note: '后来写的', updatedAt: 99, libraryIds: [LIB_X] });
  });

  it('a row another library took meanwhile stays that library’s', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('shared', '营商环境.md')]);
    const { adoption } = await readSyncRecords(db, scopeOf(LIB_X, ['营商环境.md']));
    await db.annotations.update('shared', { libraryIds: [LIB_Y] });
    await adoptRows(db, adoption, () => true);
    expect((await db.annotations.get('shared'))?.libraryIds).toEqual([LIB_Y]);
  });
});

describe('a library’s codebook holds its own themes', () => {
  // 营商环境 tags a passage of X, under its parent 经济; 乡村振兴 tags a passage of Y alone;
  // 数字政府 is used by none and held by none; 城市更新 is used by none and Y's codebook holds it.
  const THEMES = [
    theme('t-econ', '经济'),
    theme('t-biz', '营商环境', { parentId: 't-econ' }),
    theme('t-rural', '乡村振兴'),
    theme('t-digital', '数字政府'),
    theme('t-urban', '城市更新', { libraryIds: [LIB_Y] }),
  ];
  const TAGGED = [row('a1', '营商环境.md', { libraryIds: [LIB_X], tagIds: ['t-biz'] }), row('b2', '乡村振兴.md', { libraryIds: [LIB_Y], tagIds: ['t-rural'] })];

  it('X’s codebook: its passages’ themes with their parents, and the unused theme of no library, which becomes X’s', async () => {
    const db = dbs.open();
    await db.tags.bulkPut(THEMES);
    await writeAnnotations(db, TAGGED);
    const x = await readSyncRecords(db, scopeOf(LIB_X, ['营商环境.md']));
    expect(x.records.themes.map((t) => t.id).sort()).toEqual(['t-biz', 't-digital', 't-econ']);
    // The local note never reaches the file.
    expect(x.records.themes.some((t) => 'libraryIds' in t)).toBe(false);
    // 经济 too: a parent, used by no passage itself.
    expect(x.adoption.themeIds.sort()).toEqual(['t-digital', 't-econ']);
    await adoptRows(db, x.adoption, () => true);
    expect((await db.tags.get('t-digital'))?.libraryIds).toEqual([LIB_X]);

    // Y, opened later: its passages' theme and the unused theme it holds; X's unused theme stays out.
    const y = (await readSyncRecords(db, scopeOf(LIB_Y, ['营商环境.md', '乡村振兴.md']))).records;
    expect(y.themes.map((t) => t.id).sort()).toEqual(['t-rural', 't-urban']);
  });

  it('a theme read from a library’s codebook is that library’s from then on, whichever version won', async () => {
    const db = dbs.open();
    await db.tags.bulkPut([theme('t-digital', '数字政府', { updatedAt: 50 })]);
    // An older copy from Y's codebook (the one here wins) and a new theme.
    await mergeIntoDatabase(db, { annotations: [], themes: [theme('t-digital', '数字政府', { updatedAt: 20 }), theme('t-urban', '城市更新')], titles: [] }, LIB_Y);
    expect((await db.tags.get('t-digital'))).toMatchObject({ updatedAt: 50, libraryIds: [LIB_Y] });
    expect((await db.tags.get('t-urban'))?.libraryIds).toEqual([LIB_Y]);
    // X, which never held them, does not write them; Y does.
    expect((await readSyncRecords(db, scopeOf(LIB_X, []))).records.themes).toEqual([]);
    expect((await readSyncRecords(db, scopeOf(LIB_Y, []))).records.themes.map((t) => t.id).sort()).toEqual(['t-digital', 't-urban']);
  });
});

describe('which libraries hold a theme stays on this machine', () => {
  it('a backup carries the theme without its local list of libraries', () => {
    const collection = toAnnotationCollection({ annotations: [], tags: [theme('t-urban', '城市更新', { libraryIds: [LIB_Y] })], titles: [], settings: [], reading: [] }, 0, '00000000-0000-4000-8000-000000000000');
    expect(collection['pizhu:tags']).toEqual([{ id: 't-urban', key: '城市更新', name: '城市更新', aliases: [], color: '', description: '', parentId: null, updatedAt: 10, deletedAt: null }]);
  });
});

describe('a file renamed in one library', () => {
  it('takes its own annotations and those of none to the new key; another library’s article of the old key keeps its own', async () => {
    const db = dbs.open();
    await writeAnnotations(db, ROWS);
    expect(await moveAnnotations(db, '乡村振兴.md', '归档/乡村振兴.md', 100, LIB_X)).toBe(1);
    expect((await db.annotations.get('c1'))?.articleKey).toBe('归档/乡村振兴.md');
    expect((await db.annotations.get('b2'))?.articleKey).toBe('乡村振兴.md');
  });
});
