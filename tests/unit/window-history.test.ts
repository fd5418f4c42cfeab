// One undo history for the window: the reader's steps and the themes' steps take turns on
// one stack, so Ctrl+Z undoes the last action wherever it was made, and a theme step undone
// before the article's steps below it leaves those steps correct.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readAnnotations } from '../../src-renderer/db/annotations.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { startedApp, until } from '../support/appHarness.ts';

const dbs = testDatabases('window-history');

async function started() {
  const db = dbs.open();
  const app = await startedApp(FakeHost.withSeeds(), db, SEED.s000);
  await app.search.settled();
  return { app, db };
}

describe('the window’s one undo history', () => {
  it('annotations and themes share it, and the app owns it', async () => {
    const { app } = await started();
    expect(app.annotations.history).toBe(app.history);
    expect(app.themes.history).toBe(app.history);
  });

  it('undo in the reader takes back a tag-all made in the themes dialog, then the highlight made before it', async () => {
    const { app, db } = await started();
    const own = (await app.annotations.create({ start: 0, end: 4 }))!;
    const tag = (await app.themes.create('营商环境'))!;
    await app.themes.select(tag.id);
    expect(await app.themes.tagAllMentions()).toBe(22);
    expect(app.annotations.model.records).toHaveLength(7);

    expect(await app.undo()).toBe(true);
    expect(app.annotations.model.records.map((r) => r.id)).toEqual([own]);
    expect((await readAnnotations(db, SEED.s004)).length).toBe(0);
    expect(await app.undo()).toBe(true);
    expect(app.annotations.model.records).toEqual([]);
    expect(await app.undo()).toBe(false);

    expect(await app.redo()).toBe(true);
    expect(app.annotations.model.records.map((r) => r.id)).toEqual([own]);
    expect(await app.redo()).toBe(true);
    expect(app.annotations.model.records).toHaveLength(7);
  });

  it('undo in the themes dialog takes back a highlight made in the reader after a theme step', async () => {
    const { app } = await started();
    const tag = (await app.themes.create('人才'))!;
    await app.themes.update(tag.id, { color: 'green' });
    await app.annotations.create({ start: 10, end: 14 });
    expect(await app.themes.undo()).toBe(true);
    expect(app.annotations.model.records).toEqual([]);
    expect(app.themes.tags[0].color).toBe('green');
  });

  it('a merge undone before the tagging below it: each step writes back what it found', async () => {
    const { app } = await started();
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.addTag(id, '营商环境');
    const from = app.themes.tags.find((t) => t.name === '营商环境')!;
    const into = (await app.themes.create('投资环境'))!;
    await app.themes.refresh();
    await app.themes.merge(from.id, into.id);
    const tagsOf = () => app.annotations.model.records.find((r) => r.id === id)!.tagIds;
    expect(tagsOf()).toEqual([into.id]);
    await app.undo();
    expect(tagsOf()).toEqual([from.id]);
    await app.undo();
    expect(tagsOf()).toEqual([]);
    await app.redo();
    await app.redo();
    expect(tagsOf()).toEqual([into.id]);
  });

  it('outlives an article switch: the step is undone in its own article', async () => {
    const { app, db } = await started();
    await app.annotations.create({ start: 0, end: 4 });
    app.select(SEED.s002);
    await until(() => app.reader.status === 'ready' && app.annotations.model.loadedKey === SEED.s002, 'second article');
    expect(app.history.canUndo).toBe(true);
    await app.undo();
    expect(await readAnnotations(db, SEED.s000)).toEqual([]);
  });

  it('another library clears it: its steps name articles of the old one', async () => {
    const { app } = await started();
    await app.annotations.create({ start: 0, end: 4 });
    const result = await app.openFolder(null);
    expect(result.ok).toBe(true);
    expect(app.history.canUndo).toBe(false);
  });
});
