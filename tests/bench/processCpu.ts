// CPU time of Chromium's processes and the web host's, from /proc (Linux only): on a machine
// of two cores a first start is bound by their sum, so the benches put it beside the wall time.
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadTimes {
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
export function threadTimes(): Map<string, ThreadTimes> {
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

export function processKind(command: string, pid: string): string {
  const type = /--type=(\S+)/.exec(command)?.[1];
  if (type) return `${type} ${pid}`;
  if (command.includes('src-main/web/cli.ts')) return `web host ${pid}`;
  return `${command.includes('chromium') ? 'browser' : 'this script'} ${pid}`;
}

/** CPU seconds each kind of process (renderer, browser, web host, …) spent since `before`, and their sum; this script left out. */
export function cpuSince(before: Map<string, ThreadTimes>): { total: number; byKind: Map<string, number> } {
  const byKind = new Map<string, number>();
  let total = 0;
  for (const [id, now] of threadTimes()) {
    if (id.split('/')[0] === String(process.pid)) continue;
    const seconds = now.seconds - (before.get(id)?.seconds ?? 0);
    if (seconds <= 0) continue;
    const kind = processKind(now.command, '').trim();
    byKind.set(kind, (byKind.get(kind) ?? 0) + seconds);
    total += seconds;
  }
  return { total, byKind };
}
