// Themes across the library through the real renderer and web host: a theme made from a
// selection in seed 000, its 23 other mentions tagged in one step, the theme page showing 24
// passages in four articles, one opened in seed 004 at its place, the map's counts, a merge,
// and a delete that undo takes back.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO, reader, useWebHost, highlightTexts } from './harness.ts';

const web = useWebHost();
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const TITLE_000 = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const TITLE_004 = '在縣域經濟爭先進位“群馬圖”上，今年的安徽濉溪縣，一組數據令人印象深刻';

/** Selects the first occurrence of `needle` in the article body, as a user's drag would. */
async function selectText(page: Page, needle: string): Promise<void> {
  await page.evaluate((needle) => {
    const nodes = [...document.querySelectorAll('#reader article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(needle));
    if (!node) throw new Error(`not in the body: ${needle}`);
    node.parentElement!.scrollIntoView({ block: 'center' });
    const at = node.data.indexOf(needle);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, needle);
}

const themesDialog = (page: Page) => page.getByRole('dialog', { name: '主题' });
const themeList = (page: Page) => themesDialog(page).getByRole('navigation', { name: '主题列表' });


test('a theme from a selection, tag all mentions, the theme page, the map, merge, delete and undo', async () => {
  test.setTimeout(120_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);

  // T on a selection: highlight it and give it a theme, typed in the picker.
  await selectText(page, '营商环境');
  await expect(page.getByRole('toolbar', { name: '标注' })).toBeVisible();
  await page.keyboard.press('t');
  const picker = page.getByRole('combobox', { name: '主题' });
  await expect(picker).toBeFocused();
  await picker.fill('營商環境');
  await expect(page.getByRole('option', { name: '新主题：營商環境' })).toBeVisible();
  await picker.fill('营商环境');
  await picker.press('Enter');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['营商环境']);

  await page.getByRole('button', { name: '主题', exact: true }).click();
  await expect(themesDialog(page)).toBeVisible();
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  const dialog = themesDialog(page);
  await expect(dialog.getByRole('heading', { name: '已标注段落（1）' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（23）' })).toBeVisible();
  await dialog.getByRole('button', { name: '全部标注（23）' }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（24）' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（0）' })).toBeVisible();
  const groups = dialog.locator('.theme-page > .theme-group');
  await expect(groups).toHaveCount(4);
  await expect(groups.locator('.theme-article .theme-item-count')).toHaveText(['7 段', '5 段', '1 段', '11 段']);
  await page.screenshot({ path: join(SHOTS, 'themes-page.png') });

  // The theme map counts tagged passages and untagged mentions apart.
  await themeList(page).getByRole('button', { name: '主题地图' }).click();
  await expect(dialog.getByRole('button', { name: /濉溪縣.*营商环境：已标注 11，未标注 0/ })).toBeVisible();
  await expect(dialog.getByRole('button', { name: /三大主攻方向.*营商环境：已标注 0，未标注 0/ })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'themes-map.png') });
  // A cell opens the theme page for that article.
  await dialog.getByRole('button', { name: /濉溪縣.*营商环境/ }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（11）' })).toBeVisible();
  await dialog.getByRole('button', { name: '显示全部文章' }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（24）' })).toBeVisible();

  // Open a passage in seed 004: the reader goes there and flashes it.
  const group004 = dialog.getByRole('region', { name: TITLE_004 });
  await group004.getByRole('button').nth(4).click();
  await expect(dialog).toBeHidden();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_004);
  await expect.poll(() => highlightTexts(page, 'pizhu-reveal')).toEqual(['營商環境']);
  const visible = await page.evaluate(() => {
    const range = [...CSS.highlights.get('pizhu-reveal')!][0] as Range;
    const box = range.getBoundingClientRect();
    const pane = document.getElementById('reader')!.getBoundingClientRect();
    return box.top >= pane.top && box.bottom <= pane.bottom;
  });
  expect(visible).toBe(true);
  // It is the fifth mention in the article, where the theme page said.
  const fifth = await page.evaluate(() => {
    const range = [...CSS.highlights.get('pizhu-reveal')!][0] as Range;
    const all = [...document.querySelectorAll('#reader article [data-v]')].map((e) => e.textContent ?? '').join('');
    const before = document.createRange();
    before.setStart(document.querySelector('#reader article')!, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const prefix = [...document.querySelectorAll('#reader article [data-v]')].filter((e) => before.intersectsNode(e.firstChild!) && e.firstChild !== range.startContainer).map((e) => e.textContent ?? '').join('') + (range.startContainer as Text).data.slice(0, range.startOffset);
    return { index: prefix.split('營商環境').length - 1, total: all.split('營商環境').length - 1 };
  });
  expect(fifth).toEqual({ index: 4, total: 11 });
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).length).toBe(11);

  // Merge a second theme into it: its name becomes an alias.
  await page.getByRole('button', { name: '主题', exact: true }).click();
  await themeList(page).getByRole('combobox', { name: '新主题' }).fill('投资环境');
  await themeList(page).getByRole('button', { name: '添加', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: '#投资环境' })).toBeVisible();
  await dialog.getByRole('combobox', { name: '合并到' }).selectOption({ label: '营商环境' });
  await dialog.getByRole('button', { name: '合并', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: '#营商环境' })).toBeVisible();
  await expect(themeList(page).locator('.theme-item-name')).toHaveText(['营商环境']);
  await expect(dialog.getByRole('textbox', { name: '别名（用逗号分隔）' })).toHaveValue('投资环境');

  // Delete: the passages stay (still highlighted), the theme goes; undo brings it back.
  await dialog.getByRole('button', { name: '删除主题' }).click();
  await expect(themeList(page).locator('.theme-item-name')).toHaveCount(0);
  await expect(dialog.getByText('还没有主题。').first()).toBeVisible();
  await dialog.getByRole('button', { name: '撤销' }).click();
  await expect(themeList(page).locator('.theme-item-name')).toHaveText(['营商环境']);
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（24）' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await highlightTexts(page, 'pizhu-yellow')).length).toBe(11);
});

test('suggests frequent terms, so a new user is offered 营商环境 without typing it', async () => {
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  await page.getByRole('button', { name: '主题', exact: true }).click();
  const suggestion = themeList(page).getByRole('button', { name: /添加主题“营商环境”（出现 24 次）/ });
  await expect(suggestion).toBeVisible();
  await suggestion.click();
  await expect(themesDialog(page).getByRole('heading', { name: '#营商环境' })).toBeVisible();
  await expect(themesDialog(page).getByRole('heading', { name: '未标注的提及（24）' })).toBeVisible();
});
