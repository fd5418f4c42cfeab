// Reading state: the progress bar, the outline's current section, unread / being read / read
// and the last-read time in the list, marking by hand, and "continue reading" after a restart.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, holdTableUntilReleased, library, reader, storedReadingSpots, useWebHost } from './harness.ts';

const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const LONG = '三大主攻方向全线飘红 三个年行动翻篇再战 奋力谱写中国式现代化安吉篇章';
const OTHER = '德清：创新为翼攀高峰';
const SECTION = '探索共同富裕取得新成效';

const web = useWebHost();
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const item = (page: Page, title: string) => library(page).getByRole('link', { name: new RegExp(escape(title)) });
const progress = (page: Page) => reader(page).getByRole('progressbar', { name: '阅读进度' });
const percent = async (page: Page) => Number(await progress(page).getAttribute('aria-valuenow'));

async function open(page: Page, title: string): Promise<void> {
  await item(page, title).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(title);
}

/**
 * Scrolls a heading to the top of the reader, then waits until the spot is stored. The scroll
 * is made again while waiting: one made while the window is still settling from a resize is
 * the reflow's, not the reader's, and is not stored.
 */
async function readTo(page: Page, heading: string): Promise<void> {
  const at = await page.evaluate(() => Date.now());
  const scrollToHeading = async () => {
    // From a little above, so that there is a scroll even when the heading is at the top already.
    await reader(page).evaluate(async (el) => {
      el.scrollBy({ top: -200 });
      await new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)));
    });
    await reader(page).getByRole('heading', { name: heading }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  };
  await expect
    .poll(
      async () => {
        if ((await storedReadingSpots(page)).some((r) => r.updatedAt > at && r.blockIndex > 0)) return true;
        await scrollToHeading();
        return false;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

async function runCommand(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByRole('dialog', { name: '命令面板' });
  await palette.getByRole('combobox').fill(name);
  await palette.getByRole('combobox').press('Enter');
  await expect(palette).toBeHidden();
}

test('progress, the current section and the read state follow the reader and survive a reload', async () => {
  const { page } = await web.open();
  await open(page, LONG);
  await expect(item(page, LONG)).toContainText('未读');
  await expect(progress(page)).toHaveAttribute('aria-valuenow', '0');
  const outlineToggle = page.getByRole('button', { name: '显示目录', exact: true });
  if ((await outlineToggle.getAttribute('aria-pressed')) !== 'true') await outlineToggle.click();
  const outline = page.getByRole('navigation', { name: '目录' });
  await expect(outline.getByRole('button', { name: SECTION })).toBeVisible();
  // At the top no section is being read yet.
  await expect(outline.locator('[aria-current="location"]')).toHaveCount(0);

  await readTo(page, SECTION);
  await expect(outline.locator('[aria-current="location"]')).toHaveText(SECTION);
  const read = await percent(page);
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThan(100);
  await expect(reader(page).locator('.reading-progress-text')).toHaveText(`${read}%`);
  await expect(item(page, LONG)).toContainText(`读到 ${read}%`);
  await expect(item(page, LONG)).toContainText('上次阅读');
  // An earlier heading: the outline's mark moves back with the reader.
  const first = (await outline.getByRole('button').first().textContent())!.trim();
  await reader(page).getByRole('heading', { name: first }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(outline.locator('[aria-current="location"]')).toHaveText(first);
  await readTo(page, SECTION);
  await expect(outline.locator('[aria-current="location"]')).toHaveText(SECTION);

  // The document itself never scrolls for any of it.
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
  // A new width keeps the same spot at the top (the reader puts it back), and so the same figure.
  for (const width of [800, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    await expect(reader(page).getByRole('heading', { name: SECTION })).toBeInViewport();
    await page.screenshot({ path: join(SHOTS, `reading-state-${width}.png`) });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect(reader(page).getByRole('heading', { name: SECTION })).toBeInViewport();
  const before = read;

  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(LONG);
  await expect(reader(page).getByRole('heading', { name: SECTION })).toBeInViewport();
  await expect.poll(() => percent(page)).toBeGreaterThanOrEqual(before - 1);
  expect(await percent(page)).toBeLessThanOrEqual(before + 1);
  await expect(item(page, LONG)).toContainText(/读到 \d+%/);
  await expect(page.getByRole('navigation', { name: '目录' }).locator('[aria-current="location"]')).toHaveText(SECTION);

  // The end of the text: 100 % and read, in the list too.
  await expect
    .poll(async () => {
      await reader(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      return percent(page);
    })
    .toBe(100);
  await expect(item(page, LONG)).toContainText('已读');
  await expect.poll(async () => (await storedReadingSpots(page)).find((r) => r.articleKey.startsWith('001'))).toMatchObject({ readAt: expect.any(Number) });
  await page.reload();
  await expect(item(page, LONG)).toContainText('已读');
  await expect(progress(page)).toHaveAttribute('aria-valuenow', '100');

  // Marked unread by hand (the command palette), and that stays after a reload too.
  await runCommand(page, '标为已读');
  await expect(item(page, LONG)).toContainText('未读');
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(LONG);
  await expect(item(page, LONG)).toContainText('未读');
  await runCommand(page, '标为已读');
  await expect(item(page, LONG)).toContainText('已读');
  // Another article never opened is unread.
  await expect(item(page, OTHER)).toContainText('未读');
});

test('after a restart the article being read is offered, and opens where it was left', async () => {
  const { page } = await web.open();
  await open(page, LONG);
  await readTo(page, SECTION);
  const read = await percent(page);
  await open(page, OTHER);
  // Opened, not scrolled: not read, so the one being read is offered.
  const offer = page.getByRole('button', { name: `继续阅读《${LONG}》 · ${read}%` });
  await expect(offer).toBeVisible();

  await page.reload();
  // The app starts in the article opened last, as before; the one being read is offered.
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(OTHER);
  await expect(offer).toBeVisible();
  await offer.focus();
  await page.keyboard.press('Enter');
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(LONG);
  await expect(reader(page).getByRole('heading', { name: SECTION })).toBeInViewport();
  await expect.poll(() => percent(page)).toBeGreaterThanOrEqual(read - 1);
  await expect(offer).toBeHidden();
});

/** The block at the top edge of the reader, as `data-block`. */
const topBlock = (page: Page) =>
  reader(page).evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const block = [...el.querySelectorAll<HTMLElement>('[data-block]')].find((b) => b.getBoundingClientRect().bottom > top + 1);
    return block?.dataset.block ?? null;
  });

test('a window dragged narrower keeps the paragraph being read at the top once it stops', async () => {
  const { page } = await web.open();
  await page.setViewportSize({ width: 1400, height: 800 });
  await open(page, LONG);
  await readTo(page, SECTION);
  // A paragraph in the middle of the section, its top at the reader's top.
  await reader(page).getByRole('heading', { name: SECTION }).evaluate((h) => {
    let p = h.nextElementSibling;
    for (let n = 0; n < 3 && p?.nextElementSibling; n++) p = p.nextElementSibling;
    p!.scrollIntoView({ block: 'start' });
  });
  const before = await topBlock(page);
  expect(before).not.toBeNull();
  // An edge dragged: a width a frame, the text reflowing longer at each.
  for (let width = 1380; width >= 700; width -= 40) {
    await page.setViewportSize({ width, height: 800 });
    await page.evaluate(() => new Promise((frame) => requestAnimationFrame(frame)));
  }
  await expect.poll(() => topBlock(page)).toBe(before);
});

test('an article opened just after the window was resized stores where it is read once the resize has settled', async () => {
  const { page } = await web.open();
  await open(page, OTHER);
  // The last resize event of a drag, then at once another article: the text going and coming
  // must not cut the resize's settle short and leave the reader "resizing" for good.
  await library(page)
    .getByRole('link', { name: new RegExp(escape(LONG)) })
    .evaluate((link: HTMLElement) => {
      window.dispatchEvent(new Event('resize'));
      link.click();
    });
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(LONG);
  // The reader's scrolling is stored again.
  await readTo(page, SECTION);
  expect(await percent(page)).toBeGreaterThan(0);
});

test('a key that scrolls an article as it opens is kept: the stored spot, read late, does not pull the reader back', async () => {
  const LONG_KEY = '001_95138ed665849f79.txt';
  const storedBlock = async () => (await storedReadingSpots(page)).find((r) => r.articleKey === LONG_KEY)?.blockIndex ?? -1;
  const { page } = await web.open();
  await open(page, LONG);
  await readTo(page, SECTION);
  const deep = await storedBlock();
  expect(deep).toBeGreaterThan(3);
  await open(page, OTHER);
  // The long article's stored spot is looked up while another connection holds the reading
  // spots' table: its text is on screen, at its top, before the spot can be read.
  const release = await holdTableUntilReleased(page, 'libraryReading');
  await open(page, LONG);
  expect(await reader(page).evaluate((el) => el.scrollTop)).toBe(0);
  // Busy until the text is at its spot: a screen reader waits, and so do the tests (harness spotPlaced).
  await expect(reader(page)).toHaveAttribute('aria-busy', 'true');
  await page.getByRole('main').focus();
  // A few lines at a time, past the title into the text.
  for (let i = 0; i < 4; i++) await page.keyboard.press('j');
  await expect.poll(() => reader(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
  const moved = await reader(page).evaluate((el) => el.scrollTop);
  await release();
  // The spot read, the reader is still where the key took them, and that is now where it is read.
  await expect.poll(storedBlock).toBeLessThan(deep);
  expect(await reader(page).evaluate((el) => el.scrollTop)).toBe(moved);
  await expect(reader(page)).not.toHaveAttribute('aria-busy', 'true');
});
