// A 10 MB article with no line break at all (tests/support/largeArticle.ts, a scraped page gone
// wrong) in the built renderer in Chromium through the web host, each run in a fresh profile:
// the first open (click → the opening sentence shown, nothing of it cached), the first 繁體
// frame (the radio's click → the first frame whose text in view is 繁體) and
// the frames dropped while scrolling 360 frames at 60 px a frame. Beside each open, the longest
// main-thread task seen while it was prepared (PerformanceObserver 'longtask'): the page must
// stay responsive while a long text is cleaned, parsed and converted.
import type { Browser, Page } from 'playwright-core';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { convertText } from '../../src-renderer/core/scriptText.ts';
import { chromiumExecutable } from '../support/chromium.ts';
import { largeArticle, LARGE_FIRST } from '../support/largeArticle.ts';
import { benchPage, ensureBuilt, launchForBench, openTimed, rendererDir, type ChromiumFigure } from './chromium.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OTHER_KEY = '000_5cd884f326e428d3.txt';
export const LONG_KEY = 'long_one_line.txt';
const FRAMES = 360;

export interface LongArticleBenchOptions {
  runs: number;
  record: (figure: ChromiumFigure) => void;
}

interface Timing {
  ms: number;
  /** Longest main-thread task between the input and that frame, ms (0: none over 50 ms). */
  longest: number;
}

declare global {
  interface Window {
    __longTasks?: number[];
  }
}

/** Starts collecting long tasks in the page (their durations). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

/** A fresh page (a new profile: no saved reading spot, nothing cached) showing the seed article. */
export async function freshPage(browser: Browser, host: WebHost): Promise<Page> {
  const page = await benchPage(browser, host);
  await page.locator(`a[href="?article=${encodeURIComponent(LONG_KEY)}"]`).waitFor({ timeout: 60_000 });
  await openTimed(page, OTHER_KEY, 0);
  await page.evaluate(() => window.__bench.nextFrame());
  return page;
}

/** The text of the rows in view holds `needle` (the window draws rows around the view only). */
export function shownInView(page: Page, needle: string): Promise<Timing> {
  return page.evaluate(
    async ({ needle }) => {
      window.__longTasks = [];
      const t0 = performance.now();
      window.__benchStart!();
      const seen = () => {
        const scroller = document.getElementById('reader');
        if (!scroller) return false;
        const box = scroller.getBoundingClientRect();
        for (const el of document.querySelectorAll<HTMLElement>('#reader article [data-v]')) {
          const r = el.getBoundingClientRect();
          if (r.bottom > box.top && r.top < box.bottom && el.textContent?.includes(needle)) return true;
        }
        return false;
      };
      const timed = await window.__bench.until(t0, seen, 60_000).catch((error: unknown) => {
        const scroller = document.getElementById('reader')!;
        const drawn = [...document.querySelectorAll<HTMLElement>('#reader article [data-v]')].map((el) => `${Math.round(el.getBoundingClientRect().top)}:${el.textContent?.slice(0, 12)}`);
        throw new Error(`${String(error)}; not in view: ${needle}; scrollTop ${scroller.scrollTop}; drawn ${drawn.slice(0, 5).join(' | ')}`);
      });
      // Long tasks are reported a moment after they end.
      await new Promise((done) => setTimeout(done, 100));
      return { ms: timed.painted, longest: Math.max(0, ...window.__longTasks!) };
    },
    { needle },
  );
}

declare global {
  interface Window {
    __benchStart?: () => void;
  }
}

export async function setStart(page: Page, what: { link: string } | { script: string }): Promise<void> {
  await page.evaluate((what) => {
    window.__benchStart = () => {
      if ('link' in what) document.querySelector<HTMLAnchorElement>(`a[href="${what.link}"]`)!.click();
      else document.querySelector<HTMLInputElement>(`input[name="script"][value="${what.script}"]`)!.click();
    };
  }, what);
}

