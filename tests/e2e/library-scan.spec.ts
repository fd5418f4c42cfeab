// A first start on a folder of a few hundred files nobody has seen: the list header shows how
// many files are read (files done / total) and says so politely; files are asked for many at
// a time, in the order listed, and the listing once; the app answers while they are read (the
// filter filters, an article opens); and the list ends in the order of the files' own dates.
// Text: paragraphs of 左传 (tests/fixtures/realworld/rw-zuozhuan.txt, public domain; see SOURCE.md),
// each file a title, a dateline and three paragraphs, written to a temp folder here.
import { chromium, expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { REPO, library, newProfileDir, offHostRequests, reader } from './harness.ts';

const FILES = 300;
let work = '';
let web: WebHost | null = null;
let signInUrl: () => string;
let origin = '';

const key = (i: number) => `卷${String(i).padStart(3, '0')}.txt`;
/** File i's date: a day apart, so the date order is the reverse of i. */
const dateOf = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const titleOf = (i: number) => `左氏春秋摘录第${i}篇`;

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pizhu-e2e-scan-'));
  const dir = join(work, 'library');
  mkdirSync(dir, { recursive: true });
  const lines = readFileSync(join(REPO, 'tests/fixtures/realworld/rw-zuozhuan.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 20);
  for (let i = 0; i < FILES; i++) {
    const body = [0, 1, 2].map((n) => lines[(i * 3 + n) % lines.length]).join('\n\n');
    writeFileSync(join(dir, key(i)), `${titleOf(i)}\n\n发布时间：${dateOf(i)}\n\n${body}\n`);
  }
  web = await startWebHost({ port: 0, libraryRoot: dir, dataDir: join(work, 'data'), rendererDir: join(resolve(REPO, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer'), quiet: true });
  origin = new URL(web.url).origin;
  signInUrl = () => web!.signInUrl();
});

test.afterAll(async () => {
  await web?.close();
  rmSync(work, { recursive: true, force: true });
});

test('a first start shows files done / total while it reads in bulk, stays usable, and ends in date order', async () => {
  // The browser is started here rather than by the harness: the routes and the watcher must be
  // in place before the sign-in page loads the app, which starts reading at once.
  const context = await chromium.launchPersistentContext(newProfileDir(), { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    // The first bulk answer goes through; the rest wait until the app has been used mid-scan,
    // then come a little apart, so every step of the count can be seen.
    const asked: string[][] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await context.route('**/api/articles/read', async (route) => {
      asked.push((route.request().postDataJSON() as { keys: string[] }).keys);
      if (asked.length > 1) {
        await released;
        await new Promise((r) => setTimeout(r, 200));
      }
      await route.continue();
    });
    // Every text the count shows, as it changes.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __scanCounts: string[] }).__scanCounts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.library-scan-count')?.textContent;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(signInUrl());
    const progress = library(page).getByRole('progressbar', { name: '文库读取进度' });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute('max', String(FILES));

    // Usable while it reads: the filter filters and an article opens.
    const filter = page.getByRole('searchbox', { name: '筛选文章' });
    await filter.fill('卷007');
    const link = library(page).getByRole('link', { name: /卷007|左氏春秋摘录第7篇/ });
    await expect(link).toHaveCount(1);
    await link.click();
    await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(titleOf(7));
    await filter.fill('');
    await expect(progress).toBeVisible();
    release();

    // Done: the bar goes and the status says so once.
    await expect(progress).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByRole('status').filter({ hasText: '文库已读取完毕' })).toHaveText(`文库已读取完毕：${FILES} 篇`);

    // Then the search index is built, counted the same way where it lasts long enough to be
    // shown, until it too is done.
    await expect(library(page).getByRole('progressbar')).toHaveCount(0, { timeout: 60_000 });
    const shown = await page.evaluate(() => (window as unknown as { __scanCounts: string[] }).__scanCounts);
    const counts = shown.filter((c) => c.startsWith('正在读取'));
    expect(shown.filter((c) => !c.startsWith('正在读取')).every((c) => /^正在建立搜索索引 \d+ \/ 300 篇$/.test(c))).toBe(true);
    const done = counts.map((c) => Number(/正在读取 (\d+) \/ 300 篇/.exec(c)?.[1] ?? NaN));
    expect(done.every((n) => Number.isInteger(n))).toBe(true);
    // Counted up, never back, with steps seen between the first and the last.
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.some((n) => n > 0 && n < FILES)).toBe(true);

    // Many files a request (not one each), every file asked for once, in the order listed.
    const keys = asked.flat();
    expect(asked.length).toBeLessThan(FILES / 10);
    expect([...keys].sort()).toEqual(Array.from({ length: FILES }, (_, i) => key(i)).sort());
    expect(new Set(keys).size).toBe(FILES);
    // The listing itself asked for once: the request the page makes first is the one the app takes.
    expect(requests.filter((url) => new URL(url).pathname === '/api/library')).toHaveLength(1);

    // The list sorts by date, newest first, by the files' own dates written above: the rows drawn
    // (around the article open) follow one another day by day, once the pointer is off the list
    // (rows do not move under it).
    await page.mouse.move(1300, 850);
    const drawn = (await library(page).locator('a.article-item').allTextContents()).map((t) => Number(/左氏春秋摘录第(\d+)篇/.exec(t)?.[1]));
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn).toEqual(drawn.map((_, i) => drawn[0] - i));
    expect(offHostRequests(requests, origin)).toEqual([]);
  } finally {
    await context.close();
  }
});

/**
 * A fresh profile's first start on the folder, its bulk reads after the first held until
 * `release()`; `close()` checks that every request stayed on the host.
 */
async function heldFirstStart(viewport: { width: number; height: number }) {
  const context = await chromium.launchPersistentContext(newProfileDir(), { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  let asked = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await context.route('**/api/articles/read', async (route) => {
    if (++asked > 1) await released;
    await route.continue();
  });
  await page.goto(signInUrl());
  return {
    page,
    release,
    async close(): Promise<void> {
      await context.close();
      expect(offHostRequests(requests, origin)).toEqual([]);
    },
  };
}

test('in a narrow window, with the list in its closed drawer, the toolbar shows the start\'s progress', async () => {
  const { page, release, close } = await heldFirstStart({ width: 600, height: 800 });
  try {
    const toolbar = page.getByRole('toolbar', { name: '工具栏' });
    const inToolbar = toolbar.getByRole('progressbar', { name: '文库读取进度' });
    await expect(inToolbar).toBeVisible();
    await expect(inToolbar).toHaveAttribute('max', String(FILES));
    await expect(inToolbar).toHaveAttribute('title', /^正在读取 \d+ \/ 300 篇$/);
    // Said in words too, where a pointer cannot hover for the title; the brand makes way.
    await expect(toolbar.locator('.toolbar-progress')).toHaveText(/读取 \d+%/);
    await expect(page.locator('.brand')).toBeHidden();
    // With the drawer open the list's head shows it, and the toolbar does not say it twice.
    await toolbar.getByRole('button', { name: '显示文库' }).click();
    await expect(library(page).getByRole('progressbar', { name: '文库读取进度' })).toBeVisible();
    await expect(toolbar.getByRole('progressbar')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(inToolbar).toBeVisible();
    release();
    // The read ends, then the index's build: the toolbar is clear of both.
    await expect(toolbar.getByRole('progressbar')).toHaveCount(0, { timeout: 60_000 });
    await page.getByRole('button', { name: '搜索' }).first().click();
    await expect(page.getByRole('dialog', { name: '搜索文库' }).locator('.search-status')).not.toContainText('正在建立索引');
  } finally {
    await close();
  }
});

test('rows hold still under the pointer and keyboard focus while the read places them; a row clicked does not hold them once the pointer leaves', async () => {
  const { page, release, close } = await heldFirstStart({ width: 1400, height: 900 });
  const newest = join(work, 'library', '卷新.txt');
  try {
    const rows = library(page).locator('a.article-item');
    const order = () => rows.evaluateAll((links) => links.slice(0, 12).map((a) => decodeURIComponent(new URL((a as HTMLAnchorElement).href).searchParams.get('article') ?? '')));
    // The first batch is in; the rest wait, and the read says so.
    await expect(rows.filter({ hasText: '左氏春秋摘录' }).first()).toBeVisible();
    await expect(library(page).getByRole('progressbar', { name: '文库读取进度' })).toBeVisible();
    // The user clicks a row and leaves the pointer there.
    await rows.nth(3).click();
    const before = await order();
    release();
    await expect(library(page).getByRole('progressbar')).toHaveCount(0, { timeout: 60_000 });
    // Every file is read (the bar that was there is gone), and the rows under the pointer have not moved.
    await expect(page.getByRole('status').filter({ hasText: '文库已读取完毕' })).toHaveText(`文库已读取完毕：${FILES} 篇`);
    await expect(rows.first()).toContainText('左氏春秋摘录');
    expect(await order()).toEqual(before);
    // The pointer leaves; the row clicked keeps the focus, which does not hold the list: date order, newest first.
    await page.mouse.move(1300, 850);
    const dateOrder = Array.from({ length: 12 }, (_, i) => key(FILES - 1 - i));
    await expect.poll(order).toEqual(dateOrder);
    expect(before).not.toEqual(dateOrder);

    // Keyboard focus in the list holds it: a file newer than all arrives and waits at the end.
    await rows.nth(1).focus();
    await page.keyboard.press('Tab');
    await expect(rows.nth(2)).toBeFocused();
    writeFileSync(newest, '左氏春秋摘录新篇\n\n发布时间：2030-01-01\n\n新到的一篇。\n');
    await expect(library(page).getByText('共 301 篇')).toBeVisible({ timeout: 30_000 });
    expect(await order()).toEqual(dateOrder);
    // Leaving the list lets it take its place at the top.
    await page.getByRole('searchbox', { name: '筛选文章' }).focus();
    await expect.poll(order).toEqual(['卷新.txt', ...dateOrder.slice(0, 11)]);
  } finally {
    rmSync(newest, { force: true });
    await close();
  }
});
