// CPU profiles of a page and of every worker it starts, over one stretch of work: the page's
// through its CDP session, each worker's through a session attached before its first line
// runs (Target.setAutoAttach, non-flat, paused at start until its profiler runs). Used by the
// profile scripts to name where a figure's time goes. The renderer is built minified: build it
// with PIZHU_READABLE_BUILD=1 (into its own PIZHU_OUT_DIR) for function names in the profiles.
import { writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRecorder {
  /** Stops every profiler; writes each profile next to `outFile` and prints the most self time. */
  stop(outFile: string, top?: number): Promise<void>;
}

/** Starts profiling `page` and the workers it starts from now on (1 ms sampling). */
export async function profilePageAndWorkers(context: BrowserContext, page: Page): Promise<ProfileRecorder> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const workers = new Map<string, string>();
  const replies = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const inWorker = (sessionId: string, method: string, params: object = {}) =>
    new Promise<unknown>((done) => {
      const id = nextId++;
      replies.set(id, done);
      // A worker gone (its page navigated away) answers nothing: its profile is lost, not the run.
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => done({}));
    });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) replies.get(message.id)?.(message.result ?? {});
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    if (e.sessionId) workers.delete(e.sessionId);
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
  return {
    async stop(outFile, top = 25) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      writeFileSync(outFile, JSON.stringify(profile));
      printSelfTime('page main thread', profile, top);
      console.log(`profile: ${outFile}`);
      for (const [sessionId, name] of workers) {
        const stopped = (await inWorker(sessionId, 'Profiler.stop')) as { profile?: Profile };
        if (!stopped.profile) continue;
        const file = outFile.replace(/\.cpuprofile$/, '') + `.${name.replace(/[^\w-]+/g, '_')}.cpuprofile`;
        writeFileSync(file, JSON.stringify(stopped.profile));
        printSelfTime(`worker ${name}`, stopped.profile, 15);
        console.log(`profile: ${file}`);
      }
    },
  };
}

function printSelfTime(what: string, profile: Profile, top: number): void {
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
