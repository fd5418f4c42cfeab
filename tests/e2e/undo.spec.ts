// The window's one undo history through the real renderer: a tag-all made in the themes
// dialog is taken back by Ctrl+Z in the reader once the dialog is closed, and a highlight made
// in the reader by Ctrl+Z inside the dialog.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO, highlightTexts, reader, selectText, tagWithTheme, themeList, themesDialog, useWebHost } from './harness.ts';

const web = useWebHost();

test('Ctrl+Z in the reader undoes a tag-all made in the themes dialog; Ctrl+Z in the dialog undoes a highlight', async () => {
  test.setTimeout(90_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮');
  await selectText(page, '营商环境');
  await tagWithTheme(page, '营商环境');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['营商环境']);

  await page.getByRole('button', { name: '主题', exact: true }).click();
  const dialog = themesDialog(page);
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  await dialog.getByRole('button', { name: '全部标注（23）' }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Seed 000 holds six of the tagged sentences, one of them the passage highlighted by hand.
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).length).toBe(6);

  await reader(page).focus();
  await page.keyboard.press('Control+z');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['营商环境']);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).length).toBe(6);

  // The other way: a highlight made in the reader, undone from inside the themes dialog.
  await selectText(page, '绿水青山');
  await page.keyboard.press('h');
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).includes('绿水青山')).toBe(true);
  await page.getByRole('button', { name: '主题', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).includes('绿水青山')).toBe(false);
  // The tag-all below it is still there.
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).length).toBe(6);
});

const toast = (page: Page) => page.getByRole('group', { name: '提示' });

test('a deleted highlight: a message with 撤销 below the text, never over it, that does not take focus; 撤销 brings it back, Esc dismisses it', async () => {
  test.setTimeout(90_000);
  const { page } = await web.open();
  await page.setViewportSize({ width: 600, height: 800 });
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮');
  await selectText(page, '绿水青山');
  await page.keyboard.press('h');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['绿水青山']);
  await expect(toast(page)).toBeHidden();

  await page.keyboard.press('Delete');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([]);
  await expect(toast(page)).toBeVisible();
  await expect(toast(page).getByRole('status')).toHaveText('已删除标注');
  // Focus stays where the user was.
  expect(await toast(page).evaluate((el) => el.contains(document.activeElement))).toBe(false);
  // Below the text column at 600 px, not over it.
  const text = (await reader(page).boundingBox())!;
  const message = (await toast(page).boundingBox())!;
  expect(message.y).toBeGreaterThanOrEqual(text.y + text.height - 0.5);
  await page.screenshot({ path: join(REPO, 'tests/artifacts/screenshots/undo-toast-600.png') });

  await toast(page).getByRole('button', { name: '撤销' }).click();
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['绿水青山']);
  await expect(toast(page)).toBeHidden();

  // Another deleted: Esc on the message dismisses it, and the step stays undoable.
  await selectText(page, '营商环境');
  await page.keyboard.press('h');
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).length).toBe(2);
  await page.keyboard.press('Delete');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['绿水青山']);
  await expect(toast(page)).toBeVisible();
  await toast(page).getByRole('button', { name: '撤销' }).focus();
  await page.keyboard.press('Escape');
  await expect(toast(page)).toBeHidden();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).length).toBe(2);
});

test('a theme deleted in the themes dialog: the message shows in the dialog and 撤销 brings the theme back', async () => {
  test.setTimeout(90_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮');
  await selectText(page, '营商环境');
  await tagWithTheme(page, '营商环境');
  await page.getByRole('button', { name: '主题', exact: true }).click();
  const dialog = themesDialog(page);
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  await dialog.getByRole('button', { name: '删除主题' }).click();
  await expect(themeList(page).getByRole('button', { name: /^营商环境 \d+$/ })).toHaveCount(0);
  await expect(dialog.getByRole('group', { name: '提示' })).toContainText('已删除主题');
  await dialog.getByRole('group', { name: '提示' }).getByRole('button', { name: '撤销' }).click();
  await expect(themeList(page).getByRole('button', { name: /^营商环境 \d+$/ })).toBeVisible();
});
