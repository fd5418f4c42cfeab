// `node --import tsx tests/bench/profileColdCpu.ts [articles]`: the CPU time (user and system,
// from /proc) each process and its busiest threads spent over a cold first start (fresh profile
// and host data) until every header is cached, beside the wall time. On a machine of two
// cores a first start is bound by the sum, so this names what to cut: the page, the workers,
// the browser's storage, the host. Linux only (it reads /proc).
import { ensureBuilt } from './chromium.ts';
import { observeColdFirstStart } from './libraryStart.ts';
import { kindOf, threadTimes, type ThreadTimes } from './processCpu.ts';

const size = Number(process.argv[2] ?? 3000);
ensureBuilt();
let before: Map<string, ThreadTimes>;
await observeColdFirstStart(size, {
  async begin() {
    before = threadTimes();
  },
  async end(ms) {
    const wall = ms / 1000;
    const byProcess = new Map<string, { seconds: number; systemSeconds: number; threads: Map<string, number> }>();
    for (const [id, now] of threadTimes()) {
      const then = before.get(id);
      const seconds = now.seconds - (then?.seconds ?? 0);
      if (seconds < 0.05) continue;
      const kind = `${kindOf(now.command)} ${id.split('/')[0]}`;
      const sum = byProcess.get(kind) ?? { seconds: 0, systemSeconds: 0, threads: new Map<string, number>() };
      sum.seconds += seconds;
      sum.systemSeconds += now.systemSeconds - (then?.systemSeconds ?? 0);
      sum.threads.set(now.thread, (sum.threads.get(now.thread) ?? 0) + seconds);
      byProcess.set(kind, sum);
    }
    let total = 0;
    console.log(`every header cached after ${wall.toFixed(1)} s (bench clock, from goto); CPU by process, seconds (system part), busiest threads:`);
    for (const [kind, sum] of [...byProcess].sort((a, b) => b[1].seconds - a[1].seconds)) {
      total += sum.seconds;
      const threads = [...sum.threads].sort((a, b) => b[1] - a[1]).slice(0, 5);
      console.log(`${sum.seconds.toFixed(1).padStart(6)} (${sum.systemSeconds.toFixed(1)})  ${kind}: ${threads.map(([name, s]) => `${name} ${s.toFixed(1)}`).join(', ')}`);
    }
    console.log(`${total.toFixed(1).padStart(6)} s of CPU in ${wall.toFixed(1)} s (${(total / wall).toFixed(2)} cores busy)`);
  },
});
