// The reader's speed figures measured where they matter: the built renderer in Chromium, served
// by the real web host, with 1,000 highlights on a 15,000-character article. Timings are
// taken inside the page (performance.now(), event time stamps, requestAnimationFrame), from
// the user's input to the first frame that shows the result: "drawn" means every highlight
// is registered with CSS.highlights and one frame has been produced after it.
//
// The rows are written with the raw IndexedDB API into the app's own `pizhu` database (after
// the app has created it), shaped as db/records.ts AnnotationRecord: the product needs no
// test hook, and the app then reads, anchors and draws them as it would a reader's own.
import { chromium, type Browser, type Page } from 'playwright-core';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fingerprintText } from '../../src-main/library/decode.ts';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { describeRange } from '../../src-renderer/core/anchor.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import type { Evaluates } from './noNetworkDomainPage.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { putRows } from '../support/rawIndexedDb.ts';
import type { Target, Unit } from './figures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const BENCH_KEY = 'bench_15000.txt';
const OTHER_KEY = '000_5cd884f326e428d3.txt';
const HIGHLIGHTS = 1000;
const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'];
/** Blocks the reader shows in the article's header, from the parsed meta (ArticleBody.svelte). */
const HEADER_KINDS = new Set(['kicker', 'title', 'subtitle', 'byline', 'dateline']);

export interface ChromiumFigure {
  name: string;
  samples: number[];
  note?: string;
  target?: Target;
  unit?: Unit;
}

/** A simplified article of about `chars` characters, made by repeating the simplified seeds. */
/** The seeds and the bench article in `dir` (made if need be); the article's text. */
export function writeBenchLibrary(dir: string): string {
  cpSync(join(ROOT, 'seeds'), dir, { recursive: true });
  const raw = benchArticle();
  writeFileSync(join(dir, BENCH_KEY), raw);
  return raw;
}

export function benchArticle(chars = 15_000): string {
  const seeds = readdirSync(join(ROOT, 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(0, 4)
    .map((f) => readFileSync(join(ROOT, 'seeds', f), 'utf8'));
  const base = seeds.join('\n\n');
  let out = '';
  while (out.length < chars) out += base + '\n\n';
  return out.slice(0, chars);
}

/**
 * 1,000 highlights of 6–40 characters spread evenly over the canonical text, every fifth
 * with a short note, as a dense reader would leave them (same spread as bench/anchoring.ts).
 */
export function benchAnnotations(raw: string, count = HIGHLIGHTS): AnnotationRecord[] {
  const { clean, article } = loadArticle(raw, { fileName: BENCH_KEY });
  const canonical = clean.text;
  const fingerprint = fingerprintText(raw);
  // Over the body, where the reader selects (the header's fields are drawn apart from it).
  const body = article.blocks.find((b) => !HEADER_KINDS.has(b.kind))?.start ?? 0;
  const step = Math.floor((canonical.length - body) / count);
  const t0 = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const start = body + i * step;
    const end = Math.min(canonical.length, start + 6 + (i % 35));
    const { position, quote } = describeRange(canonical, { start, end });
    return {
      id: `bench-${String(i).padStart(4, '0')}`,
      articleKey: BENCH_KEY,
      fingerprint,
      cleanVersion: CLEAN_VERSION,
      position,
      quote,
      color: COLORS[i % COLORS.length],
      style: i % 7 === 6 ? 'underline' : 'highlight',
      note: i % 5 === 0 ? `第 ${i} 条笔记：**要点**，见上文。` : '',
      tagIds: [],
      createdAt: t0 + i * 1000,
      updatedAt: t0 + i * 1000,
      deletedAt: null,
    };
  });
}

