// The renderer's side of hostile files: an open article whose file breaks, vanishes,
// changes or comes back keeps its last good text and every annotation, and says what happened.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

const databases = testDatabases('pizhu-hostile');
const db = (): PizhuDatabase => databases.open();
const settle = () => new Promise((r) => setTimeout(r, 20));

async function appWithHighlight(): Promise<{ app: AppState; host: FakeHost; text: string; id: string }> {
  const host = FakeHost.withSeeds();
  const app = new AppState(host, db());
  await app.start(SEED.s000);
  await settle();
  const text = host.files.get(SEED.s000)!.text!;
  const at = app.reader.clean!.text.indexOf('营商环境');
  expect(at).toBeGreaterThan(0);
  const id = (await app.annotations.create({ start: at, end: at + 4 }, 'green'))!;
  await app.annotations.editNote(id, '留意这一段');
  return { app, host, text, id };
}

describe('an open article whose file breaks on disk', () => {
  it('rewritten to binary: the row shows the error, the reader keeps the text and the highlight; restoring brings it back with a notice', async () => {
    const { app, host, text, id } = await appWithHighlight();
    const title = app.reader.header?.title;

    host.files.set(SEED.s000, { error: { code: 'binary', detail: 'PNG data' } });
    host.emit({ type: 'change', entry: host.entry(SEED.s000) });
    await settle();
    expect(app.library.item(SEED.s000)?.error?.code).toBe('binary');
    expect(app.reader.status).toBe('failed');
    expect(app.reader.error?.code).toBe('binary');
    expect(app.reader.header?.title).toBe(title);
    expect(app.annotations.model.anchored.map((a) => a.record.id)).toEqual([id]);

    host.files.set(SEED.s000, { text });
    host.emit({ type: 'change', entry: host.entry(SEED.s000) });
    await settle();
    expect(app.library.item(SEED.s000)?.error).toBeNull();
    expect(app.reader.status).toBe('ready');
    expect(app.reader.diskNotice).toBe('restored');
    expect(app.annotations.model.anchored.map((a) => a.record.id)).toEqual([id]);
    expect(app.annotations.model.records[0].note).toBe('留意这一段');
    app.stop();
  });

  it('deleted: the text stays, marked vanished, annotations kept; re-created with the same text it opens again', async () => {
    const { app, host, text, id } = await appWithHighlight();
    host.files.delete(SEED.s000);
    host.emit({ type: 'remove', key: SEED.s000 });
    await settle();
    expect(app.reader.status).toBe('vanished');
    expect(app.reader.article).not.toBeNull();
    expect(app.annotations.model.anchored.map((a) => a.record.id)).toEqual([id]);

    host.files.set(SEED.s000, { text });
    host.emit({ type: 'add', entry: host.entry(SEED.s000) });
    await settle();
    expect(app.reader.status).toBe('ready');
    expect(app.reader.diskNotice).toBe('restored');
    expect(app.annotations.model.anchored.map((a) => a.record.id)).toEqual([id]);
    app.stop();
  });

  it('rewritten with other text: read again, re-anchored, with a notice; a passage that is gone becomes an orphan', async () => {
    const { app, host, text, id } = await appWithHighlight();
    host.files.set(SEED.s000, { text: `${text}\n补充一段新的文字。` });
    host.emit({ type: 'change', entry: host.entry(SEED.s000) });
    await settle();
    expect(app.reader.status).toBe('ready');
    expect(app.reader.diskNotice).toBe('changed');
    expect(app.annotations.model.anchored.map((a) => a.record.id)).toEqual([id]);

    host.files.set(SEED.s000, { text: text.replaceAll('营商环境', '发展环境') });
    host.emit({ type: 'change', entry: host.entry(SEED.s000) });
    await settle();
    expect(app.annotations.model.anchored).toEqual([]);
    expect(app.annotations.model.orphans.map((r) => r.id)).toEqual([id]);
    app.stop();
  });

  it('opened while unreadable: its annotations are listed as orphans, never hidden', async () => {
    const { app, host, id } = await appWithHighlight();
    app.select(SEED.s002);
    await settle();
    host.files.set(SEED.s000, { error: { code: 'empty', detail: 'no bytes' } });
    host.emit({ type: 'change', entry: host.entry(SEED.s000) });
    app.select(SEED.s000);
    await settle();
    expect(app.reader.status).toBe('failed');
    expect(app.reader.article).toBeNull();
    expect(app.annotations.model.orphans.map((r) => r.id)).toEqual([id]);
    app.stop();
  });

  it('a file listed with a bad name is shown with that reason and never asked for', async () => {
    const host = FakeHost.withSeeds();
    host.files.set('back\\slash.txt', { error: { code: 'bad-name', detail: 'backslash' } });
    const app = new AppState(host, null);
    await app.start();
    host.reads.length = 0;
    app.select('back\\slash.txt');
    await settle();
    expect(app.reader.status).toBe('failed');
    expect(app.reader.error?.code).toBe('bad-name');
    expect(host.reads).not.toContain('back\\slash.txt');
    app.stop();
  });
});
