// The seams of the annotation state, each module on its own: the repository merges a change
// stored by another window with what this window shows, keeping a row not stored yet and the
// draft being typed; themes publish their steps (they hold no reference to the annotations),
// and the annotations model, selection and counts follow what is published. Expected values
// are written out by hand from the rows each test stores.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AnnotationRepository, type WriteReporter } from '../../src-renderer/db/annotationRepository.ts';
import { newTheme } from '../../src-renderer/core/themeIdentity.ts';
import type { AnnotationRecord, TagRecord } from '../../src-renderer/db/records.ts';
import { AnnotationChanges, type AnnotationChange } from '../../src-renderer/state/annotationChanges.ts';
import { AnnotationsState } from '../../src-renderer/state/annotations.svelte.ts';
import { History } from '../../src-renderer/state/history.svelte.ts';
import { StorageStatus } from '../../src-renderer/state/storageStatus.svelte.ts';
import { ThemesState } from '../../src-renderer/state/themes.svelte.ts';
import { until } from '../support/appHarness.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { annotationRow } from '../support/annotationRow.ts';

const dbs = testDatabases('annotation-modules');

const ARTICLE = 'notes/营商环境.txt';

const row = (id: string, more: Partial<AnnotationRecord> = {}) =>
  annotationRow(id, { articleKey: ARTICLE, fingerprint: 'fp', updatedAt: 10, ...more });

const theme = (id: string, name: string): TagRecord => newTheme(id, name, 5);

/** A storage banner whose writes fail until `failing` is turned off (a full disk, then room again). */
class FlakyStorage implements WriteReporter {
  failing = true;
  unsaved: string[] = [];
  private retry: (() => Promise<void>) | null = null;
  async attempt(key: string, run: () => Promise<void>): Promise<boolean> {
    if (this.failing) {
      this.unsaved = [key];
      this.retry = run;
      return false;
    }
    await run();
    this.unsaved = [];
    return true;
  }
  report(): void {}
  async retryNow(): Promise<void> {
    this.failing = false;
    const run = this.retry;
    this.retry = null;
    if (run) await this.attempt('annotations', run);
  }
}

describe('AnnotationRepository', () => {
  it('merges rows another window stored with the shown ones, keeping a row not stored yet and the draft typed into it', async () => {
    const db = dbs.open();
    await db.annotations.bulkPut([row('a', { note: '旧笔记' }), row('b', { createdAt: 2 }), row('c', { createdAt: 3 })]);
    const storage = new FlakyStorage();
    const repository = new AnnotationRepository(db, storage);
    const shownRows: AnnotationRecord[] = [];
    repository.onShown = (r) => shownRows.push(r);

    const { rows: loaded } = await repository.readArticle(ARTICLE);
    expect(loaded.map((r) => r.id)).toEqual(['a', 'b', 'c']);

    // Here: a's note edited (the write fails: shown, not stored), and typing goes on in a draft.
    const mine = { ...row('a', { note: '我的笔记' }), updatedAt: 20 };
    await repository.write(mine);
    expect(shownRows).toEqual([mine]);
    expect(repository.isUnsaved('a')).toBe(true);
    repository.keepDraft('a', '我的笔记，还在写');
    await until(async () => (await db.drafts.get('a'))?.note === '我的笔记，还在写', 'draft stored');

    // Another window: a's note changed later than ours, b recoloured, c deleted, d made.
    await db.annotations.bulkPut([
      row('a', { note: '那边的笔记', updatedAt: 30 }),
      row('b', { createdAt: 2, color: 'green', updatedAt: 31 }),
      row('c', { createdAt: 3, updatedAt: 32, deletedAt: 32 }),
      row('d', { createdAt: 4, updatedAt: 33 }),
    ]);
    const shown = [mine, loaded[1], loaded[2]];
    const merged = repository.mergeStored(ARTICLE, shown, await repository.readStored(ARTICLE));
    expect(merged.map((r) => [r.id, r.note, r.color])).toEqual([
      ['a', '我的笔记', 'yellow'],
      ['b', '', 'green'],
      ['d', '', 'yellow'],
    ]);
    // The merge stores nothing and drops no draft.
    expect((await db.drafts.get('a'))?.note).toBe('我的笔记，还在写');
    expect((await db.annotations.get('a'))?.note).toBe('那边的笔记');

    // Room again: the note as last typed is stored over the other window's, and its draft goes.
    await repository.write({ ...mine, note: '我的笔记，还在写', updatedAt: 40 });
    await storage.retryNow();
    expect((await db.annotations.get('a'))?.note).toBe('我的笔记，还在写');
    expect(repository.isUnsaved('a')).toBe(false);
    expect(await db.drafts.get('a')).toBeUndefined();
  });

  it('an article read while a row is written shows the written row, not the stored one it overtook', async () => {
    const db = dbs.open();
    await db.annotations.bulkPut([row('a', { color: 'yellow' })]);
    const repository = new AnnotationRepository(db, new StorageStatus());
    const reading = repository.readArticle(ARTICLE);
    expect(repository.loading).toBe(true);
    await repository.write(row('a', { color: 'pink', updatedAt: 11 }));
    const { rows } = await reading;
    expect(rows.map((r) => r.color)).toEqual(['pink']);
    expect(repository.loading).toBe(false);
  });
});

