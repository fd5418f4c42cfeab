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

/** The processes to count: Chromium's (any running beside the bench counts too: run it on a quiet machine), the web host's and this script's. */
function countedProcesses(): { pid: string; command: string }[] {
  const out: { pid: string; command: string }[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const command = readOrNull(`/proc/${pid}/cmdline`)?.replace(/\0/g, ' ') ?? '';
    if (command.includes('chromium') || command.includes('src-main/web/cli.ts') || pid === String(process.pid)) out.push({ pid, command });
  }
  return out;
}

/** User and system seconds in a /proc `stat` line. */
function statTimes(stat: string): { user: number; system: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / TICKS, system: Number(fields[12]) / TICKS };
}

/** Every thread of the counted processes, by `pid/tid`: where a process's time went (a thread that ends takes its time with it). */
export function threadTimes(): Map<string, ThreadTimes> {
  const out = new Map<string, ThreadTimes>();
  for (const { pid, command } of countedProcesses()) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readOrNull(`/proc/${pid}/task/${tid}/stat`);
      if (stat === null) continue;
      const { user, system } = statTimes(stat);
      out.set(`${pid}/${tid}`, { thread: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), command, seconds: user + system, systemSeconds: system });
    }
  }
  return out;
}

/** What a counted process is: a Chromium process's type (renderer, gpu-process, …), the browser, the web host, or this script. */
export function kindOf(command: string): string {
  const type = /--type=(\S+)/.exec(command)?.[1];
  if (type) return type;
  if (command.includes('src-main/web/cli.ts')) return 'web host';
  return command.includes('chromium') ? 'browser' : 'this script';
}

/** CPU seconds of each counted process by pid, its threads that ended included (a process's own `stat` keeps their time). */
export function processTimes(): Map<string, { command: string; seconds: number }> {
  const out = new Map<string, { command: string; seconds: number }>();
  for (const { pid, command } of countedProcesses()) {
    const stat = readOrNull(`/proc/${pid}/stat`);
    if (stat === null) continue;
    const { user, system } = statTimes(stat);
    out.set(pid, { command, seconds: user + system });
  }
  return out;
}

/**
 * CPU seconds each kind of process spent since `before`, and their sum, this script left
 * out. A process that ended in between is not counted (none does in a first start).
 */
export function cpuSince(before: Map<string, { seconds: number }>): { total: number; byKind: Map<string, number> } {
  const byKind = new Map<string, number>();
  let total = 0;
  for (const [pid, now] of processTimes()) {
    if (pid === String(process.pid)) continue;
    const seconds = now.seconds - (before.get(pid)?.seconds ?? 0);
    if (seconds < 0.05) continue;
    const kind = kindOf(now.command);
    byKind.set(kind, (byKind.get(kind) ?? 0) + seconds);
    total += seconds;
  }
  return { total, byKind };
}
