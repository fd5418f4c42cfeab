// Storage problems are shown, never swallowed: a full disk, another window holding up or
// taking over the database, data from a newer Pizhu. A failed note save keeps the typed text
// (in memory and for the editor) and stores it with the next change or the retry.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { readAnnotations, readTags } from '../../src-renderer/db/annotations.ts';
import { declareVersions, type PizhuDatabase } from '../../src-renderer/db/database.ts';
import { CURRENT_VERSION, SCHEMA_VERSIONS } from '../../src-renderer/db/schema.ts';
import { decodePendingChanges } from '../../src-renderer/db/pendingChanges.ts';
import { readSettings } from '../../src-renderer/db/settings.ts';
import { readUserTitles } from '../../src-renderer/db/titles.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { classifyStorageError, StorageStatus } from '../../src-renderer/state/storageStatus.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { until, startedApp } from '../support/appHarness.ts';

const dbs = testDatabases('storage-status');
const PASSAGE = '中央广播电视台总台在北京发布了';

async function started(db: PizhuDatabase = dbs.open(), host: FakeHost = FakeHost.withSeeds()) {
  const app = await startedApp(host, db, SEED.s000);
  return { app, db, a: app.annotations };
}

function rangeOf(app: AppState, text: string) {
  const at = app.reader.clean!.text.indexOf(text);
  return { start: at, end: at + text.length };
}

/** A full disk: every write to `table` throws QuotaExceededError until the returned function is called. */
function diskFull(db: PizhuDatabase, table: string): () => void {
  const fail = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  db.table(table).hook('creating', fail);
  db.table(table).hook('updating', fail);
  return () => {
    db.table(table).hook('creating').unsubscribe(fail);
    db.table(table).hook('updating').unsubscribe(fail);
  };
}

