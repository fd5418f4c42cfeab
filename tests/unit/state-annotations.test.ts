// AnnotationsState driven through AppState with a fake host and a real (fake-indexeddb)
// database: re-anchoring on file change, orphans, renames, and undo/redo of every action.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { readAnnotations } from '../../src-renderer/db/annotations.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { renameMoves } from '../../src-renderer/state/annotationPlacement.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { transactionHold, until, startedApp } from '../support/appHarness.ts';

const dbs = testDatabases('state-annotations');
const PASSAGE = '中央广播电视台总台在北京发布了';

async function started(host = FakeHost.withSeeds(), db: PizhuDatabase = dbs.open()) {
  const app = await startedApp(host, db, SEED.s000);
  return { app, host, db, a: app.annotations };
}

/** Canonical range of the nth occurrence of `text` in the open article. */
function rangeOf(app: AppState, text: string, nth = 0) {
  const canonical = app.reader.clean!.text;
  let at = -1;
  for (let k = 0; k <= nth; k++) at = canonical.indexOf(text, at + 1);
  expect(at).toBeGreaterThanOrEqual(0);
  return { start: at, end: at + text.length };
}

const quoteNow = (app: AppState) => app.annotations.model.anchored.map((x) => app.reader.clean!.text.slice(x.range.start, x.range.end));

function changeFile(host: FakeHost, key: string, edit: (text: string) => string): void {
  const before = host.files.get(key)!.text!;
  const after = edit(before);
  expect(after).not.toBe(before);
  host.files.set(key, { text: after });
  host.emit({ type: 'change', entry: host.entry(key) });
}

