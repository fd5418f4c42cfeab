// Two "machines" (two AppStates on two databases) sharing one annotation folder, the way a
// sync tool makes them share it: what one writes reaches the other as a watcher event.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { AnnotationFilesEvent } from '../../src-main/api.ts';
import { articleFileName, CODEBOOK_FILE_NAME } from '../../src-renderer/core/annotationFileNames.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import type { AppState } from '../../src-renderer/state/app.svelte.ts';
import { UNSETTLED_REREAD_MS } from '../../src-renderer/state/annotationSync.svelte.ts';
import { resolveNoteConflict } from '../../src-renderer/state/noteConflicts.ts';
import { startedApp, until as poll } from '../support/appHarness.ts';
import { FakeHost, SEED, showLibrary } from '../support/fakeHost.ts';
import { spyOnAnnotationsTable } from '../support/annotationsTableSpy.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('state-annotation-sync');
/** Two apps, each with a write delay, on a shared CPU: a longer wait than one app needs. */
const until = (condition: () => boolean | Promise<boolean>, what: string) => poll(condition, what, 2000);
const PASSAGE = '中央广播电视台总台在北京发布了';
const FILE_000 = articleFileName(SEED.s000);

/**
 * Two hosts over one folder. A write, a set-aside or a removal on one is an event on the
 * other (never on itself, as the real hosts do). `paused` holds the events back, as a sync
 * link that is down; `resume` delivers them.
 */
function sharedFolder() {
  const a = FakeHost.withSeeds();
  const b = FakeHost.withSeeds();
  b.annotationFiles = a.annotationFiles;
  b.annotationFilesAside = a.annotationFilesAside;
  const held: [FakeHost, AnnotationFilesEvent][] = [];
  const link = { paused: false, resume: () => {} };
  const deliver = (to: FakeHost, event: AnnotationFilesEvent) => (link.paused ? held.push([to, event]) : to.emitAnnotationFiles(event));
  link.resume = () => {
    link.paused = false;
    for (const [to, event] of held.splice(0)) to.emitAnnotationFiles(event);
  };
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const write = self.writeAnnotationFile;
    self.writeAnnotationFile = async (name, text) => {
      const result = await write(name, text);
      if (result.ok) deliver(other, { changed: [result.file], removed: [] });
      return result;
    };
    const remove = self.removeConflictCopy;
    self.removeConflictCopy = async (name, sha256) => {
      const result = await remove(name, sha256);
      if (result.ok) deliver(other, { changed: [], removed: [name] });
      return result;
    };
  }
  return { a, b, link };
}

async function startedSynced(host: FakeHost, db: PizhuDatabase = dbs.open()): Promise<AppState> {
  const app = await startedApp(host, db, SEED.s000);
  await until(() => app.annotationFiles.lastReadAt !== null, 'first read of the annotation files');
  return app;
}

function rangeOf(app: AppState, text: string) {
  const at = app.reader.clean!.text.indexOf(text);
  expect(at).toBeGreaterThanOrEqual(0);
  return { start: at, end: at + text.length };
}

const row = (db: PizhuDatabase, id: string) => db.annotations.get(id);

/** Two machines on one folder, and a highlight made in A that B has. */
async function highlightedOnTwoMachines() {
  const { a: hostA, b: hostB } = sharedFolder();
  const [dbA, dbB] = [dbs.open(), dbs.open()];
  const A = await startedSynced(hostA, dbA);
  const B = await startedSynced(hostB, dbB);
  const id = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
  await until(async () => (await row(dbB, id)) !== undefined, 'the highlight in B');
  return { hostA, hostB, dbA, dbB, A, B, id };
}
const fileJson = (host: FakeHost, name: string) => (JSON.parse(host.annotationFiles.get(name)!) as { first: { items: { id: string }[] } }).first;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A row as an older Pizhu stored it, written by hand. */
function handRow(id: string, note: string, updatedAt: number, more: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return {
    id,
    articleKey: SEED.s000,
    fingerprint: 'f'.repeat(64),
    cleanVersion: 1,
    position: { start: 10, end: 14 },
    quote: { exact: '营商环境', prefix: '', suffix: '' },
    color: 'yellow',
    style: 'highlight',
    note,
    tagIds: [],
    createdAt: 1_700_000_000_000,
    updatedAt,
    deletedAt: null,
    ...more,
  };
}

/** The annotation files another machine's app writes for `rows`, from its own database, on `host`. */
async function filesMadeElsewhere(rows: AnnotationRecord[], host: FakeHost = FakeHost.withSeeds()): Promise<Map<string, string>> {
  const db = dbs.open();
  await db.annotations.bulkPut(rows);
  const app = await startedSynced(host, db);
  await until(() => host.annotationFiles.has(FILE_000), 'the other machine’s file');
  app.stop();
  return new Map(host.annotationFiles);
}

