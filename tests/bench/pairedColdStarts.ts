// `node --import tsx tests/bench/pairedColdStarts.ts <build> <build> [...] [--pairs 6] [--size 10000] [--until rows|headers]`:
// cold first starts (fresh profile and host data) of one generated library, the renderer
// builds given taking turns, each round in the other order than the one before, after one
// start that is not counted (the first start of a session also warms the disk and Chromium's
// own files). One first start differs from the next by more than most changes measured here,
// so a change shows only beside the build before it, run for run.
//
// A build is an output folder made beforehand and used as it is (ensureBuilt would rebuild a
// folder older than the sources). The build before a change comes from its commit, checked out
// beside this one: `git worktree add /tmp/before <commit>`, `ln -s $PWD/node_modules
// /tmp/before/node_modules`, then `cd /tmp/before && PIZHU_OUT_DIR=/tmp/before-out npx
// electron-vite build`. Every build is served by this checkout's web host, so the tool compares
// renderers that speak this host's API, not hosts. To see the noise alone, name two copies of
// one build. The CPU counts every Chromium and web host on the machine: run it on a quiet one.
//
// `--until rows`: the list's first rows with titles; `headers` (the default): every header
// cached. Each run prints its figure and the CPU time of every process from the navigation
// until the figure was seen (Linux: /proc); the end, each build's median and, against the first
// build, the differences pair by pair with their median.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './figures.ts';
import { generateArticles, writeLibrary } from './generateLibrary.ts';
import { freePort, headersCachedAt, launch, listing, spawnHost } from './libraryStart.ts';
import { cpuSince, processTimes } from './processCpu.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { pairs: { type: 'string', default: '6' }, size: { type: 'string', default: '10000' }, until: { type: 'string', default: 'headers' } },
});
const builds = positionals.map((dir) => resolve(dir));
const pairs = Number(values.pairs);
const size = Number(values.size);
const until = values.until;
if (builds.length < 2) throw new Error('pairedColdStarts: name two builds or more (output folders of electron-vite build)');
if (new Set(builds).size !== builds.length) throw new Error('pairedColdStarts: a build is named twice; to see the noise alone, copy the build to a second folder');
for (const dir of builds) if (!existsSync(join(dir, 'renderer', 'index.html'))) throw new Error(`pairedColdStarts: ${dir} has no renderer/index.html: build it first`);
if (until !== 'rows' && until !== 'headers') throw new Error('pairedColdStarts: --until is rows or headers');
// An even number of rounds: each build goes first as often as it goes last.
if (!Number.isInteger(pairs) || pairs < 2 || pairs % 2 !== 0) throw new Error('pairedColdStarts: --pairs is an even whole number, 2 or more');
if (!Number.isInteger(size) || size < 1) throw new Error('pairedColdStarts: --size is a whole number of articles');

/** A run gives up after this long: a start that never caches every header is a failure, not a figure. */
const RUN_LIMIT_MS = 600_000;

interface Run {
  ms: number;
  cpu: number;
}

async function firstStart(build: string, libraryDir: string, work: string): Promise<Run> {
  const folder = mkdtempSync(join(work, 'run-'));
  try {
    // The web host serves the renderer of PIZHU_OUT_DIR (libraryStart's spawnHost).
    process.env.PIZHU_OUT_DIR = build;
    const host = await spawnHost(libraryDir, join(folder, 'data'), await freePort());
    try {
      const { context, page } = await launch(join(folder, 'profile'));
      try {
        const before = processTimes();
        await page.goto(host.url);
        let ms: number | null = null;
        if (until === 'rows') ms = (await listing(page)).titled;
        else {
          const t0 = performance.now();
          while ((ms = await headersCachedAt(page, size)) === null && performance.now() - t0 < RUN_LIMIT_MS) await new Promise((r) => setTimeout(r, 250));
        }
        if (ms === null) throw new Error(`pairedColdStarts: ${build} gave no ${until === 'rows' ? 'titled rows' : 'complete header cache'}`);
        return { ms, cpu: cpuSince(before).total * 1000 };
      } finally {
        await context.close();
      }
    } finally {
      await host.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const signed = (n: number): string => `${n >= 0 ? '+' : ''}${Math.round(n)}`;

const work = mkdtempSync(join(tmpdir(), 'pizhu-paired-'));
try {
  const libraryDir = join(work, 'library');
  writeLibrary(libraryDir, generateArticles(size));
  const warmUp = await firstStart(builds[0], libraryDir, work);
  console.log(`warm-up, not counted  ${builds[0]}  ${Math.round(warmUp.ms)} ms`);
  const runs: Run[][] = builds.map(() => []);
  for (let round = 0; round < pairs; round++) {
    const order = builds.map((_, i) => i);
    for (const i of round % 2 === 0 ? order : order.reverse()) {
      const run = await firstStart(builds[i], libraryDir, work);
      runs[i].push(run);
      console.log(`round ${round + 1}  ${builds[i]}  ${Math.round(run.ms)} ms  CPU ${(run.cpu / 1000).toFixed(1)} s`);
    }
  }
  builds.forEach((build, i) => {
    const ms = runs[i].map((r) => r.ms);
    let line = `${build}: median ${Math.round(median(ms))} ms (${ms.map(Math.round).join(', ')}), CPU median ${(median(runs[i].map((r) => r.cpu)) / 1000).toFixed(1)} s`;
    if (i > 0) {
      const diffs = ms.map((m, k) => m - runs[0][k].ms);
      const cpuDiffs = runs[i].map((r, k) => r.cpu - runs[0][k].cpu);
      line += `; against ${builds[0]}, pair by pair: ${diffs.map(signed).join(', ')} ms (median ${signed(median(diffs))}), CPU median ${signed(median(cpuDiffs))} ms`;
    }
    console.log(line);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
