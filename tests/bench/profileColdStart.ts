// `node --import tsx tests/bench/profileColdStart.ts [articles] [out.cpuprofile]`: a CPU profile of
// the page's main thread over a cold first start (fresh profile and host data) until every
// header is cached, and the functions with the most self time. Where the first start goes.
// The workers (scan, search) are profiled alike: attached through the page's CDP session
// (Target.setAutoAttach, non-flat, paused at start until their profiler runs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './chromium.ts';
import { generateArticles, writeLibrary } from './generateLibrary.ts';
import { cachedArticles, freePort, launch, spawnHost } from './libraryStart.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

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
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    // Workers: each one's profiler started before its first line runs.
    const workers = new Map<string, string>();
    const replies = new Map<number, (result: unknown) => void>();
    let nextId = 1;
    const inWorker = (sessionId: string, method: string, params: object = {}) =>
      new Promise<unknown>((done) => {
        const id = nextId++;
        replies.set(id, done);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const message = JSON.parse(e.message) as { id?: number; result?: unknown };
      if (message.id !== undefined) replies.get(message.id)?.(message.result ?? {});
    });
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type !== 'worker') return;
      workers.set(e.sessionId, e.targetInfo.title || e.targetInfo.url);
      void (async () => {
        await inWorker(e.sessionId, 'Profiler.enable');
        await inWorker(e.sessionId, 'Profiler.setSamplingInterval', { interval: 1000 });
        await inWorker(e.sessionId, 'Profiler.start');
        await inWorker(e.sessionId, 'Runtime.runIfWaitingForDebugger');
      })();
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    const t0 = performance.now();
    await page.goto(host.url);
    while ((await cachedArticles(page)) < size && performance.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 250));
    console.log(`every header cached after ${Math.round(performance.now() - t0)} ms (bench clock, from goto)`);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    writeFileSync(outFile, JSON.stringify(profile));
    printSelfTime('page main thread', profile);
    console.log(`profile: ${outFile}`);
    for (const [sessionId, name] of workers) {
      const stopped = (await inWorker(sessionId, 'Profiler.stop')) as { profile?: Profile };
      if (!stopped.profile) continue;
      const file = outFile.replace(/\.cpuprofile$/, '') + `.${name.replace(/[^\w-]+/g, '_')}.cpuprofile`;
      writeFileSync(file, JSON.stringify(stopped.profile));
      printSelfTime(`worker ${name}`, stopped.profile, 15);
      console.log(`profile: ${file}`);
    }
  } finally {
    await context.close();
    await host.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function printSelfTime(what: string, profile: Profile, top = 25): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${what}, ${Math.round(total)} ms sampled; most self time:`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
}
