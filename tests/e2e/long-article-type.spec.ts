// A long article (drawn as a window of rows) under a new font size and line height: the
// paragraph being read stays at the top, and the rows drawn are laid out again at the new size
// — each row starts where the one before it ends, none overlapping, none leaving a gap.
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeArticle, LARGE_FIRST, LARGE_TITLE } from '../support/largeArticle.ts';
import { library, reader, storedSetting, useWebHost } from './harness.ts';

const web = useWebHost();
const FILE = 'long-type.txt';

test.beforeAll(() => {
  // Over a megabyte: well past the length from which the reader draws a window of rows.
  writeFileSync(join(web.host().libraryDir, FILE), largeArticle({ bytes: 1024 * 1024 }).text);
});

/** The block at the top edge of the reader, as `data-block`. */
const topBlock = (page: Page) =>
  reader(page).evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const block = [...el.querySelectorAll<HTMLElement>('[data-block]')].find((b) => b.getBoundingClientRect().bottom > top + 1);
    return block?.dataset.block ?? null;
  });

/**
 * The drawn paragraph rows as [top, bottom, next row's top] in px, in order: laid out for the
 * size in force, each paragraph's bottom plus its margin meets the next row.
 */
const rowGaps = (page: Page) =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('#reader p[data-index]')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    const gaps: number[] = [];
    for (let i = 1; i < rows.length; i++) {
      if (Number(rows[i].dataset.index) !== Number(rows[i - 1].dataset.index) + 1) continue;
      const before = rows[i - 1].getBoundingClientRect();
      const margin = parseFloat(getComputedStyle(rows[i - 1]).marginBottom);
      gaps.push(Math.round(rows[i].getBoundingClientRect().top - (before.bottom + margin)));
    }
    return gaps;
  });

const paragraphFontSize = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#reader p[data-index]')!).fontSize));

/**
 * Opens the long article at a paragraph a little into a section in its middle (from the
 * outline, a heading the window had not drawn), put at the top: the reader's place.
 */
async function openInTheMiddle(page: Page): Promise<string> {
  await page.setViewportSize({ width: 1200, height: 800 });
  await library(page).getByRole('link', { name: new RegExp(LARGE_TITLE) }).click();
  await expect(reader(page).locator('[data-v]', { hasText: LARGE_FIRST.slice(0, 12) }).first()).toBeInViewport({ timeout: 60_000 });
  // Only a window of it is drawn.
  expect(await page.locator('#reader p[data-index]').count()).toBeLessThan(400);

  const outline = page.getByRole('navigation', { name: '目录' });
  const toggle = page.getByRole('button', { name: '显示目录', exact: true });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  const headings = await outline.getByRole('button').allTextContents();
  expect(headings.length).toBeGreaterThan(20);
  const middle = headings[Math.floor(headings.length / 2)].trim();
  await outline.getByRole('button', { name: middle, exact: true }).click();
  await expect(reader(page).getByRole('heading', { name: middle, exact: true })).toBeInViewport();
  await reader(page).getByRole('heading', { name: middle, exact: true }).evaluate((h) => {
    let p = h.nextElementSibling;
    for (let n = 0; n < 2 && p?.nextElementSibling; n++) p = p.nextElementSibling;
    p!.scrollIntoView({ block: 'start' });
  });
  const place = await topBlock(page);
  expect(place).not.toBeNull();
  return place!;
}

test('a long article keeps the paragraph being read at the top through font size and line height changes', async () => {
  test.setTimeout(120_000);
  const { page } = await web.open();
  const place = await openInTheMiddle(page);
  const size = await paragraphFontSize(page);

  // Larger type, a step at a time with the keys, as a reader finds the size they want.
  await reader(page).focus();
  for (let step = 1; step <= 4; step++) {
    await page.keyboard.press('Control+=');
    await expect.poll(() => paragraphFontSize(page)).toBe(size + step);
    await expect.poll(() => topBlock(page)).toBe(place);
    await expect.poll(async () => (await rowGaps(page)).every((gap) => Math.abs(gap) <= 1)).toBe(true);
  }

  // Looser lines, from the reading settings.
  await page.getByRole('button', { name: '阅读设置' }).click();
  const lineHeight = page.getByRole('slider', { name: '行距' });
  const before = Number(await lineHeight.inputValue());
  await lineHeight.focus();
  await page.keyboard.press('End');
  expect(Number(await lineHeight.inputValue())).toBeGreaterThan(before);
  await page.keyboard.press('Escape');
  await expect(lineHeight).toBeHidden();
  await expect.poll(() => topBlock(page)).toBe(place);
  await expect.poll(async () => (await rowGaps(page)).every((gap) => Math.abs(gap) <= 1)).toBe(true);

  // Smaller than it began, with the keys.
  await reader(page).focus();
  for (let step = 1; step <= 6; step++) {
    await page.keyboard.press('Control+-');
    await expect.poll(() => paragraphFontSize(page)).toBe(size + 4 - step);
    await expect.poll(() => topBlock(page)).toBe(place);
    await expect.poll(async () => (await rowGaps(page)).every((gap) => Math.abs(gap) <= 1)).toBe(true);
  }
  // Still a window.
  expect(await page.locator('#reader p[data-index]').count()).toBeLessThan(400);
});

test('two size steps pressed at once keep the paragraph being read at the top, and it is the place stored', async () => {
  test.setTimeout(180_000);
  const { page } = await web.open();
  const place = await openInTheMiddle(page);
  const size = await paragraphFontSize(page);

  // The second step comes while the first is still putting the reader back.
  await reader(page).focus();
  for (const [keys, steps] of [['Control+=', 2], ['Control+-', 0], ['Control+=', 2]] as const) {
    await page.keyboard.press(keys);
    await page.keyboard.press(keys);
    await expect.poll(() => paragraphFontSize(page)).toBe(size + steps);
    await expect.poll(() => topBlock(page)).toBe(place);
  }

  // The reflows on the way were not reading: the article opens again where the reader was.
  await expect.poll(() => storedSetting(page, 'fontSize')).toBe(size + 2);
  await page.reload();
  await expect(page.locator('#reader p[data-index]').first()).toBeAttached({ timeout: 60_000 });
  expect(await paragraphFontSize(page)).toBe(size + 2);
  await expect.poll(() => topBlock(page), { timeout: 60_000 }).toBe(place);
});
