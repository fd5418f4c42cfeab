// Rows of no library that the open library takes as its own, and the rows the annotation files'
// merge writes: their changes are told to this window as what they are (db/changeOrigins.ts),
// so neither makes every file again nor is taken for a user's edit. Expected values are
// written by hand.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { articleFileName } from '../../src-renderer/core/annotationFileNames.ts';
import { onTablesChanged, type TableChanges } from '../../src-renderer/db/connection.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { writeAnnotations } from '../../src-renderer/db/annotations.ts';
import { importBackupData } from '../../src-renderer/db/backup.ts';
import { adoptRows, mergeIntoDatabase } from '../../src-renderer/db/syncRows.ts';
import { readSyncRecords } from '../support/syncRecords.ts';
import { startedApp, until } from '../support/appHarness.ts';
import { annotationRow } from '../support/annotationRow.ts';
import { FakeHost, SEED, showLibrary } from '../support/fakeHost.ts';
import { spyOnAnnotationsTable } from '../support/annotationsTableSpy.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('annotation-adoption');
const LIB = '/home/reader/新闻';

const none = (n: number, articleKey: string = SEED.s000) =>
  Array.from({ length: n }, (_, i) =>
    annotationRow(`none-${String(i).padStart(4, '0')}`, {
      articleKey,
      fingerprint: 'f-older',
      position: { start: 10 + i, end: 12 + i },
      quote: { exact: '安吉', prefix: '', suffix: '' },
      note: `旧笔记 ${i}`,
    }),
  );

/**
 * Counts the passes over every annotation row: a query of the whole table from its first row,
 * by primary key or by article (the files' full step reads article by article).
 */
function countWholeReads(db: PizhuDatabase): { passes: number } {
  const counter = { passes: 0 };
  spyOnAnnotationsTable(db, 'count-whole-reads', (table) => ({
    query: (req) => {
      // 3: DBCoreRangeType.Any, a range with no bound.
      if ((req.query.index.isPrimaryKey || req.query.index.name === 'articleKey') && (req.query.range.type as number) === 3) counter.passes++;
      return table.query(req);
    },
  }));
  return counter;
}

async function changesOf(db: PizhuDatabase, write: () => Promise<unknown>): Promise<TableChanges[]> {
  await db.open();
  const seen: TableChanges[] = [];
  const stop = onTablesChanged(db, (c) => seen.push(c));
  try {
    await write();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    stop();
  }
  return seen.filter((c) => c.tables.has('annotations'));
}

describe('where a change came from, told to this window', () => {
  const scope = { id: LIB, lists: () => true, keysInFiles: new Set<string>(), themesInFiles: new Set<string>() };

  it('storing rows as the library’s is a local field’s change, and the merge’s is the files’; a write beside them is neither', async () => {
    const db = dbs.open();
    await writeAnnotations(db, none(120));
    const { adoption } = await readSyncRecords(db, scope);
    const adopted = await changesOf(db, () => Promise.all([adoptRows(db, adoption, () => true), db.annotations.put(annotationRow('beside', { articleKey: SEED.s000 }))]));
    expect(adopted.map((c) => c.origin).sort()).toEqual(['local-field', null]);
    // The write beside is named, and told as nothing: it is the user's.
    expect(adopted.find((c) => c.origin === null)?.annotationIds).toEqual(new Set(['beside']));

    const merged = await changesOf(db, () => mergeIntoDatabase(db, { annotations: [annotationRow('from-file', { articleKey: SEED.s001, updatedAt: 5 })], themes: [], titles: [] }, LIB));
    expect(merged.map((c) => c.origin)).toEqual(['files']);
  });

  it('rows stored as a library’s that is no longer open are told as any change, each row named', async () => {
    const db = dbs.open();
    await writeAnnotations(db, none(120));
    const { adoption } = await readSyncRecords(db, scope);
    const seen = await changesOf(db, () => adoptRows(db, adoption, () => false));
    expect(seen.map((c) => c.origin)).toEqual([null]);
    // Named, not "every row": another window, which is never told the origin, looks at these 120 alone.
    expect(seen[0].annotationIds).toEqual(new Set(none(120).map((r) => r.id)));
    expect((await db.annotations.get('none-0119'))?.libraryIds).toEqual([LIB]);
  });
});

