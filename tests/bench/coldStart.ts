// A first start beside its floors, same run, same folder: the app in Chromium through the web
// host (fresh profile and host data: list first rows, every header cached, every file
// indexed) against `rg -c . --no-messages` over the folder (what reading it costs at the
// least) and against the core's per-file work in Node on one core (decode, clean, parse, fold:
// what LibraryIndex.put and the list's header do apart, and scanArticle does in one pass for
// both, without a page, a host or a worker).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBytes } from '../../src-main/library/decode.ts';
import { indexedText } from '../../src-renderer/core/article.ts';
import { listDetails } from '../../src-renderer/core/listDetails.ts';
import { scanArticle } from '../../src-renderer/core/scanArticle.ts';
import { searchKey } from '../../src-renderer/core/searchKey.ts';
import { ensureBuilt } from './chromium.ts';
import type { Figure } from './figures.ts';
import { generateArticles, writeLibrary } from './generateLibrary.ts';
import { cachedHeaders, freePort, headersCachedAt, indexedWithin, launch, listing, spawnHost } from './libraryStart.ts';
import { cpuSince, processTimes } from './processCpu.ts';

type Record = (f: Omit<Figure, 'suite'>) => void;

/** How long a cold start may take before the figure is given up: 4 minutes, or 60 ms an article. */
const coldTimeout = (articles: number) => Math.max(240_000, 60 * articles);
const label = (n: number) => n.toLocaleString('en-US');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** `rg -c . --no-messages DIR`: ms, and the files it counted lines in. */
function ripgrepCount(dir: string): { ms: number; files: number } | null {
  if (spawnSync('rg', ['--version']).status !== 0) return null;
  const t0 = performance.now();
  const r = spawnSync('rg', ['-c', '.', '--no-messages', dir], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`rg failed: ${r.stderr}`);
  return { ms, files: r.stdout.split('\n').filter(Boolean).length };
}

/** Node, one core: read and decode every file, then what the list (header) and the index (clean + fold) do with it. */
function nodeCore(dir: string): { read: number; headers: number; indexed: number; scanned: number } {
  const t0 = performance.now();
  const texts: [string, string][] = [];
  for (const path of filesUnder(dir)) {
    const decoded = decodeBytes(readFileSync(path));
    if (decoded.ok) texts.push([path.slice(dir.length + 1), decoded.text]);
  }
  const t1 = performance.now();
  for (const [key, text] of texts) listDetails(text, key);
  const t2 = performance.now();
  for (const [key, text] of texts) searchKey(indexedText(text, key).searchable);
  const t3 = performance.now();
  for (const [key, raw] of texts) scanArticle({ key, fingerprint: '', raw });
  const t4 = performance.now();
  return { read: t1 - t0, headers: t2 - t1, indexed: t3 - t2, scanned: t4 - t3 };
}

/** Where the median of `samples` is (the lower middle of an even count). */
function medianIndex(samples: readonly number[]): number {
  const order = samples.map((_, i) => i).sort((a, b) => samples[a] - samples[b]);
  return order[Math.floor((order.length - 1) / 2)];
}

export interface ColdStartOptions {
  sizes: number[];
  runs: (size: number) => number;
  record: Record;
}

