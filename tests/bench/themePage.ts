// The theme page with 5,000 tagged passages (1,000 in each seed) in Chromium through the
// web host, as tests/bench/chromium.ts measures the reader: from the click on the theme in
// the themes dialog's list to the first frame that shows the page's passage count and its
// first rows, then one more task so that frame has been produced. Each run goes to the
// theme map first, so the page is built anew from the state, as a reader switching would.
import { chromium, type Browser } from 'playwright-core';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { MANY_TAG, putTagged, taggedPassages } from '../support/taggedPassages.ts';
import { rendererDir, type ChromiumFigure } from './chromium.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PER_ARTICLE = 1000;

export async function benchThemePage({ runs, record }: { runs: number; record: (f: ChromiumFigure) => void }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-themes-'));
  let host: WebHost | null = null;
  let browser: Browser | null = null;
  try {
    const libraryDir = join(work, 'library');
    cpSync(join(ROOT, 'seeds'), libraryDir, { recursive: true });
    host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir: join(work, 'data'), rendererDir: rendererDir(), quiet: true });
    try {
      browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
    } catch (error) {
      console.log(`theme page figure skipped: no Chromium to launch (${error instanceof Error ? error.message.split('\n')[0] : error})`);
      return;
    }
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('bench page error:', e.message));
    await page.goto(host.signInUrl());
    await page.locator('article h1').waitFor();
    const rows = taggedPassages(PER_ARTICLE);
    await putTagged(page, MANY_TAG, rows);
    await page.reload();
    await page.locator('article h1').waitFor();
    await page.getByRole('button', { name: '主题', exact: true }).click();
    const list = page.getByRole('dialog', { name: '主题' }).getByRole('navigation', { name: '主题列表' });
    await list.getByRole('button', { name: /^窗口测试 / }).waitFor();

    const samples: number[] = [];
    let drawnRows = 0;
    for (let i = 0; i <= runs; i++) {
      await list.getByRole('button', { name: '主题地图' }).click();
      await page.locator('.theme-map').waitFor();
      const { ms, count } = await page.evaluate(async (total) => {
        const item = [...document.querySelectorAll<HTMLButtonElement>('.theme-list .theme-item')].find((b) => b.textContent?.includes('窗口测试'))!;
        const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
        const task = () => new Promise<void>((r) => setTimeout(r, 0));
        const t0 = performance.now();
        item.click();
        const heading = `（${total}）`;
        for (;;) {
          await frame();
          const h = [...document.querySelectorAll('.theme-page h4')].some((e) => e.textContent?.includes(heading));
          if (h && document.querySelector('.theme-passages li')) break;
          if (performance.now() - t0 > 20_000) throw new Error('bench: the theme page never showed its passages');
        }
        await task();
        return { ms: performance.now() - t0, count: document.querySelectorAll('.theme-passages li').length };
      }, rows.length);
      drawnRows = count;
      if (i > 0) samples.push(ms); // the first is a warm-up
    }
    const fmt = (ms: number) => ms.toFixed(0);
    record({ name: `theme page with ${rows.length.toLocaleString('en-US')} passages opens (click to drawn, Chromium)`, samples, note: `${drawnRows} of ${rows.length} passage rows in the DOM`, target: { op: '<', value: 300, label: '< 300 ms' } });
    console.log(`theme page, ${rows.length} passages: ${samples.map(fmt).join(', ')} ms; ${drawnRows} rows drawn`);
  } finally {
    await browser?.close();
    await host?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
