// Resizing the window with a heavy article open: the 15,000-character article with 1,000
// highlights (tests/bench/chromium.ts), outline and annotation panes open, in the built
// renderer served by the web host. The viewport narrows from 1440 to 600 px wide in 20 px
// steps, two frames after each, as a window edge dragged by hand; the panes dock, give way
// to drawers and the text reflows on the way. Measured inside the page while it happens:
// every requestAnimationFrame interval (a frame the page could not produce in time shows as
// a long interval), and the browser's own long-animation-frame and longtask entries.
import type { Browser, Page } from 'playwright-core';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { chromiumExecutable } from '../support/chromium.ts';
import { putRows } from '../support/rawIndexedDb.ts';
import { BENCH_KEY, benchAnnotations, benchArticle, benchPage, ensureBuilt, launchForBench, rendererDir, settledRanges, type ChromiumFigure } from './chromium.ts';
import { percentile } from './figures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FROM = 1440;
const TO = 600;
const STEP = 20;
const HEIGHT = 900;

interface FrameRecord {
  /** rAF intervals, ms. */
  deltas: number[];
  /** The window's width when each interval ended. */
  widths: number[];
  /** Durations of long-animation-frame entries (frames over 50 ms by the browser's count), ms. */
  loaf: number[];
  /** Durations of longtask entries, ms. */
  tasks: number[];
  /** Which entry types this Chromium reports. */
  supported: string[];
}

declare global {
  interface Window {
    __resizeRecord?: { stop: () => FrameRecord };
  }
}

/** Starts recording frames in the page; `stop` returns what was seen since. */
async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const record: FrameRecord = { deltas: [], widths: [], loaf: [], tasks: [], supported: [...PerformanceObserver.supportedEntryTypes] };
    let running = true;
    let last = 0;
    const tick = (now: number) => {
      if (!running) return;
      if (last) {
        record.deltas.push(now - last);
        record.widths.push(window.innerWidth);
      }
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const observers: PerformanceObserver[] = [];
    for (const [type, into] of [
      ['long-animation-frame', record.loaf],
      ['longtask', record.tasks],
    ] as const) {
      if (!PerformanceObserver.supportedEntryTypes.includes(type)) continue;
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) into.push(entry.duration);
      });
      observer.observe({ type, buffered: false });
      observers.push(observer);
    }
    window.__resizeRecord = {
      stop: () => {
        running = false;
        for (const o of observers) {
          for (const entry of o.takeRecords()) (entry.entryType === 'longtask' ? record.tasks : record.loaf).push(entry.duration);
          o.disconnect();
        }
        return record;
      },
    };
  });
}

/** Two frames produced: the layout the last resize asked for is done and painted. */
const twoFrames = (page: Page) => page.evaluate(() => window.__bench.nextFrame().then(() => window.__bench.nextFrame()));

async function resizePass(page: Page): Promise<FrameRecord> {
  await startRecording(page);
  await twoFrames(page);
  for (let width = FROM - STEP; width >= TO; width -= STEP) {
    await page.setViewportSize({ width, height: HEIGHT });
    await twoFrames(page);
  }
  await twoFrames(page);
  return page.evaluate(() => window.__resizeRecord!.stop());
}

/** Back to full width, the panes docked again and the highlights all drawn, before the next pass. */
async function widen(page: Page, expected: number): Promise<void> {
  await page.setViewportSize({ width: FROM, height: HEIGHT });
  await page.locator('.panes').getByRole('complementary').waitFor();
  const drawn = await settledRanges(page);
  if (drawn !== expected) throw new Error(`resize bench: ${drawn} highlights drawn at ${FROM} px, ${expected} before`);
}

export async function benchResize({ runs, record, profileDir = process.env.PIZHU_BENCH_PROFILE }: { runs: number; record: (f: ChromiumFigure) => void; profileDir?: string }): Promise<void> {
  ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-resize-'));
  let host: WebHost | null = null;
  let browser: Browser | null = null;
  try {
    const libraryDir = join(work, 'library');
    cpSync(join(ROOT, 'seeds'), libraryDir, { recursive: true });
    const raw = benchArticle();
    writeFileSync(join(libraryDir, BENCH_KEY), raw);
    host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir: join(work, 'data'), rendererDir: rendererDir(), quiet: true });
    browser = await launchForBench(chromiumExecutable());
    if (!browser) return;
    const page = await benchPage(browser, host);
    await page.setViewportSize({ width: FROM, height: HEIGHT });
    await page.locator('article h1').waitFor();
    await putRows(page, {
      annotations: benchAnnotations(raw),
      settings: [
        { key: 'outlinePane', value: true },
        { key: 'annotationsPane', value: true },
        { key: 'lastArticleKey', value: BENCH_KEY },
      ],
    });
    await page.reload();
    await page.locator('article h1').waitFor();
    await page.locator('.panes').getByRole('complementary').waitFor();
    await page.waitForFunction(() => window.__bench.drawn().ranges > 0, undefined, { timeout: 60_000 });
    const expected = await settledRanges(page);
    console.log(`${expected} of 1,000 highlights drawn at ${FROM} px`);

    const longest: number[] = [];
    const longestLoaf: number[] = [];
    const over50: number[] = [];
    /** Widths at which frames over 50 ms ended, over all passes: where the cost is. */
    const slowAt = new Map<number, number>();
    const all: number[] = [];
    let supported: string[] = [];
    // One pass to warm up (fonts, first drawer layout), left out of the figures.
    await resizePass(page);
    await widen(page, expected);
    for (let i = 0; i < runs; i++) {
      const pass = await resizePass(page);
      supported = pass.supported;
      longest.push(Math.max(...pass.deltas));
      longestLoaf.push(Math.max(0, ...pass.loaf));
      over50.push(pass.deltas.filter((d) => d > 50).length);
      all.push(...pass.deltas);
      pass.deltas.forEach((d, k) => d > 50 && slowAt.set(pass.widths[k], Math.max(slowAt.get(pass.widths[k]) ?? 0, d)));
      await widen(page, expected);
    }

    if (profileDir) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await resizePass(page);
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(profileDir, 'resize.cpuprofile'), JSON.stringify(profile));
      await widen(page, expected);
    }

    const steps = (FROM - TO) / STEP;
    const slowest = [...slowAt].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`frames over 50 ms at widths (px: longest ms): ${slowest.map(([w, d]) => `${w}: ${d.toFixed(0)}`).join(', ') || 'none'}`);
    const env = `Chromium ${browser.version()}, headless, ${FROM}→${TO} px wide in ${steps} steps of ${STEP} px at ${HEIGHT} px high, two frames after each; 15,000-char article, ${expected} of 1,000 highlights drawn, outline and annotation panes open`;
    record({ name: 'Chromium: longest frame while resizing the window (largest rAF interval of a pass)', samples: longest, note: `${env}; all intervals: p95 ${percentile(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms${slowest.length ? `; the longest at ${slowest.map(([w]) => `${w}`).join(', ')} px wide` : ''}`, target: { op: '<', value: 50, label: 'no frame > 50 ms' } });
    if (supported.includes('long-animation-frame'))
      record({ name: 'Chromium: longest long-animation-frame entry while resizing (0: none over 50 ms)', samples: longestLoaf, target: { op: '<', value: 50, label: 'none > 50 ms' } });
    record({ name: 'Chromium: frames over 50 ms per resize pass (rAF intervals)', samples: over50, unit: 'count', note: `of about ${Math.round(all.length / runs)} frames a pass` });
  } finally {
    await browser?.close();
    await host?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