// Runs in the page before the app: helpers the measurements share. Only bench code calls them.
export function pageHelpers(): void {
  // Colours and styles of annotations (highlightName), not search, selection or flash marks.
  const ANNOTATION = /^pizhu-(yellow|green|blue|pink|purple)(-underline)?$/;
  const w = window as unknown as Record<string, unknown>;
  /** How many ranges the Highlight objects drawing annotations hold. */
  const drawn = () => {
    let ranges = 0;
    for (const [name, h] of CSS.highlights) if (ANNOTATION.test(name)) ranges += h.size;
    return { ranges };
  };
  // A task after the current one (MessageChannel, not clamped like nested timeouts).
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  const nextTask = () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
  const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
  /**
   * Checks `done()` at the start of every frame (a busy poll would compete with the page
   * for the main thread). `ready`: ms to the first frame that has it; `painted`: to the task
   * after that frame's rendering, i.e. the frame has been produced.
   */
  const until = async (t0: number, done: () => boolean, timeoutMs = 20_000) => {
    let frames = 0;
    for (;;) {
      await nextFrame();
      frames++;
      if (done()) break;
      if (performance.now() - t0 > timeoutMs) throw new Error(`bench: timed out waiting for the page (${drawn().ranges} ranges drawn)`);
    }
    const ready = performance.now() - t0;
    await nextTask();
    return { ready, painted: performance.now() - t0, frames };
  };
  w.__bench = { drawn, nextFrame, nextTask, until };
}

/** ms from the input to the first frame that has the result and to that frame produced; which frame it was. */
export interface Timed {
  ready: number;
  painted: number;
  frames: number;
}

interface PageBench {
  drawn(): { ranges: number };
  nextFrame(): Promise<number>;
  nextTask(): Promise<void>;
  until(t0: number, done: () => boolean, timeoutMs?: number): Promise<Timed>;
}
declare global {
  interface Window {
    __bench: PageBench;
    __benchPending?: Promise<Timed>;
  }
}

/** Writes rows straight into the app's `pizhu` database (opened at whatever version the app made it). */
async function putAnnotations(page: Page, rows: AnnotationRecord[]): Promise<void> {
  await putRows(page, { annotations: rows }, { clear: true });
}

/** Ranges drawn once nothing has changed for half a second. */
export async function settledRanges(page: Evaluates): Promise<number> {
  return page.evaluate(async () => {
    let n = -1;
    for (let same = 0; same < 10; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = window.__bench.drawn().ranges;
      same = now === n ? same + 1 : 0;
      n = now;
    }
    return n;
  });
}

/** Reloads the page; the app reopens the last article read (OTHER_KEY) and nothing is cached. */
async function reloadToOther(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForLibrary(page);
  await page.locator('article h1').waitFor();
  await page.locator(`.article-item.current[href="?article=${encodeURIComponent(OTHER_KEY)}"]`).waitFor();
}

async function waitForLibrary(page: Page): Promise<void> {
  await page.locator(`a[href="?article=${encodeURIComponent(BENCH_KEY)}"]`).waitFor();
  await page.locator(`a[href="?article=${encodeURIComponent(OTHER_KEY)}"]`).waitFor();
}

/** Opens `key` by clicking its library link; ms from the click to `ranges` highlights drawn. */
export async function openTimed(page: Page, key: string, ranges: number): Promise<Timed> {
  return page.evaluate(
    async ({ href, ranges }) => {
      const link = document.querySelector<HTMLAnchorElement>(`a[href="${href}"]`)!;
      const t0 = performance.now();
      link.click();
      const heading = () => document.querySelector('article h1') !== null;
      return window.__bench.until(t0, () => heading() && window.__bench.drawn().ranges >= ranges && document.querySelector('.article-item.current')?.getAttribute('href') === href);
    },
    { href: `?article=${encodeURIComponent(key)}`, ranges },
  );
}

/** 繁體 → 香港 → 臺灣 → 简体 → 繁體 …: each changes the text of the article. */
const SWITCHES = ['hk', 'tw', 'cn', 't'];

/**
 * Chooses a script with its toolbar radio; ms from the click to the article's text in that
 * script with as many highlights drawn as before. The reader repaints highlights in the same
 * update that retexts the article, so new text with every range in place is the redrawn frame.
 */