describe('classifyStorageError', () => {
  it('names Dexie and IndexedDB errors by what the user can do', async () => {
    expect(classifyStorageError(new DOMException('full', 'QuotaExceededError'))).toBe('quota');
    expect(classifyStorageError(new Dexie.QuotaExceededError('full'))).toBe('quota');
    // Dexie wraps the DOMException of an aborted transaction.
    expect(classifyStorageError(new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError')))).toBe('quota');
    // A write that meets a closed database: the browser closed it (a full disk); only the versionchange event means another window.
    expect(classifyStorageError(new Dexie.DatabaseClosedError('closed'))).toBe('lost');
    expect(classifyStorageError(new DOMException('gone', 'InvalidStateError'))).toBe('unavailable');
    expect(classifyStorageError(new Dexie.OpenFailedError('no'))).toBe('unavailable');
    expect(classifyStorageError(new Error('odd'))).toBe('failed');
    expect(classifyStorageError('a string')).toBe('failed');
  });

  it('a real VersionError: IndexedDB refuses to open a stored database at a lower version', async () => {
    const name = dbs.freshName();
    const newer = new Dexie(name);
    newer.version(CURRENT_VERSION + 1).stores({ later: 'id' });
    await newer.open();
    newer.close();
    const error = await new Promise<unknown>((resolve) => {
      const request = indexedDB.open(name, 1);
      request.onsuccess = () => resolve(null);
      request.onerror = () => resolve(request.error);
    });
    expect(error).toMatchObject({ name: 'VersionError' });
    expect(classifyStorageError(error)).toBe('newer');
    await Dexie.delete(name);
  });
});

describe('StorageStatus', () => {
  it('keeps a failed write as a retry; success of that write ends the problem', async () => {
    const status = new StorageStatus();
    let fail = true;
    const run = async () => {
      if (fail) throw new DOMException('full', 'QuotaExceededError');
    };
    expect(await status.attempt('x', run)).toBe(false);
    expect(status.problem).toMatchObject({ kind: 'quota', canRetry: true, needsReload: false });
    expect(status.unsaved).toEqual(['x']);
    await status.retry();
    expect(status.problem?.kind).toBe('quota');
    fail = false;
    await status.retry();
    expect(status.problem).toBeNull();
    expect(status.unsaved).toEqual([]);
  });

  it('Retry with nothing left to store, the database opened again: a failed open is over; a closed one still asks for a reload', async () => {
    const status = new StorageStatus();
    let opened = 0;
    status.reopen = async () => void opened++;
    // The connection was lost between writes: no change waits.
    status.report(Object.assign(new Error('Internal error opening backing store for indexedDB.open.'), { name: 'UnknownError' }));
    expect(status.problem?.kind).toBe('failed');
    await status.retry();
    expect(opened).toBe(1);
    expect(status.problem).toBeNull();
    status.closedByOther();
    await status.retry();
    expect(status.problem).toMatchObject({ kind: 'closed', needsReload: true });
  });

  it('a worse problem is not hidden by a milder one, and a closed database asks for a reload', () => {
    const status = new StorageStatus();
    status.closedByOther();
    status.report(new DOMException('full', 'QuotaExceededError'));
    expect(status.problem).toMatchObject({ kind: 'closed', needsReload: true, canRetry: false });
    status.dismiss();
    expect(status.problem?.kind).toBe('closed');
  });
});

describe('storage errors in the app', () => {
  it('disk full while saving a note: the text stays, the problem is shown, the next keystroke stores it all', async () => {
    const { app, a, db } = await started();
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    const recover = diskFull(db, 'annotations');
    await a.editNote(id, '写到一半');
    expect(app.storage.problem).toMatchObject({ kind: 'quota', canRetry: true });
    expect(a.model.records.find((r) => r.id === id)?.note).toBe('写到一半');
    expect(a.isUnsaved(id)).toBe(true);
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('');
    // Still full: the next keystroke fails too, and nothing typed is lost.
    await a.editNote(id, '写到一半，再多');
    expect(a.model.records.find((r) => r.id === id)?.note).toBe('写到一半，再多');
    recover();
    await a.editNote(id, '写到一半，再多几个字');
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('写到一半，再多几个字');
    expect(app.storage.problem).toBeNull();
    expect(a.isUnsaved(id)).toBe(false);
  });

  it('disk full while highlighting: the highlight stays on screen and the retry button stores it', async () => {
    const { app, a, db } = await started();
    const recover = diskFull(db, 'annotations');
    const id = (await a.create(rangeOf(app, PASSAGE), 'green'))!;
    expect(a.model.records.map((r) => r.id)).toEqual([id]);
    expect(app.storage.problem?.kind).toBe('quota');
    expect(await readAnnotations(db, SEED.s000)).toEqual([]);
    recover();
    await app.storage.retry();
    expect((await readAnnotations(db, SEED.s000)).map((r) => r.id)).toEqual([id]);
    expect(app.storage.problem).toBeNull();
  });

  it('tagging with a new theme when the disk is full: neither the theme nor the tag is stored until the retry', async () => {
    const { app, a, db } = await started();
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    const recover = diskFull(db, 'annotations');
    await a.addTag(id, '營商環境');
    expect(app.storage.problem?.kind).toBe('quota');
    expect(await readTags(db)).toEqual([]);
    expect((await readAnnotations(db, SEED.s000))[0].tagIds).toEqual([]);
    expect(a.model.tagName(a.model.records[0].tagIds[0])).toBe('營商環境');
    recover();
    await app.storage.retry();
    const [tag] = await readTags(db);
    expect(tag.key).toBe('营商环境');
    expect((await readAnnotations(db, SEED.s000))[0].tagIds).toEqual([tag.id]);
  });

  it('a failed theme merge changes nothing and is shown with a retry', async () => {
    const { app, a, db } = await started();
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    await a.addTag(id, '营商');
    await a.addTag(id, '营商环境');
    await app.themes.refresh();
    const [from, into] = ['营商', '营商环境'].map((n) => a.model.tags.find((t) => t.name === n)!);
    const recover = diskFull(db, 'annotations');
    await app.themes.merge(from.id, into.id);
    expect(app.storage.problem).toMatchObject({ kind: 'quota', canRetry: true });
    expect((await readTags(db)).length).toBe(2);
    recover();
    await app.storage.retry();
    expect((await readTags(db)).map((t) => t.name)).toEqual(['营商环境']);
    expect((await readAnnotations(db, SEED.s000))[0].tagIds).toEqual([into.id]);
  });

  it('a setting or a title that cannot be stored is shown, kept on screen and stored by the retry', async () => {
    const { app, db } = await started();
    const recoverSettings = diskFull(db, 'settings');
    const recoverTitles = diskFull(db, 'libraryTitles');
    app.settings.set('fontSize', 24);
    app.titles.set(SEED.s000, '我的标题');
    await app.settings.flush();
    await app.titles.flush();
    expect(app.storage.problem?.kind).toBe('quota');
    expect(app.settings.fontSize).toBe(24);
    expect(app.titles.get(SEED.s000)).toBe('我的标题');
    expect((await readSettings(db)).get('fontSize')).toBeUndefined();
    recoverSettings();
    recoverTitles();
    await app.storage.retry();
    expect((await readSettings(db)).get('fontSize')).toBe(24);
    expect((await readUserTitles(db, 'bundled')).get(SEED.s000)).toBe('我的标题');
    expect(app.storage.problem).toBeNull();
  });
});

/** A highlight whose note, typed on a full disk, the database refused and the host keeps. */
async function noteKeptByHost() {
  const host = FakeHost.withSeeds();
  const db = dbs.open();
  const { app, a } = await started(db, host);
  const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
  const recover = diskFull(db, 'annotations');
  await a.editNote(id, '写到一半');
  await until(() => host.pendingChanges.includes('写到一半'), 'note kept by the host');
  return { host, db, app, a, id, recover };
}

describe('a database the browser closed, and changes kept outside it', () => {
  it('closed without a versionchange (a forced close): Retry opens it again and stores the change; no reload is asked', async () => {
    const { app, a, db } = await started();
    // What Dexie is left with after Chromium closes the connection on a failed disk write.
    db.close({ disableAutoOpen: true });
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    expect(app.storage.problem).toMatchObject({ kind: 'lost', canRetry: true, needsReload: false });
    await app.storage.retry();
    expect(app.storage.problem).toBeNull();
    expect((await readAnnotations(db, SEED.s000)).map((r) => r.id)).toEqual([id]);
  });

  it('a note and keystrokes refused by a full disk go to the host; a reload shows them and Retry stores them', async () => {
    const { host, db, app, a, id, recover } = await noteKeptByHost();
    const failDrafts = diskFull(db, 'drafts');
    a.keepDraft(id, '写到一半，又多写了几个字');
    await until(() => host.pendingChanges.includes('又多写了几个字'), 'keystrokes kept by the host');
    app.stop();

    // A reload while the disk is still full: the text is there, not stored, and Retry is offered.
    const reloaded = await started(db, host);
    await until(() => reloaded.a.model.records.find((r) => r.id === id)?.note === '写到一半，又多写了几个字', 'the kept text shown');
    expect(reloaded.app.storage.problem).toMatchObject({ kind: 'quota', canRetry: true });
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('');
    recover();
    failDrafts();
    await reloaded.app.storage.retry();
    expect(reloaded.app.storage.problem).toBeNull();
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('写到一半，又多写了几个字');
    // Stored by a database that refused writes: the host keeps it until a start reads it back.
    await until(() => decodePendingChanges(host.pendingChanges)?.annotations[0]?.record.note === '写到一半，又多写了几个字', 'the stored row still kept by the host');
    reloaded.app.stop();
    await started(db, host);
    await until(() => host.pendingChanges === '', 'host file removed once a start reads the row back');
  });

  it('a row the database acknowledged after refusing a write, then lost when reopened, is stored again from the copy the host kept', async () => {
    const { host, db, app, a, id, recover } = await noteKeptByHost();
    const [refusedState] = await readAnnotations(db, SEED.s000);
    recover();
    await app.storage.retry();
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('写到一半');
    // A further edit in the same window, acknowledged too.
    await a.editNote(id, '写到一半，写完了');
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('写到一半，写完了');
    await until(() => decodePendingChanges(host.pendingChanges)?.annotations[0]?.record.note === '写到一半，写完了', 'the last stored text kept by the host');
    app.stop();
    // Chromium reopens the profile and its damaged log gives back the row as it was before.
    await db.annotations.put(refusedState);
    const restarted = await started(db, host);
    await until(() => restarted.a.model.records.find((r) => r.id === id)?.note === '写到一半，写完了', 'the kept text shown');
    expect((await readAnnotations(db, SEED.s000))[0].note).toBe('写到一半，写完了');
    expect(restarted.app.storage.problem).toBeNull();
    restarted.app.stop();
    await started(db, host);
    await until(() => host.pendingChanges === '', 'host file removed once a start reads the row back');
  });

  it('a window that never had a write refused does not hand its rows to the host', async () => {
    const host = FakeHost.withSeeds();
    const { app, a } = await started(dbs.open(), host);
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    await a.editNote(id, '一切正常');
    await a.addTag(id, '营商环境');
    expect(host.pendingChanges).toBe('');
  });

  it('while the host keeps refused changes, keystrokes reach it at once, even while a draft write has not yet failed', async () => {
    const { host, db, app, a, id, recover } = await noteKeptByHost();
    // A full disk that takes its time to refuse: the draft writes hang.
    const put = db.drafts.put;
    db.drafts.put = (() => new Promise(() => {})) as unknown as typeof put;
    a.keepDraft(id, '写到一半，又');
    a.keepDraft(id, '写到一半，又多写了几个字');
    await until(() => host.pendingChanges.includes('又多写了几个字'), 'keystrokes kept by the host while the draft write hangs');
    db.drafts.put = put;
    recover();
    app.stop();
  });

  it('keystrokes kept by the host whose row cannot be read as the reload replays them become its note once the row is read', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const { app, a } = await started(db, host);
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    await a.editNote(id, '存好的');
    const failDrafts = diskFull(db, 'drafts');
    a.keepDraft(id, '存好的，又写了几个字');
    await until(() => host.pendingChanges.includes('又写了几个字'), 'keystrokes kept by the host');
    app.stop();
    failDrafts();
    // The reload asks for the kept rows before the database answers (Chromium's first open of a
    // profile on a full disk fails): that one read fails, the next ones do not.
    const bulkGet = db.annotations.bulkGet.bind(db.annotations);
    let refused = 0;
    db.annotations.bulkGet = ((...args: Parameters<typeof bulkGet>) => (refused++ === 0 ? Promise.reject(new DOMException('not open', 'UnknownError')) : bulkGet(...args))) as typeof bulkGet;
    const reloaded = await started(db, host);
    expect(refused).toBeGreaterThan(0);
    await until(() => reloaded.a.model.records.find((r) => r.id === id)?.note === '存好的，又写了几个字', 'the kept keystrokes shown');
    await until(async () => (await readAnnotations(db, SEED.s000))[0]?.note === '存好的，又写了几个字', 'the kept keystrokes stored');
    reloaded.app.stop();
    db.annotations.bulkGet = bulkGet;
    await started(db, host);
    await until(() => host.pendingChanges === '', 'host file removed once a start reads the row back');
  });

  it('a restart after space is freed stores what the host kept, before anything else reads the rows', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const { app, a } = await started(db, host);
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    const recover = diskFull(db, 'annotations');
    await a.addTag(id, '营商环境');
    await until(() => host.pendingChanges.includes('营商环境'), 'tagging kept by the host');
    recover();
    app.stop();
    const restarted = await started(db, host);
    expect(restarted.app.storage.problem).toBeNull();
    const [row] = await readAnnotations(db, SEED.s000);
    const tags = await readTags(db);
    expect(tags.map((t) => t.name)).toEqual(['营商环境']);
    expect(row.tagIds).toEqual([tags[0].id]);
    expect(decodePendingChanges(host.pendingChanges)?.annotations[0]?.record.tagIds).toEqual([tags[0].id]);
    restarted.app.stop();
    await started(db, host);
    await until(() => host.pendingChanges === '', 'host file removed once a start reads the row back');
  });
});

