// A Markdown article as real ones come (tests/fixtures/realworld/md-hk-budget-news.md): its
// table is a table, its HTML figure the figure card with its caption (the remote image never
// requested: the harness fails any request off the host), **bold** is bold, no markup is
// shown, and search and find count only what is shown — the term also sits in the front
// matter and an image's alt text, where nobody can see it.
import { expect, test } from '@playwright/test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, library, reader, useWebHost, highlightTexts } from './harness.ts';

const web = useWebHost();
const FILE = 'md-hk-budget-news.md';
const TITLE = '新財年預算案：政府推多項紓困措施';

test.beforeAll(() => {
  copyFileSync(join(REPO, 'tests/fixtures/realworld', FILE), join(web.host().libraryDir, FILE));
});

test('a Markdown article: table, figure, bold, links; search and find count what is shown', async () => {
  const { page } = await web.open();
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 6)) }).click();
  const main = reader(page);
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(TITLE);

  // The table, as a table.
  const table = main.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['財政年度', '地點', '開支（億元）']);
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('cell', { name: '7,760' })).toBeVisible();

  // The <figure>: the figure card and its caption, the image itself never fetched.
  await expect(main.getByRole('group', { name: /budget-speech\.jpg/ })).toBeVisible();
  await expect(main.locator('figure.caption figcaption')).toHaveText('財政司司長在立法會發表預算案。（資料圖片）');
  await expect(main.locator('img')).toHaveCount(0);

  // Bold is bold; the link shows its text and goes through the external-link path.
  const bold = main.locator('strong', { hasText: '《財政預算案》' });
  await expect(bold).toBeVisible();
  expect(Number(await bold.evaluate((el) => getComputedStyle(el).fontWeight))).toBeGreaterThanOrEqual(700);
  const link = main.getByRole('link', { name: '政府新聞公報' });
  await expect(link).toHaveAttribute('href', 'https://www.info.gov.hk/gia/general/202402/28.htm');
  await expect(link).toHaveAttribute('target', '_blank');

  // No markup as text anywhere in the article.
  const shown = await main.locator('article').innerText();
  for (const markup of ['**', '](', '<figure', 'figcaption', '| 財政年度', '---', 'tags:']) expect(shown, markup).not.toContain(markup);

  // Find: 預算案 is in the title, the body and the caption (3), not in the front matter or the alt text.
  await main.focus();
  await page.keyboard.press('Control+f');
  const bar = page.getByRole('search', { name: '在文中查找' });
  const field = bar.getByRole('searchbox', { name: '在文中查找' });
  await field.fill('預算案');
  await expect(bar.getByRole('status')).toHaveText('第 1/3 处');
  await field.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('第 2/3 处');
  await expect.poll(() => highlightTexts(page, 'pizhu-find-current')).toEqual(['預算案']);
  await page.keyboard.press('Escape');

  // Search: the same three, in this article.
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: '搜索文库' });
  const box = dialog.getByRole('combobox', { name: '搜索文章、笔记和主题' });
  await box.fill('預算案');
  await expect(dialog.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
  await expect(dialog.getByRole('group', { name: new RegExp(`^${TITLE.slice(0, 6)}.*3 处$`) })).toBeVisible();
  // A word only in the front matter's tags and the link targets is found nowhere.
  await box.fill('info.gov.hk');
  await expect(dialog.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
  await expect(dialog.getByRole('group', { name: new RegExp(TITLE.slice(0, 6)) })).toHaveCount(0);
});
