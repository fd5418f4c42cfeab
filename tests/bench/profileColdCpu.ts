// `node --import tsx tests/bench/profileColdCpu.ts [articles]`: the CPU time (user and system,
// from /proc) each process and its busiest threads spent over a cold first start (fresh profile
// and host data) until every header is cached, beside the wall time. On a machine of two
// cores a first start is bound by the sum, so this names what to cut: the page, the workers,
// the browser's storage, the host. Linux only (it reads /proc).
import { readdirSync, readFileSync } from 'node:fs';
import { ensureBuilt } from './chromium.ts';
import { observeColdFirstStart } from './libraryStart.ts';

interface ThreadTimes {
  thread: string;
  command: string;
  seconds: number;
  systemSeconds: number;
}

/** Clock ticks a second in /proc's times: Linux's USER_HZ, 100 whatever the kernel's own tick. */
const TICKS = 100;

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // Gone since it was listed: a process or thread that ended.
    return null;
  }
}

/** Every thread of Chromium's processes, the web host's and this script's, by `pid/tid` (any Chromium running beside it counts too: run it on a quiet machine). */
function threadTimes(): Map<string, ThreadTimes> {
  const out = new Map<string, ThreadTimes>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const command = readOrNull(`/proc/${pid}/cmdline`)?.replace(/\0/g, ' ') ?? '';
    if (!command.includes('chromium') && !command.includes('src-main/web/cli.ts') && pid !== String(process.pid)) continue;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readOrNull(`/proc/${pid}/task/${tid}/stat`);
      if (stat === null) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const user = Number(fields[11]) / TICKS;
      const system = Number(fields[12]) / TICKS;
      out.set(`${pid}/${tid}`, { thread: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), command, seconds: user + system, systemSeconds: system });
    }
  }
  return out;
}

function processKind(command: string, pid: string): string {
  const type = /--type=(\S+)/.exec(command)?.[1];
  if (type) return `${type} ${pid}`;
  if (command.includes('src-main/web/cli.ts')) return `web host ${pid}`;
  return `${command.includes('chromium') ? 'browser' : 'this script'} ${pid}`;
}

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
      const kind = processKind(now.command, id.split('/')[0]);
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
