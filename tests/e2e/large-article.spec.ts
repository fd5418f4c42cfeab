// A 10 MB article, as paragraphs and as one line with no break at all: it opens at its first
// paragraph, End reaches its last sentence, a highlight made there is drawn and is still there
// (with the reading spot) after a restart, 繁體 shows at the same place, find reaches it from
// the top — and the DOM holds only a window of the article, never all of it.
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { convertShort } from '../../src-renderer/state/reader.svelte.ts';
import { largeArticle, LARGE_FIRST, LARGE_LAST, LARGE_TITLE } from '../support/largeArticle.ts';
import { highlightTexts, library, newProfileDir, reader, storedReadingSpots, useWebHost, chooseScript } from './harness.ts';

const web = useWebHost();
const PARAGRAPHS = 'large-paragraphs.txt';
const ONE_LINE = 'large-one-line.txt';
const texts = new Map<string, string>();

test.beforeAll(() => {
  for (const [name, oneLine] of [
    [PARAGRAPHS, false],
    [ONE_LINE, true],
  ] as const) {
    const { text } = largeArticle({ oneLine });
    texts.set(name, text);
    writeFileSync(join(web.host().libraryDir, name), text);
  }
});

// Opening a 10 MB file on a loaded two-core machine takes seconds, not minutes.
test.setTimeout(240_000);

const toolbar = (page: Page) => page.getByRole('toolbar', { name: '标注' });
/** The drawn run that holds `text` (a span: a chunk of the one-line file holds much more). */
const run = (page: Page, text: string) => reader(page).locator('[data-v]', { hasText: text }).first();

/** Selects `needle` in the drawn text, as a reader's drag would (the selection is the DOM's). */
async function select(page: Page, needle: string): Promise<void> {
  await page.evaluate((needle) => {
    for (const el of document.querySelectorAll('#reader article [data-v]')) {
      const node = el.firstChild;
      const at = node instanceof Text ? node.data.indexOf(needle) : -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node!, at);
      range.setEnd(node!, at + needle.length);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      return;
    }
    throw new Error(`not drawn: ${needle}`);
  }, needle);
}

async function openLarge(page: Page, title: string): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(title.slice(0, 10)) }).click();
  await expect(run(page, LARGE_FIRST.slice(0, 12))).toBeInViewport({ timeout: 60_000 });
  // A one-line file shows its opening first: End and find then reach only as far as it goes.
  await expect(page.getByRole('status').filter({ hasText: '正在读入全文…' })).toHaveCount(0, { timeout: 180_000 });
}

for (const [file, title] of [
  [PARAGRAPHS, LARGE_TITLE],
  [ONE_LINE, LARGE_FIRST.slice(0, 10)],
] as const) {
  test(`${file}: opens at the top, End reaches the end, a highlight there survives a restart, 繁體 and find work, the DOM holds a window`, async () => {
    const text = texts.get(file)!;
    const { article } = loadArticle(text, { fileName: file });
    const profile = newProfileDir();
    let { page } = await web.open(profile);
    await openLarge(page, title);

    // Incremental: a small window of the article is in the DOM, not all of it.
    const counts = await page.evaluate(() => ({
      blocks: document.querySelectorAll('#reader [data-block]').length,
      chars: [...document.querySelectorAll('#reader article [data-v]')].reduce((n, el) => n + (el.textContent?.length ?? 0), 0),
    }));
    expect(counts.blocks).toBeGreaterThan(0);
    if (article.blocks.length > 1000) expect(counts.blocks).toBeLessThan(article.blocks.length / 50);
    expect(counts.chars).toBeLessThan(text.length / 50);

    // Scrolling on moves the window; a row drawn before and after the move (the last one drawn
    // before it: the move comes as the view nears it) keeps its text as it was put in — not
    // filled and laid out again; only the rows the move adds are new.
    const lastDrawn = () => page.evaluate(() => Math.max(...[...document.querySelectorAll<HTMLElement>('#reader [data-index]')].map((r) => Number(r.dataset.index))));
    const keptRow = await lastDrawn();
    await page.evaluate((index) => {
      const row = document.querySelector(`#reader [data-index="${index}"]`)!;
      (window as unknown as { keptText: Node }).keptText = row.querySelector('[data-v]')!.firstChild!;
    }, keptRow);
    await expect
      .poll(async () => {
        await reader(page).evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
        return lastDrawn();
      })
      .toBeGreaterThan(keptRow);
    expect(
      await page.evaluate((index) => {
        const kept = (window as unknown as { keptText: Node }).keptText;
        return kept.isConnected && document.querySelector(`#reader [data-index="${index}"]`)?.contains(kept) === true;
      }, keptRow),
    ).toBe(true);

    // End goes to the last sentence, which a window of rows must have drawn by then.
    await reader(page).focus();
    await page.keyboard.press('End');
    await expect(run(page, LARGE_LAST)).toBeInViewport();

    // A highlight on the last sentence is drawn at once.
    await select(page, LARGE_LAST);
    await expect(toolbar(page)).toBeVisible();
    await toolbar(page).getByRole('button', { name: '黄色' }).click();
    await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([LARGE_LAST]);
    // The reading spot is saved a moment after scrolling: wait until the stored one is near the end.
    await expect.poll(async () => Math.max(...(await storedReadingSpots(page)).map((r) => (r.blockIndex + r.fraction) / article.blocks.length))).toBeGreaterThan(0.9);

    // Restart: the same profile opens the same article at the same place, highlight drawn.
    await page.context().close();
    ({ page } = await web.open(profile));
    await expect(run(page, LARGE_LAST)).toBeInViewport({ timeout: 60_000 });
    await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([LARGE_LAST]);

    // 繁體 at the same place, the highlight on the converted characters.
    const lastT = convertShort(LARGE_LAST, 't');
    expect(lastT).not.toBe(LARGE_LAST);
    await chooseScript(page, '繁體');
    await expect(run(page, lastT)).toBeInViewport({ timeout: 60_000 });
    await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([lastT]);

    // Back to the top, then find (in 简体 letters, matching the 繁體 view) brings the end in.
    await reader(page).focus();
    await page.keyboard.press('Home');
    await expect(run(page, convertShort(LARGE_FIRST, 't').slice(0, 12))).toBeInViewport();
    await page.keyboard.press('Control+f');
    await page.getByRole('searchbox', { name: '在文中查找' }).fill('最后一句话');
    await expect(page.getByRole('status').filter({ hasText: '1/1' })).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => highlightTexts(page, 'pizhu-find-current'), { timeout: 30_000 }).toEqual([convertShort('最后一句话', 't')]);
    await expect(run(page, lastT)).toBeInViewport();

    // The outline jumps to a heading the window had not drawn.
    if (file === PARAGRAPHS) {
      const heading = convertShort('第500部分 发展纪实', 't');
      await page.getByRole('navigation', { name: '目录' }).getByRole('button', { name: heading, exact: true }).click();
      await expect(reader(page).getByRole('heading', { name: heading, exact: true })).toBeInViewport();
    }

    // Still a window after all that moving about.
    expect(await page.locator('#reader [data-block]').count()).toBeLessThan(Math.max(200, article.blocks.length / 50));
  });
}

