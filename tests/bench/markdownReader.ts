// Markdown articles in the reader, measured as the plain-text article is (chromium.ts): the
// built renderer in Chromium through the web host, from the click on the library link to the
// first frame that shows the text. The plain 15,000-character article is measured again in
// the same run, so the two are compared under the same load. What an open includes: the read
// of the file through the host (HTTP here, IPC in Electron), the previous article taken down,
// clean + parse (kept for the last few articles read, so only the first open after a page load
// pays it), the blocks built in the DOM, style, layout and paint of the first screen. These
// articles have no highlights and no saved reading spot, so nothing is drawn or scrolled after
// that frame; a saved spot (read from IndexedDB after the text is set) is not part of this figure. Then the parse a worker does
// for a 1.9 MB file (the search worker's, as the library indexes it), timed inside a
// dedicated Worker in the same Chromium (bundled with the `worker` export condition, as
// vite bundles the app's workers: no DOM there).
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeBytes } from '../../src-main/library/decode.ts';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { chromiumExecutable } from '../support/chromium.ts';
import { markdownText, proseMarkdown, simplifiedText } from './benchTexts.ts';
import { BENCH_KEY, benchPage, ensureBuilt, launchForBench, openTimed, rendererDir, type ChromiumFigure } from './chromium.ts';
import type { ParseReply, ParseRequest } from './parseWorker.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OTHER_KEY = '000_5cd884f326e428d3.txt';
const PROSE_KEY = 'bench_prose.md';
const DENSE_KEY = 'bench_dense.md';
/** Where the worker page is served from (Playwright answers it; nothing leaves the machine). */
const WORKER_ORIGIN = 'http://pizhu-bench.invalid';

export interface MarkdownBenchOptions {
  runs: number;
  record: (figure: ChromiumFigure) => void;
  /** Write a CPU profile of one warm open of each Markdown article here. */
  profileDir?: string;
  /** Another build of the renderer (an older commit's, to compare); not rebuilt. */
  rendererDir?: string;
}

const OPEN_TARGET = { op: '<' as const, value: 50, label: '< 50 ms' };

