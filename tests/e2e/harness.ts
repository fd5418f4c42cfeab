// Drives the real renderer through the real web host: a temp copy of the seeds (tests may
// edit files on disk), a persistent Chromium profile (so a restart keeps IndexedDB), and a
// record of every request so a test can prove nothing left 127.0.0.1.
import { chromium, expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { startWebHost } from '../../src-main/web/server.ts';
import { putRows, type StoreRows } from '../support/rawIndexedDb.ts';

export const REPO = resolve(import.meta.dirname, '../..');

export interface Host {
  /** The app's address; a browser must have signed in (openBrowser does) before it loads. */
  url: string;
  /** A sign-in URL good once, as the web host prints it. */
  signInUrl(): string;
  /** The host's per-run token (for programs; a browser never sees it). */
  token: string;
  origin: string;
  libraryDir: string;
  close(): Promise<void>;
}

export async function startHost(): Promise<Host> {
  const work = mkdtempSync(join(tmpdir(), 'pizhu-e2e-'));
  const libraryDir = join(work, 'library');
  cpSync(join(REPO, 'seeds'), libraryDir, { recursive: true });
  const host = await startWebHost({
    port: 0,
    libraryRoot: libraryDir,
    dataDir: join(work, 'data'),
    rendererDir: join(resolve(REPO, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer'),
    quiet: true,
  });
  const origin = new URL(host.url).origin;
  return {
    url: `${origin}/`,
    signInUrl: () => host.signInUrl(),
    token: host.token,
    origin,
    libraryDir,
    async close() {
      await host.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A browser with a persistent profile: call again with the same dir to "restart". */
export async function openBrowser(host: Host, profileDir: string, opts: { viewport?: { width: number; height: number } } = {}): Promise<Session> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    headless: true,
    locale: 'zh-CN',
    viewport: opts.viewport ?? { width: 1400, height: 900 },
  });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  // Each browser start signs in afresh: the code is good once and the session cookie ends with the browser.
  await page.goto(host.signInUrl());
  return {
    context,
    page,
    requests,
    close: () => context.close(),
  };
}

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'pizhu-profile-'));
}

/** Requests that went anywhere but the web host (data: and blob: are in-page). */
export function offHostRequests(requests: string[], origin: string): string[] {
  return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/**
 * One web host per spec file and browsers that are checked and closed after each test:
 * every request a test's browsers made must have stayed on the host.
 */
export function useWebHost(): { host: () => Host; open: (profileDir?: string) => Promise<Session> } {
  let host: Host | null = null;
  const sessions: Session[] = [];
  test.beforeAll(async () => {
    host = await startHost();
  });
  test.afterAll(async () => {
    await host?.close();
  });
  test.afterEach(async () => {
    for (const session of sessions.splice(0)) {
      expect(offHostRequests(session.requests, host!.origin), 'every request stays on the web host').toEqual([]);
      await session.close();
    }
    // The annotation files carry annotations to every new profile: each test starts without them.
    rmSync(join(host!.libraryDir, '.pizhu'), { recursive: true, force: true });
  });
  return {
    host: () => host!,
    async open(profileDir = newProfileDir()) {
      const session = await openBrowser(host!, profileDir);
      sessions.push(session);
      return session;
    },
  };
}

export const library = (page: Page) => page.getByRole('navigation', { name: '文章列表' });
export const reader = (page: Page) => page.getByRole('main');

/** Text of every range registered under one highlight name; painters may hold StaticRanges. */
export const highlightTexts = (page: Page, name: string) =>
  page.evaluate((name) => {
    const h = CSS.highlights.get(name);
    return h
      ? [...h].map((r) => {
          const s = r as AbstractRange;
          const live = document.createRange();
          live.setStart(s.startContainer, s.startOffset);
          live.setEnd(s.endContainer, s.endOffset);
          return live.toString();
        })
      : [];
  }, name);

/** Every row of one table of the page's IndexedDB database `pizhu`, read as it is on disk (not through the app). */
export const storedRows = <T>(page: Page, table: string): Promise<T[]> =>
  page.evaluate(
    (table) =>
      new Promise<T[]>((done, fail) => {
        const open = indexedDB.open('pizhu');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction(table).objectStore(table).getAll();
          all.onsuccess = () => {
            db.close();
            done(all.result as T[]);
          };
          all.onerror = () => fail(all.error);
        };
      }),
    table,
  );

