// After a change only the files of the articles it touched are made again: the text of every
// article's file is not rebuilt for one edited note (a library may hold thousands).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as annotationFiles from '../../src-renderer/core/annotationFiles.ts';
import { articleFileName } from '../../src-renderer/core/annotationFileNames.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { AnnotationSync } from '../../src-renderer/state/annotationSync.svelte.ts';
import { StorageStatus } from '../../src-renderer/state/storageStatus.svelte.ts';
import { startedApp, until } from '../support/appHarness.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

vi.mock('../../src-renderer/core/annotationFiles.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-renderer/core/annotationFiles.ts')>();
  return { ...original, articleFileText: vi.fn(original.articleFileText) };
});

const dbs = testDatabases('annotation-files-write-scope');

function handRow(id: string, articleKey: string, note: string): AnnotationRecord {
  return {
    id,
    articleKey,
    fingerprint: 'f'.repeat(64),
    cleanVersion: 1,
    position: { start: 0, end: 2 },
    quote: { exact: '中央', prefix: '', suffix: '' },
    color: 'yellow',
    style: 'highlight',
    note,
    tagIds: [],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    deletedAt: null,
  };
}

describe('annotation files: what a change writes', () => {
  afterEach(() => vi.mocked(annotationFiles.articleFileText).mockClear());

  it('a note edited in one article makes and writes that article’s file alone', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const keys = [SEED.s000, SEED.s001, SEED.s002, SEED.s003];
    await db.annotations.bulkPut(keys.map((key, i) => handRow(`${i}0000000-0000-4000-8000-000000000000`, key, `第${i}篇的笔记`)));
    const app = await startedApp(host, db, SEED.s000);
    await until(() => keys.every((key) => host.annotationFiles.has(articleFileName(key))), 'every article’s file');
    await app.annotationFiles.flush();

    const made = vi.mocked(annotationFiles.articleFileText);
    made.mockClear();
    const written: string[] = [];
    const write = host.writeAnnotationFile;
    host.writeAnnotationFile = async (name, text) => {
      written.push(name);
      return write(name, text);
    };
    await until(() => app.annotations.model.records.length === 1, 'the article’s annotation shown');
    await app.annotations.editNote('00000000-0000-4000-8000-000000000000', '只改了这一篇');
    await until(() => host.annotationFiles.get(articleFileName(SEED.s000))?.includes('只改了这一篇') === true, 'the edited article’s file');
    await app.annotationFiles.flush();
    expect(written).toEqual([articleFileName(SEED.s000)]);
    // Made again only for the edited article (once per write step that ran).
    expect(new Set(made.mock.calls.map(([data]) => data.articleKey))).toEqual(new Set([SEED.s000]));
    app.stop();
  });

  it('another machine’s first start on the files makes no file again and writes none: its rows are the versions they hold', async () => {
    const host = FakeHost.withSeeds();
    const keys = [SEED.s000, SEED.s001, SEED.s002];
    const firstDb = dbs.open();
    await firstDb.annotations.bulkPut(keys.map((key, i) => handRow(`${i}1111111-1111-4111-8111-111111111111`, key, `第${i}篇`)));
    const first = await startedApp(host, firstDb, SEED.s000);
    await until(() => keys.every((key) => host.annotationFiles.has(articleFileName(key))), 'every article’s file');
    await first.annotationFiles.flush();
    first.stop();

    const other = FakeHost.withSeeds();
    other.annotationFiles = new Map(host.annotationFiles);
    const written: string[] = [];
    const write = other.writeAnnotationFile;
    other.writeAnnotationFile = async (name, text) => {
      written.push(name);
      return write(name, text);
    };
    const made = vi.mocked(annotationFiles.articleFileText);
    made.mockClear();
    const db = dbs.open();
    const second = await startedApp(other, db, SEED.s000);
    await until(() => second.annotationFiles.lastReadAt !== null, 'the first read');
    await second.annotationFiles.flush();
    expect(await db.annotations.count()).toBe(3);
    expect(written).toEqual([]);
    expect(made.mock.calls.length).toBe(0);
    second.stop();
  });

  it('where the row here and the file’s share a stamp but differ, the row that wins is written to the file', async () => {
    const id = '21111111-1111-4111-8111-111111111111';
    const key = SEED.s001;
    const context = { libraryId: () => 'library-1', libraryKeys: () => [key], fingerprintOf: () => undefined };
    const host = FakeHost.withSeeds();
    const name = articleFileName(key);
    host.annotationFiles.set(name, annotationFiles.articleFileText({ articleKey: key, fingerprint: 'f'.repeat(64), annotations: [handRow(id, key, 'A 这是文件里的版本')], title: null }, []));
    // Here: the same id and stamp, another note. By the merge's rule the larger content wins: "B…" over "A…".
    const db = dbs.open();
    await db.annotations.put({ ...handRow(id, key, 'B 这是本机的版本'), libraryIds: ['library-1'] });
    const sync = new AnnotationSync(host, db, new StorageStatus(), context);
    // The one step of the start alone: its read, its merge and the write that ends it.
    await sync.start();
    expect((await db.annotations.get(id))?.note).toBe('B 这是本机的版本');
    expect(host.annotationFiles.get(name)).toContain('B 这是本机的版本');
    sync.stop();
  });
});
