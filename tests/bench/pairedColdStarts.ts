// `node --import tsx tests/bench/pairedColdStarts.ts <build> <build> [...] [--pairs 5] [--size 10000] [--until rows|headers]`:
// cold first starts (fresh profile and host data) of one generated library, the renderer
// builds given taking turns, each round in the other order than the one before. On a machine
// of two cores one first start differs from the next by a second or more, so a change of a
// few hundred milliseconds shows only beside the build before it, run for run.
//
// A build is an output folder made beforehand (`PIZHU_OUT_DIR=/tmp/before npx electron-vite build`),
// used as it is: nothing is rebuilt (ensureBuilt would rebuild a folder older than the sources).
// The web host runs from this checkout's sources for every build: the tool compares renderers,
// not hosts. `--until rows`: the list's first rows with titles;
// `headers` (the default): every header cached. Each run prints its figure and the CPU time
// of every process from the navigation until the figure was seen (Linux: /proc); the end, each
// build's median and the differences pair by pair.
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
  options: { pairs: { type: 'string', default: '5' }, size: { type: 'string', default: '10000' }, until: { type: 'string', default: 'headers' } },
});
const builds = positionals.map((dir) => resolve(dir));
const pairs = Number(values.pairs);
const size = Number(values.size);
const until = values.until;
if (builds.length < 2) throw new Error('pairedColdStarts: name two builds or more (output folders of electron-vite build)');
for (const dir of builds) if (!existsSync(join(dir, 'renderer', 'index.html'))) throw new Error(`pairedColdStarts: ${dir} has no renderer/index.html: build it first`);
if (until !== 'rows' && until !== 'headers') throw new Error('pairedColdStarts: --until is rows or headers');
if (!(pairs > 0) || !(size > 0)) throw new Error('pairedColdStarts: --pairs and --size are positive numbers');

/** A run gives up after this long: a start that never caches every header is a failure, not a figure. */
const RUN_LIMIT_MS = 600_000;

async function firstStart(build: string, libraryDir: string, work: string): Promise<{ ms: number; cpu: number }> {
  process.env.PIZHU_OUT_DIR = build;
  const host = await spawnHost(libraryDir, mkdtempSync(join(work, 'data-')), await freePort());
  const { context, page } = await launch(mkdtempSync(join(work, 'profile-')));
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
    await host.stop();
  }
}

const work = mkdtempSync(join(tmpdir(), 'pizhu-paired-'));
try {
  const libraryDir = join(work, 'library');
  writeLibrary(libraryDir, generateArticles(size));
  const results = new Map(builds.map((b) => [b, [] as { ms: number; cpu: number }[]]));
  for (let round = 0; round < pairs; round++) {
    for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
      const run = await firstStart(build, libraryDir, work);
      results.get(build)!.push(run);
      console.log(`round ${round + 1}  ${build}  ${Math.round(run.ms)} ms  CPU ${(run.cpu / 1000).toFixed(1)} s`);
    }
  }
  const first = results.get(builds[0])!;
  for (const [build, runs] of results) {
    const line = `${build}: median ${Math.round(median(runs.map((r) => r.ms)))} ms (${runs.map((r) => Math.round(r.ms)).join(', ')}), CPU median ${(median(runs.map((r) => r.cpu)) / 1000).toFixed(1)} s`;
    const diffs = build === builds[0] ? '' : `; against ${builds[0]}, pair by pair: ${runs.map((r, i) => `${r.ms >= first[i].ms ? '+' : ''}${Math.round(r.ms - first[i].ms)}`).join(', ')} ms`;
    console.log(line + diffs);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
