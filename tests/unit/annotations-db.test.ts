import { describe, expect, it } from 'vitest';
import { AnnotationCounts } from '../../src-renderer/core/annotationCounts.ts';
import { ensureTag, moveAnnotations, readAnnotations, readCountedRows, readTags, writeAnnotations } from '../../src-renderer/db/annotations.ts';
import { readBackupData } from '../../src-renderer/db/backup.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { annotationRow } from '../support/annotationRow.ts';

const dbs = testDatabases('annotations-db');

const row = (id: string, articleKey: string, extra: Partial<AnnotationRecord> = {}) =>
  annotationRow(id, { articleKey, createdAt: Number(id.replace(/\D/g, '')) || 1, ...extra });

describe('annotation repository', () => {
  it('reads the live annotations of one article, oldest first; tombstones stay in the table', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('a3', 'x.txt'), row('a1', 'x.txt'), row('a2', 'x.txt', { deletedAt: 5 }), row('b1', 'y.txt')]);
    expect((await readAnnotations(db, 'x.txt')).map((r) => r.id)).toEqual(['a1', 'a3']);
    expect(await db.annotations.count()).toBe(4);
    const counts = new AnnotationCounts();
    counts.reset(await readCountedRows(db));
    expect(counts.snapshot()).toEqual(new Map([['x.txt', 2], ['y.txt', 1]]));
  });

  it('an article with more rows than one read takes reads them all, a page at a time, passing over other articles', async () => {
    const db = dbs.open();
    // Ids of x.txt interleaved with other articles' ids, one tombstone among them.
    await writeAnnotations(db, [
      row('a1', 'x.txt'), row('a2', 'y.txt'), row('a3', 'x.txt'), row('a4', 'x.txt', { deletedAt: 2 }),
      row('a5', 'z.txt'), row('a6', 'x.txt'), row('a7', 'y.txt'), row('a8', 'x.txt'), row('a9', 'x.txt'), row('b1', 'y.txt'),
    ]);
    for (const pageRows of [1, 2, 3, 5, 6, 50]) expect((await readAnnotations(db, 'x.txt', null, pageRows)).map((r) => r.id), `pages of ${pageRows}`).toEqual(['a1', 'a3', 'a6', 'a8', 'a9']);
    // Oldest first: b1 was made at 1.
    expect((await readAnnotations(db, 'y.txt', null, 1)).map((r) => r.id)).toEqual(['b1', 'a2', 'a7']);
  });

  it('reads past the first page without reading the other articles’ rows between its ids', async () => {
    const db = dbs.open();
    // x.txt's 12 rows spread over ids that 200 rows of y.txt fill in between.
    const rows: AnnotationRecord[] = [];
    for (let i = 0; i < 212; i++) rows.push(row(`r${String(i).padStart(3, '0')}`, i % 18 === 0 ? 'x.txt' : 'y.txt'));
    await writeAnnotations(db, rows);
    let decoded = 0;
    const count = (value: AnnotationRecord) => {
      decoded++;
      return value;
    };
    db.annotations.hook('reading', count);
    try {
      const read = await readAnnotations(db, 'x.txt', null, 5);
      expect(read.map((r) => r.id)).toEqual(['r000', 'r018', 'r036', 'r054', 'r072', 'r090', 'r108', 'r126', 'r144', 'r162', 'r180', 'r198']);
      // Its own 12 rows, each once.
      expect(decoded).toBe(12);
    } finally {
      db.annotations.hook('reading').unsubscribe(count);
    }
  });

  it('reads one library’s annotations of a key: the same key in another library is another article', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [
      row('h1', 'same.txt', { libraryIds: ['/home/me/library-one'] }),
      row('h2', 'same.txt', { libraryIds: ['/home/me/library-two'] }),
      row('h3', 'same.txt', { libraryIds: ['/home/me/library-one', '/home/me/library-two'] }),
      // Of no library yet (made before libraries were told apart, or just now): shown in whichever is open.
      row('h4', 'same.txt'),
      row('h5', 'same.txt', { libraryIds: [] }),
    ]);
    expect((await readAnnotations(db, 'same.txt', '/home/me/library-one')).map((r) => r.id).sort()).toEqual(['h1', 'h3', 'h4', 'h5']);
    expect((await readAnnotations(db, 'same.txt', '/home/me/library-two')).map((r) => r.id).sort()).toEqual(['h2', 'h3', 'h4', 'h5']);
    expect((await readAnnotations(db, 'same.txt', '/home/me/library-three')).map((r) => r.id).sort()).toEqual(['h4', 'h5']);
    expect((await readAnnotations(db, 'same.txt')).map((r) => r.id).sort()).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
  });

  it('a rewrite replaces the row (soft delete and its undo)', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('a1', 'x.txt')]);
    await writeAnnotations(db, [row('a1', 'x.txt', { deletedAt: 9, updatedAt: 9 })]);
    expect(await readAnnotations(db, 'x.txt')).toEqual([]);
    await writeAnnotations(db, [row('a1', 'x.txt', { deletedAt: null, updatedAt: 10, note: 'back' })]);
    expect((await readAnnotations(db, 'x.txt'))[0].note).toBe('back');
  });

  it('moves every row of a renamed file, tombstones included, in one transaction', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('a1', 'old.txt'), row('a2', 'old.txt', { deletedAt: 3 }), row('b1', 'other.txt')]);
    expect(await moveAnnotations(db, 'old.txt', 'new/renamed.txt', 100)).toBe(2);
    expect(await db.annotations.where('articleKey').equals('old.txt').count()).toBe(0);
    const moved = await db.annotations.where('articleKey').equals('new/renamed.txt').toArray();
    expect(moved.map((r) => [r.id, r.updatedAt, r.deletedAt])).toEqual([
      ['a1', 100, null],
      ['a2', 100, 3],
    ]);
  });

  it('one theme per search key: 营商环境 and 營商環境 are the same tag', async () => {
    const db = dbs.open();
    const a = await ensureTag(db, '营商环境');
    const b = await ensureTag(db, ' 營商環境 ');
    expect(b.id).toBe(a.id);
    expect(a.key).toBe('营商环境');
    const c = await ensureTag(db, '人才');
    expect(c.id).not.toBe(a.id);
    expect((await readTags(db)).map((t) => t.name).sort()).toEqual(['人才', '营商环境']);
    await expect(ensureTag(db, '  ，。 ')).rejects.toThrow();
  });

  it('reads every row for counting a page at a time, none twice and none missed', async () => {
    const db = dbs.open();
    const rows = Array.from({ length: 12_345 }, (_, i) => row(`r${String(i).padStart(5, '0')}`, `k${i % 7}.txt`, { deletedAt: i % 10 === 0 ? 3 : null }));
    await db.annotations.bulkPut(rows);
    const read = await readCountedRows(db);
    expect(read.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    const counts = new AnnotationCounts();
    counts.reset(read);
    expect([...counts.snapshot().values()].reduce((a, b) => a + b, 0)).toBe(12_345 - 1_235);
  });

  it('a backup reads every annotation, tombstones included, across pages, in one transaction', async () => {
    const db = dbs.open();
    const rows = Array.from({ length: 2_345 }, (_, i) => row(`r${String(i).padStart(5, '0')}`, 'x.txt', { deletedAt: i % 7 === 0 ? 4 : null }));
    await db.annotations.bulkPut(rows);
    const data = await readBackupData(db);
    expect(data.annotations.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(data.annotations[7]).toEqual(rows[7]);
  });
});
