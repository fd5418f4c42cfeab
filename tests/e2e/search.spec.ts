// Library search and find in article through the real renderer: the query folds scripts, so
// 营商环境, 營商環境 and 营商環境 give the same hits (traditional text found by a simplified
// query and the reverse); arrow keys and Enter open the article at the match; Ctrl+F finds
// in the open article across scripts, with next, previous and a count.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO, library, reader, useWebHost, highlightTexts, chooseScript } from './harness.ts';

const web = useWebHost();
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const TITLE_000 = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const TITLE_004 = '在縣域經濟爭先進位“群馬圖”上，今年的安徽濉溪縣，一組數據令人印象深刻';

const searchDialog = (page: Page) => page.getByRole('dialog', { name: '搜索文库' });


test('search folds scripts both ways and opens the article at the match', async () => {
  const { page, requests } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  await page.keyboard.press('Control+k');
  const dialog = searchDialog(page);
  await expect(dialog).toBeVisible();
  const box = dialog.getByRole('combobox', { name: '搜索文章、笔记和主题' });
  await expect(box).toBeFocused();

  const summaries: string[] = [];
  for (const query of ['营商环境', '營商環境', '营商環境']) {
    await box.fill(query);
    await expect(dialog.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
    await expect(dialog.getByText('4 篇文章中 24 处')).toBeVisible();
    summaries.push((await dialog.getByRole('listbox').innerText()).replace(/\s+/g, ' '));
  }
  expect(summaries[1]).toBe(summaries[0]);
  // The index lives in a Web Worker, loaded from the app itself.
  expect(requests.filter((u) => /\/assets\/search\.worker-[\w-]+\.js$/.test(u))).toHaveLength(1);
  expect(summaries[2]).toBe(summaries[0]);

  // Traditional text (seed 004) found by a simplified query, simplified text by a traditional one.
  await box.fill('营商环境');
  await expect(dialog.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
  const group004 = dialog.getByRole('group', { name: new RegExp(`^${TITLE_004.slice(0, 8)}.*11 处$`) });
  await expect(group004.getByRole('option').first().locator('mark')).toHaveText('營商環境');
  await box.fill('營商環境');
  await expect(dialog.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
  const group000 = dialog.getByRole('group', { name: new RegExp(`^${TITLE_000}.*7 处$`) });
  await expect(group000.getByRole('option').first().locator('mark')).toHaveText('营商环境');
  await page.screenshot({ path: join(SHOTS, 'search-dialog.png') });

  // ↓ to the first hit in 000 (after the five of 004), Enter opens it there.
  await expect(dialog.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  for (let i = 0; i < 5; i++) await box.press('ArrowDown');
  await expect(group000.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  await expect.poll(() => highlightTexts(page, 'pizhu-reveal')).toEqual(['营商环境']);

  // Ctrl/Cmd+Shift+F opens it too; Escape closes it.
  await page.keyboard.press('Control+Shift+F');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('find in article: cross-script, next, previous and a count', async () => {
  const { page } = await web.open();
  await library(page).getByRole('link', { name: new RegExp(TITLE_004.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_004);
  await chooseScript(page, '简体');
  await reader(page).focus();
  await page.keyboard.press('Control+f');
  const bar = page.getByRole('search', { name: '在文中查找' });
  const field = bar.getByRole('searchbox', { name: '在文中查找' });
  await expect(field).toBeFocused();
  await field.fill('營商環境');
  await expect(bar.getByRole('status')).toHaveText('第 1/11 处');
  await expect.poll(() => highlightTexts(page, 'pizhu-find-current')).toEqual(['营商环境']);
  expect(await highlightTexts(page, 'pizhu-find')).toHaveLength(10);
  await field.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('第 2/11 处');
  // Mutant killed: Shift+Enter handled like Enter (forward) would show 第 3/11 处.
  await field.press('Shift+Enter');
  await expect(bar.getByRole('status')).toHaveText('第 1/11 处');
  await field.press('Shift+Enter');
  await expect(bar.getByRole('status')).toHaveText('第 11/11 处');
  await field.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('第 1/11 处');
  await field.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('第 2/11 处');
  await bar.getByRole('button', { name: '上一个' }).click();
  await bar.getByRole('button', { name: '上一个' }).click();
  await expect(bar.getByRole('status')).toHaveText('第 11/11 处');
  await bar.getByRole('button', { name: '下一个' }).click();
  await expect(bar.getByRole('status')).toHaveText('第 1/11 处');
  // The view script changes, the matches stay on the same characters.
  await chooseScript(page, '繁體');
  await expect.poll(() => highlightTexts(page, 'pizhu-find-current')).toEqual(['營商環境']);
  await page.screenshot({ path: join(SHOTS, 'find-in-article.png') });
  await field.fill('不存在的词语');
  await expect(bar.getByRole('status')).toHaveText('无结果');
  await field.press('Escape');
  await expect(bar).toBeHidden();
  expect(await highlightTexts(page, 'pizhu-find')).toEqual([]);
});