export async function switchTimed(page: Page, script: string): Promise<Timed> {
  return page.evaluate(async (script) => {
    const before = window.__bench.drawn().ranges;
    const text = () => document.querySelector('article')?.textContent;
    const shown = text();
    const radio = document.querySelector<HTMLInputElement>(`input[name="script"][value="${script}"]`)!;
    if (radio.checked) return { ready: 0, painted: 0, frames: 0 };
    const t0 = performance.now();
    radio.click();
    return window.__bench.until(t0, () => {
      return text() !== shown && window.__bench.drawn().ranges === before;
    });
  }, script);
}

/**
 * Selects `chars` characters of view text in the middle of the screen, then the real keyboard
 * presses H: ms from the key event's time stamp to the new highlight drawn.
 */
export async function createTimed(page: Page, nth: number, chars = 20): Promise<Timed> {
  await page.evaluate(
    async ({ nth, chars }) => {
      const runs = [...document.querySelectorAll('article p [data-v]')].filter((el) => ((el.firstChild as Text | null)?.data.length ?? 0) > chars + 4);
      const el = runs[(nth * 7) % runs.length];
      el.scrollIntoView({ block: 'center' });
      const node = el.firstChild as Text;
      const range = document.createRange();
      range.setStart(node, 2);
      range.setEnd(node, 2 + chars);
      const sel = document.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      await window.__bench.nextFrame();
      await window.__bench.nextFrame();
      const before = window.__bench.drawn().ranges;
      window.__benchPending = new Promise((resolve, reject) => {
        window.addEventListener(
          'keydown',
          (event) => {
            window.__bench.until(event.timeStamp, () => window.__bench.drawn().ranges === before + 1).then(resolve, reject);
          },
          { capture: true, once: true },
        );
      });
    },
    { nth, chars },
  );
  await page.keyboard.press('h');
  return page.evaluate(() => window.__benchPending!);
}

/** Scrolls the reader top to bottom, `step` px a frame; every frame's interval in ms. */
async function scrollFrames(page: Page, step = 60): Promise<number[]> {
  return page.evaluate(async (step) => {
    const scroller = document.getElementById('reader')!;
    scroller.scrollTop = 0;
    await window.__bench.nextFrame();
    const deltas: number[] = [];
    let last = await window.__bench.nextFrame();
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += step;
      const now = await window.__bench.nextFrame();
      deltas.push(now - last);
      last = now;
    }
    return deltas;
  }, step);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export interface ChromiumBenchOptions {
  runs: number;
  /** Called once per figure, in order (run.ts pushes them into its table). */
  record: (figure: ChromiumFigure) => void;
  /** Write a CPU profile of one open and one script switch with 1,000 highlights here. */
  profileDir?: string;
  /** Another build of the renderer (an older commit's, to compare); not rebuilt. */
  rendererDir?: string;
}

/** Chromium for the bench, or null (said on the console) when there is none to launch. */
export async function launchForBench(executablePath: string | undefined): Promise<Browser | null> {
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    console.log(`Chromium figures skipped: no Chromium to launch (${error instanceof Error ? error.message.split('\n')[0] : error})`);
    return null;
  }
}

/**
 * A page signed in to `host`, 1600×1000 — wide enough that the annotation pane is open, as it
 * is by default on a large screen — with the bench's page helpers installed.
 */
export async function benchPage(browser: Browser, host: WebHost): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
  // tsx names functions with an `__name` helper that serialised page functions carry along.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await context.addInitScript(pageHelpers);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('bench page error:', e.message));
  await page.goto(host.signInUrl());
  return page;
}

