// An article with many annotations, as the speed work left it: highlights drawn with
// StaticRanges and repainted only where they change, hit-testing through view offsets, and
// an annotation pane that builds its list a page at a time as it is scrolled.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnnotations } from '../bench/chromium.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { library, reader, useWebHost, chooseScript } from './harness.ts';
import { putRows } from '../support/rawIndexedDb.ts';

const web = useWebHost();
const SEED = '001_95138ed665849f79.txt';

const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });
const items = (page: Page) => pane(page).getByRole('list', { name: '本文标注' }).getByRole('listitem');

/** Ranges of the annotation highlights (every colour and style), and their texts in reading order. */
const drawnTexts = (page: Page) =>
  page.evaluate(() => {
    const ranges: Range[] = [];
    for (const [name, h] of CSS.highlights) {
      if (!/^pizhu-(yellow|green|blue|pink|purple)(-underline)?$/.test(name)) continue;
      for (const r of h) {
        const s = r as AbstractRange;
        const range = document.createRange();
        range.setStart(s.startContainer, s.startOffset);
        range.setEnd(s.endContainer, s.endOffset);
        ranges.push(range);
      }
    }
    return ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b)).map((r) => r.toString());
  });

/** Rows written into the app's own database, then the page reloaded so it reads them. */
async function seedAnnotations(page: Page, rows: AnnotationRecord[]): Promise<void> {
  await putRows(page, { annotations: rows });
  await page.reload();
}

test('about 100 annotations: all drawn, the pane builds its list as it scrolls, clicks and script switches hit the right one', async () => {
  const raw = readFileSync(join(web.host().libraryDir, SEED), 'utf8');
  // Within one text block each, so a drawn range's text is exactly its quote.
  const { article } = loadArticle(raw, { fileName: SEED });
  const inText = (at: number) => article.blocks.some((b) => b.start <= at && at < b.end && b.kind !== 'figure');
  const rows = benchAnnotations(raw, 100)
    .filter((r) => !/\s/.test(r.quote.exact) && inText(r.position.start))
    .map((r) => ({ ...r, articleKey: SEED }));
  const COUNT = rows.length;
  expect(COUNT).toBeGreaterThan(80);
  const { page } = await web.open();
  await expect(library(page)).toBeVisible();
  await seedAnnotations(page, rows);
  await library(page).locator(`a[href="?article=${encodeURIComponent(SEED)}"]`).click();
  await expect(library(page).getByRole('link', { name: new RegExp(`${COUNT} 处标注`) })).toBeVisible();
  await chooseScript(page, '原文');
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();

  // Every highlight is drawn over its stored quote.
  const quotes = rows.map((r) => r.quote.exact);
  await expect.poll(async () => (await drawnTexts(page)).length).toBe(COUNT);
  expect(await drawnTexts(page)).toEqual(quotes);

  // The pane starts with one page and says how many are left; scrolling to its end loads the rest.
  await expect(items(page)).toHaveCount(40);
  const more = pane(page).getByRole('button', { name: `显示更多标注（还有 ${COUNT - 40} 条）` });
  await expect(more).toBeVisible();
  // dispatchEvent, not click(): a real click scrolls the button into view, which loads the page by itself and renames the button under the pointer.
  await more.dispatchEvent('click');
  await expect.poll(() => items(page).count()).toBeGreaterThanOrEqual(80);
  // Scrolled to the end of the pane, the button loads the rest by itself.
  await expect
    .poll(async () => {
      await page.evaluate(() => [...document.querySelectorAll('.annotation-pane button')].find((b) => b.textContent?.startsWith('显示更多标注'))?.scrollIntoView());
      return items(page).count();
    })
    .toBe(COUNT);
  await expect(pane(page).getByRole('button', { name: /显示更多标注/ })).toHaveCount(0);

  // A click on drawn text selects the highlight under it, found through view offsets.
  // One of the shortest, so it is the innermost wherever highlights overlap.
  const target = rows.find((r, i) => i > 45 && r.quote.exact.length === 6)!;
  const greens = rows.filter((r) => r.color === 'green' && r.style === 'highlight').length;
  expect(target.color).not.toBe('green');
  const point = await page.evaluate(async (quote) => {
    const hits: Range[] = [];
    for (const [name, h] of CSS.highlights) {
      if (!name.startsWith('pizhu-') || name === 'pizhu-selected') continue;
      for (const r of h) {
        const s = r as AbstractRange;
        const range = document.createRange();
        range.setStart(s.startContainer, s.startOffset);
        range.setEnd(s.endContainer, s.endOffset);
        if (range.toString() === quote) hits.push(range);
      }
    }
    const node = hits[0].startContainer.parentElement!;
    node.scrollIntoView({ block: 'center' });
    // Paragraphs off screen have stand-in heights until drawn (content-visibility): the
    // ones brought into view settle in the next frames, and a reader clicks what is shown then.
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
    const box = hits[0].getClientRects()[0];
    return { x: box.left + Math.min(box.width / 2, 10), y: box.top + box.height / 2 };
  }, target.quote.exact);
  await page.mouse.click(point.x, point.y);
  await expect.poll(() => page.evaluate(() => CSS.highlights.get('pizhu-selected')?.size ?? 0)).toBe(1);
  const selectedText = await page.evaluate(() => {
    const s = [...CSS.highlights.get('pizhu-selected')!][0] as AbstractRange;
    const range = document.createRange();
    range.setStart(s.startContainer, s.startOffset);
    range.setEnd(s.endContainer, s.endOffset);
    return range.toString();
  });
  expect(selectedText).toBe(target.quote.exact);
  await expect(pane(page).locator('li.annotation.selected')).toHaveCount(1);

  // Switching script redraws all of them in the new script; recolouring one leaves the rest in place.
  await chooseScript(page, '繁體');
  await expect(reader(page).locator('article')).toHaveAttribute('lang', 'zh-Hant');
  await expect.poll(async () => (await drawnTexts(page)).length).toBe(COUNT);
  const traditional = await drawnTexts(page);
  expect(traditional).not.toEqual(quotes);
  // Keys act from the reader, not from the script radio that has focus now.
  await reader(page).focus();
  await page.keyboard.press('2');
  await expect.poll(() => page.evaluate(() => CSS.highlights.get('pizhu-green')?.size ?? 0)).toBe(greens + 1);
  expect(await drawnTexts(page)).toEqual(traditional);

  // N on that annotation, past the first page of a freshly opened pane, brings its note editor in.
  await toggle.click();
  await toggle.click();
  await expect(items(page)).toHaveCount(40);
  await reader(page).focus();
  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  expect(await items(page).count()).toBeGreaterThan(40);
});