export async function benchColdStart({ sizes, runs, record }: ColdStartOptions): Promise<string[]> {
  ensureBuilt();
  const notes: string[] = [];
  for (const size of sizes) {
    const work = mkdtempSync(join(tmpdir(), `pizhu-bench-cold-${size}-`));
    try {
      const libraryDir = join(work, 'library');
      const articles = generateArticles(size);
      const bytes = writeLibrary(libraryDir, articles);
      const where = `${label(size)} articles, ${(bytes / 2 ** 20).toFixed(0)} MB`;
      console.log(`cold start: library ${where}`);
      const listed: number[] = [];
      const headers: number[] = [];
      const indexed: number[] = [];
      const cpu: number[] = [];
      const cpuSplits: string[] = [];
      const rg: number[] = [];
      const coreRead: number[] = [];
      const coreHeaders: number[] = [];
      const coreIndexed: number[] = [];
      const coreScanned: number[] = [];
      let rgFiles = 0;
      for (let run = 0; run < runs(size); run++) {
        // The floors first, then the app: each on the same folder, its pages cached alike.
        const counted = ripgrepCount(libraryDir);
        if (counted) {
          rg.push(counted.ms);
          rgFiles = counted.files;
        }
        const core = nodeCore(libraryDir);
        coreRead.push(core.read);
        coreHeaders.push(core.headers);
        coreIndexed.push(core.indexed);
        coreScanned.push(core.scanned);
        const profile = mkdtempSync(join(work, 'profile-'));
        const data = mkdtempSync(join(work, 'data-'));
        const host = await spawnHost(libraryDir, data, await freePort());
        const { context, page } = await launch(profile);
        try {
          const cpuBefore = processTimes();
          await page.goto(host.url);
          const first = await listing(page);
          if (first.titled === null) throw new Error('bench: the library list never showed titles');
          listed.push(first.titled);
          // Bench clock and page clock differ by the page's navigation start: measure from here on both.
          const pageNow = await page.evaluate(() => performance.now());
          const benchAt = performance.now();
          const toPage = (benchTime: number) => pageNow + (benchTime - benchAt);
          let cached = 0;
          while (performance.now() - benchAt < coldTimeout(size)) {
            cached = await cachedHeaders(page);
            if (cached >= size) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          if (cached >= size) headers.push((await headersCachedAt(page, size)) ?? toPage(performance.now()));
          else notes.push(`${where}: ${cached} of ${size} headers cached after ${coldTimeout(size) / 1000} s`);
          const done = await indexedWithin(page, coldTimeout(size) - (performance.now() - benchAt));
          if (done !== null) {
            indexed.push(toPage(done));
            const used = cpuSince(cpuBefore);
            cpu.push(used.total * 1000);
            cpuSplits.push([...used.byKind].sort((a, b) => b[1] - a[1]).map(([kind, seconds]) => `${kind} ${seconds.toFixed(1)} s`).join(', '));
          } else notes.push(`${where}: the index was not complete after ${coldTimeout(size) / 1000} s`);
        } finally {
          await context.close();
          await host.stop();
          rmSync(profile, { recursive: true, force: true });
          rmSync(data, { recursive: true, force: true });
        }
      }
      const t10k = size === 10_000;
      record({ name: `first start, list first rows with titles, ${where}`, samples: listed, note: 'navigation start → first 8 rows with titles, next frame; fresh profile and host data', target: t10k ? { op: '<', value: 1000, label: '< 1 s' } : undefined });
      if (headers.length) record({ name: `first start, every header cached, ${where}`, samples: headers, note: 'navigation start → the header cache’s write (the list digest) that held every file’s header', target: t10k ? { op: '<', value: 10_000, label: '< 10 s' } : undefined });
      if (cpu.length) record({ name: `first start, CPU time of every process until every file indexed, ${where}`, samples: cpu, note: `from navigation start, user + system time of Chromium's processes and the web host's (/proc): with ${cpus().length} cores, no first start ends sooner than this ÷ ${cpus().length}; the median run: ${cpuSplits[medianIndex(cpu)]}` });
      if (indexed.length) record({ name: `first start, every file indexed, ${where}`, samples: indexed, note: 'navigation start → the search dialog no longer says it is indexing (polled every 250 ms)', target: t10k ? { op: '<', value: 12_000, label: '< 12 s' } : undefined });
      if (rg.length) record({ name: `rg -c . --no-messages over the same folder, ${where}`, samples: rg, note: `${label(rgFiles)} files; process start included; OS page cache warm` });
      else notes.push('ripgrep is not installed here: no floor for reading the folder');
      record({ name: `Node, one core: read + decode every file, ${where}`, samples: coreRead });
      record({ name: `Node, one core: header of every file (listDetails: clean + parse), ${where}`, samples: coreHeaders });
      record({ name: `Node, one core: clean + parse + fold of every file (the index's put), ${where}`, samples: coreIndexed });
      record({ name: `Node, one core: one pass for both, header and index entry of every file (scanArticle, what a scan worker does), ${where}`, samples: coreScanned });
      if (indexed.length === rg.length && rg.length) record({ name: `first start every file indexed ÷ rg -c, ${where}`, samples: indexed.map((x, i) => x / rg[i]), unit: 'ratio' });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return notes;
}
