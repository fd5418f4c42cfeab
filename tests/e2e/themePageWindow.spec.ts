// A theme with 5,000 tagged passages (1,000 in each seed): the theme page keeps only a
// window of them in the DOM, while each list still tells assistive technology its true size
// and place, arrow keys and End reach passages the window had left out, and scrolling to
// the end draws the last article's passages. The rows are written with raw IndexedDB into
// the app's own database, as tests/bench/chromium.ts does, so the product needs no hook.
import { expect, test } from '@playwright/test';
import { MANY_TAG, putTagged, taggedPassages } from '../support/taggedPassages.ts';
import { reader, useWebHost } from './harness.ts';

const web = useWebHost();
const PER_ARTICLE = 1000;

test('a theme page with 5,000 passages draws a window of them, sized and reachable', async () => {
  test.setTimeout(120_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
  await putTagged(page, MANY_TAG, taggedPassages(PER_ARTICLE));
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();

  await page.getByRole('button', { name: '主题', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '主题' });
  await dialog.getByRole('navigation', { name: '主题列表' }).getByRole('button', { name: /^窗口测试 / }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（5000）' })).toBeVisible();

  const items = dialog.locator('.theme-passages li');
  const drawnCount = () => items.count();
  expect(await drawnCount()).toBeGreaterThan(5);
  expect(await drawnCount()).toBeLessThan(150);
  // Every drawn row says how long its article's list is and where it stands in it.
  const first = items.first();
  await expect(first).toHaveAttribute('aria-setsize', String(PER_ARTICLE));
  await expect(first).toHaveAttribute('aria-posinset', '1');
  await expect(dialog.locator('.theme-article .theme-item-count').first()).toHaveText(`${PER_ARTICLE} 段`);

  // Arrow keys move passage to passage; End reaches the last one, far outside the window.
  await first.getByRole('button').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(':focus').locator('xpath=..')).toHaveAttribute('aria-posinset', '2');
  await page.keyboard.press('End');
  const focusedItem = page.locator('.theme-passages li:has(:focus)');
  await expect(focusedItem).toHaveAttribute('aria-posinset', String(PER_ARTICLE));
  await expect(focusedItem).toHaveAttribute('aria-setsize', String(PER_ARTICLE));
  const lastGroup = dialog.locator('.theme-group').last();
  await expect(lastGroup).toHaveAttribute('aria-label', /濉溪縣/);
  expect(await drawnCount()).toBeLessThan(150);
  await page.keyboard.press('Home');
  await expect(page.locator('.theme-passages li:has(:focus)')).toHaveAttribute('aria-posinset', '1');

  // Scrolling through the list draws other rows and keeps the count small.
  await page.evaluate(() => {
    const main = document.querySelector('.themes-main')!;
    main.scrollTop = main.scrollHeight / 2;
  });
  await expect(dialog.locator('.theme-group').first()).not.toHaveAttribute('aria-label', /安吉/);
  expect(await drawnCount()).toBeLessThan(150);
});
