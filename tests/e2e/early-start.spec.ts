// The page's entry asks for the folder's listing, and a new folder's first screen of files,
// before the app's code has arrived (src-renderer/earlyStart.ts). Here that code is held back
// until the page has asked for both: a page that asked only once the app ran would never ask,
// and its code would be let go only when the wait runs out. The first screen is the first
// twenty files in the list's key order, numbers by their value (篇2 before 篇10), read once.
// And when the app's code cannot load, the entry says so itself, and offers to reload.
// Text: paragraphs of 左传 (tests/fixtures/realworld/rw-zuozhuan.txt, public domain; see SOURCE.md).
import { chromium, expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { REPO, library, newProfileDir, offHostRequests } from './harness.ts';

const FILES = 30;
/** How long the app's code is held at most: far longer than asking takes. */
const HOLD_MS = 15_000;
let work = '';
let web: WebHost | null = null;

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pizhu-e2e-early-'));
  const dir = join(work, 'library');
  mkdirSync(dir, { recursive: true });
  const lines = readFileSync(join(REPO, 'tests/fixtures/realworld/rw-zuozhuan.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 20);
  for (let i = 1; i <= FILES; i++) writeFileSync(join(dir, `篇${i}.txt`), `左氏摘录之${i}\n\n${lines[i % lines.length]}\n`);
  web = await startWebHost({ port: 0, libraryRoot: dir, dataDir: join(work, 'data'), rendererDir: join(resolve(REPO, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer'), quiet: true });
});

test.afterAll(async () => {
  await web?.close();
  rmSync(work, { recursive: true, force: true });
});

test('a new folder’s listing and first screen are asked for before the app’s code has arrived', async () => {
  const context = await chromium.launchPersistentContext(newProfileDir(), { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    const asked: string[][] = [];
    let listed = false;
    let askedBoth!: () => void;
    const both = new Promise<void>((r) => (askedBoth = r));
    await context.route('**/api/library', async (route) => {
      listed = true;
      await route.continue();
    });
    await context.route('**/api/articles/read', async (route) => {
      asked.push((route.request().postDataJSON() as { keys: string[] }).keys);
      if (listed) askedBoth();
      await route.continue();
    });
    // Why each hold of the app's code ended.
    const holds: string[] = [];
    await context.route(/\/assets\/app-[^/]+\.js$/, async (route) => {
      holds.push(await Promise.race([both.then(() => 'asked'), new Promise<string>((r) => setTimeout(() => r('waited out'), HOLD_MS))]));
      await route.continue();
    });
    await page.goto(web!.signInUrl());
    // The page's head names the app's code for the browser to fetch with the entry, and the
    // entry is small: the app (and its conversion tables) is not in it.
    const origin = new URL(web!.url).origin;
    const html = await page.evaluate(async () => (await fetch('/')).text());
    expect(html).toMatch(/<link rel="modulepreload" crossorigin="" href="\.\/assets\/app-[^"]+\.js">/);
    const entry = /<script type="module" crossorigin src="\.\/assets\/(index-[^"]+\.js)">/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const entryBytes = await page.evaluate(async (path) => (await (await fetch(path)).arrayBuffer()).byteLength, `/assets/${entry}`);
    expect(entryBytes).toBeLessThan(300_000);
    await expect(library(page).getByRole('link', { name: /左氏摘录之12/ })).toBeVisible({ timeout: 60_000 });

    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((why) => why === 'asked')).toBe(true);
    expect(asked[0]).toEqual(['篇1.txt', '篇2.txt', '篇3.txt', '篇4.txt', '篇5.txt', '篇6.txt', '篇7.txt', '篇8.txt', '篇9.txt', '篇10.txt', '篇11.txt', '篇12.txt', '篇13.txt', '篇14.txt', '篇15.txt', '篇16.txt', '篇17.txt', '篇18.txt', '篇19.txt', '篇20.txt']);
    // The app took that read over: every file asked for once, the listing once.
    await expect(page.getByRole('status').filter({ hasText: '文库已读取完毕' })).toHaveText(`文库已读取完毕：${FILES} 篇`, { timeout: 60_000 });
    const keys = asked.flat();
    expect(keys).toHaveLength(FILES);
    expect(new Set(keys).size).toBe(FILES);
    expect(requests.filter((url) => new URL(url).pathname === '/api/library')).toHaveLength(1);
    expect(offHostRequests(requests, origin)).toEqual([]);
  } finally {
    await context.close();
  }
});

test('when the app’s code cannot load, the page says so in the three languages and offers to reload', async () => {
  const context = await chromium.launchPersistentContext(newProfileDir(), { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport: { width: 800, height: 600 } });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    let refused = 0;
    await context.route(/\/assets\/app-[^/]+\.js$/, async (route) => {
      refused++;
      await route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(web!.signInUrl());
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('批注无法加载，请重新加载页面。');
    await expect(alert.locator('p[lang="zh-Hant"]')).toHaveText('批注無法載入，請重新載入頁面。');
    await expect(alert.locator('p[lang="en"]').first()).toHaveText('Pizhu could not load. Reload the page to try again.');
    const reload = alert.getByRole('button', { name: '重新加载 · 重新載入 · Reload' });
    await reload.focus();
    const before = refused;
    await page.keyboard.press('Enter');
    // The reload asks for the app's code again (and is refused again, here).
    await expect.poll(() => refused).toBeGreaterThan(before);
    await expect(page.getByRole('alert')).toContainText('批注无法加载');
  } finally {
    await context.close();
  }
});
