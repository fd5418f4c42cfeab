// Every multi-table user action is one transaction: a write that fails half-way (here a
// table hook that throws, as a full disk would) leaves every table as it was.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readAnnotations, readTags, writeAnnotations } from '../../src-renderer/db/annotations.ts';
import { importBackupData } from '../../src-renderer/db/backup.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import type { TagRecord } from '../../src-renderer/db/records.ts';
import { writeThemeChange } from '../../src-renderer/db/themes.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { annotationRow } from '../support/annotationRow.ts';

const dbs = testDatabases('atomic-writes');

const row = annotationRow;

const theme = (id: string, key: string, name = key): TagRecord => ({ id, key, name, aliases: [], color: '', description: '', parentId: null, updatedAt: 0, deletedAt: null });

/** Makes every write to `table` throw a QuotaExceededError, as a full disk does. */
function failWrites(db: PizhuDatabase, table: 'annotations' | 'tags'): () => void {
  const fail = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  db.table(table).hook('creating', fail);
  db.table(table).hook('updating', fail);
  db.table(table).hook('deleting', fail);
  return () => {
    db.table(table).hook('creating').unsubscribe(fail);
    db.table(table).hook('updating').unsubscribe(fail);
    db.table(table).hook('deleting').unsubscribe(fail);
  };
}

/** The failure failWrites causes, as Dexie hands it on: the disk's error, not any error. */
const QUOTA_EXCEEDED = { name: 'QuotaExceededError', message: expect.stringContaining('The quota has been exceeded.') };

async function snapshot(db: PizhuDatabase) {
  return { annotations: await db.annotations.toArray(), tags: await db.tags.toArray(), titles: await db.libraryTitles.toArray(), reading: await db.libraryReading.toArray(), settings: await db.settings.toArray() };
}

describe('one transaction per action', () => {
  it('tagging with a new theme: the theme is not stored when the annotation write fails', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('a1')]);
    const before = await snapshot(db);
    failWrites(db, 'annotations');
    const tag = theme('t1', '营商环境');
    await expect(writeAnnotations(db, [row('a1', { tagIds: ['t1'], updatedAt: 2 })], [tag])).rejects.toMatchObject(QUOTA_EXCEEDED);
    expect(await snapshot(db)).toEqual(before);
  });

  it('tagging with a new theme: the annotation is not stored when the theme write fails', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('a1')]);
    const before = await snapshot(db);
    failWrites(db, 'tags');
    await expect(writeAnnotations(db, [row('a1', { tagIds: ['t1'], updatedAt: 2 })], [theme('t1', '营商环境')])).rejects.toMatchObject(QUOTA_EXCEEDED);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a theme made meanwhile by another window is reused, not duplicated: the row points at it', async () => {
    const db = dbs.open();
    await db.tags.add(theme('there', '营商环境', '營商環境'));
    const [written] = await writeAnnotations(db, [row('a1', { tagIds: ['here'] })], [theme('here', '营商环境')]);
    expect(written.tagIds).toEqual(['there']);
    expect((await readTags(db)).map((t) => t.id)).toEqual(['there']);
    expect((await readAnnotations(db, 'a.txt'))[0].tagIds).toEqual(['there']);
  });

  it('merging themes: neither the tags nor the passages change when the passage write fails', async () => {
    const db = dbs.open();
    await db.tags.bulkAdd([theme('t1', '营商环境'), theme('t2', '营商')]);
    await writeAnnotations(db, [row('a1', { tagIds: ['t2'] })]);
    const before = await snapshot(db);
    failWrites(db, 'annotations');
    await expect(
      writeThemeChange(db, { putTags: [{ ...theme('t1', '营商环境'), aliases: ['营商'] }, { ...theme('t2', '营商'), deletedAt: 5 }], annotations: [row('a1', { tagIds: ['t1'], updatedAt: 5 })] }),
    ).rejects.toMatchObject(QUOTA_EXCEEDED);
    expect(await snapshot(db)).toEqual(before);
  });

  it('deleting a theme: the theme stays when its passages cannot be rewritten', async () => {
    const db = dbs.open();
    await db.tags.add(theme('t1', '营商环境'));
    await writeAnnotations(db, [row('a1', { tagIds: ['t1'] }), row('a2', { tagIds: ['t1'] })]);
    const before = await snapshot(db);
    failWrites(db, 'annotations');
    await expect(writeThemeChange(db, { putTags: [{ ...theme('t1', '营商环境'), deletedAt: 5 }], annotations: [row('a1', { updatedAt: 5 }), row('a2', { updatedAt: 5 })] })).rejects.toMatchObject(QUOTA_EXCEEDED);
    expect(await snapshot(db)).toEqual(before);
  });

  it('importing a backup: nothing is merged when one table cannot be written', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('a1')]);
    const before = await snapshot(db);
    failWrites(db, 'annotations');
    await expect(
      importBackupData(db, {
        annotations: [row('a2', { tagIds: ['t9'] })],
        tags: [theme('t9', '人才')],
        titles: [{ libraryId: 'bundled', articleKey: 'a.txt', title: '新标题', updatedAt: 3 }],
        settings: [{ key: 'fontSize', value: 22 }],
        reading: [{ libraryId: 'bundled', articleKey: 'a.txt', fingerprint: 'f1', blockIndex: 3, fraction: 0.5, offset: 10, updatedAt: 3 }],
      }),
    ).rejects.toMatchObject(QUOTA_EXCEEDED);
    expect(await snapshot(db)).toEqual(before);
  });
});
