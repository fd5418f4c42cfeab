// The machine a bench ran on, for BENCHMARKS.md's header: figures mean little without it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { chromiumExecutable } from '../support/chromium.ts';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function firstLine(command: string, args: string[]): string | null {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) return null;
  return (r.stdout || r.stderr).trim().split('\n')[0] ?? null;
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  chromium: string | null;
  opencc: string | null;
  ripgrep: string | null;
}

export function describeMachine(): Machine {
  const cpuinfo = read('/proc/cpuinfo');
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  const memKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(read('/proc/meminfo'))?.[1] ?? NaN);
  const osName = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(read('/etc/os-release'))?.[1] ?? process.platform;
  const browser = chromiumExecutable();
  return {
    cpu,
    cores: cpus().length,
    ramGiB: Number.isFinite(memKb) ? memKb / 2 ** 20 : totalmem() / 2 ** 30,
    os: `${osName}, Linux ${release()}, ${process.arch}`,
    node: process.version,
    chromium: browser ? firstLine(browser, ['--version']) : null,
    opencc: /Version:\s*(\S+)/.exec(spawnSync('opencc', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? null,
    ripgrep: firstLine('rg', ['--version']),
  };
}

export function machineLine(m: Machine): string {
  return [
    `${m.cpu}, ${m.cores} cores`,
    `${m.ramGiB.toFixed(0)} GiB RAM`,
    m.os,
    `Node ${m.node}`,
    m.chromium ?? 'no Chromium',
    m.opencc ? `opencc ${m.opencc}` : 'no opencc',
    m.ripgrep ?? 'no ripgrep',
  ].join('; ');
}

/** The machine's CPU time so far, in clock ticks: all of it, the part nothing ran, and its cores (Linux's /proc/stat). */
function cpuTicks(): { total: number; idle: number; cores: number } | null {
  const lines = read('/proc/stat').split('\n');
  const line = lines.find((l) => l.startsWith('cpu '));
  if (!line) return null;
  // user nice system idle iowait irq softirq steal (guest time is inside user and nice). Time
  // waiting on the disk counts as busy: storage work that waits on it is not done.
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: ticks.reduce((sum, t) => sum + t, 0), idle: ticks[3], cores: lines.filter((l) => /^cpu\d/.test(l)).length };
}

/**
 * Waits until the whole machine has been quiet for `quietMs` (under `busyCores` cores' worth
 * busy in each half second), or `maxMs` have passed. After a large library's first start the
 * browser goes on with its storage for seconds, on a core of its own: a figure taken meanwhile
 * measures that as well. Milliseconds waited, or null where there is no /proc/stat to read (not
 * Linux) or it never fell quiet.
 */
export async function machineQuiet({ maxMs = 60_000, quietMs = 2_000, busyCores = 0.3 } = {}): Promise<number | null> {
  const t0 = Date.now();
  let last = cpuTicks();
  if (last === null) return null;
  let quietSince = Date.now();
  while (Date.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuTicks();
    if (now === null) return null;
    const total = now.total - last.total;
    const busy = total === 0 ? 0 : (1 - (now.idle - last.idle) / total) * now.cores;
    last = now;
    if (busy > busyCores) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return Date.now() - t0;
  }
  return null;
}
