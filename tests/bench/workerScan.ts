// `node --import tsx tests/bench/workerScan.ts [--root <checkout>] [--articles 2000] [--runs 3] [--trace]`:
// the core's scan (scanArticle: clean, parse, fold) of generated articles in a dedicated worker
// of a fresh Chromium, as the search worker meets it on a first start: the first half of the
// articles while V8 is still compiling the core, the second half after. Each run prints both
// halves' times and the CPU the page's renderer spent by thread (/proc): the worker's own, and
// the renderer's thread pools' (where V8 compiles and its GC helps, among other tasks), which
// share the machine's cores with everything else a first start does. A run is a new browser, so a new isolate that compiles
// everything again.
//
// `--trace` starts Chromium with `--js-flags=--trace-opt --trace-deopt` and counts, by function,
// the compilations and the deoptimisations: code V8 throws away and compiles again is where a
// first start's scan loses its time. `--root` bundles the core of another checkout (a worktree
// of the commit before a change, with node_modules linked), so a change shows beside the code
// before it. The core is bundled by esbuild as the app's build would (minified, one file).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { generateArticles } from './generateLibrary.ts';
import { threadTimes } from './processCpu.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: resolve(import.meta.dirname, '../..') },
    articles: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    trace: { type: 'boolean', default: false },
  },
});
const count = Number(values.articles);
const runs = Number(values.runs);
if (!Number.isInteger(count) || count < 2 || !Number.isInteger(runs) || runs < 1) throw new Error('workerScan: --articles is a whole number, 2 or more; --runs one or more');
const root = resolve(values.root);

// V8's trace goes to the renderer's stdout. Playwright reads the browser's stdout and logs it
// only to its debug log ("pw:browser", on stderr), which is read at its load: so the variables
// are set before Playwright is imported (without colours, which would split the log's prefix),
// and the stdout lines are taken from stderr as they pass; the rest of that log is dropped but
// for what the browser wrote to its stderr (a crash says so there).
const traced: string[] = [];
if (values.trace) {
  process.env.DEBUG = 'pw:browser';
  process.env.DEBUG_COLORS = '0';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = String(chunk);
    if (!text.includes('pw:browser')) return write(chunk, ...rest);
    if (text.includes('][out] ')) traced.push(text);
    else if (text.includes('][err] ')) return write(chunk, ...rest);
    return true;
  }) as typeof process.stderr.write;
}
const { chromium } = await import('playwright-core');

