// The window is the app: only the panes scroll. Visually hidden labels in a long pane, or
// anything else taller than the window, must not make the document itself scrollable, or
// the wheel over the toolbar, list or outline scrolls the whole app out of view.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnnotations } from '../bench/chromium.ts';
import { library, openBrowser, newProfileDir, reader, REPO, useWebHost } from './harness.ts';
import { putRows } from '../support/rawIndexedDb.ts';

const web = useWebHost();
const SEED = '001_95138ed665849f79.txt';
const SHOTS = join(REPO, 'tests/artifacts/screenshots');

const documentScroll = (page: Page) =>
  page.evaluate(() => ({
    scrollHeight: document.scrollingElement!.scrollHeight,
    innerHeight: window.innerHeight,
    scrollTop: document.scrollingElement!.scrollTop,
    bodyScrollTop: document.body.scrollTop,
  }));

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`at ${size.width}×${size.height} with 30 highlights and the panes open, the wheel over every region leaves the document where it is`, async () => {
    const raw = readFileSync(join(web.host().libraryDir, SEED), 'utf8');
    const rows = benchAnnotations(raw, 30).map((r) => ({ ...r, articleKey: SEED }));
    const session = await openBrowser(web.host(), newProfileDir(), { viewport: size });
    try {
      const { page } = session;
      await expect(library(page)).toBeVisible();
      await putRows(page, { annotations: rows });
      await page.reload();
      await library(page).locator(`a[href="?article=${encodeURIComponent(SEED)}"]`).click();
      await expect(library(page).getByRole('link', { name: /30 处标注/ })).toBeVisible();
      for (const name of ['显示目录', '显示标注']) {
        const toggle = page.getByRole('button', { name, exact: true });
        if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
      }
      const pane = page.getByRole('complementary', { name: '标注' });
      await expect(pane.getByRole('list', { name: '本文标注' }).getByRole('listitem').first()).toBeVisible();

      const regions = [page.locator('.app-header'), library(page), reader(page), pane, page.getByRole('navigation', { name: '目录' })];
      for (const region of regions) {
        // At 1024 px only one side pane has room beside the text; the others are drawers, closed.
        if ((await region.count()) === 0) continue;
        const box = await region.boundingBox();
        expect(box, 'region is on screen').not.toBeNull();
        await page.mouse.move(box!.x + box!.width / 2, box!.y + Math.min(box!.height / 2, 20));
        for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 600);
      }
      const after = await documentScroll(page);
      expect(after.scrollHeight).toBe(after.innerHeight);
      expect(after.scrollTop).toBe(0);
      expect(after.bodyScrollTop).toBe(0);
      // The header is still at the top of the window.
      expect((await page.locator('.app-header').boundingBox())!.y).toBe(0);
      await page.screenshot({ path: join(SHOTS, `layout-${size.width}x${size.height}-after-wheel.png`) });
    } finally {
      await session.close();
    }
  });
}