/** The built renderer the benches serve: PIZHU_OUT_DIR's (a parallel build's) or out/renderer. */
export function rendererDir(): string {
  return join(resolve(ROOT, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer');
}

/** Builds the renderer (into PIZHU_OUT_DIR when set) when its sources are newer than the build. */
export function ensureBuilt(): void {
  const out = rendererDir();
  const index = join(out, 'index.html');
  const newest = (dir: string): number => Math.max(...readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs)));
  if (existsSync(index) && newest(out) >= newest(join(ROOT, 'src-renderer'))) return;
  console.log(`${out} is older than src-renderer: npm run build`);
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** The reader's figures in Chromium through the web host. Skipped (and said so) without a Chromium. */
export async function benchChromium({ runs, record, profileDir = process.env.PIZHU_BENCH_PROFILE, rendererDir: otherRenderer }: ChromiumBenchOptions): Promise<void> {
  const executablePath = chromiumExecutable();
  if (!otherRenderer) ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-chromium-'));
  let host: WebHost | null = null;
  let browser: Browser | null = null;
  const put = (name: string, samples: number[], note?: string, target?: Target) => {
    record({ name, samples, note, target });
    const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
    console.log(`${name}: ${fmt(median(samples))} (${fmt(Math.min(...samples))}–${fmt(Math.max(...samples))})`);
  };
  try {
    const libraryDir = join(work, 'library');
    cpSync(join(ROOT, 'seeds'), libraryDir, { recursive: true });
    const raw = benchArticle();
    writeFileSync(join(libraryDir, BENCH_KEY), raw);
    const rows = benchAnnotations(raw);
    host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir: join(work, 'data'), rendererDir: otherRenderer ?? rendererDir(), quiet: true });
    browser = await launchForBench(executablePath);
    if (!browser) return;
    const page = await benchPage(browser, host);
    await waitForLibrary(page);
    const pageUrl = page.url();
    const chromiumVersion = browser.version();

    // (a) one highlight on the 15,000-character article with none yet.
    await openTimed(page, BENCH_KEY, 0);
    const createEmpty: Timed[] = [];
    await createTimed(page, 100);
    for (let i = 0; i < runs; i++) createEmpty.push(await createTimed(page, i));
    // The same article without highlights: what opening and switching cost the reader alone.
    await putAnnotations(page, []);
    await page.goto(pageUrl);
    await waitForLibrary(page);
    const bareOpen: number[] = [];
    const bareSwitch: number[] = [];
    for (let i = 0; i < runs; i++) {
      await openTimed(page, OTHER_KEY, 0);
      bareOpen.push((await openTimed(page, BENCH_KEY, 0)).painted);
    }
    await switchTimed(page, 't');
    for (let i = 0; i < runs; i++) bareSwitch.push((await switchTimed(page, SWITCHES[i % SWITCHES.length])).painted);
    await switchTimed(page, 'cn');

    // 1,000 highlights in the database; a reload reads them (counts included) like a restart.
    await openTimed(page, OTHER_KEY, 0);
    await putAnnotations(page, rows);
    await page.goto(pageUrl);
    await waitForLibrary(page);
    await page.locator('article h1').waitFor();

    // How many of them are drawn (a range over nothing but the gap between blocks is not);
    // the first open is left out of the figures, the first-open ones come after a reload.
    await openTimed(page, BENCH_KEY, 1);
    const expected = await settledRanges(page);
    console.log(`${expected} of ${rows.length} highlights drawn`);

    // (b) open: the first one in the page (nothing cached), then warm switches between articles.
    const cold = await openTimed(page, OTHER_KEY, 0).then(() => reloadToOther(page, pageUrl)).then(() => openTimed(page, BENCH_KEY, expected));
    const openSamples: number[] = [];
    for (let i = 0; i < runs; i++) {
      await openTimed(page, OTHER_KEY, 0);
      openSamples.push((await openTimed(page, BENCH_KEY, expected)).painted);
    }
    const coldSamples: number[] = [cold.painted];
    for (let i = 1; i < Math.min(runs, 5); i++) {
      await openTimed(page, OTHER_KEY, 0);
      await reloadToOther(page, pageUrl);
      coldSamples.push((await openTimed(page, BENCH_KEY, expected)).painted);
    }

    // (c) script switch with 1,000 highlights: 繁體 → 香港 → 臺灣 → 简体 → …, each to redrawn.
    const switchSamples: number[] = [];
    await switchTimed(page, 't');
    for (let i = 0; i < runs; i++) switchSamples.push((await switchTimed(page, SWITCHES[i % SWITCHES.length])).painted);
    await switchTimed(page, 'cn');

    // (d) scrolling through it with every highlight drawn.
    const frames: number[] = [];
    const dropped: number[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(runs / 3)); i++) {
      const deltas = await scrollFrames(page);
      frames.push(...deltas);
      // A frame interval of n vsyncs (16.7 ms each) means n − 1 frames were not produced.
      dropped.push(deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / (1000 / 60)) - 1), 0));
    }

    // (a') one more highlight with 1,000 already drawn.
    const createFull: Timed[] = [];
    for (let i = 0; i < runs; i++) createFull.push(await createTimed(page, i + 3));

    if (profileDir) await profile(page, profileDir, expected);

    // (b') the file changed since the highlights were made (another fingerprint): each first
    // open after a reload finds all 1,000 by quote instead of by position.
    await openTimed(page, OTHER_KEY, 0);
    await putAnnotations(page, rows.map((r) => ({ ...r, fingerprint: 'a file edited since' })));
    const staleSamples: number[] = [];
    for (let i = 0; i < Math.min(runs, 5); i++) {
      await openTimed(page, OTHER_KEY, 0);
      await reloadToOther(page, pageUrl);
      staleSamples.push((await openTimed(page, BENCH_KEY, expected)).painted);
    }

    const env = `Chromium ${chromiumVersion}, headless, 1600×1000, annotation pane open; ${expected} of the 1,000 fall on drawn text`;
    const firstFrame = (ts: Timed[]) => `drawn in the first frame after the key ${ts.filter((t) => t.frames === 1).length} times of ${ts.length}`;
    put('Chromium: create one highlight (key H → drawn, next frame), 15,000 chars, none before', createEmpty.map((t) => t.painted), `${env}; ${firstFrame(createEmpty)}`);
    put('Chromium: create one highlight (key H → drawn, next frame), 15,000 chars, 1,000 before', createFull.map((t) => t.painted), firstFrame(createFull));
    put('Chromium: open the same article without highlights (click → text shown, next frame)', bareOpen, undefined, { op: '<', value: 50, label: '< 50 ms' });
    put('Chromium: script switch without highlights (click → text in the new script, next frame)', bareSwitch, undefined, { op: '<', value: 30, label: '< 30 ms' });
    put('Chromium: open article with 1,000 highlights (click → all drawn, next frame), first open after page load', coldSamples);
    put('Chromium: open article with 1,000 highlights (click → all drawn, next frame), switching back', openSamples);
    put('Chromium: open article with 1,000 highlights made on an older version of the file (all re-anchored by quote), first open after page load', staleSamples);
    put('Chromium: script switch with 1,000 highlights (click → all redrawn, next frame)', switchSamples);
    put('Chromium: frame interval while scrolling with 1,000 highlights (rAF deltas)', frames, `p95 ${percentile(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`);
    record({ name: 'Chromium: frames dropped per scroll top → bottom, 60 px a frame', samples: dropped, note: `${frames.length} frames in ${dropped.length} passes`, unit: 'count' });
  } finally {
    await browser?.close();
    await host?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** CPU profiles (load them in Chromium's DevTools) of one warm open and one script switch. */
async function profile(page: Page, dir: string, expected: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  for (const [label, act] of [
    ['open', async () => {
      await openTimed(page, OTHER_KEY, 0);
      await cdp.send('Profiler.start');
      await openTimed(page, BENCH_KEY, expected);
    }],
    ['switch', async () => {
      await cdp.send('Profiler.start');
      await switchTimed(page, 't');
    }],
    ['create', async () => {
      await cdp.send('Profiler.start');
      for (let i = 0; i < 3; i++) await createTimed(page, 20 + i);
    }],
  ] as const) {
    await act();
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
  }
  await switchTimed(page, 'cn');
}
