// The database side of the annotation files' merge: many rows arriving at once (a first read
// of a library's files) are merged exactly as a few are, whatever the database held before.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { mergeIntoDatabase } from '../../src-renderer/db/syncRows.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('sync-rows-merge');
const LIBRARY = '/library';

function row(i: number, fields: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return {
    id: `a-${String(i).padStart(5, '0')}`,
    articleKey: `article-${i % 7}.txt`,
    fingerprint: 'f1',
    cleanVersion: 1,
    position: { start: i, end: i + 2 },
    quote: { exact: '批注', prefix: '', suffix: '' },
    color: 'yellow',
    note: '',
    tagIds: [],
    createdAt: 1_000,
    updatedAt: 1_000,
    deletedAt: null,
    ...fields,
  };
}

describe('merging many rows into the database', () => {
  // 1,500 arriving: past the point where the merge reads the stored rows whole rather than by id.
  it.each([
    ['an empty database', 0],
    ['a database holding some of them, older, newer and equal', 300],
    ['a database holding many more rows than arrive', 8_000],
  ])('into %s, each row put only where the arriving version wins', async (_label, heldBefore) => {
    const db = dbs.open();
    const held: AnnotationRecord[] = [];
    for (let i = 0; i < heldBefore; i++) {
      // Rows 0–99 older here, 100–199 newer here, 200–299 the same; the rest not among those arriving (ids from 2,000).
      if (i < 100) held.push(row(i, { note: `旧 ${i}`, updatedAt: 500, libraryIds: [LIBRARY] }));
      else if (i < 200) held.push(row(i, { note: `本机 ${i}`, updatedAt: 2_000, libraryIds: [LIBRARY] }));
      else if (i < 300) held.push(row(i, { note: `到达 ${i}`, libraryIds: [LIBRARY] }));
      else held.push(row(2_000 + i, { note: '别的', libraryIds: ['/other'] }));
    }
    await db.annotations.bulkPut(held);
    const arriving = Array.from({ length: 1_500 }, (_, i) => row(i, { note: `到达 ${i}` }));
    const outcome = await mergeIntoDatabase(db, { annotations: arriving, themes: [], titles: [] }, LIBRARY);

    const heldHere = Math.min(heldBefore, 300);
    // Changed: every arriving row but those newer (100–199) or equal (200–299) here.
    const kept = heldHere > 100 ? Math.min(heldHere, 300) - 100 : 0;
    expect(outcome.changedAnnotations.size).toBe(1_500 - kept);
    expect(await db.annotations.count()).toBe(1_500 + Math.max(0, heldBefore - 300));
    const first = await db.annotations.get('a-00000');
    expect([first?.note, first?.libraryIds]).toEqual(['到达 0', [LIBRARY]]);
    if (heldBefore > 0) {
      expect(outcome.changedAnnotations.get('a-00000')).toBe('旧 0');
      expect((await db.annotations.get('a-00150'))?.note).toBe('本机 150');
      expect((await db.annotations.get('a-00250'))?.note).toBe('到达 250');
      // Newer here: its article's file must change.
      expect(outcome.articlesKeptHere).toEqual(new Set(Array.from({ length: 7 }, (_, k) => `article-${k}.txt`)));
    } else {
      expect(outcome.changedAnnotations.get('a-00000')).toBeUndefined();
      expect(outcome.articlesKeptHere.size).toBe(0);
    }
    if (heldBefore > 300) expect((await db.annotations.get('a-02300'))?.libraryIds).toEqual(['/other']);
    expect((await db.annotations.get('a-01499'))?.note).toBe('到达 1499');
  });
});
