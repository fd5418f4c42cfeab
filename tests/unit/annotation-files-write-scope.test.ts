// After a change only the files of the articles it touched are made again: the text of every
// article's file is not rebuilt for one edited note (a library may hold thousands).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as annotationFiles from '../../src-renderer/core/annotationFiles.ts';
import { articleFileName } from '../../src-renderer/core/annotationFileNames.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
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
});
