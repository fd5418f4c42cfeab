import { describe, expect, it } from 'vitest';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';

const databases = testDatabases('pizhu-app');
const db = (name?: string): PizhuDatabase => databases.open(name);

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('AppState', () => {
  it('opens the first file on first start, then the last one read', async () => {
    const name = databases.freshName();
    const host = FakeHost.withSeeds();
    const app = new AppState(host, db(name));
    await app.start();
    await settle();
    expect(app.reader.key).toBe(SEED.s000);
    app.select(SEED.s004);
    await settle();
    await app.settings.flush();
    app.stop();

    const again = new AppState(host, db(name));
    await again.start();
    await settle();
    expect(again.reader.key).toBe(SEED.s004);
    again.stop();
  });

  it('opens the article the page asked for (?article=) when it exists', async () => {
    const app = new AppState(FakeHost.withSeeds(), null);
    await app.start(SEED.s003);
    expect(app.reader.key).toBe(SEED.s003);
    app.stop();
    const other = new AppState(FakeHost.withSeeds(), null);
    await other.start('nope.txt');
    expect(other.reader.key).toBe(SEED.s000);
    other.stop();
  });

  it('moves to the previous and next article in list order', async () => {
    const app = new AppState(FakeHost.withSeeds(), null);
    await app.start();
    const order = app.library.visible.map((i) => i.key);
    app.select(order[1]);
    app.move(1);
    expect(app.reader.key).toBe(order[2]);
    app.move(-1);
    app.move(-1);
    expect(app.reader.key).toBe(order[0]);
    app.move(-1);
    expect(app.reader.key).toBe(order[0]);
    app.stop();
  });

  it('hands native menu commands to the command table by id, and refuses ids it does not have', async () => {
    const host = FakeHost.withSeeds();
    const app = new AppState(host, null);
    await app.start();
    const ran: string[] = [];
    app.runCommandById = (id) => ran.push(id) > 0;
    host.menu({ type: 'command', id: 'script-hk' });
    host.menu({ type: 'command', id: 'about' });
    host.menu({ type: 'command', id: 'rm -rf' });
    host.menu({ type: 'command', id: '__proto__' });
    expect(ran).toEqual(['script-hk', 'about']);
    app.stop();
  });

  it('marks the open article vanished and keeps the library usable', async () => {
    const host = FakeHost.withSeeds();
    const app = new AppState(host, null);
    await app.start();
    await settle();
    const open = app.reader.key!;
    host.files.delete(open);
    host.emit({ type: 'remove', key: open });
    expect(app.reader.status).toBe('vanished');
    expect(app.library.items.some((i) => i.key === open)).toBe(false);
    app.move(1);
    await settle();
    expect(app.reader.status).toBe('ready');
    app.stop();
  });

  it('conversion overrides follow the library open, in the view and in exports', async () => {
    const host = FakeHost.withSeeds();
    const app = new AppState(host, db());
    await app.start();
    await settle();
    app.setScript('t');
    expect(app.settings.putOverride({ script: 't', from: '湖州', to: '吳興' })).toBe(true);
    const at = app.reader.clean!.text.indexOf('在湖州看见美丽中国');
    expect(await app.annotations.create({ start: at, end: at + 9 })).not.toBeNull();
    const exported = async () => (await app.exporter.render({ kind: 'article', key: SEED.s000 }, 't')).files[0].content;
    expect(app.reader.view?.text).toContain('『在吳興看見美麗中國』');
    expect(await exported()).toContain('> 在吳興看見美麗中國');

    // Another folder with the same files: the bundled articles' list does not apply there.
    const seeds = host.snapshot();
    host.openFolder = async () => ({ ok: true, snapshot: { library: { root: '/home/reader/文章', name: '文章', isDefault: false }, entries: seeds.entries } });
    await app.openFolder('/home/reader/文章');
    await settle();
    expect(app.reader.key).toBe(SEED.s000);
    expect(app.settings.conversionOverrides).toEqual([]);
    expect(app.reader.view?.text).toContain('『在湖州看見美麗中國』');
    expect(await exported()).toContain('> 在湖州看見美麗中國');

    host.emit({ type: 'reset', snapshot: seeds });
    await settle();
    expect(app.reader.view?.text).toContain('『在吳興看見美麗中國』');
    expect(await exported()).toContain('> 在吳興看見美麗中國');
    app.stop();
  });

  it('switches the UI language with the setting', async () => {
    const app = new AppState(FakeHost.withSeeds(), null);
    await app.start();
    app.setLanguage('zh-Hant');
    expect(app.i18n.t('library.filter')).toBe('篩選文章');
    app.stop();
  });
});
