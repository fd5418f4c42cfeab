// Themes between two "machines" on one library folder (two web hosts, two --data folders, two
// browser profiles), as in annotation-files-two-hosts.spec.ts. A theme made and tagged on one
// machine, renamed on the other, merged, deleted and the delete undone: each step reaches the
// other through the codebook and the article files, by the watcher, without a reload.
//
// Then both machines edit while neither's files reach the folder (their writes held back, as
// when a sync tool has not carried them yet), so every edit is made without the other's: notes
// on different highlights and on the same one, a highlight deleted on one side and noted on
// the other (in both orders), a theme renamed on one side while the other tags a passage with
// it, and one theme name made on both. Once the writes go through, both databases hold the
// same records, and those are the ones the merge rule of core/syncMerge.ts gives, written out
// by hand below: the version changed last wins, a deletion counting as a change when it was
// made; two live themes of one name become one, the one of smaller id.
import { expect, test, type Page } from '@playwright/test';
import { highlightTexts, openArticle, selectByKeyboard, storedRows, tagWithTheme, themeList, themesDialog } from './harness.ts';
import { annotationPane, holdAnnotationWrites, openAnnotationPane, twoMachines, type HeldWrites } from './twoMachines.ts';

const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
/** Changes travel through the files and a watcher's debounce: seconds at most, on a busy machine. */
const SYNC = { timeout: 15_000 };

interface StoredAnnotation {
  id: string;
  quote: { exact: string };
  note: string;
  tagIds: string[];
  updatedAt: number;
  deletedAt: number | null;
  libraryIds?: string[];
}

interface StoredTheme {
  id: string;
  name: string;
  updatedAt: number;
  deletedAt: number | null;
  mergedInto?: string | null;
  libraryIds?: string[];
}

const pane = annotationPane;
const entry = (page: Page, passage: string) => pane(page).getByRole('list', { name: '本文标注' }).getByRole('listitem').filter({ hasText: passage });
const noteEditor = (page: Page) => pane(page).getByRole('textbox', { name: '笔记' });
const chips = (page: Page) => pane(page).getByRole('button', { name: /^移除主题：/ });
const themeChip = (page: Page, passage: string, theme: string) => entry(page, passage).getByRole('button', { name: `移除主题：${theme}` });
const themeNames = (page: Page) => themeList(page).locator('.theme-item-name');
const sortedYellow = async (page: Page) => (await highlightTexts(page, 'pizhu-yellow')).sort();

/** Each machine's page at its own host, the article open in 简体 with the annotation pane. */
async function openOnBoth({ hostA, hostB, a, b }: Awaited<ReturnType<typeof twoMachines>>): Promise<void> {
  for (const [page, url] of [
    [a.page, hostA.url],
    [b.page, hostB.url],
  ] as const) {
    await page.goto(url);
    await openArticle(page, TITLE, '简体');
    await openAnnotationPane(page);
  }
}

async function openThemes(page: Page): Promise<void> {
  await page.getByRole('button', { name: '主题', exact: true }).click();
  await expect(themesDialog(page)).toBeVisible();
}

async function closeThemes(page: Page): Promise<void> {
  await themesDialog(page).locator('.themes-head').getByRole('button', { name: '关闭' }).click();
  await expect(themesDialog(page)).toBeHidden();
}

/** The themes dialog's page of theme `from` (open), its name changed to `to` and saved. */
async function renameTheme(page: Page, from: string, to: string): Promise<void> {
  const dialog = themesDialog(page);
  await themeList(page).getByRole('button', { name: new RegExp(`^${from} \\d+$`) }).click();
  await expect(dialog.getByRole('heading', { name: `#${from}` })).toBeVisible();
  await dialog.getByRole('textbox', { name: '名称', exact: true }).fill(to);
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: `#${to}` })).toBeVisible();
}

/** The page's stored annotations by their passage (each passage here is highlighted once). */
async function storedByPassage(page: Page): Promise<Record<string, StoredAnnotation>> {
  return Object.fromEntries((await storedRows<StoredAnnotation>(page, 'annotations')).map((row) => [row.quote.exact, row]));
}

