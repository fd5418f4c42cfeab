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
