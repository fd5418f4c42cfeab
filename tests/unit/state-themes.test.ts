// ThemesState through AppState with a fake host, a fake-indexeddb database and the index
// running in-thread: tag-all is one undoable step, rename and merge reach every article,
// deleting a theme keeps its passages and undo brings the theme back.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAnnotations } from '../../src-renderer/db/annotations.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { until, startedApp } from '../support/appHarness.ts';

const dbs = testDatabases('state-themes');

async function started() {
  const host = FakeHost.withSeeds();
  const db = dbs.open();
  const app = await startedApp(host, db, SEED.s000);
  // The list's pass, once done, asks the index for one more sync (the fingerprints of the files
  // the host listed unread): the folder is still here, so wait until no sync is left.
  for (let before = -1, now = app.search.revision; before !== now; before = now, now = app.search.revision) await app.search.settled();
  return { app, host, db, themes: app.themes };
}

const perArticle = (app: AppState) => Object.fromEntries(app.themes.passages.map((g) => [g.article.key.slice(0, 3), g.passages.length]));

describe('ThemesState', () => {
  it('tags the sentences of all 24 mentions of 营商环境 in one step: 22 passages, and undo takes them all back', async () => {
    const { app, themes, db } = await started();
    const tag = (await themes.create('營商環境'))!;
    await themes.select(tag.id);
    expect(themes.mentionTotal).toBe(24);
    // Two sentences hold two mentions each (one in 000, one in 002): each is one passage.
    expect(await themes.tagAllMentions()).toBe(22);
    expect(perArticle(app)).toEqual({ '000': 6, '002': 4, '003': 1, '004': 11 });
    expect(themes.mentionTotal).toBe(0);
    expect(themes.passages[0].article.title).toBe('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮');
    // The open article shows its new highlights at once.
    expect(app.annotations.model.records).toHaveLength(6);
    expect(app.annotations.counts.get(SEED.s004)).toBe(11);
    const rows002 = (await readAnnotations(db, SEED.s002)).sort((a, b) => a.position.start - b.position.start);
    expect(rows002.map((r) => r.quote.exact)).toEqual([
      '深入推进营商环境优化提升“一号改革工程”，以永不满足、勇争一流的精神和追求，全力打造“企业最有感”的营商环境，是“在湖州看见美丽中国”实干争先主题实践的重要内容。',
      '政策变动、职能交叉、边界不清等“三不管”事项，往往是企业最头疼的“疑难杂症”，“兜底办”协调多部门进行“专家会诊”，实现从“各管一摊”到“同挑一担”，用一个“兜”字，真抓实干优化营商环境。',
      '今年5月举行的2023世界品牌莫干山大会上，数百家国内外知名企业的负责人齐聚德清，实地感受浙北小城的秀丽风光、发展活力和优质营商环境。',
      '全省营商环境“无感监测”综合指数评价排名显示，2022年度德清位列全省第三，今年一季度排名全省第二。',
    ]);
    expect(rows002.every((r) => r.tagIds.length === 1 && r.tagIds[0] === tag.id)).toBe(true);
    expect(themes.history.depth.undo).toBe(1);

    await themes.undo();
    expect(themes.passages).toEqual([]);
    expect(themes.mentionTotal).toBe(24);
    expect(app.annotations.model.records).toHaveLength(0);
    expect(await readAnnotations(db, SEED.s002)).toEqual([]);
    await themes.redo();
    expect(perArticle(app)).toEqual({ '000': 6, '002': 4, '003': 1, '004': 11 });
  });

  it('tags the bare mention or the whole paragraph when asked', async () => {
    const { app, themes, db } = await started();
    const tag = (await themes.create('营商环境'))!;
    await themes.select(tag.id);
    expect(await themes.tagAllMentions('mention')).toBe(24);
    expect((await readAnnotations(db, SEED.s004)).every((r) => r.quote.exact === '營商環境')).toBe(true);
    await themes.undo();
    // 000 mentions it in three paragraphs, 002 in four, 003 in one, 004 in eleven.
    expect(await themes.tagAllMentions('paragraph')).toBe(19);
    expect(perArticle(app)).toEqual({ '000': 3, '002': 4, '003': 1, '004': 11 });
    expect((await readAnnotations(db, SEED.s003)).map((r) => r.quote.exact)).toEqual(['吴兴区入选“2022年度浙江省营商环境企业满意度综合前10强”。']);
  });

  it('counts a mention inside a passage already tagged as tagged', async () => {
    const { themes, db } = await started();
    const tag = (await themes.create('营商环境'))!;
    await themes.select(tag.id);
    const [g000] = themes.mentionGroups;
    expect(g000.mentions.map((m) => m.context.match)).toHaveLength(7);
    // The second mention of 000 shares its sentence with the third: tagging it tags both.
    await themes.tagMentions(tag.id, [{ articleKey: g000.article.key, fingerprint: g000.fingerprint, mention: g000.mentions[1] }]);
    expect((await readAnnotations(db, SEED.s000)).map((r) => r.quote.exact)).toEqual([
      '近日，中央广播电视台总台在北京发布了《2022城市营商环境创新报告》，安吉入选“2022城市营商环境创新县（市）”名单，为湖州市唯一。',
    ]);
    expect(themes.mentionTotal).toBe(22);
    expect(themes.mentionGroups[0].mentions).toHaveLength(5);
  });

  it('is one theme per key: creating 营商环境 after 營商環境 finds it', async () => {
    const { themes } = await started();
    const a = await themes.create('營商環境');
    const b = await themes.create('营商环境');
    expect(b!.id).toBe(a!.id);
    expect(themes.tags).toHaveLength(1);
  });

  it('renames everywhere at once, refuses a name another theme has, and undoes', async () => {
    const { app, themes } = await started();
    const a = (await themes.create('营商环境'))!;
    const b = (await themes.create('人才'))!;
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.addTag(id, '营商环境');
    expect(await themes.update(a.id, { name: '营商生态' })).toEqual({ ok: true });
    const tagOf = () => app.annotations.model.tagName(app.annotations.model.records.find((r) => r.id === id)!.tagIds[0]);
    expect(tagOf()).toBe('营商生态');
    expect(await themes.update(b.id, { name: '營商生態' })).toMatchObject({ ok: false, reason: 'taken' });
    await themes.undo();
    expect(tagOf()).toBe('营商环境');
  });

  it('an edit of a theme that is gone says so and writes nothing', async () => {
    const { themes, db } = await started();
    const tag = (await themes.create('人才'))!;
    await themes.remove(tag.id);
    const before = await db.tags.get(tag.id);
    expect(await themes.update(tag.id, { name: '人才引进', color: 'green' })).toEqual({ ok: false, reason: 'missing' });
    expect(await db.tags.get(tag.id)).toEqual(before);
  });

  it('merges one theme into another: passages move, names become aliases, mentions follow the aliases', async () => {
    const { app, themes, db } = await started();
    const from = (await themes.create('营商环境'))!;
    const into = (await themes.create('投资环境'))!;
    await themes.select(from.id);
    await themes.tagMentions(from.id, themes.mentionGroups.slice(0, 1).flatMap((g) => g.mentions.slice(0, 2).map((mention) => ({ articleKey: g.article.key, fingerprint: g.fingerprint, mention }))));
    await themes.merge(from.id, into.id);
    expect(themes.tags.map((t) => t.name)).toEqual(['投资环境']);
    expect(themes.tags[0].aliases).toEqual(['营商环境']);
    expect(themes.selectedId).toBe(into.id);
    const rows = await readAnnotations(db, SEED.s000);
    expect(rows.map((r) => r.tagIds)).toEqual([[into.id], [into.id]]);
    // The second mention's sentence holds the third too: three of the 24 are tagged.
    expect(themes.mentionTotal).toBe(21);
    await themes.undo();
    expect(themes.tags.map((t) => t.name).sort()).toEqual(['投资环境', '营商环境']);
    expect((await readAnnotations(db, SEED.s000)).map((r) => r.tagIds)).toEqual([[from.id], [from.id]]);
    expect(app.annotations.model.records.map((r) => r.tagIds)).toEqual([[from.id], [from.id]]);
  });

  it('deletes a theme but keeps its passages; undo restores the theme on them', async () => {
    const { app, themes, db } = await started();
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.addTag(id, '营商环境');
    const tag = themes.tags[0];
    await themes.refresh();
    await themes.remove(tag.id);
    expect(themes.tags).toEqual([]);
    const [row] = await readAnnotations(db, SEED.s000);
    expect(row.tagIds).toEqual([]);
    expect(app.annotations.model.records).toHaveLength(1);
    await themes.undo();
    expect(themes.tags.map((t) => t.id)).toEqual([tag.id]);
    expect((await readAnnotations(db, SEED.s000))[0].tagIds).toEqual([tag.id]);
  });

  it('a delete, a merge and their undo change the passages\' themes alone: a note or a theme put on a passage since (here or by another machine) stays', async () => {
    const { app, themes, db } = await started();
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.addTag(id, '营商环境');
    const tag = themes.tags[0];
    const other = (await themes.create('投资环境'))!;
    await themes.refresh();
    await themes.remove(tag.id);
    // What another machine did meanwhile arrives, newer than the delete (as the annotation files' merge stores it).
    const deleted = (await db.annotations.get(id))!;
    await db.annotations.put({ ...deleted, note: '另一台设备写的笔记', tagIds: [other.id], updatedAt: deleted.updatedAt + 1 });
    await themes.undo();
    expect(await db.annotations.get(id)).toMatchObject({ note: '另一台设备写的笔记', tagIds: [tag.id, other.id], deletedAt: null });

    // The merge is made from the passages as the theme page last read them: a note written since is not taken back.
    const third = (await themes.create('政务服务'))!;
    await themes.refresh();
    const before = (await db.annotations.get(id))!;
    await db.annotations.put({ ...before, note: '合并之前写的笔记', updatedAt: before.updatedAt + 1 });
    await themes.merge(tag.id, third.id);
    expect(await db.annotations.get(id)).toMatchObject({ note: '合并之前写的笔记', tagIds: [third.id, other.id] });
    const merged = (await db.annotations.get(id))!;
    await db.annotations.put({ ...merged, note: '合并之后写的笔记', updatedAt: merged.updatedAt + 1 });
    await themes.undo();
    expect(await db.annotations.get(id)).toMatchObject({ note: '合并之后写的笔记', tagIds: [tag.id, other.id] });
  });

  it('a notebook step and its undo change only what the step changes: a note written since stays', async () => {
    const { app, db } = await started();
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.notebook.refresh();
    app.notebook.setSelected([id], true);
    await app.notebook.recolour('green');
    const recoloured = (await db.annotations.get(id))!;
    expect(recoloured.color).toBe('green');
    await db.annotations.put({ ...recoloured, note: '另一台设备写的笔记', updatedAt: recoloured.updatedAt + 1 });
    await app.undo();
    expect(await db.annotations.get(id)).toMatchObject({ color: 'yellow', note: '另一台设备写的笔记', deletedAt: null });
  });

  it('counts tagged passages and untagged mentions per article for the map', async () => {
    const { themes } = await started();
    const tag = (await themes.create('营商环境'))!;
    await themes.select(tag.id);
    await themes.tagMentions(tag.id, themes.mentionGroups.filter((g) => g.article.key === SEED.s004).flatMap((g) => g.mentions.slice(0, 3).map((mention) => ({ articleKey: g.article.key, fingerprint: g.fingerprint, mention }))));
    await themes.refreshMap();
    expect(themes.taggedCounts.get(tag.id)?.get(SEED.s004)).toBe(3);
    expect(Object.fromEntries([...themes.mentionCounts.get(tag.id)!].map(([k, n]) => [k.slice(0, 3), n]))).toEqual({ '000': 7, '002': 5, '003': 1, '004': 8 });
  });

  it('searches text, notes and theme names in any script', async () => {
    const { app } = await started();
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.editNote(id, '关于營商環境的笔记');
    await app.themes.create('营商环境');
    const r = await app.search.run('营商環境');
    expect(r.articles.map((a) => a.total)).toEqual([11, 7, 5, 1]);
    expect(r.notes.map((n) => n.id)).toEqual([id]);
    expect(r.themes.map((t) => t.name)).toEqual(['营商环境']);
  });

  it('reads the notes once, then again only after an annotation changed: every edit is found by the next search', async () => {
    const { app, db } = await started();
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.editNote(id, '第一稿');
    expect((await app.search.run('第一稿')).notes.map((n) => n.id)).toEqual([id]);
    await app.annotations.editNote(id, '第二稿');
    expect((await app.search.run('第二稿')).notes.map((n) => n.id)).toEqual([id]);
    expect((await app.search.run('第一稿')).notes).toEqual([]);
    // A write that is not this window's (another window, an import) reaches the next query too.
    const row = (await db.annotations.get(id))!;
    await db.annotations.put({ ...row, note: '别处改的', updatedAt: row.updatedAt + 1 });
    await until(() => app.annotations.model.records[0]?.note === '别处改的', 'sync');
    expect((await app.search.run('别处改的')).notes.map((n) => n.id)).toEqual([id]);
    // With nothing changed the notes are not read again.
    let reads = 0;
    const hook = () => void reads++;
    db.annotations.hook('reading', (r) => (hook(), r));
    await app.search.run('别处');
    expect(reads).toBe(0);
  });

  it('shows a page of articles at a time, counting them all, and the next page on request', async () => {
    const { app } = await started();
    const first = await app.search.run('营商环境');
    expect([first.articles.length, first.totalArticles, first.totalHits]).toEqual([4, 4, 24]);
    // The seeds give fewer articles than a page; "more" keeps the query and asks for a larger page.
    const more = await app.search.more();
    expect(more.query).toBe('营商环境');
    expect(more.articles).toEqual(first.articles);
  });

  it('follows the library: a changed file is re-indexed, a removed one leaves the index', async () => {
    const { app, host } = await started();
    host.files.set(SEED.s001, { text: '标题\n\n这里也讲营商环境。' });
    host.emit({ type: 'change', entry: host.entry(SEED.s001) });
    await until(() => app.library.entries.find((e) => e.key === SEED.s001)?.fingerprint === host.entry(SEED.s001).fingerprint);
    await app.search.settled();
    expect((await app.search.run('营商环境')).articles.map((a) => a.key.slice(0, 3))).toContain('001');
    host.files.delete(SEED.s004);
    host.emit({ type: 'remove', key: SEED.s004 });
    await app.search.settled();
    expect((await app.search.run('营商环境')).articles.map((a) => a.key.slice(0, 3))).not.toContain('004');
  });

  it('answers a new theme from the index as it stands while the index is still growing, and in full once it is complete', async () => {
    const { app, themes } = await started();
    // The index has not reached 004 yet (11 of the 24 mentions) and its pass is still under way.
    await app.search.client.request({ type: 'remove', key: SEED.s004 });
    app.search.total = app.search.indexed + 1;
    app.search.settled = () => new Promise<void>(() => {});
    const tag = (await themes.create('营商环境'))!;
    await themes.select(tag.id);
    expect(themes.mentionTotal).toBe(13);
    expect(themes.mentionsCounting).toBe(true);
    // The pass reaches 004: the index's new revision asks again, and the count is whole.
    const revision = app.search.revision;
    await app.search.sync(app.library.entries);
    expect(app.search.revision).toBeGreaterThan(revision);
    await themes.refreshMentions();
    expect(themes.mentionTotal).toBe(24);
    expect(themes.mentionsCounting).toBe(false);
  });

  it('says it is counting, never a count of 0, until the selected theme\'s mentions are all in', async () => {
    const { app, themes } = await started();
    const a = (await themes.create('营商环境'))!;
    const b = (await themes.create('招商引资'))!;
    await themes.select(a.id);
    expect(themes.mentionsCounting).toBe(false);
    expect(themes.mentionTotal).toBe(24);
    // Another theme asked for: the first one's answer is in hand, the new one's is not.
    const selecting = themes.select(b.id);
    expect(themes.mentionsCounting).toBe(true);
    await selecting;
    expect(themes.mentionsCounting).toBe(false);
    // An index still being built gives partial counts: still counting.
    app.search.total = app.search.indexed + 1;
    expect(themes.mentionsCounting).toBe(true);
    app.search.total = app.search.indexed;
    expect(themes.mentionsCounting).toBe(false);
  });
});