describe('rows changed in the store by another hand', () => {
  async function opened() {
    const db = dbs.open();
    await db.annotations.bulkPut([row('a', { note: '原来' }), row('b', { createdAt: 2 }), row('x', { articleKey: 'other.txt' })]);
    const source = () => ({ key: ARTICLE, fingerprint: 'fp', canonical: null, view: null });
    const annotations = new AnnotationsState(db, source, new StorageStatus(), null, new History());
    await annotations.start();
    await annotations.counts.countAll();
    await annotations.load(ARTICLE);
    return { db, annotations };
  }
  const shown = (annotations: AnnotationsState) => annotations.model.records.map((r) => [r.id, r.note]);

  it('a change that names its rows reads those rows alone: edited, added, deleted and moved away are shown so; the rest stay as they are', async () => {
    const { db, annotations } = await opened();
    const untouched = annotations.model.records.find((r) => r.id === 'b');
    await db.annotations.bulkPut([
      row('a', { note: '别处改的', updatedAt: 20 }),
      row('c', { createdAt: 3, note: '别处加的', updatedAt: 20 }),
      row('b', { deletedAt: 20, updatedAt: 20 }),
      row('x', { articleKey: ARTICLE, createdAt: 4, note: '移过来的', updatedAt: 20 }),
      // Stored without being named (no change told of it): not read by this step.
      row('d', { createdAt: 5, note: '没说', updatedAt: 20 }),
    ]);
    await annotations.syncFromStore({ annotations: true, tags: false, annotationIds: new Set(['a', 'c', 'x']) });
    expect(shown(annotations)).toEqual([
      ['a', '别处改的'],
      ['b', ''],
      ['c', '别处加的'],
      ['x', '移过来的'],
    ]);
    expect(annotations.model.records.find((r) => r.id === 'b')).toBe(untouched);
    await annotations.syncFromStore({ annotations: true, tags: false, annotationIds: new Set(['b']) });
    expect(shown(annotations)).toEqual([
      ['a', '别处改的'],
      ['c', '别处加的'],
      ['x', '移过来的'],
    ]);
    // A change that does not name its rows reads them all.
    await annotations.syncFromStore({ annotations: true, tags: false, annotationIds: null });
    expect(shown(annotations).map(([id]) => id)).toEqual(['a', 'c', 'x', 'd']);
  });

  it('a take overtaken by a write here is made whole by the next one, whatever rows that one names', async () => {
    const { db, annotations } = await opened();
    await db.annotations.put(row('c', { createdAt: 3, note: '别处加的', updatedAt: 20 }));
    const overtaken = annotations.syncFromStore({ annotations: true, tags: false, annotationIds: new Set(['c']) });
    await annotations.editNote('a', '这里写的');
    await overtaken;
    expect(shown(annotations)).toEqual([
      ['a', '这里写的'],
      ['b', ''],
    ]);
    await annotations.syncFromStore({ annotations: true, tags: false, annotationIds: new Set(['a']) });
    expect(shown(annotations)).toEqual([
      ['a', '这里写的'],
      ['b', ''],
      ['c', '别处加的'],
    ]);
  });
});