// The worker scans the first half when the page says so, then the second, and answers both times.
const harness = `
self.onmessage = async () => {
  const articles = await (await fetch('articles.json')).json();
  const half = articles.length >> 1;
  const scan = (list) => {
    const start = performance.now();
    let failed = 0;
    for (const a of list) if (!scanArticle({ key: a.key, fingerprint: a.key, raw: a.text }).ok) failed++;
    return { ms: performance.now() - start, failed };
  };
  self.postMessage('loaded');
  await new Promise((go) => { self.onmessage = go; });
  const first = scan(articles.slice(0, half));
  const second = scan(articles.slice(half));
  self.postMessage({ first: first.ms, second: second.ms, failed: first.failed + second.failed });
};`;
const bundled = await build({
  stdin: { contents: `import { scanArticle } from './src-renderer/core/scanArticle.ts';\n${harness}`, resolveDir: root, loader: 'ts', sourcefile: 'workerScan.entry.ts' },
  bundle: true,
  format: 'iife',
  // The app's workers take the packages' plain builds, not the ones for a page with a DOM.
  platform: 'neutral',
  mainFields: ['module', 'main'],
  // Minified as the app's build is, but for the names: the trace counts by function.
  minifyWhitespace: true,
  minifySyntax: true,
  write: false,
  logLevel: 'error',
});
const files: Record<string, { type: string; body: string }> = {
  '/': { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>workerScan</title>' },
  '/worker.js': { type: 'text/javascript', body: bundled.outputFiles[0].text },
  '/articles.json': { type: 'application/json', body: JSON.stringify(generateArticles(count).map((a) => ({ key: a.key, text: a.text }))) },
};
const server = createServer((request, response) => {
  const file = files[request.url ?? ''];
  response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
  response.end(file?.body ?? '');
});
await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface Run {
  first: number;
  second: number;
  worker: number;
  threadPools: number;
}
const results: Run[] = [];
const tally = new Map<string, number>();
try {
  for (let run = 1; run <= runs; run++) {
    traced.length = 0;
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS, ...(values.trace ? ['--js-flags=--trace-opt --trace-deopt'] : [])],
    });
    try {
      const page = await browser.newPage();
      await page.goto(origin);
      await page.evaluate(
        () =>
          new Promise<void>((loaded) => {
            const w = new Worker('worker.js');
            (globalThis as unknown as { scanWorker: Worker }).scanWorker = w;
            w.onmessage = () => loaded();
            w.postMessage('load');
          }),
      );
      const before = threadTimes();
      const answer = await page.evaluate(
        () =>
          new Promise<{ first: number; second: number; failed: number }>((done) => {
            const w = (globalThis as unknown as { scanWorker: Worker }).scanWorker;
            w.onmessage = (e) => done(e.data);
            w.postMessage('go');
          }),
      );
      const byThread = new Map<string, number>();
      for (const [id, now] of threadTimes()) {
        if (!now.command.includes('--type=renderer')) continue;
        const name = now.thread.replace(/\d+$/, '');
        byThread.set(name, (byThread.get(name) ?? 0) + now.seconds - (before.get(id)?.seconds ?? 0));
      }
      if (answer.failed > 0) throw new Error(`workerScan: ${answer.failed} articles failed to scan`);
      const worker = byThread.get('DedicatedWorker') ?? 0;
      let threadPools = 0;
      for (const [name, seconds] of byThread) if (name.startsWith('ThreadPool')) threadPools += seconds;
      results.push({ first: answer.first, second: answer.second, worker, threadPools });
      console.log(`run ${run}: first half ${answer.first.toFixed(0)} ms, second half ${answer.second.toFixed(0)} ms; CPU: worker ${worker.toFixed(2)} s, thread pools ${threadPools.toFixed(2)} s`);
    } finally {
      await browser.close();
    }
    for (const line of traced) {
      const compiled = /completed (?:compiling|optimizing) .*?<JSFunction ?([^ >]*) ?\(sfi[^)]*\)> \(target ([A-Z_]+)\)( OSR)?/.exec(line);
      if (compiled) tally.set(`compiled ${compiled[2]}${compiled[3] ?? ''} ${compiled[1] || '(anonymous)'}`, (tally.get(`compiled ${compiled[2]}${compiled[3] ?? ''} ${compiled[1] || '(anonymous)'}`) ?? 0) + 1);
      const deopt = /bailout \(kind: [^,]*, reason: (.*?)\): begin.*?<JSFunction ?([^ >]*) \(sfi/.exec(line);
      if (deopt) tally.set(`deoptimised ${deopt[2] || '(anonymous)'}: ${deopt[1]}`, (tally.get(`deoptimised ${deopt[2] || '(anonymous)'}: ${deopt[1]}`) ?? 0) + 1);
    }
  }
} finally {
  server.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
console.log(
  `${root}, ${count} articles, ${runs} runs; medians: first half ${median(results.map((r) => r.first)).toFixed(0)} ms, second half ${median(results.map((r) => r.second)).toFixed(0)} ms; CPU worker ${median(results.map((r) => r.worker)).toFixed(2)} s, thread pools ${median(results.map((r) => r.threadPools)).toFixed(2)} s`,
);
if (values.trace) {
  const total = (prefix: string) => [...tally].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
  console.log(`over all runs: ${total('compiled')} compilations, ${total('deoptimised')} deoptimisations; the most repeated:`);
  for (const [what, n] of [...tally].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(5)}  ${what}`);
}