/**
 * Puts `rows` in the page's database once the app's first start has stored the article it
 * opened (the library's first file): settings put before that would be overwritten by it, and
 * the page would reload on another article than the one the rows are for.
 */
export async function putRowsOnceStarted(page: Page, rows: StoreRows): Promise<void> {
  await expect.poll(async () => (await storedRows<{ key: string }>(page, 'settings')).some((row) => row.key === 'lastArticleKey'), { message: 'the first start stored the article it opened' }).toBe(true);
  await putRows(page, rows);
}

/**
 * Holds table `table` of the page's database `pizhu` in a read-write transaction of another
 * connection for `ms`: the app's reads of it wait meanwhile, as on a busy machine. Resolves
 * when the hold ends.
 */
export async function holdTable(page: Page, table: string, ms: number): Promise<void> {
  const release = await holdTableUntilReleased(page, table);
  await page.waitForTimeout(ms);
  await release();
}

/**
 * Holds the page's timers of a typing pause (a few hundred ms and up) until released, instead
 * of letting them run: what a test says happens "before the save delay" then does so on any machine.
 * Timers cancelled meanwhile stay cancelled.
 */
export async function holdTypingDelays(page: Page): Promise<void> {
  await page.evaluate(() => {
    const held = new Map<number, () => void>();
    const realSet = window.setTimeout;
    const realClear = window.clearTimeout;
    let next = -1;
    const hold = { held, realSet, realClear };
    (window as unknown as { typingHold: typeof hold }).typingHold = hold;
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
      if ((ms ?? 0) < 200 || typeof fn !== 'function') return realSet(fn, ms, ...args);
      const id = next--;
      held.set(id, () => (fn as (...a: unknown[]) => void)(...args));
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id?: number) => {
      if (id !== undefined && held.delete(id)) return;
      realClear(id);
    }) as typeof window.clearTimeout;
  });
}

/** Puts the real timers back and runs the held ones still pending. */
export async function releaseTypingDelays(page: Page): Promise<void> {
  await page.evaluate(() => {
    const hold = (window as unknown as { typingHold: { held: Map<number, () => void>; realSet: typeof setTimeout; realClear: typeof clearTimeout } }).typingHold;
    window.setTimeout = hold.realSet;
    window.clearTimeout = hold.realClear;
    const pending = [...hold.held.values()];
    hold.held.clear();
    for (const run of pending) run();
  });
}

/**
 * Holds `table` as holdTable does, until the returned function is called (which resolves once
 * the hold has let go): the steps a test takes meanwhile need not fit a time on a slow machine.
 */
export async function holdTableUntilReleased(page: Page, table: string): Promise<() => Promise<void>> {
  await page.evaluate(
    (table) =>
      new Promise<void>((started, fail) => {
        const open = indexedDB.open('pizhu');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(table, 'readwrite');
          const hold = { released: false, done: new Promise<void>((done) => (tx.oncomplete = () => (db.close(), done()))) };
          (window as unknown as { tableHold: typeof hold }).tableHold = hold;
          const keepBusy = () => {
            if (!hold.released) tx.objectStore(table).count().onsuccess = keepBusy;
          };
          keepBusy();
          started();
        };
      }),
    table,
  );
  return () =>
    page.evaluate(async () => {
      const hold = (window as unknown as { tableHold: { released: boolean; done: Promise<void> } }).tableHold;
      hold.released = true;
      await hold.done;
    });
}

/** The value stored for setting `key` in IndexedDB (database `pizhu`, table `settings`), undefined when none is. */
export const storedSetting = (page: Page, key: string) =>
  page.evaluate(
    (key) =>
      new Promise<unknown>((done, fail) => {
        const open = indexedDB.open('pizhu');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('settings').objectStore('settings').get(key);
          get.onsuccess = () => {
            open.result.close();
            done((get.result as { value?: unknown } | undefined)?.value);
          };
          get.onerror = () => fail(get.error);
        };
      }),
    key,
  );

/** The reading spots the page has stored in IndexedDB (database `pizhu`, table `libraryReading`: every library's), read as they are on disk. */
export const storedReadingSpots = (page: Page) => storedRows<{ libraryId: string; articleKey: string; blockIndex: number; fraction: number; updatedAt: number }>(page, 'libraryReading');

