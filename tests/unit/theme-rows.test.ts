// Theme rows with tombstones: readers see live themes only, a deleted theme's name is free for
// a new theme at once, and no write may leave two live themes with one search key.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ensureTag, findTag, readTags, writeAnnotations } from '../../src-renderer/db/annotations.ts';
import type { TagRecord } from '../../src-renderer/db/records.ts';
import { writeThemeChange } from '../../src-renderer/db/themes.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('theme-rows');
const theme = (id: string, key: string, more: Partial<TagRecord> = {}): TagRecord => ({ id, key, name: key, aliases: [], color: '', description: '', parentId: null, updatedAt: 5, deletedAt: null, ...more });

describe('theme rows and tombstones', () => {
  it('readers leave tombstones out; the name of a deleted theme makes a new theme', async () => {
    const db = dbs.open();
    await db.tags.bulkPut([theme('old', '营商环境', { deletedAt: 9, updatedAt: 9 }), theme('t2', '人才')]);
    expect((await readTags(db)).map((t) => t.id)).toEqual(['t2']);
    expect(await findTag(db, '营商环境')).toBeUndefined();
    // 營商環境 folds to the tombstone's key: a new row, the tombstone stays as it was.
    const made = await ensureTag(db, '營商環境', 'blue', 100);
    expect(made).toMatchObject({ key: '营商环境', name: '營商環境', color: 'blue', parentId: null, updatedAt: 100, deletedAt: null });
    expect(made.id).not.toBe('old');
    expect(await db.tags.get('old')).toEqual(theme('old', '营商环境', { deletedAt: 9, updatedAt: 9 }));
    expect(await ensureTag(db, '营商环境')).toEqual(made);
    expect((await findTag(db, '营商环境'))?.id).toBe(made.id);
  });

  it('a highlight tagged with a new theme whose key only a tombstone has gets the new theme', async () => {
    const db = dbs.open();
    await db.tags.put(theme('old', '人才', { deletedAt: 9 }));
    const row = { id: 'a1', articleKey: 'x.txt', fingerprint: 'f', cleanVersion: 1, position: { start: 0, end: 2 }, quote: { exact: '人才', prefix: '', suffix: '' }, color: '', note: '', tagIds: ['new'], createdAt: 1, updatedAt: 1, deletedAt: null };
    const [written] = await writeAnnotations(db, [row], [theme('new', '人才')]);
    expect(written.tagIds).toEqual(['new']);
    expect((await readTags(db)).map((t) => t.id)).toEqual(['new']);
  });

  it('a theme step that would give two live themes one key fails whole', async () => {
    const db = dbs.open();
    await db.tags.bulkPut([theme('t1', '营商环境'), theme('t2', '人才')]);
    const renamedOnto = theme('t2', '营商环境', { name: '營商環境' });
    await expect(writeThemeChange(db, { putTags: [renamedOnto], annotations: [] })).rejects.toThrow(/营商环境/);
    expect(await db.tags.get('t2')).toEqual(theme('t2', '人才'));
    // The same key on a tombstone is no clash.
    await writeThemeChange(db, { putTags: [theme('t1', '营商环境', { deletedAt: 6 }), renamedOnto], annotations: [] });
    expect((await readTags(db)).map((t) => [t.id, t.name])).toEqual([['t2', '營商環境']]);
  });

  it('a step written onto a stored theme leaves a whole theme: its name’s key, clean aliases, no merge note on a live one', async () => {
    const db = dbs.open();
    // Stored now (changed elsewhere since the step read it): another name, an alias, merged into t9.
    await db.tags.put(theme('t1', '投资环境', { aliases: ['投资氛围'], deletedAt: 8, mergedInto: 't9', updatedAt: 8 }));
    await db.tags.put(theme('t9', '招商'));
    const from = theme('t1', '营商环境', { deletedAt: 7, updatedAt: 7 });
    // The step: back from deleted, renamed to 營商環境, an alias that folds like the stored one.
    const to = theme('t1', '营商环境', { name: '營商環境', aliases: ['投資氛圍'], updatedAt: 9 });
    await writeThemeChange(db, { putTags: [to], annotations: [], from: { tags: [from], annotations: [] } });
    const stored = await db.tags.get('t1');
    expect(stored).toMatchObject({ name: '營商環境', key: '营商环境', aliases: ['投資氛圍'], deletedAt: null });
    expect(stored).not.toHaveProperty('mergedInto');
  });
});