describe('a first start on rows made before libraries were told apart', () => {
  it('writes their file once and stores every row as the library’s in pieces, with no pass over the table for it', async () => {
    const db = dbs.open();
    const reads = countWholeReads(db);
    await writeAnnotations(db, none(1_200));
    const host = FakeHost.withSeeds();
    const app = await startedApp(host, db, SEED.s000);
    await until(async () => (await db.annotations.filter((a) => a.libraryIds !== undefined).count()) === 1_200, 'every row stored as the library’s', 5000);
    await app.annotationFiles.flush();
    await new Promise((r) => setTimeout(r, 300));
    await app.annotationFiles.flush();
    const file = JSON.parse(host.annotationFiles.get(articleFileName(SEED.s000))!) as { first: { items: unknown[] } };
    expect(file.first.items.length).toBe(1_200);
    // Three passes, those of any start: the list's counts, the search index's notes, the files'
    // first step. Storing the 1,200 rows as the library's (three pieces) adds none: neither the
    // files nor the counts are made again for it.
    expect(reads.passes).toBe(3);
    app.stop();
  });

  it('rows another machine’s file brings are merged and drawn, and not written back from the change they make', async () => {
    const first = dbs.open();
    await writeAnnotations(first, none(60));
    const elsewhere = FakeHost.withSeeds();
    const one = await startedApp(elsewhere, first, SEED.s000);
    await until(async () => (await first.annotations.filter((a) => a.libraryIds !== undefined).count()) === 60, 'rows stored as the library’s', 5000);
    await one.annotationFiles.flush();
    one.stop();
    const name = articleFileName(SEED.s000);
    const text = elsewhere.annotationFiles.get(name)!;

    const db = dbs.open();
    const reads = countWholeReads(db);
    const host = FakeHost.withSeeds();
    const two = await startedApp(host, db, SEED.s000);
    await until(() => two.annotationFiles.lastReadAt !== null, 'first read of the annotation files');
    await two.annotationFiles.flush();
    await new Promise((r) => setTimeout(r, 300));
    reads.passes = 0;
    host.annotationFiles.set(name, text);
    host.emitAnnotationFiles({ changed: [{ name, size: Buffer.byteLength(text), mtimeMs: 1 }], removed: [] });
    await until(() => two.annotations.model.records.length === 60, 'the file’s 60 rows drawn', 5000);
    await two.annotationFiles.flush();
    await new Promise((r) => setTimeout(r, 300));
    await two.annotationFiles.flush();
    expect(await db.annotations.get('none-0059')).toMatchObject({ note: '旧笔记 59', libraryIds: [expect.any(String)] });
    // One pass: the counts of 60 rows Dexie did not name. No full step of the files follows
    // the merge: its own article file is made again from what it said changed.
    expect(reads.passes).toBe(1);
    two.stop();
  });
});

describe('the library a row was stored for keeps it', () => {
  it('a backup imported over a row keeps the library this machine stored it for', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [annotationRow('held', { articleKey: SEED.s000, libraryIds: [LIB] })]);
    await importBackupData(db, { annotations: [annotationRow('held', { articleKey: SEED.s000, note: '备份里的新笔记', updatedAt: 50 })], tags: [], titles: [], settings: [], reading: [] });
    expect(await db.annotations.get('held')).toMatchObject({ note: '备份里的新笔记', libraryIds: [LIB] });
  });

  it('an edit made on the copy shown before the row was stored as the library’s keeps its library', async () => {
    const db = dbs.open();
    const shown = annotationRow('held', { articleKey: SEED.s000 });
    await writeAnnotations(db, [shown]);
    await db.annotations.update('held', { libraryIds: [LIB] });
    // The note typed on the copy shown, which has no library.
    await writeAnnotations(db, [{ ...shown, note: '后来写的笔记', updatedAt: 9 }]);
    expect(await db.annotations.get('held')).toMatchObject({ note: '后来写的笔记', libraryIds: [LIB] });
  });

  it('a library opened while the rows of the first are still being stored: the rest are the first’s before the second reads, and its file holds none', { timeout: 20_000 }, async () => {
    const db = dbs.open();
    await writeAnnotations(db, none(10_000));
    const oneFiles = new Map<string, string>();
    const twoFiles = new Map<string, string>();
    const host = FakeHost.withSeeds();
    showLibrary(host, '/书库/一', oneFiles);
    const app = await startedApp(host, db, SEED.s000);
    const stored = (library: string) => db.annotations.filter((a) => a.libraryIds?.includes(library) === true).count();
    // The first piece is stored in the files' first step; the second library is opened before the rest.
    await until(async () => (await stored('/书库/一')) >= 500, 'the first piece stored', 5000);
    // Most of them still to store when the second library is opened.
    expect(await stored('/书库/一')).toBeLessThan(5_000);
    showLibrary(host, '/书库/二', twoFiles);
    await app.openFolder('/书库/二');
    await app.annotationFiles.flush();
    expect(await stored('/书库/一')).toBe(10_000);
    expect(await stored('/书库/二')).toBe(0);
    expect(twoFiles.get(articleFileName(SEED.s000)) ?? '').not.toContain('旧笔记');
    app.stop();
  });
});
