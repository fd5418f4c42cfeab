// `node --import tsx tests/bench/profileColdStart.ts [articles] [out.cpuprofile]`: a CPU profile of
// the page's main thread over a cold first start (fresh profile and host data) until every
// header is cached, and the functions with the most self time. Where the first start goes.
// The workers (scan, search) are profiled alike: attached through the page's CDP session
// (Target.setAutoAttach, non-flat, paused at start until their profiler runs).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './chromium.ts';
import { profilePageAndWorkers, type ProfileRecorder } from './cpuProfiles.ts';
import { observeColdFirstStart } from './libraryStart.ts';

const size = Number(process.argv[2] ?? 1000);
const outFile = process.argv[3] ?? join(tmpdir(), 'pizhu-cold-start.cpuprofile');
ensureBuilt();
let profiles: ProfileRecorder;
await observeColdFirstStart(size, {
  async begin(context, page) {
    profiles = await profilePageAndWorkers(context, page);
  },
  async end(ms) {
    console.log(`every header cached after ${Math.round(ms)} ms (bench clock, from goto)`);
    await profiles.stop(outFile);
  },
});
