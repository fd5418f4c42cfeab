// `node --import tsx tests/bench/profileColdStart.ts [articles] [out.cpuprofile]`: a CPU profile of
// the page's main thread over a cold first start (fresh profile and host data) until every
// header is cached, and the functions with the most self time. Where the first start goes.
// The workers (scan, search) are profiled alike: attached through the page's CDP session
// (Target.setAutoAttach, non-flat, paused at start until their profiler runs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './chromium.ts';
import { profilePageAndWorkers } from './cpuProfiles.ts';
import { generateArticles, writeLibrary } from './generateLibrary.ts';
import { cachedArticles, freePort, launch, spawnHost } from './libraryStart.ts';

const size = Number(process.argv[2] ?? 1000);
const outFile = process.argv[3] ?? join(tmpdir(), 'pizhu-cold-start.cpuprofile');
ensureBuilt();
const work = mkdtempSync(join(tmpdir(), 'pizhu-profile-'));
try {
  const libraryDir = join(work, 'library');
  writeLibrary(libraryDir, generateArticles(size));
  const host = await spawnHost(libraryDir, mkdtempSync(join(work, 'data-')), await freePort());
  const { context, page } = await launch(mkdtempSync(join(work, 'profile-')));
  try {
    const profiles = await profilePageAndWorkers(context, page);
    const t0 = performance.now();
    await page.goto(host.url);
    while ((await cachedArticles(page)) < size && performance.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 250));
    console.log(`every header cached after ${Math.round(performance.now() - t0)} ms (bench clock, from goto)`);
    await profiles.stop(outFile);
  } finally {
    await context.close();
    await host.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