// The first 繁體 of a 10 MB one-line file: the part in view is converted first and shown while
// the rest is built, with a sign saying so; a highlight made before the switch stays on the
// same characters. Expected 繁體 written by hand (OpenCC's s2t forms: 汇编 → 彙編, 报道 → 報道).
test('large-one-line.txt: the first 繁體 shows the part in view converted with a converting sign, then the whole; a highlight stays on its characters', async () => {
  const { page } = await web.open(newProfileDir());
  await openLarge(page, LARGE_FIRST.slice(0, 10));
  // The opening is drawn as pieces of the one line, never as one 10 MB element.
  const longest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('#reader [data-block]')].map((el) => el.textContent?.length ?? 0)));
  expect(longest).toBeLessThan(10_000);

  await select(page, '县域发展报道');
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole('button', { name: '黄色' }).click();
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['县域发展报道']);

  await chooseScript(page, '繁體');
  const sign = page.getByRole('status').filter({ hasText: '转换中…' });
  await expect(sign).toBeVisible();
  await expect(run(page, '本文彙編縣域發展報道，供長文閱讀測試之用。')).toBeInViewport({ timeout: 60_000 });
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['縣域發展報道']);
  await expect(sign).toHaveCount(0, { timeout: 180_000 });

  // The whole view: the last sentence is 繁體 too, the highlight still where it was.
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['縣域發展報道']);
  await reader(page).focus();
  await page.keyboard.press('End');
  await expect(run(page, '全文至此結束，這是最後一句話。')).toBeInViewport();
});

// A 10 MB one-line file's opening is cleaned and shown before the rest, with a sign saying the
// rest is being read; a highlight made as soon as the opening shows is on the same characters
// once the whole text is in, and the reader is not moved.
test('large-one-line.txt: the opening shows first with a sign that the rest is being read; a highlight made then stays on its characters', async () => {
  const { page } = await web.open(newProfileDir());
  const sign = page.getByRole('status').filter({ hasText: '正在读入全文…' });
  await library(page).getByRole('link', { name: new RegExp(LARGE_FIRST.slice(0, 10)) }).click();
  // Looked for at every frame: the sign shows only while the rest is read.
  await page.waitForFunction(() => [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent?.includes('正在读入全文…')), null, { polling: 'raf', timeout: 60_000 });
  await expect(run(page, LARGE_FIRST.slice(0, 12))).toBeInViewport();

  await select(page, '县域发展报道');
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole('button', { name: '黄色' }).click();
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['县域发展报道']);

  await expect(sign).toHaveCount(0, { timeout: 180_000 });
  await expect(run(page, LARGE_FIRST.slice(0, 12))).toBeInViewport();
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['县域发展报道']);
  await reader(page).focus();
  await page.keyboard.press('End');
  await expect(run(page, LARGE_LAST)).toBeInViewport({ timeout: 60_000 });
});