describe('AnnotationsState', () => {
  it('widens a selection inside a phrase to the phrase in every view, so all scripts draw the same characters', async () => {
    const { app, a, db } = await started();
    // 一周年 converts as one phrase (一週年); selecting only 周 in 原文 must still cover it whole.
    const phrase = rangeOf(app, '一周年');
    a.selection.range = { start: phrase.start + 1, end: phrase.start + 2 };
    await a.createFromSelection();
    const [row] = await readAnnotations(db, SEED.s000);
    expect(row.position).toEqual(phrase);
    expect(row.quote.exact).toBe('一周年');
  });

  it('creates a highlight from the selection and stores it (selectors, colour, style, ids)', async () => {
    const { app, a, db } = await started();
    a.selection.range = rangeOf(app, PASSAGE);
    const id = await a.createFromSelection('green');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(quoteNow(app)).toEqual([PASSAGE]);
    expect(a.selection.range).toBeNull();
    expect(a.selection.selectedId).toBe(id);
    const [row] = await readAnnotations(db, SEED.s000);
    expect(row).toMatchObject({ id, color: 'green', style: 'highlight', fingerprint: app.reader.fingerprint, quote: { exact: PASSAGE } });
    expect(row.quote.prefix.length).toBeGreaterThan(0);
    expect(a.counts.get(SEED.s000)).toBe(1);
  });

  it('a new highlight, and an edit, are drawn at once while the steps before them are still being stored', async () => {
    const db = dbs.open();
    const writes = transactionHold(db);
    const { app, a } = await started(FakeHost.withSeeds(), db);
    writes.hold();
    a.selection.range = rangeOf(app, PASSAGE);
    const first = a.createFromSelection('green');
    const firstId = a.selection.selectedId!;
    await until(() => quoteNow(app).includes(PASSAGE), 'the first highlight drawn');
    a.selection.range = rangeOf(app, '一周年');
    const second = a.createFromSelection('pink');
    // Drawn while the first one's row is still on its way to the database.
    await until(() => quoteNow(app).includes('一周年'), 'the second highlight drawn');
    // An edit too: the first one recoloured is shown so at once.
    const recolor = a.recolor(firstId, 'blue');
    expect(a.model.find(firstId)?.color).toBe('blue');
    expect(await readAnnotations(db, SEED.s000)).toEqual([]);
    writes.release();
    await Promise.all([first, second, recolor]);
    expect((await readAnnotations(db, SEED.s000)).map((r) => [r.quote.exact, r.color]).sort()).toEqual([
      ['一周年', 'pink'],
      [PASSAGE, 'blue'],
    ]);
    // One step each: undo takes back the recolour, the second, then the first.
    await a.undo();
    expect(a.model.find(firstId)?.color).toBe('green');
    await a.undo();
    expect(quoteNow(app)).toEqual([PASSAGE]);
    await a.undo();
    expect(quoteNow(app)).toEqual([]);
    expect(await readAnnotations(db, SEED.s000)).toEqual([]);
  });

  it('N and T on a selection open their editor at once, while the new highlight waits for the steps before it to be stored', async () => {
    const db = dbs.open();
    const writes = transactionHold(db);
    const { app, a } = await started(FakeHost.withSeeds(), db);
    writes.hold();
    try {
      // A highlight whose write the disk holds: the steps after it wait their turn.
      a.selection.range = rangeOf(app, '一周年');
      const first = a.createFromSelection('green');
      a.selection.range = rangeOf(app, PASSAGE);
      // What is typed right after N must find the note editor open: the id comes before the row is stored.
      let noteFor: string | null = null;
      void a.requestNote().then((id) => (noteFor = id));
      await until(() => noteFor !== null, 'the note editor asked for');
      expect(noteFor).toBe(a.selection.selectedId);
      expect(a.selection.noteRequest).toEqual({ id: noteFor });
      expect(await readAnnotations(db, SEED.s000)).toEqual([]);
      // A reload meanwhile (a step elsewhere, another window's change) keeps the highlight the editor is open on.
      await a.model.loadAgain();
      expect(a.model.find(noteFor!)?.quote.exact).toBe(PASSAGE);
      await a.model.takeStored();
      expect(a.model.find(noteFor!)?.quote.exact).toBe(PASSAGE);
      a.selection.range = rangeOf(app, '城市营商环境创新报告');
      const tagRequests = a.selection.tagRequest;
      let tagFor: string | null = null;
      void a.requestTag().then((id) => (tagFor = id));
      await until(() => a.selection.tagRequest === tagRequests + 1, 'the theme input asked for');
      expect(quoteNow(app).sort()).toEqual([PASSAGE, '一周年', '城市营商环境创新报告'].sort());
      // The note typed meanwhile is stored after its highlight, as one more step.
      const typed = a.editNote(noteFor!, '先写的笔记');
      writes.release();
      await Promise.all([first, typed]);
      expect((await readAnnotations(db, SEED.s000)).map((r) => [r.id === noteFor ? 'noted' : r.id === tagFor ? 'tagged' : 'first', r.quote.exact, r.note]).sort()).toEqual(
        [
          ['first', '一周年', ''],
          ['noted', PASSAGE, '先写的笔记'],
          ['tagged', '城市营商环境创新报告', ''],
        ].sort(),
      );
    } finally {
      writes.release();
    }
  });

  it('a page going away hands the host what it shows and has not stored, and the next start stores it', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    const writes = transactionHold(db);
    const { app, a } = await started(host, db);
    writes.hold();
    try {
      // The first write held by the disk; the second highlight, tagged with a new theme, waits its turn.
      void a.create(rangeOf(app, '一周年'), 'green');
      let id: string | null = null;
      a.selection.range = rangeOf(app, PASSAGE);
      void a.requestTag().then((made) => (id = made));
      await until(() => id !== null, 'the second highlight');
      void a.addTag(id!, '走之前的主题');
      await until(() => a.model.find(id!)?.tagIds.length === 1, 'the theme shown');
      a.keepDraft(id!, '走之前打的字');
      expect(host.pendingChanges).toBe('');
      a.handOverUnstored();
      await until(() => host.pendingChanges !== '', 'the changes handed over');
      const kept = JSON.parse(host.pendingChanges) as { annotations: { record: { quote: { exact: string }; tagIds: string[] }; newTags: { name: string }[] }[]; drafts: { note: string }[] };
      expect(kept.annotations.map((c) => c.record.quote.exact).sort()).toEqual(['一周年', PASSAGE].sort());
      expect(kept.annotations.flatMap((c) => c.newTags.map((t) => t.name))).toEqual(['走之前的主题']);
      expect(kept.drafts.map((d) => d.note)).toEqual(['走之前打的字']);
      app.stop();
    } finally {
      writes.release();
    }
    // The page is gone before its writes: a start on a database without them replays what the host kept.
    const next = await started(host, dbs.open());
    await until(() => quoteNow(next.app).length === 2, 'both highlights back');
    const tagged = next.a.model.records.find((r) => r.quote.exact === PASSAGE)!;
    expect(tagged.note).toBe('走之前打的字');
    expect(tagged.tagIds.map((t) => next.a.model.tags.find((tag) => tag.id === t)?.name)).toEqual(['走之前的主题']);
    await until(async () => (await readAnnotations(next.db, SEED.s000)).length === 2, 'both stored');
    // Handed over, not refused: once stored the host's file goes, and later edits are not sent to the host too.
    await until(() => host.pendingChanges === '', 'the host file cleared');
    await next.a.create(rangeOf(next.app, '城市营商环境创新报告'), 'blue');
    await next.a.history.settled();
    expect(host.pendingChanges).toBe('');
  });

  it('an edit waiting its turn is shown and stored on top of what another window changed meanwhile', async () => {
    const db = dbs.open();
    const writes = transactionHold(db);
    const { app, a } = await started(FakeHost.withSeeds(), db);
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    writes.hold();
    try {
      // A highlight whose write the disk holds; the note edit waits behind it.
      const first = a.create(rangeOf(app, '一周年'), 'pink');
      const noted = a.editNote(id, '这里写的笔记');
      // Another window recolours the same row meanwhile (its own connection: not held here).
      const stored = (await readAnnotations(db, SEED.s000)).find((r) => r.id === id)!;
      await db.annotations.put({ ...stored, color: 'green', updatedAt: stored.updatedAt + 10 });
      await a.model.loadAgain();
      expect([a.model.find(id)?.color, a.model.find(id)?.note]).toEqual(['green', '这里写的笔记']);
      writes.release();
      await Promise.all([first, noted]);
      const row = (await readAnnotations(db, SEED.s000)).find((r) => r.id === id)!;
      expect([row.color, row.note]).toEqual(['green', '这里写的笔记']);
    } finally {
      writes.release();
    }
  });

  it('keystrokes typed onto a note saved within the same millisecond are newer than it', async () => {
    const { app, a, db } = await started();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 6, 9, 0, 0));
    try {
      const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
      await a.editNote(id, '存好的');
      const saved = a.model.find(id)!;
      a.keepDraft(id, '存好的，再写');
      await until(async () => (await db.drafts.get(id)) !== undefined, 'the draft kept');
      // The clock has not moved; the note's stamp has (each edit a millisecond on): the draft must still win.
      expect((await db.drafts.get(id))!.typedAt).toBeGreaterThan(saved.updatedAt);
    } finally {
      clock.mockRestore();
    }
  });

  it('follows its text when the file changes, and becomes an orphan (note kept) when its sentence is deleted', async () => {
    const { app, a, host, db } = await started();
    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    await a.editNote(id, '**口碑**');
    const oldStart = a.model.anchored[0].range.start;

    changeFile(host, SEED.s000, (t) => t.replace('营商环境,永无止境', '新加的一段话放在前面。\n\n营商环境,永无止境'));
    await until(() => app.reader.clean?.text.includes('新加的一段话') === true, 'reload');
    expect(quoteNow(app)).toEqual([PASSAGE]);
    expect(a.model.anchored[0].range.start).toBeGreaterThan(oldStart);
    expect(a.model.anchored[0].method).not.toBe('position');

    changeFile(host, SEED.s000, (t) => t.replace(`近日,${PASSAGE}`, ''));
    await until(() => app.reader.clean?.text.includes(PASSAGE) === false, 'reload');
    expect(a.model.anchored).toEqual([]);
    expect(a.model.orphans.map((r) => [r.id, r.note])).toEqual([[id, '**口碑**']]);
    // Kept, not deleted: the row is still live.
    expect((await readAnnotations(db, SEED.s000)).map((r) => r.id)).toEqual([id]);

    // Re-attach to a selection: anchored again, one undo step.
    a.selection.range = rangeOf(app, '安吉入选');
    await a.reattach(id);
    expect(quoteNow(app)).toEqual(['安吉入选']);
    expect(a.model.orphans).toEqual([]);
    await a.undo();
    expect(a.model.orphans.map((r) => r.id)).toEqual([id]);
  });

  it('a repeated quote stays on its own occurrence', async () => {
    const { app, a, host } = await started();
    await a.create(rangeOf(app, '营商环境', 3), 'blue');
    const before = a.model.anchored[0].range.start;
    const occurrences = (text: string) => [...text.matchAll(/营商环境/g)].map((m) => m.index);
    expect(occurrences(app.reader.clean!.text).indexOf(before)).toBe(3);
    changeFile(host, SEED.s000, (t) => t.replace('营商环境,永无止境', '营商环境在前面又说了一次。\n\n营商环境,永无止境'));
    await until(() => app.reader.clean?.text.includes('又说了一次') === true, 'reload');
    expect(occurrences(app.reader.clean!.text).indexOf(a.model.anchored[0].range.start)).toBe(4);
  });

  it('undo and redo every action: create, recolour, restyle, note (typing is one step), tag, delete', async () => {
    const { app, a, db } = await started();
    const stored = async () => (await readAnnotations(db, SEED.s000))[0];

    const id = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    await a.undo();
    expect(a.model.records).toEqual([]);
    expect(await stored()).toBeUndefined();
    expect(await db.annotations.get(id)).toMatchObject({ deletedAt: expect.any(Number) });
    await a.redo();
    expect(a.model.records.map((r) => r.id)).toEqual([id]);
    expect((await stored()).deletedAt).toBeNull();

    await a.recolor(id, 'pink');
    expect((await stored()).color).toBe('pink');
    await a.undo();
    expect((await stored()).color).toBe('yellow');
    await a.redo();
    expect(a.selection.selected === null || a.model.records[0].color === 'pink').toBe(true);

    await a.setStyle(id, 'underline');
    await a.undo();
    expect(a.model.records[0].style).toBe('highlight');
    await a.redo();
    expect(a.model.records[0].style).toBe('underline');

    for (const draft of ['重', '重点', '重点：口碑']) await a.editNote(id, draft);
    a.endNoteSession();
    await a.editNote(id, '重点：口碑好');
    a.endNoteSession();
    await a.undo();
    expect((await stored()).note).toBe('重点：口碑');
    await a.undo();
    expect((await stored()).note).toBe('');
    await a.redo();
    await a.redo();
    expect((await stored()).note).toBe('重点：口碑好');

    await a.addTag(id, '營商環境');
    expect(a.model.tags.map((t) => t.key)).toEqual(['营商环境']);
    expect(a.model.records[0].tagIds).toEqual([a.model.tags[0].id]);
    await a.undo();
    expect((await stored()).tagIds).toEqual([]);
    await a.redo();
    expect((await stored()).tagIds).toEqual([a.model.tags[0].id]);
    await a.removeTag(id, a.model.tags[0].id);
    await a.undo();
    expect((await stored()).tagIds).toEqual([a.model.tags[0].id]);

    await a.remove(id);
    expect(a.model.records).toEqual([]);
    expect(a.counts.get(SEED.s000)).toBe(0);
    expect(await db.annotations.get(id)).toMatchObject({ deletedAt: expect.any(Number), note: '重点：口碑好' });
    await a.undo();
    expect(a.model.records.map((r) => r.note)).toEqual(['重点：口碑好']);
    await a.redo();
    expect(a.model.records).toEqual([]);
  });

  it('filters by colour, tag and note, in reading order', async () => {
    const { app, a } = await started();
    const late = (await a.create(rangeOf(app, '安吉入选'), 'blue'))!;
    const early = (await a.create(rangeOf(app, PASSAGE), 'yellow'))!;
    expect(a.filters.visible.map((x) => x.record.id)).toEqual([early, late]);
    a.filters.filter = { color: 'blue', tagId: null, hasNote: false };
    expect(a.filters.visible.map((x) => x.record.id)).toEqual([late]);
    await a.editNote(early, '笔记');
    a.filters.filter = { color: null, tagId: null, hasNote: true };
    expect(a.filters.visible.map((x) => x.record.id)).toEqual([early]);
    await a.addTag(late, '人才');
    a.filters.filter = { color: null, tagId: a.model.tags[0].id, hasNote: false };
    expect(a.filters.visible.map((x) => x.record.id)).toEqual([late]);
  });

  it('a file renamed inside the library keeps its annotations (matched by fingerprint)', async () => {
    const { app, a, host, db } = await started();
    const id = (await a.create(rangeOf(app, PASSAGE), 'purple'))!;
    await a.editNote(id, '跟着文件走');
    const text = host.files.get(SEED.s000)!.text!;
    host.files.delete(SEED.s000);
    host.emit({ type: 'remove', key: SEED.s000 });
    host.files.set('renamed/安吉.txt', { text });
    host.emit({ type: 'add', entry: host.entry('renamed/安吉.txt') });
    await until(() => a.counts.get('renamed/安吉.txt') === 1, 'move');
    expect(await readAnnotations(db, SEED.s000)).toEqual([]);
    expect((await readAnnotations(db, 'renamed/安吉.txt')).map((r) => r.note)).toEqual(['跟着文件走']);
    app.select('renamed/安吉.txt');
    await until(() => app.reader.status === 'ready' && a.model.loadedKey === 'renamed/安吉.txt' && a.model.anchored.length === 1, 'open renamed');
    expect(quoteNow(app)).toEqual([PASSAGE]);
  });

  it('a file renamed while the app was closed and listed unread: its annotations stay put until its read gives the fingerprint, then follow it', async () => {
    const { app, a, db } = await started();
    const id = (await a.create(rangeOf(app, PASSAGE), 'purple'))!;
    await a.editNote(id, '改名之后');
    app.stop();

    const host = FakeHost.withSeeds();
    const text = host.files.get(SEED.s000)!.text!;
    host.files.delete(SEED.s000);
    host.files.set('改名/安吉.txt', { text });
    host.listsUnread = true;
    // The list's bulk reads wait: the folder is listed, no fingerprint of the renamed file known yet.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const bulk = host.readArticles.bind(host);
    host.readArticles = async (keys: string[]) => {
      await gate;
      return bulk(keys);
    };
    const next = new AppState(host, db);
    await next.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(next.library.entries.find((e) => e.key === '改名/安吉.txt')?.fingerprint).toBeNull();
    // Neither moved nor dropped while the file is unread.
    expect((await readAnnotations(db, SEED.s000)).map((r) => r.note)).toEqual(['改名之后']);
    expect(await readAnnotations(db, '改名/安吉.txt')).toEqual([]);

    release();
    await until(() => next.annotations.counts.get('改名/安吉.txt') === 1, 'move after the read');
    expect(await readAnnotations(db, SEED.s000)).toEqual([]);
    expect((await readAnnotations(db, '改名/安吉.txt')).map((r) => r.note)).toEqual(['改名之后']);
    next.stop();
  });

  it('rename moves prefer a fresh file over an annotated copy, and ignore keys still present', () => {
    const entry = (key: string, fingerprint: string | null) => ({ key, fingerprint, size: 1, mtimeMs: 0, encoding: null, error: null });
    const annotated = new Map([
      ['gone.txt', new Set(['f1'])],
      ['copy.txt', new Set(['f1'])],
      ['here.txt', new Set(['f2'])],
    ]);
    expect(renameMoves([entry('copy.txt', 'f1'), entry('fresh.txt', 'f1'), entry('here.txt', 'f2')], annotated)).toEqual([{ from: 'gone.txt', to: 'fresh.txt' }]);
    expect(renameMoves([entry('here.txt', 'f2')], annotated)).toEqual([]);
  });

  it('counts follow a highlight from the rows it touched, not from a pass over every row', async () => {
    const db = dbs.open();
    const others = Array.from({ length: 300 }, (_, i) => ({
      id: `other-${i}`,
      articleKey: SEED.s001,
      fingerprint: 'f',
      cleanVersion: 1,
      position: { start: 0, end: 2 },
      quote: { exact: 'xx', prefix: '', suffix: '' },
      color: 'yellow',
      style: 'highlight' as const,
      note: '',
      tagIds: [],
      createdAt: 1,
      updatedAt: 1,
      deletedAt: i % 3 === 0 ? 2 : null,
    }));
    await db.annotations.bulkPut(others);
    const { app, a, host } = await started(FakeHost.withSeeds(), db);
    await until(() => a.counts.get(SEED.s001) === 200, 'counts of the stored rows');
    // The daily snapshot at start reads every row once; that pass is not the counts'.
    await until(() => host.snapshots.length === 1, 'daily snapshot');
    // So does the annotation files' first write after start (every row a library holds): not the counts' either.
    await app.annotationFiles.flush();
    let reads = 0;
    db.annotations.hook('reading', (r) => (reads++, r));
    const id = (await a.create(rangeOf(app, PASSAGE), 'green'))!;
    await a.remove(id);
    await a.undo();
    await until(() => a.counts.get(SEED.s000) === 1, 'count after undo');
    await new Promise((r) => setTimeout(r, 50));
    expect(a.counts.get(SEED.s000)).toBe(1);
    expect(a.counts.get(SEED.s001)).toBe(200);
    expect(reads).toBeLessThan(20);
  });

  it('a restart (same database) finds everything again', async () => {
    const name = dbs.freshName();
    const first = await started(FakeHost.withSeeds(), dbs.open(name));
    const id = (await first.a.create(rangeOf(first.app, PASSAGE), 'green'))!;
    await first.a.editNote(id, '还在');
    first.app.stop();
    const second = await started(FakeHost.withSeeds(), dbs.open(name));
    await until(() => second.a.model.anchored.length === 1, 'reload');
    expect(second.a.model.anchored[0].record).toMatchObject({ id, note: '还在', color: 'green' });
    await until(() => second.a.counts.get(SEED.s000) === 1, 'counts after restart');
  });
});
