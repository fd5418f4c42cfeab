import 'fake-indexeddb/auto';
import Dexie, { type ObservabilitySet } from 'dexie';
import { describe, expect, it } from 'vitest';
import { AnnotationCounts, type CountedRow } from '../../src-renderer/core/annotationCounts.ts';
import { writeAnnotations } from '../../src-renderer/db/annotations.ts';
import { onTablesChanged, singleKeys, type TableChanges } from '../../src-renderer/db/connection.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { annotationRow } from '../support/annotationRow.ts';

const dbs = testDatabases('annotation-counts');

const counted = (id: string, articleKey: string, deletedAt: number | null = null, fingerprint = 'f1'): CountedRow => ({ id, articleKey, fingerprint, deletedAt });

describe('AnnotationCounts', () => {
  it('counts live rows per article; tombstones do not count', () => {
    const c = new AnnotationCounts();
    c.reset([counted('a', 'x'), counted('b', 'x'), counted('c', 'y', 5), counted('d', 'y')]);
    expect(c.snapshot()).toEqual(new Map([['x', 2], ['y', 1]]));
  });

  it('a changed row moves its count: created, deleted, undeleted, moved, gone', () => {
    const c = new AnnotationCounts();
    c.reset([counted('a', 'x')]);
    expect(c.apply(['b'], [counted('b', 'x')])).toEqual(new Set(['x']));
    expect(c.snapshot().get('x')).toBe(2);
    expect(c.apply(['a'], [counted('a', 'x', 9)])).toEqual(new Set(['x']));
    expect(c.snapshot().get('x')).toBe(1);
    c.apply(['a'], [counted('a', 'x')]);
    expect(c.apply(['a'], [counted('a', 'z')])).toEqual(new Set(['x', 'z']));
    expect(c.snapshot()).toEqual(new Map([['x', 1], ['z', 1]]));
    c.apply(['b', 'a'], [undefined, undefined]);
    expect(c.snapshot()).toEqual(new Map());
  });

  it('applying the same stored state twice changes nothing (a write seen by a full pass and by its own event)', () => {
    const c = new AnnotationCounts();
    c.reset([counted('a', 'x'), counted('b', 'x')]);
    expect(c.apply(['a', 'b'], [counted('a', 'x'), counted('b', 'x')])).toEqual(new Set());
    expect(c.snapshot()).toEqual(new Map([['x', 2]]));
  });

  it('a row whose id does not match the one asked for counts as gone', () => {
    const c = new AnnotationCounts();
    c.reset([counted('a', 'x')]);
    c.apply(['a'], [counted('other', 'x')]);
    expect(c.snapshot()).toEqual(new Map());
  });

  it('knows the fingerprints live annotations were made on, per article', () => {
    const c = new AnnotationCounts();
    c.reset([counted('a', 'x', null, 'f1'), counted('b', 'x', null, 'f2'), counted('c', 'y', 3, 'f3')]);
    expect(c.fingerprints()).toEqual(new Map([['x', new Set(['f1', 'f2'])]]));
    expect([...c.keys()]).toEqual(['x']);
  });
});

describe('which annotation rows a commit changed', () => {
  it('single keys are named; a range means unknown', () => {
    expect(singleKeys({ d: 0 })).toEqual(new Set());
    expect(singleKeys({ from: 'a', to: 'a', d: 2, r: { from: 'b', to: 'b', d: 1 } })).toEqual(new Set(['a', 'b']));
    expect(singleKeys({ from: 'a', to: 'a', d: 2, l: { from: 'b', to: 'c', d: 1 } })).toBeNull();
    expect(singleKeys({ from: -Infinity, to: [[]], d: 1 })).toBeNull();
  });

  const row = (id: string) => annotationRow(id, { articleKey: 'x.txt' });

  async function changesOf(write: (db: ReturnType<typeof dbs.open>) => Promise<unknown>): Promise<TableChanges[]> {
    const db = dbs.open();
    await db.open();
    const seen: TableChanges[] = [];
    const stop = onTablesChanged(db, (c) => seen.push(c));
    try {
      await write(db);
      // Dexie fires storagemutated after the commit, in a later task.
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      stop();
    }
    return seen.filter((c) => c.tables.has('annotations'));
  }

  it('a highlight written through the repository is named by id', async () => {
    const seen = await changesOf((db) => writeAnnotations(db, [row('a1'), row('a2')]));
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.flatMap((c) => [...(c.annotationIds ?? ['unknown'])]))).toEqual(new Set(['a1', 'a2']));
  });

  it('a bulk write of 50 rows or more, or a clear, is unknown: the caller counts every row', async () => {
    const bulk = await changesOf((db) => writeAnnotations(db, Array.from({ length: 60 }, (_, i) => row(`b${i}`))));
    expect(bulk.some((c) => c.annotationIds === null)).toBe(true);
    const cleared = await changesOf((db) => db.annotations.clear());
    expect(cleared.some((c) => c.annotationIds === null)).toBe(true);
  });

  it('a storagemutated event for the whole database is unknown', () => {
    const db = dbs.open();
    const seen: TableChanges[] = [];
    const stop = onTablesChanged(db, (c) => seen.push(c));
    Dexie.on('storagemutated').fire({ all: { from: -Infinity, to: [[]], d: 1 } } as unknown as ObservabilitySet);
    stop();
    expect(seen).toHaveLength(1);
    expect(seen[0].annotationIds).toBeNull();
    expect(seen[0].tables.has('annotations')).toBe(true);
  });
});
