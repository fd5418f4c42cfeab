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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateArticles, writeLibrary } from './generateLibrary.ts';
import { freePort, headersCachedAt, launch, listing, spawnHost } from './libraryStart.ts';
import { pairedArgs, runPairs, wholeNumberArg, type PairedRun } from './pairedRounds.ts';
import { cpuSince, processTimes } from './processCpu.ts';

const { builds, pairs, values } = pairedArgs('pairedColdStarts', 6, { size: '10000', until: 'headers' });
const size = wholeNumberArg('pairedColdStarts', 'size', values.size, 1, 'a whole number of articles');
const until = values.until;
if (until !== 'rows' && until !== 'headers') throw new Error('pairedColdStarts: --until is rows or headers');

/** A run gives up after this long: a start that never caches every header is a failure, not a figure. */
const RUN_LIMIT_MS = 600_000;

type Run = Required<PairedRun>;

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

const work = mkdtempSync(join(tmpdir(), 'pizhu-paired-'));
try {
  const libraryDir = join(work, 'library');
  writeLibrary(libraryDir, generateArticles(size));
  await runPairs(builds, pairs, (build) => firstStart(build, libraryDir, work));
} finally {
  rmSync(work, { recursive: true, force: true });
}
