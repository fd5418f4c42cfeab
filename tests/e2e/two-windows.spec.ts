// Two windows (two pages of one browser profile, so one origin and one database): what one
// does shows in the other without a reload — Dexie broadcasts each commit to the other
// windows, and each reloads the rows that changed.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO, highlightTexts, holdTypingDelays, openArticle, releaseTypingDelays, selectByKeyboard, useWebHost } from './harness.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '安吉入选';
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });
const items = (page: Page) => pane(page).getByRole('list', { name: '本文标注' }).getByRole('listitem');

/** The article in the 简体 view with the annotation pane shown. */
async function openWithPane(page: Page): Promise<void> {
  await openArticle(page, TITLE, '简体');
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(pane(page)).toBeVisible();
}

/** Two windows of one profile, each with the article and its annotation pane. */
async function twoWindows(): Promise<{ a: Page; b: Page }> {
  const { context, page: a } = await web.open();
  await openWithPane(a);
  const b = await context.newPage();
  await b.goto(web.host().url);
  await openWithPane(b);
  return { a, b };
}

/** The passage highlighted in A with `note` written and left, shown in B's pane. */
async function notedInA(a: Page, b: Page, note: string): Promise<void> {
  await selectByKeyboard(a, PASSAGE);
  await a.keyboard.press('h');
  await a.keyboard.press('n');
  await a.keyboard.type(note);
  await a.keyboard.press('Escape');
  await expect(items(b).first()).toContainText(note);
}

test('a highlight, a note, a delete and its undo in one window show in the other, painted', async () => {
  const { a, b } = await twoWindows();

  await selectByKeyboard(a, PASSAGE);
  await a.keyboard.press('h');
  await expect.poll(() => highlightTexts(a, 'pizhu-yellow')).toEqual([PASSAGE]);
  // B: in the pane and painted in the text, no reload.
  await expect(items(b)).toHaveCount(1);
  await expect(items(b).first()).toContainText(PASSAGE);
  await expect.poll(() => highlightTexts(b, 'pizhu-yellow')).toEqual([PASSAGE]);

  // A note written in B shows in A.
  await items(b).first().getByRole('button', { name: '写笔记' }).click();
  await expect(pane(b).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await b.keyboard.type('在另一个窗口写的笔记');
  await b.keyboard.press('Escape');
  await expect(items(a).first()).toContainText('在另一个窗口写的笔记');

  // Deleted in A: gone from B. Undone in A: back in both, with its note.
  await expect(items(a)).toHaveCount(1);
  await items(a).first().getByRole('button', { name: new RegExp(PASSAGE) }).click();
  await a.evaluate(() => document.getElementById('reader')!.focus());
  await a.keyboard.press('Delete');
  await expect(items(a)).toHaveCount(0);
  await expect(items(b)).toHaveCount(0);
  await expect.poll(() => highlightTexts(b, 'pizhu-yellow')).toEqual([]);
  await a.keyboard.press('Control+z');
  await expect(items(a)).toHaveCount(1);
  await expect(items(b)).toHaveCount(1);
  await expect(items(b).first()).toContainText('在另一个窗口写的笔记');
  await expect.poll(() => highlightTexts(b, 'pizhu-yellow')).toEqual([PASSAGE]);
});

test('a note edited in both windows: the window that is still typing keeps its text and is told', async () => {
  const { a, b } = await twoWindows();
  await selectByKeyboard(a, PASSAGE);
  await a.keyboard.press('n');
  await a.keyboard.type('A 的第一稿');
  await expect(items(b).first()).toContainText('A 的第一稿');

  // B opens the same note. A types on, then B; A's version is saved (Escape leaves its
  // editor) while B's typing still waits for its save delay. Both windows' delays are held
  // until then, so a slow machine can neither save A's typing early (B would be typing after
  // the conflict, which saves) nor let B's delay run out first.
  await items(b).first().getByRole('button', { name: '编辑笔记' }).click();
  const editorB = pane(b).getByRole('textbox', { name: '笔记' });
  await editorB.press('End');
  await holdTypingDelays(a);
  await holdTypingDelays(b);
  await a.keyboard.type('，A 又改了');
  await b.keyboard.type('，B 的补充');
  await a.keyboard.press('Escape');
  await expect(pane(b).getByRole('status')).toContainText('另一个窗口刚修改了这条笔记');
  // B's pending save, let go now, was cancelled when A's version arrived: what follows shows it stored nothing.
  await releaseTypingDelays(b);
  await releaseTypingDelays(a);
  // B's text is kept, and not saved over A's behind the user's back.
  await expect(editorB).toHaveValue('A 的第一稿，B 的补充');
  await b.screenshot({ path: join(REPO, 'tests/artifacts/screenshots/note-conflict.png') });
  await expect(items(a).first()).toContainText('A 的第一稿，A 又改了');
  await expect(items(a).first()).not.toContainText('B 的补充');
  // B takes A's version instead.
  await pane(b).getByRole('button', { name: '改用另一个窗口的版本' }).click();
  await expect(editorB).toHaveValue('A 的第一稿，A 又改了');
  await expect(pane(b).getByRole('status')).toHaveCount(0);
  await editorB.press('Escape');
  await expect(items(b).first()).toContainText('A 的第一稿，A 又改了');
  await expect(items(b).first()).not.toContainText('B 的补充');
});

test('a note open in the other window with nothing typed in it follows the change made here, and leaving it stores nothing over that change', async () => {
  const { a, b } = await twoWindows();
  await notedInA(a, b, 'A 的笔记');

  // B opens the note and only looks; A changes it meanwhile.
  await items(b).first().getByRole('button', { name: '编辑笔记' }).click();
  const editorB = pane(b).getByRole('textbox', { name: '笔记' });
  await expect(editorB).toHaveValue('A 的笔记');
  await items(a).first().getByRole('button', { name: '编辑笔记' }).click();
  await a.keyboard.press('End');
  await a.keyboard.type('，又改了');
  await a.keyboard.press('Escape');
  // B's editor takes it, with nothing to warn of.
  await expect(editorB).toHaveValue('A 的笔记，又改了');
  await expect(pane(b).locator('.note-status')).toHaveCount(0);
  await editorB.press('Escape');
  await expect(items(b).first()).toContainText('A 的笔记，又改了');
  await expect(items(a).first()).toContainText('A 的笔记，又改了');
});
