// A Markdown article of some 60,000 characters (too short for the long-article window, long
// enough to be drawn first screen first): the first frame holds its opening blocks only, the
// rest follows by itself; a numbered list cut by that batch stays one list; and everything
// that needs a block still to come gets it — the outline's jump to the last section, the
// reading spot after a restart, find, the End key. The paragraphs are the seeds' own lines.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, highlightTexts, library, newProfileDir, reader, storedReadingSpots, useWebHost } from './harness.ts';

const web = useWebHost();
const FILE = 'long-body.md';
const TITLE = '分批绘制的长文';
const LAST_HEADING = '末节 全文回顾';
const LAST_LINE = '这是全文末段独有的一句话，用来确认读到了结尾。';
const ITEMS = 60;

/** The article: paragraphs (seed lines), a 60-item numbered list from about 2,600 characters in, more sections, a last one. */
function longArticle(): string {
  const lines = ['001', '002', '003']
    .flatMap((n) => readFileSync(join(REPO, 'seeds', `${n}_${{ '001': '95138ed665849f79', '002': '28af22508236589b', '003': '8e5f95533d67e5a9' }[n]}.txt`), 'utf8').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.length > 40);
  const out = [`# ${TITLE}`, '', '## 第一节 开篇', ''];
  let chars = 0;
  let next = 0;
  const paragraph = () => {
    const l = lines[next++ % lines.length];
    chars += l.length;
    out.push(l, '');
  };
  while (chars < 2_600) paragraph();
  for (let i = 1; i <= ITEMS; i++) out.push(`${i}. 第${i}条：${lines[(next + i) % lines.length].slice(0, 40)}`);
  out.push('');
  for (let section = 2; chars < 60_000; section++) {
    out.push(`## 第${section}节 进展`, '');
    for (let k = 0; k < 6; k++) paragraph();
  }
  out.push(`## ${LAST_HEADING}`, '', LAST_LINE, '');
  return out.join('\n');
}

test.beforeAll(() => {
  writeFileSync(join(web.host().libraryDir, FILE), longArticle());
});

// A long text on a loaded two-core machine: opening and drawing it takes a while.
test.setTimeout(120_000);

const body = (page: Page) => reader(page).locator('.article-body');
const lastLine = (page: Page) => reader(page).getByText(LAST_LINE);

test('a long body shows its first screen first, then the rest; its numbered list stays one list', async () => {
  const { page } = await web.open();
  await expect(library(page).getByRole('link', { name: new RegExp(TITLE) })).toBeVisible();
  // Each frame until the article's heading is shown: how many blocks its body holds then.
  const firstFrame = page.evaluate(
    (title) =>
      new Promise<number>((done) => {
        const look = () => {
          const heading = document.querySelector('#reader article h1');
          if (heading?.textContent?.includes(title)) done(document.querySelectorAll('#reader .article-body [data-block]').length);
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      }),
    TITLE,
  );
  await library(page).getByRole('link', { name: new RegExp(TITLE) }).click();
  const shownFirst = await firstFrame;
  await expect(body(page)).toHaveAttribute('data-drawn', 'all');
  const total = await page.locator('#reader .article-body [data-block]').count();
  expect(shownFirst).toBeGreaterThan(5);
  expect(shownFirst).toBeLessThan(total / 2);

  // One ordered list with every item, numbered 1 to 60, though the first batch ended inside it.
  const lists = body(page).locator('ol.numbered');
  await expect(lists).toHaveCount(1);
  const values = await lists.locator('> li').evaluateAll((items) => items.map((li) => (li as HTMLLIElement).value));
  expect(values).toEqual(Array.from({ length: ITEMS }, (_, i) => i + 1));
});

async function openLong(page: Page): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
}

test('the outline and the reading spot after a restart reach a block drawn after the first screen', async () => {
  const profile = newProfileDir();
  let { page } = await web.open(profile);
  await openLong(page);
  // The outline's last entry, at once: its heading is drawn and at the top.
  await page.getByRole('navigation', { name: '目录' }).getByRole('button', { name: LAST_HEADING }).click();
  await expect(reader(page).getByRole('heading', { name: LAST_HEADING })).toBeInViewport();
  await expect(lastLine(page)).toBeInViewport();
  await expect.poll(async () => Math.max(...(await storedReadingSpots(page)).map((r) => r.blockIndex))).toBeGreaterThan(100);

  // Restart: the article opens at the last section, not at its first screen.
  await page.context().close();
  ({ page } = await web.open(profile));
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(lastLine(page)).toBeInViewport();
});

test('find and End reach the last line from the top', async () => {
  const { page } = await web.open();
  await openLong(page);
  await page.keyboard.press('Control+f');
  await page.getByRole('searchbox', { name: '在文中查找' }).fill('末段独有');
  await expect(page.getByRole('status').filter({ hasText: '1/1' })).toBeVisible();
  await expect(lastLine(page)).toBeInViewport();
  await expect.poll(() => highlightTexts(page, 'pizhu-find-current')).toEqual(['末段独有']);
  // The seeds' lines include their copyright line, which in the middle of this text is drawn
  // where it stands, not in the closing footer: the runs stay in reading order, which is
  // what lets find (and highlights) place the last line.
  await expect(body(page).locator('.footer-line').first()).toBeAttached();
  await expect(reader(page).locator('footer.article-footer')).toHaveCount(0);

  const again = await web.open();
  await openLong(again.page);
  await reader(again.page).focus();
  await again.page.keyboard.press('End');
  await expect(lastLine(again.page)).toBeInViewport();
});
