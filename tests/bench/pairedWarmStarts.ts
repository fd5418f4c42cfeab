// `node --import tsx tests/bench/pairedWarmStarts.ts <build> <build> [...] [--pairs 6] [--size 10000]`:
// warm starts (a second start on the same profile and host data) of one generated library,
// the renderer builds given taking turns as in pairedColdStarts.ts: each round in the other
// order than the one before, after one start that is not counted. A warm start's list comes
// from what the first start stored, so each build gets a profile and data folder of its own,
// made once by its own first start (every header cached) with the annotations of the library
// suite's warm start seeded after it (libraryStart.ts: generateAnnotations, 30 % of the
// articles). Every start of a build then opens that same profile and folder again, and is timed
// to the list's first rows with titles, as the library suite's warm figure is.
//
// Builds are output folders made beforehand, served by this checkout's web host (see
// pairedColdStarts.ts for making the build of the commit before a change). Each build's port
// stays the same from start to start: IndexedDB is kept per origin. Each build has a profile of
// its own, so what differs between two profiles shows as a difference between builds: name two
// copies of one build to see how large that is before reading a difference as a change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putRows } from '../support/rawIndexedDb.ts';
import { BENCH_THEMES, generateAnnotations, generateArticles, writeLibrary } from './generateLibrary.ts';
import { freePort, headersCachedAt, launch, listing, seedRows, spawnHost } from './libraryStart.ts';
import { pairedArgs, runPairs, wholeNumberArg } from './pairedRounds.ts';

const { builds, pairs, values } = pairedArgs('pairedWarmStarts', 6, { size: '10000' });
const size = wholeNumberArg('pairedWarmStarts', 'size', values.size, 1, 'a whole number of articles');

/** A first start gives up after this long: one that never caches every header leaves no warm start to time. */
const FIRST_START_LIMIT_MS = 600_000;

interface Setup {
  profile: string;
  data: string;
  port: number;
}

/** Starts `build` on `setup`'s profile, data folder and port; `page` does what the start is for. */
async function started<T>(build: string, libraryDir: string, setup: Setup, use: (page: Awaited<ReturnType<typeof launch>>['page']) => Promise<T>): Promise<T> {
  // The web host serves the renderer of PIZHU_OUT_DIR (libraryStart's spawnHost).
  process.env.PIZHU_OUT_DIR = build;
  const host = await spawnHost(libraryDir, setup.data, setup.port);
  try {
    const { context, page } = await launch(setup.profile);
    try {
      await page.goto(host.url);
      return await use(page);
    } finally {
      await context.close();
    }
  } finally {
    await host.stop();
  }
}

const work = mkdtempSync(join(tmpdir(), 'pizhu-paired-warm-'));
try {
  const libraryDir = join(work, 'library');
  const articles = generateArticles(size);
  writeLibrary(libraryDir, articles);
  const annotations = generateAnnotations(articles);
  const setups = new Map<string, Setup>();
  for (const [i, build] of builds.entries()) {
    const setup = { profile: join(work, `profile-${i}`), data: join(work, `data-${i}`), port: await freePort() };
    await started(build, libraryDir, setup, async (page) => {
      const t0 = performance.now();
      while ((await headersCachedAt(page, size)) === null) {
        if (performance.now() - t0 > FIRST_START_LIMIT_MS) throw new Error(`pairedWarmStarts: ${build}'s first start never cached every header`);
        await new Promise((r) => setTimeout(r, 250));
      }
      await putRows(page, { tags: BENCH_THEMES });
      await seedRows(page, annotations);
    });
    setups.set(build, setup);
  }
  console.log(`${size.toLocaleString('en-US')} articles, ${annotations.length.toLocaleString('en-US')} annotations seeded; warm starts, navigation start to the first 8 rows with titles`);
  await runPairs(builds, pairs, (build) =>
    started(build, libraryDir, setups.get(build)!, async (page) => {
      const { titled } = await listing(page);
      if (titled === null) throw new Error(`pairedWarmStarts: ${build}'s list never showed titles`);
      return { ms: titled };
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