/** Where an open's time went on the page's main thread (thread time, ms), and its wall-clock time. */
interface OpenTrace {
  busy: number;
  script: number;
  style: number;
  layout: number;
  paint: number;
  /** The read of the article through the host (request → response end). */
  fetch: number;
  wall: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Trace-event names and what they count as; nested script events are counted once, by their outermost one. */
const TRACE_KINDS: Record<string, 'script' | 'style' | 'layout' | 'paint'> = {
  EventDispatch: 'script',
  FunctionCall: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
};

/** Opens `key` (from `from`) under a devtools timeline trace. */
async function tracedOpen(page: Page, cdp: CDPSession, from: string, key: string): Promise<OpenTrace> {
  await openTimed(page, from, 0);
  await page.evaluate(() => performance.clearResourceTimings());
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  const timed = await openTimed(page, key, 0);
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const fetch = await page.evaluate((key) => {
    const read = performance.getEntriesByType('resource').find((e) => e.name.includes(encodeURIComponent(key)));
    return read ? read.duration : NaN;
  }, key);
  // The page's main thread: the renderer thread that dispatched the click.
  const click = events.find((e) => e.name === 'EventDispatch');
  const main = events.filter((e) => e.ph === 'X' && click && e.pid === click.pid && e.tid === click.tid).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out: OpenTrace = { busy: 0, script: 0, style: 0, layout: 0, paint: 0, fetch, wall: timed.painted };
  let scriptEnd = -Infinity;
  for (const e of main) {
    const time = (e.tdur ?? e.dur ?? 0) / 1000;
    if (e.name === 'RunTask') out.busy += time;
    const kind = TRACE_KINDS[e.name];
    if (!kind) continue;
    if (kind === 'script') {
      if (e.ts < scriptEnd) continue;
      scriptEnd = e.ts + (e.dur ?? 0);
    }
    out[kind] += time;
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;

export async function benchMarkdownReader({ runs, record, profileDir = process.env.PIZHU_BENCH_PROFILE, rendererDir: otherRenderer = process.env.PIZHU_BENCH_RENDERER }: MarkdownBenchOptions): Promise<void> {
  const executablePath = chromiumExecutable();
  if (!otherRenderer) ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-markdown-'));
  let host: WebHost | null = null;
  let browser: Browser | null = null;
  try {
    const libraryDir = join(work, 'library');
    cpSync(join(ROOT, 'seeds'), libraryDir, { recursive: true });
    const articles = [
      { key: BENCH_KEY, text: simplifiedText(15_000), what: 'plain text (the seeds repeated)' },
      { key: PROSE_KEY, text: proseMarkdown(15_000), what: 'Markdown, prose with some markup (bold openings, headings, a link, a table, a figure)' },
      { key: DENSE_KEY, text: markdownText(15_000), what: 'Markdown, markup on most lines (md-*.md fixtures repeated: tables, figures, links, lists, footnotes, code)' },
    ];
    for (const a of articles) writeFileSync(join(libraryDir, a.key), a.text);
    host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir: join(work, 'data'), rendererDir: otherRenderer ?? rendererDir(), quiet: true });
    browser = await launchForBench(executablePath);
    if (!browser) return;
    const page = await benchPage(browser, host);
    const context = page.context();
    for (const key of [OTHER_KEY, ...articles.map((a) => a.key)]) await page.locator(`a[href="?article=${encodeURIComponent(key)}"]`).waitFor();
    const pageUrl = page.url();
    const env = `Chromium ${browser.version()}, headless, 1600×1000${otherRenderer ? `; renderer from ${otherRenderer}` : ''}`;

    // Warm: each open switches from a seed to the article, as a reader going back and forth does.
    for (const a of articles) {
      await openTimed(page, OTHER_KEY, 0);
      await openTimed(page, a.key, 0);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        await openTimed(page, OTHER_KEY, 0);
        samples.push((await openTimed(page, a.key, 0)).painted);
      }
      record({ name: `Chromium: open a ${a.text.length.toLocaleString('en-US')}-char article, ${a.what} (click → text shown, next frame)`, samples, target: OPEN_TARGET, note: a.key === BENCH_KEY ? env : undefined });
    }
    // A body longer than a few screens shows its first screen first (dom/bodyDrawing.ts): how
    // long until every block is in the DOM as well, from the same click.
    for (const a of articles) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        await openTimed(page, OTHER_KEY, 0);
        samples.push(
          await page.evaluate(async (href) => {
            const t0 = performance.now();
            document.querySelector<HTMLAnchorElement>(`a[href="${href}"]`)!.click();
            await new Promise<void>((done) => {
              const look = () => {
                const body = document.querySelector<HTMLElement>('#reader .article-body');
                if (body?.dataset.drawn === 'all' && document.querySelector('.article-item.current')?.getAttribute('href') === href) done();
                else requestAnimationFrame(look);
              };
              requestAnimationFrame(look);
            });
            return performance.now() - t0;
          }, `?article=${encodeURIComponent(a.key)}`),
        );
      }
      record({ name: `Chromium: the same ${a.key === BENCH_KEY ? 'plain' : a.key === PROSE_KEY ? 'prose Markdown' : 'dense Markdown'} article, click → every block in the DOM (the rest drawn a slice a frame after the first screen)`, samples });
    }
    // The same opens, traced: the page's own work in them, as thread time (what other processes
    // on a loaded machine do not inflate, unlike the wall-clock figures above), and what the
    // rest of the wall-clock time was spent waiting for.
    const cdp = await context.newCDPSession(page);
    for (const a of articles) {
      const traced: OpenTrace[] = [];
      for (let i = 0; i < Math.min(runs, 5); i++) traced.push(await tracedOpen(page, cdp, OTHER_KEY, a.key));
      const med = (pick: (t: OpenTrace) => number) => fmt(median(traced.map(pick)));
      const note = `of it: script ${med((t) => t.script)}, style ${med((t) => t.style)}, layout ${med((t) => t.layout)}, paint ${med((t) => t.paint)}; the article's read from the host ${med((t) => t.fetch)}; wall clock of these traced opens ${med((t) => t.wall)}`;
      record({ name: `Chromium: main-thread time of the same open (trace thread time, click → text shown), ${a.key === BENCH_KEY ? 'plain' : a.key === PROSE_KEY ? 'prose Markdown' : 'dense Markdown'}`, samples: traced.map((t) => t.busy), note });
    }
    await cdp.detach();
    if (profileDir) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      for (const key of [PROSE_KEY, DENSE_KEY]) {
        await openTimed(page, OTHER_KEY, 0);
        await cdp.send('Profiler.start');
        await openTimed(page, key, 0);
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(join(profileDir, `open-${key.replace('.md', '')}.cpuprofile`), JSON.stringify(profile));
      }
    }
    // First open after a page load: nothing of the article is in any cache.
    for (const a of articles) {
      const samples: number[] = [];
      for (let i = 0; i < Math.min(runs, 5); i++) {
        // The app reopens the last article read: the seed, so the measured one is opened anew.
        await openTimed(page, OTHER_KEY, 0);
        await page.goto(pageUrl);
        await page.locator(`a[href="?article=${encodeURIComponent(a.key)}"]`).waitFor();
        await page.locator(`.article-item.current[href="?article=${encodeURIComponent(OTHER_KEY)}"]`).waitFor();
        await page.locator('article h1').waitFor();
        await page.evaluate(() => window.__bench.nextFrame());
        samples.push((await openTimed(page, a.key, 0)).painted);
      }
      record({ name: `Chromium: open the ${a.text.length.toLocaleString('en-US')}-char ${a.key.endsWith('.md') ? (a.key === PROSE_KEY ? 'prose Markdown' : 'dense Markdown') : 'plain'} article, first open after page load`, samples });
    }

    // The parse a worker does for a 1.9 MB file: the classical chronicle as .txt and as .md.
    const bytes = readFileSync(join(ROOT, 'tests/fixtures/realworld/rw-zuozhuan.txt'));
    const decoded = decodeBytes(bytes);
    if (!decoded.ok) throw new Error(`rw-zuozhuan.txt: ${decoded.error.code}`);
    const bundle = await build({ entryPoints: [join(import.meta.dirname, 'parseWorker.ts')], bundle: true, format: 'esm', platform: 'browser', conditions: ['worker'], write: false, target: 'es2022', minify: true });
    const workerPage = await context.newPage();
    await workerPage.route(`${WORKER_ORIGIN}/**`, (route) => {
      const worker = new URL(route.request().url()).pathname === '/parse-worker.js';
      return route.fulfill({ contentType: worker ? 'text/javascript' : 'text/html', body: worker ? bundle.outputFiles[0].text : '<!doctype html><title>bench</title>' });
    });
    await workerPage.goto(`${WORKER_ORIGIN}/`);
    const size = `${(bytes.length / 1e6).toFixed(1)} MB (${decoded.text.length.toLocaleString('en-US')} chars)`;
    for (const fileName of ['rw-zuozhuan.txt', 'rw-zuozhuan.md']) {
      const request: ParseRequest = { raw: decoded.text, fileName, runs };
      const reply = await workerPage.evaluate(
        (request) =>
          new Promise<ParseReply>((resolve, reject) => {
            const worker = new Worker('/parse-worker.js', { type: 'module' });
            worker.onmessage = (e: MessageEvent<ParseReply>) => {
              worker.terminate();
              resolve(e.data);
            };
            worker.onerror = (e) => reject(new Error(e.message));
            worker.postMessage(request);
          }),
        request,
      );
      const as = fileName.endsWith('.md') ? 'read as Markdown (.md)' : 'plain text (.txt)';
      record({ name: `Chromium Worker: clean + parse (loadArticle), 左传 ${size}, ${as}`, samples: reply.loaded, target: { op: '<', value: 300, label: '< 300 ms (in a worker)' }, note: `${reply.blocks.toLocaleString('en-US')} blocks` });
      record({ name: `Chromium Worker: what the search worker does with it (indexedText: clean, parse, hidden masked, passage layout), ${as}`, samples: reply.indexed, target: { op: '<', value: 300, label: '< 300 ms (in a worker)' } });
    }
  } finally {
    await browser?.close();
    await host?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
