// A theme named by a word the library mentions hundreds of times: its untagged mentions are
// drawn a page at a time (the page stays responsive), the heading and "tag all" still count
// every one, and "show more" draws the next page with focus on its first mention.
import { expect, test } from '@playwright/test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reader, themeList, themesDialog, useWebHost } from './harness.ts';

const web = useWebHost();

/** 450 paragraphs, each naming the term once, in one article; 10 more in a second. */
function writeArticles(dir: string): string[] {
  const many = ['云端稻田观察笔记', '', ...Array.from({ length: 450 }, (_, i) => `第${i + 1}段：村里的云端稻田又添了新设备。`)].join('\n\n');
  const few = ['云端稻田短讯', '', ...Array.from({ length: 10 }, (_, i) => `短讯${i + 1}：云端稻田开镰。`)].join('\n\n');
  const files = [join(dir, '云端稻田观察笔记.txt'), join(dir, '云端稻田短讯.txt')];
  writeFileSync(files[0], many + '\n');
  writeFileSync(files[1], few + '\n');
  return files;
}

test('a theme with 462 untagged mentions draws them 200 at a time and counts them all', async () => {
  test.setTimeout(120_000);
  const files = writeArticles(web.host().libraryDir);
  try {
    const { page } = await web.open();
    await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
    await page.getByRole('button', { name: '主题', exact: true }).click();
    const dialog = themesDialog(page);
    await themeList(page).getByRole('combobox', { name: '新主题' }).fill('云端稻田');
    await themeList(page).getByRole('button', { name: '添加', exact: true }).click();
    await expect(dialog.getByRole('heading', { name: '#云端稻田' })).toBeVisible();
    // 450 + 10 in the paragraphs, and each article's title names it once more.
    await expect(dialog.getByRole('heading', { name: '未标注的提及（462）' })).toBeVisible();
    await expect(dialog.getByRole('button', { name: '全部标注（462）' })).toBeVisible();

    const mentions = dialog.locator('.theme-mention');
    await expect(mentions).toHaveCount(200);
    const more = dialog.getByRole('button', { name: /^再显示/ });
    await expect(more).toHaveText('再显示 200 处（还有 262 处未显示）');
    await more.click();
    await expect(mentions).toHaveCount(400);
    // Focus is on the first mention of the new page, ready to read on.
    await expect(mentions.nth(200).locator('.theme-passage')).toBeFocused();
    await expect(more).toHaveText('再显示 62 处（还有 62 处未显示）');
    await page.keyboard.press('Shift+Tab');
    await more.focus();
    await page.keyboard.press('Enter');
    await expect(mentions).toHaveCount(462);
    await expect(more).toHaveCount(0);
    // Each article's heading counts all its mentions, shown or not.
    await expect(dialog.locator('.theme-group .theme-item-count').filter({ hasText: '451' })).toHaveCount(1);
  } finally {
    for (const f of files) rmSync(f, { force: true });
  }
});
