// A long article's reading spot is being put back when the reader switches to another article:
// that restore, superseded, moves the new article's view no more — the new one opens where it
// was last read (here never: at its top), not at a place counted for the article left.
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeArticle, LARGE_TITLE } from '../support/largeArticle.ts';
import { holdTable, library, reader, storedReadingSpots, useWebHost, spotPlaced } from './harness.ts';

const web = useWebHost();
const FILE = 'long-restore.txt';
const SHORT = '德清：创新为翼攀高峰';

test.beforeAll(() => {
  writeFileSync(join(web.host().libraryDir, FILE), largeArticle({ bytes: 1024 * 1024 }).text);
});

test('switching away while a long article is put back at its spot leaves the next article at its own spot', async () => {
  test.setTimeout(240_000);
  const { page } = await web.open();
  const openLong = () => library(page).getByRole('link', { name: new RegExp(LARGE_TITLE) }).click();
  const openShort = () => library(page).getByRole('link', { name: new RegExp(SHORT) }).click();
  await openLong();
  // The first opening of a megabyte (its worker started, the whole parsed) takes a while on a busy machine.
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(LARGE_TITLE, { timeout: 60_000 });
  // Read deep into it: its spot is stored far down.
  await spotPlaced(page);
  await reader(page).evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect.poll(async () => (await storedReadingSpots(page)).find((r) => r.articleKey === FILE)?.blockIndex ?? 0, { timeout: 15_000 }).toBeGreaterThan(500);

  // The short article's stored spot is looked up while another connection holds the reading
  // spots' table: frames pass with the short text in and the long one's offset clamped to it.
  const held = holdTable(page, 'libraryReading', 600);
  await openShort();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(SHORT);
  await held;
  await expect.poll(() => reader(page).evaluate((el) => el.scrollTop)).toBe(0);
  // Every scroll of the reader while the short article's text is in: the reader never scrolls it.
  await page.evaluate((short) => {
    const w = window as unknown as { movedTo: number[] };
    w.movedTo = [];
    const el = document.getElementById('reader')!;
    el.addEventListener('scroll', () => {
      if (document.querySelector('#reader h1')?.textContent === short && el.scrollTop > 0) w.movedTo.push(el.scrollTop);
    });
  }, SHORT);
  // To the long one and back as soon as its text is on screen, after a pause that grows from
  // round to round: some switch back lands while the long article is being put back at its spot.
  for (let pause = 0; pause <= 200; pause += 20) {
    await page.evaluate(
      async ({ pause, long, short }) => {
        const link = (title: string) => [...document.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => a.textContent?.includes(title))!;
        const heading = () => document.querySelector('#reader h1')?.textContent ?? '';
        link(long).click();
        await new Promise<void>((resolve) => {
          const check = () => (heading() === long ? resolve() : requestAnimationFrame(check));
          check();
        });
        await new Promise((resolve) => setTimeout(resolve, pause));
        link(short).click();
      },
      { pause, long: LARGE_TITLE, short: SHORT },
    );
    await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(SHORT);
    await expect.poll(() => reader(page).evaluate((el) => el.scrollTop)).toBe(0);
  }
  // Long enough for any jump still under way to have been made.
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { movedTo: number[] }).movedTo)).toEqual([]);
  // Nor was a spot stored for it: the long one's offset, clamped to the short one's height as the
  // text was swapped, is not where the short one was read.
  const stored = (await storedReadingSpots(page)).filter((r) => r.articleKey !== FILE && r.blockIndex >= 0);
  expect(stored).toEqual([]);
});