/** Scrolls the reader `frames` frames, `step` px a frame; every frame's interval in ms. */
function scrollFrames(page: Page, frames: number, step = 60): Promise<number[]> {
  return page.evaluate(
    async ({ frames, step }) => {
      const scroller = document.getElementById('reader')!;
      scroller.scrollTop = 0;
      await window.__bench.nextFrame();
      await new Promise((done) => setTimeout(done, 300));
      const deltas: number[] = [];
      let last = await window.__bench.nextFrame();
      for (let i = 0; i < frames; i++) {
        scroller.scrollTop += step;
        const now = await window.__bench.nextFrame();
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    },
    { frames, step },
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchLongArticle({ runs, record }: LongArticleBenchOptions): Promise<void> {
  const executablePath = chromiumExecutable();
  ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-long-'));
  let host: WebHost | null = null;
  let browser: Browser | null = null;
  try {
    const libraryDir = join(work, 'library');
    cpSync(join(ROOT, 'seeds'), libraryDir, { recursive: true });
    const { text } = largeArticle({ oneLine: true });
    writeFileSync(join(libraryDir, LONG_KEY), text);
    const size = `${(Buffer.byteLength(text) / 2 ** 20).toFixed(0)} MB one-line file (${text.length.toLocaleString('en-US')} chars)`;
    host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir: join(work, 'data'), rendererDir: rendererDir(), quiet: true });
    browser = await launchForBench(executablePath);
    if (!browser) return;
    const link = `?article=${encodeURIComponent(LONG_KEY)}`;
    const first = LARGE_FIRST.slice(0, 12);
    const firstT = convertText(LARGE_FIRST, 't').slice(0, 12);
    if (firstT === first) throw new Error('bench: the opening sentence reads the same in 繁體');

    const opens: Timing[] = [];
    const switches: Timing[] = [];
    const dropped: number[] = [];
    const intervals: number[] = [];
    const n = Math.min(runs, 5);
    for (let i = 0; i < n; i++) {
      const page = await freshPage(browser, host);
      await watchLongTasks(page);
      await setStart(page, { link });
      opens.push(await shownInView(page, first));
      // The first 繁體 of this page: the script-view worker has converted nothing yet. Made once
      // the whole text is in (the opening shows first, the sign says the rest is being read), as a
      // reader settling in would; a switch while the rest is read waits on it.
      await page.locator('.converting-sign').waitFor({ state: 'detached', timeout: 120_000 });
      await page.evaluate(() => new Promise((done) => setTimeout(done, 500)));
      await setStart(page, { script: 't' });
      switches.push(await shownInView(page, firstT));
      // Scrolling in 原文 and 繁體 alike draws rows as they come into view; scroll the 繁體 one
      // once its whole view has arrived (the sign gone).
      await page.locator('.converting-sign').waitFor({ state: 'detached', timeout: 60_000 }).catch(() => {});
      const deltas = await scrollFrames(page, FRAMES);
      intervals.push(...deltas);
      // A frame interval of n vsyncs (16.7 ms each) means n − 1 frames were not produced.
      dropped.push(deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / (1000 / 60)) - 1), 0));
      await page.context().close();
    }
    const env = `Chromium ${browser.version()}, headless, 1600×1000`;
    const longest = (ts: Timing[]) => `longest main-thread task meanwhile: median ${median(ts.map((t) => t.longest)).toFixed(0)} ms, max ${Math.max(...ts.map((t) => t.longest)).toFixed(0)} ms`;
    record({ name: `Chromium: open a ${size}, first open in a fresh profile (click → opening sentence in view, next frame)`, samples: opens.map((t) => t.ms), target: { op: '<', value: 300, label: '< 300 ms' }, note: `${env}; ${longest(opens)}` });
    record({ name: `Chromium: first 繁體 of the same article, once its whole text is in (click → 繁體 text in view, next frame)`, samples: switches.map((t) => t.ms), target: { op: '<', value: 300, label: '< 300 ms' }, note: longest(switches) });
    record({ name: `Chromium: frames dropped scrolling the same article ${FRAMES} frames, 60 px a frame (繁體)`, samples: dropped, unit: 'count', target: { op: '<', value: 1, label: '0' }, note: `frame interval p95 ${[...intervals].sort((a, b) => a - b)[Math.floor(intervals.length * 0.95)]?.toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms` });
  } finally {
    await browser?.close();
    await host?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
