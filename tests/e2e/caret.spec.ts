// Caret mode (F7) through the real renderer, keyboard only: the caret starts in the text in
// view, ↓ brings it down line by line into a paragraph, → moves it by characters to the middle
// of that paragraph, Shift+→ selects a passage there and H highlights it. The caret is drawn
// over the text, never typed into it; with caret mode off the arrows scroll as before.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO, highlightTexts, reader, useWebHost } from './harness.ts';

const web = useWebHost();
const PARAGRAPH = '仲夏时节，走进绿水青山环绕的安吉';
/** Where 大兴实干之风 begins in that paragraph of seed 000, counted in the file by hand (characters). */
const PASSAGE_AT = 98;
const PASSAGE = '大兴实干之风';

/** The text node the caret is in and its offset there. */
const caretAt = (page: Page) =>
  page.evaluate(() => {
    const s = document.getSelection()!;
    return { text: s.focusNode?.textContent ?? '', offset: s.focusOffset, collapsed: s.isCollapsed };
  });

test('caret mode: a passage in the middle of a paragraph selected and highlighted with no mouse', async () => {
  test.setTimeout(90_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮');

  // Off: ↓ scrolls the reader, as before.
  await reader(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => reader(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await page.keyboard.press('Home');
  await expect.poll(() => reader(page).evaluate((el) => el.scrollTop)).toBe(0);
  const textBefore = await reader(page).locator('article').innerText();

  await page.keyboard.press('F7');
  await expect(page.getByRole('status').filter({ hasText: '光标浏览已开启' })).toBeAttached();
  const caret = page.locator('.reader-caret');
  await expect(caret).toBeVisible();
  // Starts in the text in view, collapsed.
  expect((await caretAt(page)).collapsed).toBe(true);

  // Down line by line until the caret is in the paragraph; to its start; then along it.
  for (let i = 0; i < 30 && !(await caretAt(page)).text.startsWith(PARAGRAPH); i++) await page.keyboard.press('ArrowDown');
  expect((await caretAt(page)).text.startsWith(PARAGRAPH)).toBe(true);
  await page.keyboard.press('Home');
  expect((await caretAt(page)).offset).toBe(0);
  for (let i = 0; i < PASSAGE_AT; i++) await page.keyboard.press('ArrowRight');
  expect(await caretAt(page)).toMatchObject({ offset: PASSAGE_AT, collapsed: true });
  const caretBox = (await caret.boundingBox())!;
  for (let i = 0; i < PASSAGE.length; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await page.evaluate(() => document.getSelection()!.toString())).toBe(PASSAGE);
  // The caret is drawn where the selection ends: it moved along the line.
  await expect.poll(async () => (await caret.boundingBox())!.x).toBeGreaterThan(caretBox.x);

  await page.keyboard.press('h');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([PASSAGE]);
  // The caret stays at the highlight's end, to go on from there; the text itself is unchanged.
  expect(await caretAt(page)).toMatchObject({ offset: PASSAGE_AT + PASSAGE.length, collapsed: true });
  expect(await reader(page).locator('article').innerText()).toBe(textBefore);
  // Still, so the blinking caret is in the picture.
  await page.screenshot({ path: join(REPO, 'tests/artifacts/screenshots/caret-mode.png'), animations: 'disabled' });

  // Ctrl+← goes back by a word, End to the line's end; F7 again: no caret, and ↓ scrolls again.
  await page.keyboard.press('Control+ArrowLeft');
  expect((await caretAt(page)).offset).toBeLessThan(PASSAGE_AT + PASSAGE.length);
  await page.keyboard.press('F7');
  await expect(caret).toHaveCount(0);
  const top = await reader(page).evaluate((el) => el.scrollTop);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => reader(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(top);
});
