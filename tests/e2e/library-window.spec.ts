// A library of hundreds of articles: the list keeps only the rows near its view in the DOM
// (dom/virtualRows), each drawn row tells assistive technology the list's true size and its
// place in it, scrolling to the end draws the last article, and an article opened while its
// row is out of the window is scrolled into the list's view.
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { library, reader, useWebHost } from './harness.ts';

const web = useWebHost();
const MADE = 300;
/** The five seeds and the articles made here. */
const TOTAL = MADE + 5;

test.beforeAll(() => {
  for (let i = 0; i < MADE; i++) {
    const n = String(i).padStart(3, '0');
    writeFileSync(join(web.host().libraryDir, `zz_${n}.txt`), `第${n}号简报\n\n这是第${n}号简报的正文，说的是营商环境。\n`);
  }
});

test('a library of hundreds of articles lists a window of them, sized, scrollable to the end', async () => {
  test.setTimeout(120_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
  const list = library(page).getByRole('list', { name: '文章列表' });
  const rows = list.locator('li[data-index]');
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(TOTAL));
  const drawn = await rows.count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(100);

  await list.evaluate((el) => {
    let scroller: HTMLElement | null = el.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
    scroller!.scrollTop = scroller!.scrollHeight;
  });
  const last = list.locator(`li[aria-posinset="${TOTAL}"]`);
  await expect(last).toBeInViewport();
  expect(await rows.count()).toBeLessThan(100);

  // Back at the top, an article far down is opened from elsewhere (the address): its row is brought into view.
  await page.goto(`${page.url().split('?')[0]}?article=zz_299.txt`);
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('第299号简报');
  await expect(list.locator('a[aria-current="page"]')).toBeInViewport();
});
