// The annotation files' whole path as users get it: the built renderer in Chromium on its real
// IndexedDB, the web host writing and watching the library's `.pizhu/` folder on disk.
//
// - first start: 100,000 annotations in the database and no files; from the start of a
//   Chromium no test client watches (its start, the page's load and the app's included) until
//   the folder holds every article's file and the codebook. Unwatched, because a CDP client
//   (Playwright) has Chromium hand it every request body: the first start's bodies are the
//   files themselves, and copying them out took a third of the figure. A person's browser
//   does not do that.
// - read back: a second machine (another host on a copy of that library, another browser
//   profile) from its page's load until its database holds all 100,000. Machine B is a
//   Chromium driven without Playwright (noNetworkDomainPage.ts), for the same reason, and its
//   profile is on disk as a person's is: a Playwright context's is in memory, where IndexedDB
//   stores faster than it can on a disk.
// - one remote change: with the 15,000-character article open (1,000 highlights), its file
//   is replaced on disk by one with a new highlight, as a sync tool would (written aside,
//   renamed over); from the rename until the frame that draws it (the host's watcher, the
//   read, the merge, the redraw). Both clocks are this machine's wall clock (Date.now).
//
//   npm run bench -- --only annotationSyncChromium
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintText } from '../../src-main/library/decode.ts';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { articleFileText } from '../../src-renderer/core/annotationFiles.ts';
import { ANNOTATION_FOLDER, articleFileName } from '../../src-renderer/core/annotationFileNames.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { putRows } from '../support/rawIndexedDb.ts';
import { launchNoNetworkDomainPage, type Evaluates } from './noNetworkDomainPage.ts';
import { BENCH_KEY, benchAnnotations, ensureBuilt, pageHelpers, rendererDir, settledRanges, writeBenchLibrary, type ChromiumFigure } from './chromium.ts';
import { BENCH_THEMES, generateAnnotations, generateArticles } from './generateLibrary.ts';

const TOTAL = 100_000;

export async function signedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await context.addInitScript(pageHelpers);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('bench page error:', e.message));
  return page;
}

/** Rows in the app's database, counted without opening it before the app has made it. */
export const countRows = (page: Evaluates): Promise<number> =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'pizhu')) return 0;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('pizhu');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      if (!db.objectStoreNames.contains('annotations')) return 0;
      return await new Promise<number>((resolve, reject) => {
        const req = db.transaction('annotations').objectStore('annotations').count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  });

async function poll(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 600_000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await done()) return Date.now();
    if (Date.now() - t0 > timeoutMs) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Rows a transaction in the floor's puts (the read back's own bulk puts are as large or larger). */
const FLOOR_CHUNK = 10_000;

/**
 * Milliseconds raw IndexedDB takes, in the page, to put `rows` into a fresh database with the
 * annotations store's key and indexes (db/schema.ts), a transaction per FLOOR_CHUNK rows; only
 * the transactions are timed, not the rows' way into the page.
 */
async function indexedDbPutFloor(page: Evaluates, rows: readonly AnnotationRecord[]): Promise<number> {
  const name = `pizhu-bench-floor-${Date.now()}`;
  let total = 0;
  for (let at = 0; at < rows.length; at += FLOOR_CHUNK) {
    total += await page.evaluate(
      async ({ name, chunk }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(name, 1);
          req.onupgradeneeded = () => {
            const store = req.result.createObjectStore('annotations', { keyPath: 'id' });
            store.createIndex('articleKey', 'articleKey');
            store.createIndex('tagIds', 'tagIds', { multiEntry: true });
            store.createIndex('updatedAt', 'updatedAt');
          };
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        try {
          const t0 = performance.now();
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction('annotations', 'readwrite');
            const store = tx.objectStore('annotations');
            for (const row of chunk) store.put(row);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          });
          return performance.now() - t0;
        } finally {
          db.close();
        }
      },
      { name, chunk: rows.slice(at, at + FLOOR_CHUNK) },
    );
  }
  await page.evaluate((name) => new Promise((resolve) => { const req = indexedDB.deleteDatabase(name); req.onsuccess = req.onerror = () => resolve(null); }), name);
  return Math.round(total);
}