describe('annotation files: two machines on one folder', () => {
  it('a highlight with a note made in A arrives in B, a note edited in B arrives in A, a delete travels as a tombstone', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);

    const id = (await A.annotations.create(rangeOf(A, PASSAGE), 'green'))!;
    await A.annotations.editNote(id, '甲机写的批注');
    await until(async () => (await row(dbB, id))?.note === '甲机写的批注', 'the note in B');
    expect(await row(dbB, id)).toMatchObject({ quote: { exact: PASSAGE }, color: 'green', deletedAt: null });
    // B draws it: its refresh path took the row in.
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.note === '甲机写的批注'), 'B shows it');

    await B.annotations.editNote(id, '乙机改过');
    await until(async () => (await row(dbA, id))?.note === '乙机改过', 'the edit in A');
    // A acts on the row it shows: the delete below starts from B's edit once A draws it.
    await until(() => A.annotations.model.records.some((r) => r.id === id && r.note === '乙机改过'), 'A shows the edit');

    await A.annotations.remove(id);
    await until(async () => (await row(dbB, id))?.deletedAt !== null, 'the delete in B');
    // Nothing deleted: the row and the file's item stay, as a tombstone.
    expect(await row(dbB, id)).toMatchObject({ note: '乙机改过', quote: { exact: PASSAGE } });
    expect(fileJson(hostA, FILE_000).items.map((i) => i.id)).toContain(`urn:uuid:${id}`);
    await until(() => !B.annotations.model.records.some((r) => r.id === id), 'B no longer shows it');
    A.stop();
    B.stop();
  });

  it('a file of many rows with one changed elsewhere costs the database that row alone, not every row of the file', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const dbA = dbs.open();
    let asked = 0;
    spyOnAnnotationsTable(dbA, 'count-rows-asked-for', (table) => ({
      getMany: (req) => {
        asked += req.keys.length;
        return table.getMany(req);
      },
    }));
    const rows = Array.from({ length: 60 }, (_, i) => handRow(`cccccccc-cccc-4ccc-8ccc-${String(i).padStart(12, '0')}`, `第${i}条`, 1_700_000_000_000 + i));
    await dbA.annotations.bulkPut(rows);
    const A = await startedSynced(hostA, dbA);
    await until(() => hostA.annotationFiles.get(FILE_000)?.includes('第59条') === true, 'A’s file');
    const dbB = dbs.open();
    const B = await startedSynced(hostB, dbB);
    await until(() => B.annotations.model.records.length === 60, 'B shows A’s rows');
    await A.annotationFiles.flush();
    asked = 0;
    await B.annotations.editNote(rows[7].id, '乙改过');
    await until(async () => (await row(dbA, rows[7].id))?.note === '乙改过', 'B’s edit in A');
    await A.annotationFiles.flush();
    expect(await dbA.annotations.count()).toBe(60);
    expect(asked).toBeLessThan(10);
    A.stop();
    B.stop();
  });

  it('a theme renamed in B is renamed in A', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);
    const id = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
    await A.annotations.addTag(id, '营商环境');
    const tag = (await dbA.tags.toArray())[0];
    await until(async () => (await dbB.tags.get(tag.id))?.name === '营商环境', 'the theme in B');
    await until(async () => (await row(dbB, id))?.tagIds.includes(tag.id) === true, 'the tagging in B');
    // The rename is made from B's list of themes, which follows its database a moment later.
    await until(() => B.themes.tags.some((t) => t.id === tag.id), 'the theme in B’s list');

    const renamed = await B.themes.update(tag.id, { name: '政务服务' });
    expect(renamed).toEqual({ ok: true });
    await until(async () => (await dbA.tags.get(tag.id))?.name === '政务服务', 'the rename in A');
    expect(hostA.annotationFiles.get(CODEBOOK_FILE_NAME)).toContain('政务服务');
    A.stop();
    B.stop();
  });

  it('a theme renamed: the file of a passage it names is written again with the new name, though the passage itself did not change', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const app = await startedSynced(host, db);
    const id = (await app.annotations.create(rangeOf(app, PASSAGE)))!;
    await app.annotations.addTag(id, '营商环境');
    await app.annotationFiles.flush();
    const tagging = () => (JSON.parse(host.annotationFiles.get(FILE_000)!) as { first: { items: { body?: { purpose: string; value: string }[] }[] } }).first.items[0].body?.filter((b) => b.purpose === 'tagging').map((b) => b.value);
    expect(tagging()).toEqual(['营商环境']);
    const passage = await row(db, id);
    const tag = (await db.tags.toArray())[0];
    await until(() => app.themes.tags.some((t) => t.id === tag.id), 'the theme in the list');
    expect(await app.themes.update(tag.id, { name: '政务服务' })).toEqual({ ok: true });
    await app.annotationFiles.flush();
    // The passage's row is as it was: only the theme's name tells its file apart.
    expect(await row(db, id)).toEqual(passage);
    expect(tagging()).toEqual(['政务服务']);
    app.stop();
  });

  it('edits made on both sides while the link is down converge to the same rows', async () => {
    const { a: hostA, b: hostB, link } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);
    const shared = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
    await until(async () => (await row(dbB, shared)) !== undefined, 'the highlight in B');
    await until(() => B.annotations.model.records.some((r) => r.id === shared), 'B shows it');

    link.paused = true;
    await A.annotations.editNote(shared, '甲的版本');
    await new Promise((resolve) => setTimeout(resolve, 2));
    await B.annotations.editNote(shared, '乙的版本，后写');
    const onlyA = (await A.annotations.create(rangeOf(A, '发布了')))!;
    await A.annotationFiles.flush();
    await B.annotationFiles.flush();
    await until(async () => (await row(dbA, shared))?.note === '甲的版本' && (await row(dbB, shared))?.note === '乙的版本，后写', 'both edits stored');
    link.resume();

    // B's edit is the later one: it wins on both machines; A's other highlight reaches B.
    await until(async () => (await row(dbA, shared))?.note === '乙的版本，后写', 'A takes the later note');
    await until(async () => (await row(dbB, onlyA)) !== undefined, 'B takes A’s new highlight');
    await A.annotationFiles.flush();
    await B.annotationFiles.flush();
    const rowsA = await dbA.annotations.orderBy('id').toArray();
    const rowsB = await dbB.annotations.orderBy('id').toArray();
    expect(rowsB).toEqual(rowsA);
    expect(rowsA.map((r) => r.id).sort()).toEqual([shared, onlyA].sort());
    A.stop();
    B.stop();
  });

  it('a note being typed in B keeps its text when A’s version arrives, and A’s text is kept beside it', async () => {
    const { dbA, dbB, A, B, id } = await highlightedOnTwoMachines();
    // The editor in B has a draft (what it writes on every keystroke).
    await dbB.drafts.put({ annotationId: id, note: '乙正在输入', typedAt: Date.now() });

    await A.annotations.editNote(id, '甲远程修改');
    await until(() => B.annotationFiles.noteConflicts.length === 1, 'the conflict offered in B');
    expect(B.annotationFiles.noteConflicts).toEqual([{ annotationId: id, localNote: '乙正在输入', remoteNote: '甲远程修改' }]);
    expect((await dbB.drafts.get(id))?.note).toBe('乙正在输入');
    expect((await row(dbB, id))?.note).toBe('甲远程修改');

    // Kept both, this machine's text first; one undo step gives back the note as it arrived.
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.note === '甲远程修改'), 'B shows the arrived note');
    await resolveNoteConflict(B.annotationFiles, B.annotations, id, 'both');
    expect((await row(dbB, id))?.note).toBe('乙正在输入\n\n甲远程修改');
    expect(B.annotationFiles.noteConflicts).toEqual([]);
    // The draft went with the choice: a restart does not put the typed text back over it.
    expect(await dbB.drafts.get(id)).toBeUndefined();
    await until(async () => (await row(dbA, id))?.note === '乙正在输入\n\n甲远程修改', 'the choice travels to A');
    expect(await B.annotations.undo()).toBe(true);
    expect((await row(dbB, id))?.note).toBe('甲远程修改');
    A.stop();
    B.stop();
  });

  it('a note open in B’s editor, its typing already stored, keeps the editor’s text when A’s version arrives: both are offered', async () => {
    const { dbA, dbB, A, B, id } = await highlightedOnTwoMachines();
    await until(() => B.annotations.model.records.some((r) => r.id === id), 'B shows the highlight');
    // B typed, paused long enough for the note to be stored (no draft left), and is still in the editor.
    await B.annotations.editNote(id, '乙写好了，还在想');
    expect(await dbB.drafts.get(id)).toBeUndefined();
    const close = B.annotations.openNoteEditor(id, () => '乙写好了，还在想');
    await until(async () => (await row(dbA, id))?.note === '乙写好了，还在想', 'B’s note in A');

    await A.annotations.editNote(id, '甲整体重写');
    await until(() => B.annotationFiles.noteConflicts.length === 1, 'the conflict offered in B');
    expect(B.annotationFiles.noteConflicts).toEqual([{ annotationId: id, localNote: '乙写好了，还在想', remoteNote: '甲整体重写' }]);
    close();
    // Closed, the editor no longer holds a note being typed: the next version is taken as it comes.
    await resolveNoteConflict(B.annotationFiles, B.annotations, id, 'theirs');
    await B.annotationFiles.flush();
    await A.annotationFiles.flush();
    await A.annotations.editNote(id, '甲又改了');
    await until(async () => (await row(dbB, id))?.note === '甲又改了', 'A’s next edit in B');
    expect(B.annotationFiles.noteConflicts).toEqual([]);
    A.stop();
    B.stop();
  });

  it('the version that arrived is kept until the user chooses, across a reload of the window that was typing', async () => {
    const { hostB, dbB, A, B, id } = await highlightedOnTwoMachines();
    await dbB.drafts.put({ annotationId: id, note: '乙正在输入', typedAt: Date.now() });
    await A.annotations.editNote(id, '甲要留下的版本');
    await until(() => B.annotationFiles.noteConflicts.length === 1, 'the conflict offered in B');
    // B leaves its editor without choosing: its typing is stored over the version that arrived.
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.note === '甲要留下的版本'), 'B shows the arrived note');
    await B.annotations.editNote(id, '乙正在输入');
    await dbB.drafts.delete(id);
    B.stop();

    const again = await startedSynced(hostB, dbB);
    expect(again.annotationFiles.noteConflicts).toEqual([{ annotationId: id, localNote: '乙正在输入', remoteNote: '甲要留下的版本' }]);
    await until(() => again.annotations.model.records.some((r) => r.id === id), 'B shows the highlight again');
    await resolveNoteConflict(again.annotationFiles, again.annotations, id, 'both');
    expect((await row(dbB, id))?.note).toBe('乙正在输入\n\n甲要留下的版本');
    again.stop();
    await until(async () => (await dbB.settings.get(`pendingNoteConflict:${id}`)) === undefined, 'the choice stored');
    const third = await startedSynced(hostB, dbB);
    expect(third.annotationFiles.noteConflicts).toEqual([]);
    third.stop();
    A.stop();
  });

  it('taking the other machine’s note drops the text typed here, and undo brings that text back', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const dbB = dbs.open();
    const A = await startedSynced(hostA);
    const B = await startedSynced(hostB, dbB);
    const id = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
    await until(() => B.annotations.model.records.some((r) => r.id === id), 'B shows the highlight');
    await dbB.drafts.put({ annotationId: id, note: '乙的草稿', typedAt: Date.now() });
    await A.annotations.editNote(id, '甲的定稿');
    await until(() => B.annotationFiles.noteConflicts.length === 1, 'the conflict offered in B');
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.note === '甲的定稿'), 'B shows the arrived note');

    await resolveNoteConflict(B.annotationFiles, B.annotations, id, 'theirs');
    expect((await row(dbB, id))?.note).toBe('甲的定稿');
    expect(await dbB.drafts.get(id)).toBeUndefined();
    expect(B.annotationFiles.noteConflicts).toEqual([]);
    expect(await B.annotations.undo()).toBe(true);
    expect((await row(dbB, id))?.note).toBe('乙的草稿');

    // Keeping mine makes the typed text the note. A edits after the undo has reached it, as a
    // person would: an edit made in the same millisecond as the undo would be a tie, not an edit after it.
    await until(() => A.annotations.model.records.some((r) => r.id === id && r.note === '乙的草稿'), 'A shows the note brought back');
    await dbB.drafts.put({ annotationId: id, note: '乙又写了', typedAt: Date.now() });
    await A.annotations.editNote(id, '甲再改');
    await until(() => B.annotationFiles.noteConflicts.some((c) => c.remoteNote === '甲再改'), 'the second conflict in B');
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.note === '甲再改'), 'B shows the second note');
    await resolveNoteConflict(B.annotationFiles, B.annotations, id, 'mine');
    expect((await row(dbB, id))?.note).toBe('乙又写了');
    A.stop();
    B.stop();
  });
});

