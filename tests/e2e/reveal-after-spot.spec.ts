// A passage opened from the library search in another article is shown there even when that
// article's stored reading spot (far from the passage) is read late: the reveal is not
// scrolled away by the spot, and the spot is never shown on the way to the passage.
import { expect, test, type Page } from '@playwright/test';
import { holdTable, library, reader, storedReadingSpots, useWebHost, spotPlaced } from './harness.ts';

const web = useWebHost();
const KEY = '000_5cd884f326e428d3.txt';
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const OTHER = '德清：创新为翼攀高峰';
// In the article's first paragraphs, once.
const PASSAGE = '城市营商环境创新报告';

/** Whether the article's text `needle` lies wholly inside the reader's visible box. */
const passageInView = (page: Page) =>
  page.evaluate((needle) => {
    const scroller = document.getElementById('reader')!;
    const walker = document.createTreeWalker(scroller.querySelector('article')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const box = range.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom;
    }
    return false;
  }, PASSAGE);

test('a search hit opened in another article stays in view when that article’s stored spot is read late', async () => {
  const { page } = await web.open();
  await page.setViewportSize({ width: 1000, height: 600 });
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await spotPlaced(page);
  // Read to its end: the spot stored is far below the passage, which is out of view there.
  await reader(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(async () => (await storedReadingSpots(page)).find((r) => r.articleKey === KEY)?.blockIndex ?? -1).toBeGreaterThan(10);
  expect(await passageInView(page)).toBe(false);

  await library(page).getByRole('link', { name: new RegExp(OTHER) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(OTHER);

  // The search opens the first article at the passage while another connection holds the
  // reading spots' table: the article is drawn well before its stored spot can be read.
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: '搜索文库' });
  const box = dialog.getByRole('combobox', { name: '搜索文章、笔记和主题' });
  await box.fill(PASSAGE);
  await expect(dialog.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
  const hit = dialog.getByRole('group', { name: new RegExp(`^${TITLE}`) }).getByRole('option').first();
  // Every frame's scroll offset from here on: the stored spot (the article's end) must never be one of them.
  await page.evaluate((title) => {
    const tops: number[] = [];
    (window as unknown as { __tops: number[] }).__tops = tops;
    const sample = () => {
      if (document.querySelector('#reader h1')?.textContent === title) tops.push(document.getElementById('reader')!.scrollTop);
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  }, TITLE);
  const held = holdTable(page, 'libraryReading', 1500);
  await hit.click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await held;
  await expect.poll(() => passageInView(page)).toBe(true);
  // Once the spot is read and put back, the passage is shown after it: it stays in view, and is where the reader now is.
  await expect.poll(async () => (await storedReadingSpots(page)).find((r) => r.articleKey === KEY)?.blockIndex ?? -1).toBeLessThan(10);
  expect(await passageInView(page)).toBe(true);
  const { tops, passageTop, height } = await page.evaluate(() => {
    const scroller = document.getElementById('reader')!;
    return { tops: (window as unknown as { __tops: number[] }).__tops, passageTop: scroller.scrollTop, height: scroller.scrollHeight - scroller.clientHeight };
  });
  // The passage lies in the first paragraphs, the stored spot at the end: nothing deeper than the passage was shown.
  expect(passageTop).toBeLessThan(height / 4);
  expect(tops.length).toBeGreaterThan(0);
  expect(Math.max(...tops)).toBeLessThanOrEqual(passageTop + 2);
});