describe('ThemesState codebook', () => {
  // Only the clock is fake (timers stay real, the index and waits use them): times are exact.
  afterEach(() => void vi.useRealTimers());
  const at = (ms: number) => vi.setSystemTime(ms);

  it('nests themes, refuses loops, rolls counts up to parents and shows children’s passages on the parent page', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(1_000);
    const { app, themes, db } = await started();
    const env = (await themes.create('营商环境'))!;
    const { tag: gov, moved } = await themes.createChild(env.id, '政务服务');
    expect(moved).toEqual({ ok: true });
    const fin = (await themes.create('融资'))!;
    at(2_000);
    expect(await themes.move(fin.id, env.id)).toEqual({ ok: true });
    expect(await db.tags.get(fin.id)).toMatchObject({ parentId: env.id, updatedAt: 2_000 });
    expect(await themes.move(env.id, gov!.id)).toEqual({ ok: false, reason: 'cycle' });
    expect(await themes.move(env.id, env.id)).toEqual({ ok: false, reason: 'self' });
    expect(themes.tree.map((r) => [r.theme.name, r.depth])).toEqual([
      ['营商环境', 0],
      ['融资', 1],
      ['政务服务', 1],
    ]);

    // Passages: one on 政务服务, one on 营商环境 and 融资 both, one on 融资.
    const a1 = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.addTag(a1, '政务服务');
    const a2 = (await app.annotations.create({ start: 10, end: 14 }))!;
    await app.annotations.addTag(a2, '营商环境');
    await app.annotations.addTag(a2, '融资');
    const a3 = (await app.annotations.create({ start: 20, end: 24 }))!;
    await app.annotations.addTag(a3, '融资');
    await themes.refresh();
    const total = (id: string) => [...(themes.taggedCounts.get(id)?.values() ?? [])].reduce((x, y) => x + y, 0);
    expect([total(env.id), total(fin.id), total(gov!.id)]).toEqual([3, 2, 1]);

    await themes.select(env.id);
    const shown = themes.passages.flatMap((g) => g.passages);
    expect(shown.map((r) => r.id).sort()).toEqual([a1, a2, a3].sort());
    expect(Object.fromEntries(shown.map((r) => [r.id, themes.passageVia(r)?.name ?? null]))).toEqual({ [a1]: '政务服务', [a2]: null, [a3]: '融资' });

    // Promote to the top level; undo puts it back (one step).
    expect(await themes.move(fin.id, null)).toEqual({ ok: true });
    expect(total(env.id)).toBe(2);
    await themes.undo();
    expect((await db.tags.get(fin.id))!.parentId).toBe(env.id);
    expect(total(env.id)).toBe(3);
  });

  it('delete is a tombstone that undo brings back; children move up; every step dates the theme', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(1_000);
    const { app, themes, db } = await started();
    const env = (await themes.create('营商环境'))!;
    const { tag: gov } = await themes.createChild(env.id, '政务服务');
    const { tag: one } = await themes.createChild(gov!.id, '一网通办');
    const id = (await app.annotations.create({ start: 0, end: 4 }))!;
    await app.annotations.addTag(id, '政务服务');
    await themes.refresh();

    at(5_000);
    await themes.update(gov!.id, { description: '窗口、审批', color: 'green' });
    expect(await db.tags.get(gov!.id)).toMatchObject({ description: '窗口、审批', color: 'green', updatedAt: 5_000 });

    at(6_000);
    await themes.remove(gov!.id);
    expect(await db.tags.get(gov!.id)).toMatchObject({ deletedAt: 6_000, updatedAt: 6_000, name: '政务服务' });
    expect(await db.tags.get(one!.id)).toMatchObject({ parentId: env.id, updatedAt: 6_000 });
    expect(themes.tags.map((t) => t.name).sort()).toEqual(['一网通办', '营商环境']);
    expect((await db.annotations.get(id))!.tagIds).toEqual([]);
    // Two moves under a parent, the highlight and its theme (the window's one history), the edit, the delete.
    expect(themes.history.depth.undo).toBe(6);

    at(7_000);
    await themes.undo();
    // Back, live, and dated by the undo: an import of an older copy cannot delete it again.
    expect(await db.tags.get(gov!.id)).toMatchObject({ deletedAt: null, updatedAt: 7_000, description: '窗口、审批', parentId: env.id });
    expect(await db.tags.get(one!.id)).toMatchObject({ parentId: gov!.id, updatedAt: 7_000 });
    expect((await db.annotations.get(id))!.tagIds).toEqual([gov!.id]);

    at(8_000);
    await themes.merge(gov!.id, env.id);
    expect(await db.tags.get(gov!.id)).toMatchObject({ deletedAt: 8_000, mergedInto: env.id });
    expect(await db.tags.get(env.id)).toMatchObject({ aliases: ['政务服务'], updatedAt: 8_000, deletedAt: null });
    expect(await db.tags.get(one!.id)).toMatchObject({ parentId: env.id });
    expect((await db.annotations.get(id))!.tagIds).toEqual([env.id]);
  });

  it('suggestions are counted once for the index and themes as they are, however often they are asked for; a new theme asks again', async () => {
    const { app, themes } = await started();
    const request = vi.spyOn(app.search.client, 'request');
    const suggestCalls = () => request.mock.calls.filter(([message]) => (message as { type: string }).type === 'suggest').length;
    await Promise.all([themes.refreshSuggestions(), themes.refreshSuggestions()]);
    await themes.refreshSuggestions();
    expect(suggestCalls()).toBe(1);
    expect(themes.suggestions.map((s) => s.term)).toContain('营商环境');
    await themes.create('营商环境');
    await themes.refreshSuggestions();
    expect(suggestCalls()).toBe(2);
    expect(themes.suggestions.map((s) => s.term)).not.toContain('营商环境');
    app.stop();
  });

  it('an undo that would bring back a theme whose name a new theme took is refused, saying which', async () => {
    const { themes, db } = await started();
    const old = (await themes.create('营商环境'))!;
    await themes.remove(old.id);
    const again = (await themes.create('營商環境'))!;
    expect(again.id).not.toBe(old.id);
    expect(await themes.undo()).toBe(false);
    expect(themes.blocked).toEqual({ name: '營商環境' });
    expect((await db.tags.get(old.id))!.deletedAt).not.toBeNull();
    expect(themes.tags.map((t) => t.id)).toEqual([again.id]);
    // The step stays to undo; a later step that succeeds clears the message, until the next refusal.
    expect(themes.history.depth.undo).toBe(1);
    await themes.update(again.id, { color: 'blue' });
    expect(themes.blocked).toBeNull();
    expect(await themes.undo()).toBe(true);
    expect(await themes.undo()).toBe(false);
    expect(themes.blocked).toEqual({ name: '營商環境' });
  });
});