describe('annotation files: typing on after a note conflict is offered', () => {
  it('“keep mine” keeps the text typed by the time of the choice, not the text at the merge; “both” too', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);
    const id = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
    await until(() => B.annotations.model.records.some((r) => r.id === id), 'B shows the highlight');
    // Typing in B's editor: each keystroke is kept as a draft (as NoteEditor does).
    B.annotations.keepDraft(id, '乙开始写');
    await until(async () => (await dbB.drafts.get(id))?.note === '乙开始写', 'the draft kept in B');
    await A.annotations.editNote(id, '甲那边改了');
    await until(() => B.annotationFiles.noteConflicts.length === 1, 'the conflict offered in B');
    expect(B.annotationFiles.noteConflicts[0].localNote).toBe('乙开始写');
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.note === '甲那边改了'), 'B shows the arrived note');

    // B types on; the choice comes before the editor's save.
    B.annotations.keepDraft(id, '乙开始写，又接着写完了这句');
    await resolveNoteConflict(B.annotationFiles, B.annotations, id, 'mine');
    expect((await row(dbB, id))?.note).toBe('乙开始写，又接着写完了这句');
    expect(await dbB.drafts.get(id)).toBeUndefined();
    expect(B.annotationFiles.noteConflicts).toEqual([]);

    // Again, and this time the typing since was stored as the note before the choice.
    await until(() => A.annotations.model.records.some((r) => r.id === id && r.note === '乙开始写，又接着写完了这句'), 'A shows B’s note');
    B.annotations.keepDraft(id, '乙第二稿');
    await until(async () => (await dbB.drafts.get(id))?.note === '乙第二稿', 'the second draft kept in B');
    await A.annotations.editNote(id, '甲第二次改');
    await until(() => B.annotationFiles.noteConflicts.some((c) => c.remoteNote === '甲第二次改'), 'the second conflict in B');
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.note === '甲第二次改'), 'B shows the second arrived note');
    // The editor keeps each keystroke, then stores the note after a pause in typing.
    B.annotations.keepDraft(id, '乙第二稿，改完存了');
    await B.annotations.editNote(id, '乙第二稿，改完存了');
    await until(async () => (await dbB.drafts.get(id)) === undefined, 'the draft dropped once the note is stored');
    await resolveNoteConflict(B.annotationFiles, B.annotations, id, 'both');
    expect((await row(dbB, id))?.note).toBe('乙第二稿，改完存了\n\n甲第二次改');
    A.stop();
    B.stop();
  });
});