/** Opens the article titled `title` from the list and waits for its heading; with `script`, then shows that script view. */
export async function openArticle(page: Page, title: string, script?: string): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(title);
  await spotPlaced(page);
  if (script) await chooseScript(page, script);
}

/**
 * Waits until the article shown has been taken to where it was last read (the reader is busy
 * until then): a scroll made before would be undone by that jump, on a slow disk seconds later.
 */
export async function spotPlaced(page: Page): Promise<void> {
  await expect(reader(page).locator('article').first()).toBeAttached();
  await expect(reader(page)).not.toHaveAttribute('aria-busy', 'true');
}

/** Opens the toolbar's reading settings (阅读设置, or its name in another UI language) if closed, and returns the popover. */
export async function readingSettings(page: Page, name = '阅读设置'): Promise<Locator> {
  const panel = page.getByRole('dialog', { name });
  if (!(await panel.isVisible())) await page.getByRole('button', { name, exact: true }).click();
  await expect(panel).toBeVisible();
  return panel;
}

/** Closes the reading settings with Esc, as a keyboard user would. */
export async function closeReadingSettings(page: Page, name = '阅读设置'): Promise<void> {
  const panel = page.getByRole('dialog', { name });
  if (!(await panel.isVisible())) return;
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
}

/** Picks a script (原文, 简体, 繁體, 臺灣, 香港) in the reading settings; `phrases` sets 臺灣用詞 too. */
export async function chooseScript(page: Page, name: string, phrases?: boolean): Promise<void> {
  const panel = await readingSettings(page);
  await panel.getByRole('radio', { name, exact: true }).check();
  if (phrases !== undefined) await panel.getByRole('checkbox', { name: '臺灣用詞' }).setChecked(phrases);
  await closeReadingSettings(page);
}

/** Whether the script `name` is the one chosen, read from the reading settings (left closed again). */
export async function expectScript(page: Page, name: string): Promise<void> {
  const panel = await readingSettings(page);
  await expect(panel.getByRole('radio', { name, exact: true })).toBeChecked();
  await closeReadingSettings(page);
}

/** Runs a command of the toolbar's 更多命令 menu. */
export async function moreCommand(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: '更多命令' }).click();
  await page.getByRole('menu', { name: '更多命令' }).getByRole('menuitem', { name }).click();
}

/** Selects the first occurrence of `needle` in the article body, as a user's drag would. */
export async function selectText(page: Page, needle: string): Promise<void> {
  await page.evaluate((needle) => {
    const nodes = [...document.querySelectorAll('#reader article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(needle));
    if (!node) throw new Error(`not in the body: ${needle}`);
    node.parentElement!.scrollIntoView({ block: 'center' });
    const at = node.data.indexOf(needle);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, needle);
}

/** Puts the caret before `passage` and extends the selection over it with Shift+→, as a keyboard user does. */
export async function selectByKeyboard(page: Page, passage: string): Promise<void> {
  await expect(reader(page)).toContainText(passage.slice(0, 6));
  await page.evaluate((passage) => {
    const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(passage.slice(0, 6)));
    if (!node) throw new Error(`not in the body: ${passage}`);
    node.parentElement!.scrollIntoView({ block: 'center' });
    document.getElementById('reader')!.focus({ preventScroll: true });
    document.getSelection()!.collapse(node, node.data.indexOf(passage.slice(0, 6)));
  }, passage);
  for (let i = 0; i < passage.length; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await page.evaluate(() => document.getSelection()!.toString())).toBe(passage);
}

/** T on the current selection or highlight, then `theme` typed into the picker and Enter. */
export async function tagWithTheme(page: Page, theme: string): Promise<void> {
  await page.keyboard.press('t');
  const picker = page.getByRole('toolbar', { name: '标注' }).getByRole('combobox', { name: '主题' });
  await expect(picker).toBeFocused();
  await picker.fill(theme);
  await picker.press('Enter');
  await expect(picker).toBeHidden();
}

export const themesDialog = (page: Page) => page.getByRole('dialog', { name: '主题' });
export const themeList = (page: Page) => themesDialog(page).getByRole('navigation', { name: '主题列表' });
