// Two windows on one database (two AppStates, two Dexie connections, one fake-indexeddb
// name): a change committed in one shows in the other without a reload, and a note edited
// in both keeps the typing of the one that loses the race in its own window.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readAnnotations } from '../../src-renderer/db/annotations.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { until } from '../support/appHarness.ts';

const dbs = testDatabases('two-windows');
const PASSAGE = '中央广播电视台总台在北京发布了';

async function window(name: string) {
  const app = new AppState(FakeHost.withSeeds(), dbs.open(name));
  await app.start(SEED.s000);
  await until(() => app.reader.status === 'ready' && app.annotations.model.loadedKey === SEED.s000, 'article');
  return app;
}

async function twoWindows() {
  const name = dbs.freshName();
  const a = await window(name);
  const b = await window(name);
  return { a, b };
}

function rangeOf(app: AppState, text: string) {
  const at = app.reader.clean!.text.indexOf(text);
  return { start: at, end: at + text.length };
}

const note = (app: AppState, id: string) => app.annotations.model.records.find((r) => r.id === id)?.note;

describe('two windows on one database', () => {
  it('a highlight, a note, a delete and its undo in one window show in the other', async () => {
    const { a, b } = await twoWindows();
    const id = (await a.annotations.create(rangeOf(a, PASSAGE), 'green'))!;
    await until(() => b.annotations.model.anchored.length === 1, 'highlight in B');
    expect(b.annotations.model.anchored[0].record).toMatchObject({ id, color: 'green' });
    expect(b.annotations.counts.get(SEED.s000)).toBe(1);

    await b.annotations.editNote(id, 'B 写的笔记');
    await until(() => note(a, id) === 'B 写的笔记', 'note in A');

    await a.annotations.remove(id);
    await until(() => b.annotations.model.records.length === 0, 'deleted in B');
    expect(b.annotations.counts.get(SEED.s000)).toBe(0);
    await a.annotations.undo();
    await until(() => b.annotations.model.records.length === 1, 'restored in B');
    expect(note(b, id)).toBe('B 写的笔记');
    expect(a.annotations.model.records.length).toBe(1);
    a.stop();
    b.stop();
  });

  it('a theme, a title and a setting changed in one window show in the other', async () => {
    const { a, b } = await twoWindows();
    const id = (await a.annotations.create(rangeOf(a, PASSAGE), 'yellow'))!;
    await a.annotations.addTag(id, '营商环境');
    await until(() => b.annotations.model.records[0]?.tagIds.length === 1, 'tag in B');
    expect(b.annotations.model.tagName(b.annotations.model.records[0].tagIds[0])).toBe('营商环境');

    a.titles.set(SEED.s000, '两个窗口的标题');
    await until(() => b.titles.get(SEED.s000) === '两个窗口的标题', 'title in B');
    a.titles.restore(SEED.s000);
    await until(() => b.titles.get(SEED.s000) === null, 'title restored in B');

    a.settings.set('theme', 'dark');
    a.setLanguage('en');
    await until(() => b.settings.theme === 'dark' && b.i18n.lang === 'en', 'settings in B');
    a.stop();
    b.stop();
  });

  it('the later of two edits wins in both windows and in the store', async () => {
    const { a, b } = await twoWindows();
    const id = (await a.annotations.create(rangeOf(a, PASSAGE), 'yellow'))!;
    await until(() => b.annotations.model.records.length === 1, 'highlight in B');
    await a.annotations.editNote(id, '先写的');
    await until(() => note(b, id) === '先写的', 'first note in B');
    await b.annotations.editNote(id, '后写的');
    await until(() => note(a, id) === '后写的', 'second note in A');
    // Both windows agree with the store.
    expect((await readAnnotations(a.annotations.repository.db!, SEED.s000))[0].note).toBe('后写的');
    expect(note(b, id)).toBe('后写的');
    a.stop();
    b.stop();
  });
});