describe('annotation files: undo on one machine after an edit arrived from the other', () => {
  it('undoing a recolour here takes back the colour only: the note written on the other machine meanwhile stays, on both', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);
    const id = (await A.annotations.create(rangeOf(A, PASSAGE), 'green'))!;
    await until(() => B.annotations.model.records.some((r) => r.id === id), 'B shows the highlight');

    await A.annotations.recolor(id, 'pink');
    await until(() => B.annotations.model.records.some((r) => r.id === id && r.color === 'pink'), 'B shows the new colour');
    await B.annotations.editNote(id, '乙机在改色之后写的');
    await until(() => A.annotations.model.records.some((r) => r.id === id && r.note === '乙机在改色之后写的'), 'A shows B’s note');

    expect(await A.annotations.undo()).toBe(true);
    expect(await row(dbA, id)).toMatchObject({ color: 'green', note: '乙机在改色之后写的', deletedAt: null });
    await until(async () => (await row(dbB, id))?.color === 'green', 'the undo in B');
    expect(await row(dbB, id)).toMatchObject({ color: 'green', note: '乙机在改色之后写的', deletedAt: null });
    A.stop();
    B.stop();
  });
});

describe('annotation files: a theme step undone on one machine after an edit arrived from the other', () => {
  it('undoing a rename here takes back the name only: the colour and alias given on the other machine meanwhile stay, on both', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);
    // A theme travels in the files with a passage that carries it.
    const id = (await A.annotations.create(rangeOf(A, PASSAGE), 'green'))!;
    await A.annotations.addTag(id, '营商环境');
    const theme = (await dbA.tags.toArray()).find((t) => t.name === '营商环境')!;
    await A.themes.refresh();
    await until(async () => (await dbB.tags.get(theme.id))?.name === '营商环境', 'B has the theme');

    expect(await A.themes.update(theme.id, { name: '营商氛围' })).toEqual({ ok: true });
    await until(async () => (await dbB.tags.get(theme.id))?.name === '营商氛围', 'B has the new name');
    await B.themes.refresh();
    expect(await B.themes.update(theme.id, { color: '#2a9d8f', aliases: ['投资环境'] })).toEqual({ ok: true });
    await until(async () => (await dbA.tags.get(theme.id))?.color === '#2a9d8f', 'A has B’s colour');

    expect(await A.themes.undo()).toBe(true);
    expect(await dbA.tags.get(theme.id)).toMatchObject({ name: '营商环境', color: '#2a9d8f', aliases: ['投资环境'], deletedAt: null });
    await until(async () => (await dbB.tags.get(theme.id))?.name === '营商环境', 'the undo in B');
    expect(await dbB.tags.get(theme.id)).toMatchObject({ name: '营商环境', color: '#2a9d8f', aliases: ['投资环境'], deletedAt: null });
    A.stop();
    B.stop();
  });
});

describe('annotation files: a snapshot restored', () => {
  it('travels to the other machine, and the files as they were before the restore do not undo it', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);
    const kept = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
    await A.annotations.editNote(kept, '快照时的笔记');
    await until(async () => (await row(dbB, kept))?.note === '快照时的笔记', 'the note in B');
    await A.snapshots.backupNow();
    expect(A.snapshots.status?.kind).toBe('written');

    await A.annotations.editNote(kept, '快照之后改的');
    const later = (await A.annotations.create(rangeOf(A, '发布了')))!;
    await until(async () => (await row(dbB, kept))?.note === '快照之后改的' && (await row(dbB, later)) !== undefined, 'the later edits in B');
    await A.annotationFiles.flush();
    const filesBefore = hostA.annotationFiles.get(FILE_000)!;
    expect(filesBefore).toContain('快照之后改的');

    await A.snapshots.chooseRestore(A.snapshots.list.find((s) => s.reason === 'manual')!);
    await A.snapshots.confirmRestore();
    expect(A.snapshots.status?.kind).toBe('restored');
    // The other machine receives the restored state: the note as it was, the later highlight deleted.
    await until(async () => (await row(dbB, kept))?.note === '快照时的笔记' && (await row(dbB, later))?.deletedAt != null, 'the restore in B');
    await A.annotationFiles.flush();
    // Which library's files hold it stays this machine's note across the restore.
    expect(await row(dbA, kept)).toMatchObject({ note: '快照时的笔记', deletedAt: null, libraryIds: ['bundled'] });
    expect((await row(dbA, later))?.deletedAt).not.toBeNull();

    // A machine that did not see the restore still holds the files as they were: read again here, they lose.
    hostA.annotationFiles.set(FILE_000, filesBefore);
    await A.annotationFiles.rereadAll();
    expect(await row(dbA, kept)).toMatchObject({ note: '快照时的笔记', deletedAt: null });
    expect((await row(dbA, later))?.deletedAt).not.toBeNull();
    expect(A.annotations.model.records.map((r) => [r.id, r.note])).toEqual([[kept, '快照时的笔记']]);
    expect(hostA.annotationFiles.get(FILE_000)).toContain('快照时的笔记');
    expect(hostA.annotationFiles.get(FILE_000)).not.toContain('快照之后改的');
    A.stop();
    B.stop();
  });
});

