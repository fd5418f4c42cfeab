// The reader's context menus, from the command table: on a selection and on a highlight, by
// right click and from the keyboard (Shift+F10), in the web host as in Electron.
import { expect, test, type Page } from '@playwright/test';
import { highlightTexts, library, reader, selectByKeyboard, selectText, useWebHost } from './harness.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '安吉县城航拍图';

async function openSeed(page: Page): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
}

/** The middle of the first drawn `needle` in the article. */
async function pointOf(page: Page, needle: string): Promise<{ x: number; y: number }> {
  return page.evaluate((needle) => {
    const nodes = [...document.querySelectorAll('#reader article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(needle))!;
    const range = document.createRange();
    const at = node.data.indexOf(needle) + 2;
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const box = range.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }, needle);
}

const selectionMenu = (page: Page) => page.getByRole('menu', { name: '所选文字' });
const highlightMenu = (page: Page) => page.getByRole('menu', { name: '标注', exact: true });

test('right click on a selection offers the selection commands; on a highlight, the highlight ones', async () => {
  const { page } = await web.open();
  await openSeed(page);
  await selectText(page, PASSAGE);
  let at = await pointOf(page, PASSAGE);
  await page.mouse.click(at.x, at.y, { button: 'right' });
  const menu = selectionMenu(page);
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText([/复制/, /高亮所选文字/, /黄色/, /绿色/, /蓝色/, /粉色/, /紫色/, /写笔记/, /添加主题/, /在文库中搜索所选文字/, /在本文中查找所选文字/]);
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await menu.getByRole('menuitem', { name: /绿色/ }).click();
  await expect(menu).toBeHidden();
  await expect.poll(() => highlightTexts(page, 'pizhu-green')).toEqual([PASSAGE]);

  // On the highlight: its own commands; delete from the menu.
  {
    at = await pointOf(page, PASSAGE);
    await page.mouse.click(at.x, at.y, { button: 'right' });
    const onHighlight = highlightMenu(page);
    await expect(onHighlight).toBeVisible();
    await expect(onHighlight.getByRole('menuitem')).toHaveText([/黄色/, /绿色/, /蓝色/, /粉色/, /紫色/, /下划线/, /写笔记/, /添加主题/, /复制引文/, /复制为 Markdown/, /删除所选标注/]);
    await onHighlight.getByRole('menuitem', { name: /删除所选标注/ }).click();
    await expect.poll(() => highlightTexts(page, 'pizhu-green')).toEqual([]);
  }
  // Plain text, nothing selected: the browser's own menu, not ours.
  await page.evaluate(() => document.getSelection()?.removeAllRanges());
  at = await pointOf(page, PASSAGE);
  await page.mouse.click(at.x, at.y, { button: 'right' });
  await expect(selectionMenu(page)).toBeHidden();
  await expect(highlightMenu(page)).toBeHidden();
});

test('Shift+F10 opens the menu of a keyboard selection; arrows and Enter run an entry', async () => {
  const { page } = await web.open();
  await openSeed(page);
  await selectByKeyboard(page, PASSAGE);
  await page.keyboard.press('Shift+F10');
  const menu = selectionMenu(page);
  await expect(menu).toBeVisible();
  // Down to 在本文中查找所选文字 (the last entry): End, then Enter.
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: /在本文中查找所选文字/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  const find = page.getByRole('search');
  await expect(find).toBeVisible();
  await expect(find.getByRole('searchbox')).toHaveValue(PASSAGE);
  await expect(find.getByRole('status')).toHaveText(/^第 1\/\d+ 处/);
  await page.keyboard.press('Escape');

  // Search the library for it: the search dialog opens on the text.
  await selectByKeyboard(page, PASSAGE);
  await page.keyboard.press('Shift+F10');
  await selectionMenu(page).getByRole('menuitem', { name: /在文库中搜索所选文字/ }).click();
  const search = page.getByRole('dialog', { name: /搜索/ });
  await expect(search).toBeVisible();
  await expect(search.getByRole('combobox').or(search.getByRole('searchbox')).first()).toHaveValue(PASSAGE);
  await page.keyboard.press('Escape');

  // Esc closes the menu and the selection is still there.
  await selectByKeyboard(page, PASSAGE);
  await page.keyboard.press('Shift+F10');
  await expect(selectionMenu(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(selectionMenu(page)).toBeHidden();
  expect(await page.evaluate(() => document.getSelection()!.toString())).toBe(PASSAGE);
});