describe('themes publish, the annotations follow', () => {
  async function setUp() {
    const db = dbs.open();
    await db.tags.bulkPut([theme('t1', '营商环境'), theme('t2', '招商引资')]);
    await db.annotations.bulkPut([row('a', { tagIds: ['t1'] }), row('b', { createdAt: 2, tagIds: ['t2'] }), row('x', { articleKey: 'other.txt', tagIds: ['t2'] })]);
    const storage = new StorageStatus();
    const history = new History();
    const changes = new AnnotationChanges();
    const source = () => ({ key: ARTICLE, fingerprint: 'fp', canonical: null, view: null });
    const annotations = new AnnotationsState(db, source, storage, null, history);
    annotations.listenTo(changes);
    const published: AnnotationChange[] = [];
    changes.subscribe((change) => void published.push(change));
    // No theme page is open, so no mention search is asked of the index.
    const themes = new ThemesState(db, { catalog: annotations.model, storage, lastColor: () => annotations.lastColor, changes }, {} as never, { items: [] }, history);
    await annotations.start();
    await annotations.counts.countAll();
    await annotations.load(ARTICLE);
    await themes.refresh();
    return { db, annotations, themes, history, published };
  }

  const tagsOf = (annotations: AnnotationsState) => annotations.model.records.map((r) => [r.id, r.tagIds]);

  it('a rename reaches the model’s themes; a merge and a delete reach the open article’s rows; undo brings both back', async () => {
    const { annotations, themes, history, published } = await setUp();
    expect(tagsOf(annotations)).toEqual([
      ['a', ['t1']],
      ['b', ['t2']],
    ]);

    await themes.update('t1', { name: '营商环境优化' });
    expect(annotations.model.tagName('t1')).toBe('营商环境优化');
    expect(published.map((c) => [c.source, c.annotations.length])).toEqual([['themes', 0]]);

    annotations.selection.selectedId = 'b';
    await themes.merge('t2', 't1');
    expect(annotations.model.tags.map((t) => t.id)).toEqual(['t1']);
    expect(tagsOf(annotations)).toEqual([
      ['a', ['t1']],
      ['b', ['t1']],
    ]);
    // The rows changed under the selection; the highlight itself is still there.
    expect(annotations.selection.selected?.id).toBe('b');

    await themes.remove('t1');
    expect(annotations.model.tags).toEqual([]);
    expect(tagsOf(annotations)).toEqual([
      ['a', []],
      ['b', []],
    ]);
    // The article's count is unchanged: the passages stay, without the theme.
    expect(annotations.counts.get(ARTICLE)).toBe(2);
    expect(annotations.counts.get('other.txt')).toBe(1);

    await history.undo();
    expect(annotations.model.tagName('t1')).toBe('营商环境优化');
    expect(tagsOf(annotations)).toEqual([
      ['a', ['t1']],
      ['b', ['t1']],
    ]);
    await history.undo();
    expect(annotations.model.tags.map((t) => t.name).sort()).toEqual(['招商引资', '营商环境优化']);
    expect(tagsOf(annotations)).toEqual([
      ['a', ['t1']],
      ['b', ['t2']],
    ]);
  });

  it('a highlight deleted by a published step leaves the selection; a theme made by the themes is in the model at once', async () => {
    const { db, annotations, themes } = await setUp();
    annotations.selection.selectedId = 'a';
    // Another part of the window (the notebook) deletes a: it stores the tombstone and publishes it.
    const tombstone = { ...row('a', { tagIds: ['t1'] }), updatedAt: 50, deletedAt: 50 };
    await db.annotations.put(tombstone);
    const changes = new AnnotationChanges();
    annotations.listenTo(changes);
    await changes.publish({ source: 'notebook', themes: null, annotations: [tombstone] });
    expect(annotations.model.records.map((r) => r.id)).toEqual(['b']);
    expect(annotations.selection.selectedId).toBeNull();
    expect(annotations.counts.get(ARTICLE)).toBe(1);

    const made = await themes.create('人才');
    expect(annotations.model.tags.map((t) => t.name)).toContain('人才');
    expect(annotations.model.tagName(made!.id)).toBe('人才');
  });
});

describe('an edit made here on a version stamped by a clock ahead of this one', () => {
  it('is stamped past that version, so the next merge of the files keeps it', async () => {
    const db = dbs.open();
    // Stamped by another machine whose clock runs a day ahead of this one.
    const ahead = Date.now() + 86_400_000;
    await db.annotations.bulkPut([row('a', { note: '那边的笔记', updatedAt: ahead }), row('b', { createdAt: 2, updatedAt: ahead })]);
    const source = () => ({ key: ARTICLE, fingerprint: 'fp', canonical: null, view: null });
    const annotations = new AnnotationsState(db, source, new StorageStatus(), null, new History());
    await annotations.start();
    await annotations.load(ARTICLE);

    await annotations.editNote('a', '我看过那边的，改成这样');
    await annotations.recolor('b', 'green');
    await until(async () => (await db.annotations.get('b'))?.color === 'green', 'recolour stored');
    const [a, b] = await db.annotations.bulkGet(['a', 'b']);
    expect(a!.note).toBe('我看过那边的，改成这样');
    expect(a!.updatedAt).toBeGreaterThan(ahead);
    expect(b!.updatedAt).toBeGreaterThan(ahead);
  });
});