/** A host whose library is the folder `root` (the seeds' articles, so its keys are the same as every other's). */
function libraryHost(root: string, files = new Map<string, string>()): FakeHost {
  const host = FakeHost.withSeeds();
  host.annotationFiles = files;
  showLibrary(host, root, files);
  return host;
}


describe('annotation files: two libraries with articles of the same key, one database', () => {
  it('each library’s files hold only its own annotations and the themes they use', async () => {
    const db = dbs.open();
    const one = libraryHost('/书库/一');
    const two = libraryHost('/书库/二');
    const A = await startedSynced(one, db);
    const first = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
    await A.annotations.editNote(first, '一号库的笔记');
    await A.annotations.addTag(first, '一号库主题');
    await A.annotationFiles.flush();
    expect(one.annotationFiles.get(FILE_000)).toContain('一号库的笔记');
    expect(one.annotationFiles.get(CODEBOOK_FILE_NAME)).toContain('一号库主题');
    A.stop();

    const B = await startedSynced(two, db);
    const second = (await B.annotations.create(rangeOf(B, '发布了')))!;
    await B.annotations.editNote(second, '二号库的笔记');
    await B.annotationFiles.flush();
    expect(two.annotationFiles.get(FILE_000)).toContain('二号库的笔记');
    expect(two.annotationFiles.get(FILE_000)).not.toContain('一号库的笔记');
    expect(two.annotationFiles.get(CODEBOOK_FILE_NAME) ?? '').not.toContain('一号库主题');
    B.stop();

    const again = await startedSynced(one, db);
    await again.annotations.editNote(first, '一号库又改了');
    await again.annotationFiles.flush();
    expect(one.annotationFiles.get(FILE_000)).toContain('一号库又改了');
    expect(one.annotationFiles.get(FILE_000)).not.toContain('二号库的笔记');
    expect((await row(db, first))?.libraryIds).toEqual(['/书库/一']);
    expect((await row(db, second))?.libraryIds).toEqual(['/书库/二']);
    again.stop();
  });

  it('a first step whose write fails still lists every row of no library it takes, read after the failure too: another library opened then does not take them', async () => {
    const one = libraryHost('/书库/一');
    one.writeAnnotationFile = async () => ({ ok: false as const, code: 'failed' as const, detail: 'disk full' });
    const db = dbs.open();
    // Articles that sort before the seeds, in the first reads of the step: three files too large
    // to go in one write call each (the third call waits for the first, which fails), then an
    // article of enough rows that the seed's rows of no library come in a read after it.
    const big = ['#a.txt', '#b.txt', '#c.txt'].map((articleKey, i) => handRow(`big-${i}`, '营'.repeat(5_000_000), 1_700_000_000_500, { articleKey, libraryIds: ['/书库/一'] }));
    const many = Array.from({ length: 5_000 }, (_, i) => handRow(`many-${String(i).padStart(4, '0')}`, '', 1_700_000_000_500, { articleKey: '#d.txt', libraryIds: ['/书库/一'] }));
    const none = [handRow('none-1', '旧笔记', 1_700_000_000_500), handRow('none-2', '旧笔记', 1_700_000_000_500)];
    await db.annotations.bulkPut([...big, ...many, ...none]);
    const app = await startedSynced(one, db);
    await until(() => app.storage.unsaved.includes('annotation-files'), 'the failed write shown');

    showLibrary(one, '/书库/二', new Map());
    await app.openFolder('/书库/二');
    await app.annotationFiles.flush();
    // Library one's, stored as its own before library two's files were read.
    expect((await db.annotations.bulkGet(['none-1', 'none-2'])).map((r) => r?.libraryIds)).toEqual([['/书库/一'], ['/书库/一']]);
    app.stop();
  });

  it('switching library reads the new library’s files into it alone, and switching back writes none of them into the first', async () => {
    // Library two's folder already holds another machine's annotation on the same article key.
    const twoFiles = await filesMadeElsewhere([handRow('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '二号库别的机器', 1_700_000_005_000)], libraryHost('/书库/二'));
    const oneFiles = new Map<string, string>();

    const db = dbs.open();
    const host = libraryHost('/书库/一', oneFiles);
    const app = await startedSynced(host, db);
    const mine = (await app.annotations.create(rangeOf(app, PASSAGE)))!;
    await app.annotations.editNote(mine, '一号库');
    await app.annotationFiles.flush();

    showLibrary(host, '/书库/二', twoFiles);
    await app.openFolder('/书库/二');
    await app.annotationFiles.flush();
    expect(await row(db, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')).toMatchObject({ note: '二号库别的机器', libraryIds: ['/书库/二'] });
    expect(twoFiles.get(FILE_000)).not.toContain('一号库');
    // The same article key in library two is library two's article: its annotations alone.
    await until(() => app.annotations.model.records.some((r) => r.id === 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'), 'library two’s annotation shown');
    expect(app.annotations.model.records.map((r) => r.id)).not.toContain(mine);

    showLibrary(host, '/书库/一', oneFiles);
    await app.openFolder('/书库/一');
    await until(() => app.annotations.model.records.some((r) => r.id === mine), 'the article open again');
    expect(app.annotations.model.records.map((r) => r.id)).not.toContain('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
    await app.annotations.editNote(mine, '一号库，切换回来后');
    await app.annotationFiles.flush();
    expect(oneFiles.get(FILE_000)).toContain('一号库，切换回来后');
    expect(oneFiles.get(FILE_000)).not.toContain('二号库别的机器');
    expect(twoFiles.get(FILE_000)).not.toContain('一号库');
    app.stop();
  });
});

describe('annotation files: one machine and its folder', () => {
  it('first start writes the files from an existing database (tombstones too); nothing else changes', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    await db.annotations.bulkPut([handRow('11111111-1111-4111-8111-111111111111', '旧笔记', 1_700_000_000_500), handRow('22222222-2222-4222-8222-222222222222', '已删', 1_700_000_000_600, { deletedAt: 1_700_000_000_700 })]);
    await db.tags.put({ id: '33333333-3333-4333-8333-333333333333', key: '营商环境', name: '营商环境', aliases: [], color: '', description: '', parentId: null, updatedAt: 1_700_000_000_100, deletedAt: null });
    const app = await startedSynced(host, db);
    await until(() => host.annotationFiles.has(FILE_000) && host.annotationFiles.has(CODEBOOK_FILE_NAME), 'the files');
    expect(fileJson(host, FILE_000).items.map((i) => i.id).sort()).toEqual(['urn:uuid:11111111-1111-4111-8111-111111111111', 'urn:uuid:22222222-2222-4222-8222-222222222222']);
    expect(host.annotationFiles.get(FILE_000)).toContain('旧笔记');
    expect(host.annotationFiles.get(CODEBOOK_FILE_NAME)).toContain('营商环境');
    expect(await db.annotations.count()).toBe(2);
    expect(app.annotationFiles.lastWrittenAt).not.toBeNull();
    app.stop();
  });

  it('a folder holding another machine’s files is merged with the database: both sets kept, the files hold both', async () => {
    // The other machine's file, made by another database first.
    const otherFiles = await filesMadeElsewhere([handRow('44444444-4444-4444-8444-444444444444', '别的机器', 1_700_000_000_900)]);

    const host = FakeHost.withSeeds();
    host.annotationFiles = otherFiles;
    const db = dbs.open();
    await db.annotations.put(handRow('55555555-5555-4555-8555-555555555555', '这台机器', 1_700_000_000_800));
    const app = await startedSynced(host, db);
    await until(() => fileJson(host, FILE_000).items.length === 2, 'the merged file');
    expect((await db.annotations.toArray()).map((r) => r.note).sort()).toEqual(['别的机器', '这台机器'].sort());
    app.stop();
  });

  it('a file cut short is set aside and reported, never read as empty; the rows it might have held stay', async () => {
    const host = FakeHost.withSeeds();
    const cut = '{\n  "@context": ["http://www.w3.org/ns/anno.jsonld"],\n  "pizhu:format": 1,\n  "pizhu:kind": "article",\n  "items": [\n    {"id": "urn:uuid:';
    host.annotationFiles.set(FILE_000, cut);
    const db = dbs.open();
    await db.annotations.put(handRow('66666666-6666-4666-8666-666666666666', '本地', 1_700_000_000_000));
    const app = await startedSynced(host, db);
    expect(app.annotationFiles.unreadable).toEqual([{ name: FILE_000, problem: 'truncated', detail: expect.any(String), aside: `aside/2026-01-01T00-00-00Z-${FILE_000}` }]);
    expect(host.annotationFilesAside.get(`aside/2026-01-01T00-00-00Z-${FILE_000}`)).toBe(cut);
    // The database's rows are written in its place.
    await until(() => host.annotationFiles.get(FILE_000)?.includes('本地') === true, 'the file written from the rows');
    expect(await db.annotations.count()).toBe(1);
    app.stop();
  });

  it('a Syncthing conflict copy is merged as one more replica, and removed only after the merged file is written', async () => {
    const host = FakeHost.withSeeds();
    // Two versions of the same file, as two machines wrote them: made by two databases.
    const makeFile = async (rows: AnnotationRecord[]) => {
      const h = FakeHost.withSeeds();
      const d = dbs.open();
      await d.annotations.bulkPut(rows);
      const app = await startedSynced(h, d);
      await until(() => h.annotationFiles.has(FILE_000), 'file');
      app.stop();
      return h.annotationFiles.get(FILE_000)!;
    };
    const mine = await makeFile([handRow('77777777-7777-4777-8777-777777777777', '此处版本', 1_700_000_001_000)]);
    const theirs = await makeFile([handRow('77777777-7777-4777-8777-777777777777', '冲突副本里更新的版本', 1_700_000_002_000), handRow('88888888-8888-4888-8888-888888888888', '只在副本里', 1_700_000_001_500)]);
    const copyName = FILE_000.replace(/\.json$/, '.sync-conflict-20261203-101500-ABCDEF7.json');
    host.annotationFiles.set(FILE_000, mine);
    host.annotationFiles.set(copyName, theirs);
    const removals: string[] = [];
    const remove = host.removeConflictCopy;
    host.removeConflictCopy = async (name, hash) => {
      // By the time the copy goes, the merged file holds what the copy held.
      removals.push(`${name} ${host.annotationFiles.get(FILE_000)!.includes('只在副本里')}`);
      expect(hash).toBe(sha256(theirs));
      return remove(name, hash);
    };
    const db = dbs.open();
    const app = await startedSynced(host, db);
    await until(() => !host.annotationFiles.has(copyName), 'the copy removed');
    expect(removals).toEqual([`${copyName} true`]);
    expect((await db.annotations.get('77777777-7777-4777-8777-777777777777'))?.note).toBe('冲突副本里更新的版本');
    expect((await db.annotations.get('88888888-8888-4888-8888-888888888888'))?.note).toBe('只在副本里');
    expect(host.annotationFiles.get(FILE_000)).toContain('冲突副本里更新的版本');
    app.stop();
  });

  it('a write that fails stays queued in the storage banner and is written on retry', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const app = await startedSynced(host, db);
    const write = host.writeAnnotationFile;
    let failing = true;
    host.writeAnnotationFile = async (name, text) => (failing ? { ok: false as const, code: 'failed' as const, detail: 'disk full' } : write(name, text));
    const id = (await app.annotations.create(rangeOf(app, PASSAGE)))!;
    await until(() => app.storage.unsaved.includes('annotation-files'), 'the failed write shown');
    expect(app.storage.problem?.canRetry).toBe(true);
    // Said as what it is: the change is in the database; its file is what waits.
    expect(app.storage.problem?.kind).toBe('annotation-files');
    expect(await row(db, id)).toBeDefined();
    expect(host.annotationFiles.has(FILE_000)).toBe(false);
    failing = false;
    await app.storage.retry();
    expect(fileJson(host, FILE_000).items.map((i) => i.id)).toEqual([`urn:uuid:${id}`]);
    expect(app.storage.unsaved).toEqual([]);
    // Written now: the banner goes.
    expect(app.storage.problem).toBeNull();
    app.stop();
  });

  describe('files more than one write call carries', () => {
    // Four articles with a note of five million characters each: a write call carries at most
    // eight million characters of text, so the first start's files go in four calls.
    const LONG_NOTE = '营'.repeat(5_000_000);
    const KEYS = [SEED.s000, SEED.s001, SEED.s002, SEED.s003];
    const longRows = () => KEYS.map((articleKey, i) => handRow(`4444444${i}-4444-4444-8444-444444444444`, LONG_NOTE, 1_700_000_000_500, { articleKey }));
    const FILES = KEYS.map((key) => articleFileName(key)).sort();

    it('the next call is sent while the host writes one, and never more than one ahead', async () => {
      const host = FakeHost.withSeeds();
      const db = dbs.open();
      await db.annotations.bulkPut(longRows());
      const write = host.writeAnnotationFile;
      const started: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      host.writeAnnotationFile = async (name, text) => {
        started.push(name);
        if (started.length === 1) await held;
        return write(name, text);
      };
      const app = await startedApp(host, db, SEED.s000);
      await until(() => started.length === 2, 'the second call sent while the first is written');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(started.length).toBe(2);
      release();
      await until(() => FILES.every((name) => host.annotationFiles.has(name)), 'every file written');
      expect([...started].sort()).toEqual(FILES);
      app.stop();
    });

    it.each([
      ['answers that a file was not written', 'answer'],
      ['throws (the host gone)', 'throw'],
    ] as const)('a call that %s stops the calls after the one under way; what that one wrote is kept and not written again on retry', async (_what, how) => {
      const host = FakeHost.withSeeds();
      const db = dbs.open();
      await db.annotations.bulkPut(longRows());
      const write = host.writeAnnotationFile;
      const started: string[] = [];
      let failing = true;
      host.writeAnnotationFile = async (name, text) => {
        started.push(name);
        if (failing && started.length === 1) {
          if (how === 'throw') throw new Error('host gone');
          return { ok: false as const, code: 'failed' as const, detail: 'disk full' };
        }
        return write(name, text);
      };
      const app = await startedApp(host, db, SEED.s000);
      await until(() => app.storage.unsaved.includes('annotation-files'), 'the failed write shown');
      const [failed, second] = started;
      expect(started.length).toBe(2);
      expect(host.annotationFiles.has(failed)).toBe(false);
      expect(host.annotationFiles.has(second)).toBe(true);
      failing = false;
      await app.storage.retry();
      expect(FILES.every((name) => host.annotationFiles.has(name))).toBe(true);
      // Each file written once, the failed one tried twice.
      expect(started.filter((name) => name === second)).toEqual([second]);
      expect(started.filter((name) => name === failed)).toEqual([failed, failed]);
      expect(started.length).toBe(FILES.length + 1);
      app.stop();
    });
  });

  it('re-reading (the command) takes in a file that arrived without an event, and reports what it could not read', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const app = await startedSynced(host, db);
    expect(app.annotationFiles.location).toEqual({ folder: '/tmp/pizhu-test/library/.pizhu', place: 'library', libraryRoot: '/tmp/pizhu-test/library' });
    const made = await filesMadeElsewhere([handRow('99999999-9999-4999-8999-999999999999', '悄悄放进来的', 1_700_000_003_000)]);
    host.annotationFiles.set(FILE_000, made.get(FILE_000)!);
    host.annotationFiles.set(CODEBOOK_FILE_NAME, '{"not": "ours"}');
    expect(await db.annotations.count()).toBe(0);

    await app.annotationFiles.rereadAll();
    expect((await db.annotations.get('99999999-9999-4999-8999-999999999999'))?.note).toBe('悄悄放进来的');
    expect(app.annotationFiles.unreadable.map((u) => [u.name, u.problem])).toEqual([[CODEBOOK_FILE_NAME, 'foreign']]);
    expect(host.annotationFilesAside.get(`aside/2026-01-01T00-00-00Z-${CODEBOOK_FILE_NAME}`)).toBe('{"not": "ours"}');
    app.stop();
  });

  it('an annotation carries its author, the name set in settings and an id made once per installation; an edit on the other machine keeps it', async () => {
    const { a: hostA, b: hostB } = sharedFolder();
    const [dbA, dbB] = [dbs.open(), dbs.open()];
    const A = await startedSynced(hostA, dbA);
    const B = await startedSynced(hostB, dbB);
    const installA = A.settings.installationId!;
    expect(installA).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(B.settings.installationId).not.toBe(installA);
    A.settings.set('authorName', '林老师');
    const id = (await A.annotations.create(rangeOf(A, PASSAGE)))!;
    expect((await row(dbA, id))?.author).toEqual({ id: installA, name: '林老师' });
    await until(async () => (await row(dbB, id))?.author?.name === '林老师', 'the author in B');
    await until(() => B.annotations.model.records.some((r) => r.id === id), 'B shows it');
    await B.annotations.editNote(id, '乙补充');
    await until(async () => (await row(dbA, id))?.note === '乙补充', 'B’s edit in A');
    expect(B.settings.installationId).not.toBe(installA);
    expect((await row(dbA, id))?.author).toEqual({ id: installA, name: '林老师' });
    expect((await row(dbB, id))?.author).toEqual({ id: installA, name: '林老师' });
    A.stop();
    await A.settings.flush();
    // The id stays with the installation: a restart on the same database keeps it.
    const again = await startedSynced(hostA, dbA);
    expect(again.settings.installationId).toBe(installA);
    expect(again.settings.authorName).toBe('林老师');
    again.stop();
    B.stop();
  });

  it('a file the watcher names half written is left to rest, not set aside; written whole, it is merged', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const app = await startedSynced(host, db);
    const whole = (await filesMadeElsewhere([handRow('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '写到一半', 1_700_000_005_000)])).get(FILE_000)!;
    const read = app.annotationFiles.lastReadAt;
    host.annotationFiles.set(FILE_000, whole.slice(0, whole.indexOf('写到一半')));
    host.emitAnnotationFiles({ changed: [{ name: FILE_000, size: 10, mtimeMs: 1 }], removed: [] });
    await until(() => app.annotationFiles.lastReadAt !== read, 'the half-written file read');
    expect(app.annotationFiles.unreadable).toEqual([]);
    expect(host.annotationFilesAside.size).toBe(0);
    host.annotationFiles.set(FILE_000, whole);
    host.emitAnnotationFiles({ changed: [{ name: FILE_000, size: 20, mtimeMs: 2 }], removed: [] });
    await until(async () => (await row(db, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'))?.note === '写到一半', 'the whole file merged');
    // Past the rest, the file is read again: whole now, it stays where it is.
    await new Promise((resolve) => setTimeout(resolve, UNSETTLED_REREAD_MS + 200));
    await app.annotationFiles.flush();
    expect(app.annotationFiles.unreadable).toEqual([]);
    expect(host.annotationFilesAside.size).toBe(0);
    app.stop();
  });

  it('a file the watcher names that still reads the same and broken after its rest is set aside and reported, and made again from the rows', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    await db.annotations.put(handRow('cccccccc-cccc-4ccc-8ccc-cccccccccccc', '库里有的', 1_700_000_006_000));
    const app = await startedSynced(host, db);
    await until(() => host.annotationFiles.get(FILE_000)?.includes('库里有的') === true, 'the file');
    const cut = '{\n  "@context": ["http://www.w3.org/ns/anno.jsonld"],\n  "pizhu:format": 1,\n  "pizhu:kind": "article",\n  "items": [';
    host.annotationFiles.set(FILE_000, cut);
    host.emitAnnotationFiles({ changed: [{ name: FILE_000, size: cut.length, mtimeMs: 1 }], removed: [] });
    await until(() => app.annotationFiles.unreadable.length > 0, 'the file reported');
    expect(app.annotationFiles.unreadable).toEqual([{ name: FILE_000, problem: 'truncated', detail: expect.any(String), aside: `aside/2026-01-01T00-00-00Z-${FILE_000}` }]);
    expect(host.annotationFilesAside.get(`aside/2026-01-01T00-00-00Z-${FILE_000}`)).toBe(cut);
    // Set aside, it is no longer the article's file: the rows are written in its place, with no other change to ask for it.
    await until(() => host.annotationFiles.get(FILE_000)?.includes('库里有的') === true, 'the file made again');
    app.stop();
  });

  it('a file that cannot be read (no permission) is left where it is and not written over, whatever changes here; once it reads, both sides are kept', async () => {
    const theirs = (await filesMadeElsewhere([handRow('dddddddd-dddd-4ddd-8ddd-dddddddddddd', '另一台机器独有', 1_700_000_007_000)])).get(FILE_000)!;

    const host = FakeHost.withSeeds();
    host.annotationFiles.set(FILE_000, theirs);
    host.annotationFilesUnreadable.add(FILE_000);
    const db = dbs.open();
    await db.annotations.put(handRow('eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee', '本机的', 1_700_000_008_000));
    const app = await startedSynced(host, db);
    expect(app.annotationFiles.unreadable).toEqual([{ name: FILE_000, problem: 'unreadable', detail: expect.any(String), aside: null }]);
    // A change here to that very article: its file is still not written.
    await db.annotations.update('eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee', { note: '本机改过', updatedAt: 1_700_000_009_000 });
    app.annotationFiles.schedule({ tables: new Set(['annotations']), annotationIds: new Set(['eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee']) });
    await app.annotationFiles.flush();
    expect(host.annotationFiles.get(FILE_000)).toBe(theirs);
    expect(host.annotationFilesAside.size).toBe(0);

    host.annotationFilesUnreadable.delete(FILE_000);
    await app.annotationFiles.rereadAll();
    await app.annotationFiles.flush();
    expect((await row(db, 'dddddddd-dddd-4ddd-8ddd-dddddddddddd'))?.note).toBe('另一台机器独有');
    const merged = host.annotationFiles.get(FILE_000)!;
    expect(merged).toContain('另一台机器独有');
    expect(merged).toContain('本机改过');
    expect(app.annotationFiles.unreadable).toEqual([]);
    app.stop();
  });

  it('a re-read takes the folder as it stands: a rest begun before it reads nothing after', async () => {
    const host = FakeHost.withSeeds();
    const app = await startedSynced(host);
    const cut = '{\n  "@context": ["http://www.w3.org/ns/anno.jsonld"],\n  "pizhu:format": 1,\n  "pizhu:kind": "article",\n  "items": [';
    host.annotationFiles.set(FILE_000, cut);
    const read = app.annotationFiles.lastReadAt;
    host.emitAnnotationFiles({ changed: [{ name: FILE_000, size: cut.length, mtimeMs: 1 }], removed: [] });
    await until(() => app.annotationFiles.lastReadAt !== read, 'the half-written file read');
    expect(app.annotationFiles.unreadable).toEqual([]);
    // Gone before the re-read (as it is from a library switched to): the re-read does not see it, nor should its rest.
    host.annotationFiles.delete(FILE_000);
    await app.annotationFiles.rereadAll();
    expect(app.annotationFiles.unreadable).toEqual([]);
    const reads = vi.spyOn(host, 'readAnnotationFiles');
    await new Promise((resolve) => setTimeout(resolve, UNSETTLED_REREAD_MS + 200));
    await app.annotationFiles.flush();
    expect(reads).not.toHaveBeenCalled();
    app.stop();
  });

  it('a file of ours removed on disk is written again from the rows: deleting a file deletes no annotation', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    await db.annotations.put(handRow('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '还在', 1_700_000_004_000));
    const app = await startedSynced(host, db);
    await until(() => host.annotationFiles.has(FILE_000), 'the file');
    host.annotationFiles.delete(FILE_000);
    host.emitAnnotationFiles({ changed: [], removed: [FILE_000] });
    await until(() => host.annotationFiles.get(FILE_000)?.includes('还在') === true, 'the file written again');
    expect(await db.annotations.count()).toBe(1);
    app.stop();
  });
});
