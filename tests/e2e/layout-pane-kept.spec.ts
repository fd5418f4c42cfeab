// A side pane is one element wherever it stands: the library list scrolled in its drawer is
// the same list, at the same place, after the drawer is closed and opened again, after the
// window widens until the pane docks, after it narrows and the drawer is opened, and after
// the window widens with the drawer open.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newProfileDir, openBrowser, useWebHost } from './harness.ts';

const web = useWebHost();
const MADE = 250;
/** The five seeds and the articles made here. */
const TOTAL = MADE + 5;
const NARROW = { width: 800, height: 700 };
const WIDE = { width: 1440, height: 900 };

test.beforeAll(() => {
  for (let i = 0; i < MADE; i++) {
    const n = String(i).padStart(3, '0');
    writeFileSync(join(web.host().libraryDir, `zz_${n}.txt`), `第${n}号简报\n\n这是第${n}号简报的正文，说的是营商环境。\n`);
  }
});

/** The library's list, docked or in its drawer; the element that scrolls is the pane itself. */
const libraryPane = (page: Page) => page.getByRole('navigation', { name: '文章列表' });

/** Marks the pane's element with a property no rebuilt element would have. */
const mark = (pane: Locator) => pane.evaluate((el) => Object.assign(el, { keptAcrossLayouts: true }));

/** The pane's scroll, the row near the top of its view (below the filter, which stays put), and whether it is the element marked. */
const view = (pane: Locator) =>
  pane.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + 120);
    return {
      scrollTop: el.scrollTop,
      topRow: top?.closest('li[aria-posinset]')?.getAttribute('aria-posinset') ?? null,
      marked: (el as HTMLElement & { keptAcrossLayouts?: boolean }).keptAcrossLayouts === true,
    };
  });

/** The view once the rows drawn around it are measured (the list corrects its scroll as they are): the same on two readings a frame apart. */
async function settledView(pane: Locator): Promise<Awaited<ReturnType<typeof view>>> {
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await view(pane));
      await pane.evaluate(() => new Promise(requestAnimationFrame));
      const same = now === last && JSON.parse(now).topRow !== null;
      last = now;
      return same;
    })
    .toBe(true);
  return JSON.parse(last);
}

test('the library list keeps its element and its scroll as its drawer closes and opens and as the window crosses the width where it docks', async () => {
  test.setTimeout(120_000);
  const session = await openBrowser(web.host(), newProfileDir(), { viewport: NARROW });
  try {
    const { page } = session;
    await expect(page.locator('.article-body p').first()).toBeVisible();
    const toggle = page.getByRole('button', { name: '显示文库' });
    const drawer = page.getByRole('dialog', { name: '文库' });
    await expect(drawer).toHaveCount(0);
    await toggle.click();
    await expect(drawer).toBeVisible();
    const pane = libraryPane(page);
    await expect(pane.locator('li[data-index]').first()).toHaveAttribute('aria-setsize', String(TOTAL));

    // Far down the list, well past the rows drawn at first.
    await pane.evaluate((el) => (el.scrollTop = 3000));
    await mark(pane);
    const scrolled = await settledView(pane);
    expect(scrolled.marked).toBe(true);
    expect(Number(scrolled.topRow)).toBeGreaterThan(30);

    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    await expect(toggle).toBeFocused();
    await toggle.click();
    await expect(drawer).toBeVisible();
    await expect.poll(() => view(pane), 'closed and opened again: the same list at the same place').toEqual(scrolled);

    // Closed, then wide enough to dock: the pane comes back beside the text as it was left.
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    await page.setViewportSize(WIDE);
    const dockedPane = page.locator('.panes').getByRole('navigation', { name: '文章列表' });
    await expect(dockedPane).toBeVisible();
    await expect.poll(async () => (await view(pane)).marked, 'docked: the same element').toBe(true);
    await expect.poll(async () => (await view(pane)).topRow, 'docked: the same row at the top').toBe(scrolled.topRow);

    // Scrolled elsewhere while docked; narrowed, the pane is off screen, and its drawer shows it where it was left.
    await pane.evaluate((el) => (el.scrollTop = 6000));
    const docked = await settledView(pane);
    expect(Number(docked.topRow)).toBeGreaterThan(Number(scrolled.topRow));
    await page.setViewportSize(NARROW);
    await expect(pane).toHaveCount(0);
    await toggle.click();
    await expect(drawer).toBeVisible();
    await expect.poll(async () => (await view(pane)).marked).toBe(true);
    await expect.poll(async () => (await view(pane)).topRow, 'off screen, then a drawer: the same row at the top').toBe(docked.topRow);

    // The drawer open, the window widens: the pane steps beside the text as it is.
    await page.setViewportSize(WIDE);
    await expect(drawer).toHaveCount(0);
    await expect(dockedPane).toBeVisible();
    await expect.poll(() => view(pane), 'from the drawer to docked: the same list at the same place').toEqual(docked);
  } finally {
    await session.close();
  }
});

test('typing in the docked library filter as the window narrows: the pane stays on screen as a drawer, the focus and the text in the field', async () => {
  const session = await openBrowser(web.host(), newProfileDir(), { viewport: WIDE });
  try {
    const { page } = session;
    await expect(page.locator('.article-body p').first()).toBeVisible();
    const filter = page.locator('.panes').getByRole('searchbox', { name: '筛选文章' });
    await filter.click();
    await page.keyboard.type('第12');
    await page.setViewportSize(NARROW);
    const drawer = page.getByRole('dialog', { name: '文库' });
    await expect(drawer).toBeVisible();
    const inDrawer = drawer.getByRole('searchbox', { name: '筛选文章' });
    await expect(inDrawer).toBeFocused();
    await page.keyboard.type('3');
    await expect(inDrawer).toHaveValue('第123');
    await expect(drawer.getByRole('link')).toHaveCount(1);
    await expect(drawer.getByRole('link')).toContainText('第123号简报');
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    // The field that had the focus is hidden with the pane: the focus goes to the pane's toggle.
    await expect(page.locator('#toggle-library')).toBeFocused();
  } finally {
    await session.close();
  }
});