describe('other windows and versions', () => {
  it('an upgrade held up by an old window that stays open is shown, and the message goes once it closes', async () => {
    const name = dbs.freshName();
    const old = new Dexie(name) as PizhuDatabase;
    declareVersions(old, SCHEMA_VERSIONS.slice(0, 1));
    await old.open();
    // An old build that does not let go on versionchange.
    old.on('versionchange', () => false);
    const app = new AppState(FakeHost.withSeeds(), dbs.open(name));
    const starting = app.start(SEED.s000);
    await until(() => app.storage.problem?.kind === 'blocked', 'blocked');
    old.close();
    await starting;
    await until(() => app.storage.problem === null, 'unblocked');
  });

  it('another window upgrading: this one closes its connection (no block), says to reload, and later writes are refused, not lost silently', async () => {
    const { app, a, db } = await started();
    const newer = new Dexie(db.name);
    declareVersions(newer, [...SCHEMA_VERSIONS, { version: CURRENT_VERSION + 1, stores: { later: 'id' } }]);
    await newer.open();
    expect(app.storage.problem).toMatchObject({ kind: 'closed', needsReload: true });
    await a.create(rangeOf(app, PASSAGE), 'yellow');
    expect(app.storage.problem?.kind).toBe('closed');
    expect(a.model.records.length).toBe(1);
    newer.close();
  });

  it('data stored by a newer Pizhu opens (Dexie 4 opens at the stored version) and says so', async () => {
    const name = dbs.freshName();
    const newer = new Dexie(name);
    declareVersions(newer, [...SCHEMA_VERSIONS, { version: CURRENT_VERSION + 1, stores: { later: 'id' } }]);
    await newer.open();
    newer.close();
    const { app, a, db } = await started(dbs.open(name));
    expect(app.storage.problem).toMatchObject({ kind: 'newer', detail: String(CURRENT_VERSION + 1) });
    await a.create(rangeOf(app, PASSAGE), 'yellow');
    expect((await readAnnotations(db, SEED.s000)).length).toBe(1);
  });
});



