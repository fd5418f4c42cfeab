// Crash drafts: each keystroke of a note is kept at once, so a window that dies before the
// editor's save delay is over still has the note when it starts again.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readAnnotations, writeAnnotations } from '../../src-renderer/db/annotations.ts';
import { recoverDrafts } from '../../src-renderer/db/drafts.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { until } from '../support/appHarness.ts';
import { annotationRow } from '../support/annotationRow.ts';

const dbs = testDatabases('note-drafts');

const row = (id: string, extra: Partial<AnnotationRecord> = {}) => annotationRow(id, { note: '旧笔记', updatedAt: 10, ...extra });

describe('note drafts', () => {
  it('a draft typed after the stored note becomes the note; stale and orphaned drafts go', async () => {
    const db = dbs.open();
    await writeAnnotations(db, [row('fresh'), row('stale'), row('deleted', { deletedAt: 11, updatedAt: 11 })]);
    await db.drafts.bulkPut([
      { annotationId: 'fresh', note: '崩溃前打的字', typedAt: 20 },
      { annotationId: 'stale', note: '更早的草稿', typedAt: 5 },
      { annotationId: 'deleted', note: '删掉的', typedAt: 30 },
      { annotationId: 'gone', note: '没有这条标注', typedAt: 30 },
    ]);
    expect(await recoverDrafts(db, 100)).toEqual(['fresh']);
    const notes = Object.fromEntries((await db.annotations.toArray()).map((r) => [r.id, [r.note, r.updatedAt]]));
    expect(notes).toEqual({ fresh: ['崩溃前打的字', 100], stale: ['旧笔记', 10], deleted: ['旧笔记', 11] });
    expect(await db.drafts.count()).toBe(0);
  });

  it('keystrokes kept as drafts survive a window that dies before the save; a stored note drops its draft', async () => {
    const name = dbs.freshName();
    const app = new AppState(FakeHost.withSeeds(), dbs.open(name));
    await app.start(SEED.s000);
    await until(() => app.reader.status === 'ready' && app.annotations.model.loadedKey === SEED.s000, 'article');
    const text = app.reader.clean!.text;
    const at = text.indexOf('安吉');
    const id = (await app.annotations.create({ start: at, end: at + 2 }))!;
    const db = dbs.open(name);

    app.annotations.keepDraft(id, '第一');
    await app.annotations.editNote(id, '第一');
    await until(async () => (await db.drafts.count()) === 0, 'draft dropped after the save');

    // Typing on; the window dies before the editor's save.
    app.annotations.keepDraft(id, '第一句');
    app.annotations.keepDraft(id, '第一句话没存');
    await until(async () => (await db.drafts.get(id))?.note === '第一句话没存', 'draft kept');
    app.stop();

    const again = new AppState(FakeHost.withSeeds(), dbs.open(name));
    await again.start(SEED.s000);
    await until(() => again.annotations.model.records.length === 1, 'reloaded');
    expect(again.annotations.model.records[0].note).toBe('第一句话没存');
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('第一句话没存');
    expect(await db.drafts.count()).toBe(0);
    again.stop();
  });
});