/**
 * Puts `rows` and the bench's themes into the app's database of a Chromium profile kept on disk
 * at `profileDir`, through the page `host` serves (the database is that origin's).
 */
export async function fillProfile(profileDir: string, host: WebHost, rows: readonly AnnotationRecord[]): Promise<void> {
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
  try {
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await context.addInitScript(pageHelpers);
    const page = await context.newPage();
    await page.goto(host.signInUrl());
    await page.locator('article h1').waitFor();
    for (let i = 0; i < rows.length; i += 10_000) await putRows(page, { annotations: rows.slice(i, i + 10_000) });
    await putRows(page, { tags: [...BENCH_THEMES] });
  } finally {
    await context.close();
  }
}

export async function benchAnnotationSyncChromium({ runs, record }: { runs: number; record: (f: ChromiumFigure) => void }): Promise<void> {
  ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-annotation-sync-'));
  const hosts: WebHost[] = [];
  let browser: Browser | null = null;
  let closeB = async (): Promise<void> => {};
  try {
    const libraryA = join(work, 'library-a');
    const raw = writeBenchLibrary(libraryA);
    // The library's own id is its root (libraryIdOf): every row is this library's, as after a first start.
    const libraryId = realpathSync(libraryA);
    const own = (rows: AnnotationRecord[]) => rows.map((r) => ({ ...r, libraryIds: [libraryId] }));
    const benchRows = benchAnnotations(raw);
    const rows = own([...generateAnnotations(generateArticles(10_000), { total: TOTAL - benchRows.length, min: 20, max: 80 }), ...benchRows]);
    const articleFiles = new Set(rows.map((r) => r.articleKey)).size;
    const n = rows.length.toLocaleString('en-US');

    const hostA = await startWebHost({ port: 0, libraryRoot: libraryA, dataDir: join(work, 'data-a'), rendererDir: rendererDir(), quiet: true });
    hosts.push(hostA);
    try {
      browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
    } catch (error) {
      console.log(`annotation sync figures skipped: no Chromium to launch (${error instanceof Error ? error.message.split('\n')[0] : error})`);
      return;
    }
    // Machine A's profile is kept on disk: the rows are put in with Playwright, the first start
    // is made by a Chromium of its own on the same profile.
    const profileA = join(work, 'profile-a');
    await fillProfile(profileA, hostA, rows);

    // First start: a Chromium of its own on that profile, until every file is on disk.
    const folderA = join(libraryA, ANNOTATION_FOLDER);
    rmSync(folderA, { recursive: true, force: true });
    const filesIn = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')).length : 0);
    let t0 = Date.now();
    const unwatched = spawn(chromiumExecutable() ?? 'chromium', [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${profileA}`, '--window-size=1600,1000', hostA.signInUrl()], { stdio: 'ignore' });
    try {
      const written = (await poll(() => filesIn(folderA) >= articleFiles + 1, 'the first start’s files')) - t0;
      record({ name: `first start: ${n} annotations written to ${articleFiles.toLocaleString('en-US')} files (Chromium’s start, page load and app start included; no test client attached)`, samples: [written], target: { op: '<', value: 10_000, label: '< 10 s' } });
      // Let its last writes settle before the copy.
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      unwatched.kill();
    }

    // Another machine: the library with its files, an empty profile.
    const libraryB = join(work, 'library-b');
    cpSync(libraryA, libraryB, { recursive: true });
    const hostB = await startWebHost({ port: 0, libraryRoot: libraryB, dataDir: join(work, 'data-b'), rendererDir: rendererDir(), quiet: true });
    hosts.push(hostB);
    // Machine B is a Chromium no Playwright drives (noNetworkDomainPage.ts): its read back and its
    // remote change move megabytes through fetch, which a client's Network domain would slow.
    const pageB = await launchNoNetworkDomainPage({ profileDir: join(work, 'profile-b'), initScripts: ['globalThis.__name = (f) => f;', `(${pageHelpers})()`] });
    if (!pageB) throw new Error('bench: Chromium started for A but not for B');
    closeB = () => pageB.close();
    t0 = Date.now();
    await pageB.goto(hostB.signInUrl());
    const readBack = (await poll(async () => (await countRows(pageB)) >= rows.length, 'the read back', 600_000)) - t0;
    record({ name: `read back: ${articleFiles.toLocaleString('en-US')} files into an empty database, all ${n} rows stored (page load and app start included)`, samples: [readBack], target: { op: '<', value: 5_000, label: '< 5 s' } });
    record({
      name: `IndexedDB floor of the read back: the same ${n} rows put by raw IndexedDB (no Dexie, no merge, no files) into a fresh database of the same store and indexes, ${FLOOR_CHUNK.toLocaleString('en-US')} rows a transaction, same Chromium and origin`,
      samples: [await indexedDbPutFloor(pageB, rows)],
      note: 'what storing the rows costs whatever reads them',
    });

    // One remote change with the article open.
    await pageB.evaluate((key) => document.querySelector<HTMLElement>(`a[href="?article=${encodeURIComponent(key)}"]`)?.click(), BENCH_KEY);
    await pageB.waitUntil((key) => document.querySelector('article h1') !== null && document.querySelector('.article-item.current')?.getAttribute('href') === `?article=${encodeURIComponent(key)}`, BENCH_KEY, 'the bench article open');
    await settledRanges(pageB);
    const canonical = loadArticle(raw, { fileName: BENCH_KEY }).clean.text;
    const fingerprint = fingerprintText(raw);
    const fileName = join(libraryB, ANNOTATION_FOLDER, articleFileName(BENCH_KEY));
    const travelling = benchRows.map((r) => ({ ...r }));
    const redraws: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const start = 200 + i * 97;
      const stamp = Date.UTC(2026, 5, 1) + i;
      travelling.push({
        id: `remote-${i}`,
        articleKey: BENCH_KEY,
        fingerprint,
        cleanVersion: CLEAN_VERSION,
        ...describeRange(canonical, { start, end: start + 5 }),
        color: 'purple',
        style: 'highlight',
        note: '',
        tagIds: [],
        createdAt: stamp,
        updatedAt: stamp,
        deletedAt: null,
      });
      const text = articleFileText({ articleKey: BENCH_KEY, fingerprint, annotations: travelling, title: null }, BENCH_THEMES);
      // What is drawn now, once nothing has changed for half a second (the last change's redraw done).
      const want = (await settledRanges(pageB)) + 1;
      await pageB.evaluate((want) => {
        (window as unknown as { __benchDrawnAt: Promise<number> }).__benchDrawnAt = (async () => {
          for (;;) {
            await window.__bench.nextFrame();
            if (window.__bench.drawn().ranges >= want) return Date.now();
          }
        })();
      }, want);
      writeFileSync(`${fileName}.incoming`, text);
      const at = Date.now();
      renameSync(`${fileName}.incoming`, fileName);
      const drawnAt = await pageB.evaluate(() => Promise.race([(window as unknown as { __benchDrawnAt: Promise<number> }).__benchDrawnAt, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('bench: the remote highlight was never drawn')), 30_000))]));
      if (i > 0) redraws.push(drawnAt - at);
    }
    record({
      name: `one file changed elsewhere (the open article, ${benchRows.length.toLocaleString('en-US')} highlights): from the rename on disk to the new highlight drawn`,
      samples: redraws,
      note: 'the host’s watcher, the read, the merge and the redraw',
      target: { op: '<', value: 100, label: '< 100 ms' },
    });
  } finally {
    await closeB();
    await browser?.close();
    for (const host of hosts) await host.close();
    rmSync(work, { recursive: true, force: true });
  }
}