/** The note written on the highlight of `passage` from the pane, as a user types it, and stored. */
async function writeNote(page: Page, passage: string, note: string): Promise<void> {
  await entry(page, passage).getByRole('button', { name: '写笔记', exact: true }).click();
  await expect(noteEditor(page)).toBeFocused();
  await page.keyboard.type(note);
  await page.keyboard.press('Escape');
  await expect(entry(page, passage)).toContainText(note);
  await expect.poll(async () => (await storedByPassage(page))[passage]?.note).toBe(note);
}

/** A click on the highlighted passage in the article selects it; the toolbar's 删除 deletes it. */
async function deleteHighlight(page: Page, passage: string): Promise<void> {
  const point = await page.evaluate((passage) => {
    const nodes = [...document.querySelectorAll('#reader article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(passage));
    if (!node) throw new Error(`not in the body: ${passage}`);
    node.parentElement!.scrollIntoView({ block: 'center' });
    const at = node.data.indexOf(passage) + Math.floor(passage.length / 2);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const box = range.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }, passage);
  await page.mouse.click(point.x, point.y);
  const toolbar = page.getByRole('toolbar', { name: '标注' });
  await toolbar.getByRole('button', { name: '删除', exact: true }).click();
  await expect(entry(page, passage)).toHaveCount(0);
  await expect.poll(async () => (await storedByPassage(page))[passage]?.deletedAt ?? null).not.toBeNull();
}

async function highlight(page: Page, passage: string): Promise<void> {
  await selectByKeyboard(page, passage);
  await page.keyboard.press('h');
  await expect(entry(page, passage)).toHaveCount(1);
}

test('a theme made on A, renamed on B, merged, deleted and the delete undone on A: each step reaches the other machine', async () => {
  test.setTimeout(300_000);
  const TAGGED_ON_A = '安吉入选';
  const TAGGED_ON_B = '绿水青山环绕';
  const NOTE_ON_B = '主题删掉以后乙机写的笔记';
  const machines = await twoMachines('themes-live');
  const { a, b } = machines;
  try {
    await openOnBoth(machines);

    // A highlights a passage and gives it a new theme: B shows the highlight with the theme, and the theme in its list.
    await selectByKeyboard(a.page, TAGGED_ON_A);
    await tagWithTheme(a.page, '生态');
    await expect(themeChip(a.page, TAGGED_ON_A, '生态')).toBeVisible();
    await expect.poll(() => highlightTexts(b.page, 'pizhu-yellow'), SYNC).toEqual([TAGGED_ON_A]);
    await expect(themeChip(b.page, TAGGED_ON_A, '生态')).toBeVisible(SYNC);
    await openThemes(b.page);
    await expect(themeNames(b.page)).toHaveText(['生态']);

    // B renames it: A shows the new name on the passage and in its list, and the old one nowhere.
    await renameTheme(b.page, '生态', '绿色发展');
    await closeThemes(b.page);
    await expect(themeChip(a.page, TAGGED_ON_A, '绿色发展')).toBeVisible(SYNC);
    await expect(chips(a.page)).toHaveCount(1);
    await openThemes(a.page);
    await expect(themeNames(a.page)).toHaveText(['绿色发展']);

    // B tags another passage with a theme of its own: A, its themes dialog open, lists it and merges it into 绿色发展.
    await selectByKeyboard(b.page, TAGGED_ON_B);
    await tagWithTheme(b.page, '生态文明');
    await expect.poll(async () => (await themeNames(a.page).allTextContents()).sort(), SYNC).toEqual(['生态文明', '绿色发展'].sort());
    await themeList(a.page).getByRole('button', { name: /^生态文明 \d+$/ }).click();
    await themesDialog(a.page).getByRole('combobox', { name: '合并到' }).selectOption({ label: '绿色发展' });
    await themesDialog(a.page).getByRole('button', { name: '合并', exact: true }).click();
    await expect(themesDialog(a.page).getByRole('heading', { name: '#绿色发展' })).toBeVisible();
    await expect(themeNames(a.page)).toHaveText(['绿色发展']);

    // On B: one theme, with 生态文明 as its alias, on both passages.
    await expect(themeChip(b.page, TAGGED_ON_B, '绿色发展')).toBeVisible(SYNC);
    await expect(chips(b.page)).toHaveCount(2);
    await openThemes(b.page);
    await expect(themeNames(b.page)).toHaveText(['绿色发展']);
    await themeList(b.page).getByRole('button', { name: /^绿色发展 \d+$/ }).click();
    await expect(themesDialog(b.page).getByRole('textbox', { name: '别名（用逗号分隔）' })).toHaveValue('生态文明');
    await expect(themesDialog(b.page).getByRole('heading', { name: '已标注段落（2）' })).toBeVisible();
    await closeThemes(b.page);

    // A deletes it: on B the passages stay, highlighted, without the theme, and no theme is left.
    await themesDialog(a.page).getByRole('button', { name: '删除主题' }).click();
    await expect(themeNames(a.page)).toHaveCount(0);
    await closeThemes(a.page);
    await expect(chips(b.page)).toHaveCount(0, SYNC);
    expect(await sortedYellow(b.page)).toEqual([TAGGED_ON_A, TAGGED_ON_B].sort());
    await openThemes(b.page);
    await expect(themesDialog(b.page).getByText('还没有主题。').first()).toBeVisible();
    await closeThemes(b.page);

    // Meanwhile B writes a note on one of the passages, and A has it before it undoes.
    await writeNote(b.page, TAGGED_ON_A, NOTE_ON_B);
    await expect(entry(a.page, TAGGED_ON_A)).toContainText(NOTE_ON_B, SYNC);

    // A's 撤销 brings the theme back on both passages, on both machines, and B's note stays.
    await openThemes(a.page);
    await themesDialog(a.page).locator('.themes-head').getByRole('button', { name: '撤销' }).click();
    await expect(themeNames(a.page)).toHaveText(['绿色发展']);
    await closeThemes(a.page);
    for (const page of [a.page, b.page]) {
      await expect(chips(page)).toHaveCount(2, SYNC);
      await expect(themeChip(page, TAGGED_ON_A, '绿色发展')).toBeVisible();
      await expect(themeChip(page, TAGGED_ON_B, '绿色发展')).toBeVisible();
      await expect(entry(page, TAGGED_ON_A)).toContainText(NOTE_ON_B);
    }
    await openThemes(b.page);
    await expect(themeNames(b.page)).toHaveText(['绿色发展']);
    expect((await storedByPassage(a.page))[TAGGED_ON_A].note).toBe(NOTE_ON_B);
    expect((await storedByPassage(b.page))[TAGGED_ON_A].note).toBe(NOTE_ON_B);

    machines.expectOnlyOwnHosts();
  } finally {
    await machines.close();
  }
});

// The passages of the convergence test, each highlighted once in seed 000.
const NOTED_ON_A = '绿水青山环绕';
const NOTED_ON_B = '热火朝天的建设场景';
const NOTED_ON_BOTH = '百姓安居的生动画面';
const DELETED_THEN_NOTED = '浙北县城的发展脉动';
const THEMED = '安吉入选';
const NOTED_THEN_DELETED = '大兴实干之风';
const TAGGED_WHILE_RENAMED = '提速企业上市进程';
const NEW_THEME_ON_A = '提供办公用房';
const NEW_THEME_ON_B = '清单式解决企业员工招聘';

const NOTE_A = '甲机的笔记';
const NOTE_B = '乙机的笔记';
const NOTE_BOTH_A = '甲机先写的';
const NOTE_BOTH_B = '乙机后写的';
const NOTE_AFTER_DELETE = '删除之后乙机写的';
const NOTE_BEFORE_DELETE = '删除之前乙机写的';

/**
 * What each passage's highlight is once both machines have read each other's files, by the
 * merge rule. `themes` are the names of the live themes its tag ids stand for (a theme merged
 * into another stands for that one); a tag id of a theme deleted would show as `deleted:<name>`.
 */
const CONVERGED: Record<string, { note: string; deleted: boolean; themes: string[] }> = {
  [NOTED_ON_A]: { note: NOTE_A, deleted: false, themes: [] },
  [NOTED_ON_B]: { note: NOTE_B, deleted: false, themes: [] },
  // B's note came after A's.
  [NOTED_ON_BOTH]: { note: NOTE_BOTH_B, deleted: false, themes: [] },
  // B's note came after A's deletion: the later change wins, and the highlight lives on, with it.
  [DELETED_THEN_NOTED]: { note: NOTE_AFTER_DELETE, deleted: false, themes: [] },
  // The theme renamed on A: the passage keeps it, under its new name.
  [THEMED]: { note: '', deleted: false, themes: ['绿色发展'] },
  // A deleted it after B's note: the tombstone (A's version, which never had the note) wins.
  [NOTED_THEN_DELETED]: { note: '', deleted: true, themes: [] },
  // Tagged on B with the theme by its old name while A renamed it: one theme, the new name.
  [TAGGED_WHILE_RENAMED]: { note: '', deleted: false, themes: ['绿色发展'] },
  // 共同富裕 made on each machine: both passages end up with the one theme kept.
  [NEW_THEME_ON_A]: { note: '', deleted: false, themes: ['共同富裕'] },
  [NEW_THEME_ON_B]: { note: '', deleted: false, themes: ['共同富裕'] },
};

/** The stored annotations as CONVERGED states them. */
async function passagesOf(page: Page): Promise<typeof CONVERGED> {
  const themes = new Map((await storedRows<StoredTheme>(page, 'tags')).map((t) => [t.id, t]));
  // A passage may keep the id of a theme merged away: it reads as the theme that one went into.
  const nameOf = (id: string, seen: string[] = []): string => {
    const theme = themes.get(id);
    if (theme === undefined) return `missing:${id}`;
    if (theme.deletedAt === null) return theme.name;
    return theme.mergedInto && !seen.includes(id) ? nameOf(theme.mergedInto, [...seen, id]) : `deleted:${theme.name}`;
  };
  return Object.fromEntries(
    Object.entries(await storedByPassage(page)).map(([passage, row]) => [passage, { note: row.note, deleted: row.deletedAt !== null, themes: row.tagIds.map((id) => nameOf(id)) }]),
  );
}

/** The stored themes: live ones by name, and each tombstone with the name of the theme it went into and whether that one's id is the smaller. */
async function themesOf(page: Page): Promise<{ live: string[]; merged: { name: string; into: string | null; keptSmallerId: boolean }[] }> {
  const rows = await storedRows<StoredTheme>(page, 'tags');
  const byId = new Map(rows.map((t) => [t.id, t]));
  return {
    live: rows
      .filter((t) => t.deletedAt === null)
      .map((t) => t.name)
      .sort(),
    merged: rows
      .filter((t) => t.deletedAt !== null)
      .map((t) => ({ name: t.name, into: t.mergedInto ? (byId.get(t.mergedInto)?.name ?? null) : null, keptSmallerId: !!t.mergedInto && t.mergedInto < t.id })),
  };
}

/** Every stored row of a table as it travels: by id, without the local note of libraries. */
async function travellingRows(page: Page, table: 'annotations' | 'tags'): Promise<unknown[]> {
  const rows = await storedRows<{ id: string; libraryIds?: string[] }>(page, table);
  return rows.map(({ libraryIds: _local, ...row }) => row).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

test('edits made on both machines before either has read the other’s converge to the same records on both', async () => {
  test.setTimeout(300_000);
  const machines = await twoMachines('themes-converge');
  const { a, b } = machines;
  const held: HeldWrites[] = [];
  try {
    await openOnBoth(machines);

    // Before: A highlights six passages, one with the theme 生态, and B has them all.
    for (const passage of [NOTED_ON_A, NOTED_ON_B, NOTED_ON_BOTH, DELETED_THEN_NOTED, NOTED_THEN_DELETED]) await highlight(a.page, passage);
    await selectByKeyboard(a.page, THEMED);
    await tagWithTheme(a.page, '生态');
    const before = [NOTED_ON_A, NOTED_ON_B, NOTED_ON_BOTH, DELETED_THEN_NOTED, THEMED, NOTED_THEN_DELETED].sort();
    await expect.poll(() => sortedYellow(b.page), SYNC).toEqual(before);
    await expect(themeChip(b.page, THEMED, '生态')).toBeVisible(SYNC);

    // From here nothing either machine does reaches the folder until both have made their edits.
    held.push(await holdAnnotationWrites(a), await holdAnnotationWrites(b));
    await writeNote(a.page, NOTED_ON_A, NOTE_A);
    await writeNote(b.page, NOTED_ON_B, NOTE_B);
    await writeNote(a.page, NOTED_ON_BOTH, NOTE_BOTH_A);
    await writeNote(b.page, NOTED_ON_BOTH, NOTE_BOTH_B);
    await deleteHighlight(a.page, DELETED_THEN_NOTED);
    await writeNote(b.page, DELETED_THEN_NOTED, NOTE_AFTER_DELETE);
    await writeNote(b.page, NOTED_THEN_DELETED, NOTE_BEFORE_DELETE);
    await deleteHighlight(a.page, NOTED_THEN_DELETED);
    await openThemes(a.page);
    await renameTheme(a.page, '生态', '绿色发展');
    await closeThemes(a.page);
    await selectByKeyboard(b.page, TAGGED_WHILE_RENAMED);
    await tagWithTheme(b.page, '生态');
    await expect(themeChip(b.page, TAGGED_WHILE_RENAMED, '生态')).toBeVisible();
    await selectByKeyboard(a.page, NEW_THEME_ON_A);
    await tagWithTheme(a.page, '共同富裕');
    await selectByKeyboard(b.page, NEW_THEME_ON_B);
    await tagWithTheme(b.page, '共同富裕');
    await expect(themeChip(a.page, NEW_THEME_ON_A, '共同富裕')).toBeVisible();
    await expect(themeChip(b.page, NEW_THEME_ON_B, '共同富裕')).toBeVisible();

    // The premises, as the stored rows say: neither machine has the other's edits, both tried
    // to write theirs, and the stamps are in the order the edits were made.
    const [hereA, hereB] = [await storedByPassage(a.page), await storedByPassage(b.page)];
    expect(hereA[NOTED_ON_B].note).toBe('');
    expect(hereB[NOTED_ON_A].note).toBe('');
    expect(hereB[DELETED_THEN_NOTED].deletedAt).toBeNull();
    expect((await themesOf(b.page)).live.sort()).toEqual(['共同富裕', '生态'].sort());
    expect(hereB[NOTED_ON_BOTH].updatedAt).toBeGreaterThan(hereA[NOTED_ON_BOTH].updatedAt);
    expect(hereB[DELETED_THEN_NOTED].updatedAt).toBeGreaterThan(hereA[DELETED_THEN_NOTED].deletedAt!);
    expect(hereA[NOTED_THEN_DELETED].deletedAt!).toBeGreaterThan(hereB[NOTED_THEN_DELETED].updatedAt);
    await expect.poll(() => held.map((h) => h.count() > 0)).toEqual([true, true]);

    // The writes go through: each machine reads the other's files, merges, writes back, until both agree.
    for (const h of held.splice(0)) await h.release();
    for (const page of [a.page, b.page]) {
      await expect.poll(() => passagesOf(page), SYNC).toEqual(CONVERGED);
      await expect.poll(() => themesOf(page), SYNC).toEqual({ live: ['共同富裕', '绿色发展'].sort(), merged: [{ name: '共同富裕', into: '共同富裕', keptSmallerId: true }] });
    }
    // Not only alike in what the test looks at: the same rows, field for field.
    for (const table of ['annotations', 'tags'] as const) {
      await expect(async () => expect(await travellingRows(a.page, table)).toEqual(await travellingRows(b.page, table))).toPass(SYNC);
    }

    // And both show it: the highlight noted after its deletion is back on A, the one deleted after its note gone from B.
    const shown = Object.entries(CONVERGED)
      .filter(([, p]) => !p.deleted)
      .map(([passage]) => passage)
      .sort();
    for (const page of [a.page, b.page]) {
      await expect.poll(() => sortedYellow(page), SYNC).toEqual(shown);
      await expect(entry(page, DELETED_THEN_NOTED)).toContainText(NOTE_AFTER_DELETE);
      await expect(entry(page, NOTED_ON_BOTH)).toContainText(NOTE_BOTH_B);
      await expect(themeChip(page, TAGGED_WHILE_RENAMED, '绿色发展')).toBeVisible();
      await expect(themeChip(page, NEW_THEME_ON_A, '共同富裕')).toBeVisible();
      await expect(themeChip(page, NEW_THEME_ON_B, '共同富裕')).toBeVisible();
    }

    machines.expectOnlyOwnHosts();
  } finally {
    for (const h of held) await h.release();
    await machines.close();
  }
});
