// What the paired tools (pairedColdStarts.ts, pairedFirstFiles.ts, pairedWarmStarts.ts) share:
// their arguments read, the builds checked, the rounds in ABBA order after one uncounted run,
// and each build's median with its differences from the first build, pair by pair.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './figures.ts';

/** One timed run; `cpu` (ms) where the tool measures it. */
export interface PairedRun {
  ms: number;
  cpu?: number;
}

/**
 * A paired tool's command line: the builds named (checked by pairedBuilds), `--pairs` (default
 * `defaultPairs`) and the tool's own options, each a string with its default.
 */
export function pairedArgs<K extends string>(tool: string, defaultPairs: number, own: Record<K, string>): { builds: string[]; pairs: number; values: Record<K, string> } {
  const options = Object.fromEntries([['pairs', String(defaultPairs)], ...Object.entries<string>(own)].map(([name, value]) => [name, { type: 'string' as const, default: value }]));
  const { values, positionals } = parseArgs({ allowPositionals: true, options });
  const pairs = Number(values.pairs);
  return { builds: pairedBuilds(tool, positionals, pairs), pairs, values: values as Record<K, string> };
}

/** `value` as a whole number of at least `min`; else throws, saying what `--flag` is. */
export function wholeNumberArg(tool: string, flag: string, value: string, min: number, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${tool}: --${flag} is ${what}`);
  return n;
}

/** The builds named (output folders of electron-vite build), checked; throws with `tool`'s name. */
export function pairedBuilds(tool: string, dirs: readonly string[], pairs: number): string[] {
  const builds = dirs.map((dir) => resolve(dir));
  if (builds.length < 2) throw new Error(`${tool}: name two builds or more (output folders of electron-vite build)`);
  if (new Set(builds).size !== builds.length) throw new Error(`${tool}: a build is named twice; to see the noise alone, copy the build to a second folder`);
  for (const dir of builds) if (!existsSync(join(dir, 'renderer', 'index.html'))) throw new Error(`${tool}: ${dir} has no renderer/index.html: build it first`);
  // An even number of rounds: each build goes first as often as it goes last.
  if (!Number.isInteger(pairs) || pairs < 2 || pairs % 2 !== 0) throw new Error(`${tool}: --pairs is an even whole number, 2 or more`);
  return builds;
}

const signed = (n: number): string => `${n >= 0 ? '+' : ''}${Math.round(n)}`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Runs `run` once uncounted on the first build, then `pairs` rounds of every build, and prints each run and the summary. */
export async function runPairs(builds: readonly string[], pairs: number, run: (build: string) => Promise<PairedRun>): Promise<void> {
  console.log(`warm-up, not counted  ${builds[0]}  ${Math.round((await run(builds[0])).ms)} ms`);
  const runs: PairedRun[][] = builds.map(() => []);
  for (let round = 0; round < pairs; round++) {
    const order = builds.map((_, i) => i);
    for (const i of round % 2 === 0 ? order : order.reverse()) {
      const result = await run(builds[i]);
      runs[i].push(result);
      console.log(`round ${round + 1}  ${builds[i]}  ${Math.round(result.ms)} ms${result.cpu === undefined ? '' : `  CPU ${seconds(result.cpu)}`}`);
    }
  }
  const cpuOf = (r: PairedRun): number => r.cpu ?? NaN;
  const withCpu = runs.every((rs) => rs.every((r) => r.cpu !== undefined));
  builds.forEach((build, i) => {
    const ms = runs[i].map((r) => r.ms);
    let line = `${build}: median ${Math.round(median(ms))} ms (${ms.map(Math.round).join(', ')})${withCpu ? `, CPU median ${seconds(median(runs[i].map(cpuOf)))}` : ''}`;
    if (i > 0) {
      const diffs = ms.map((m, k) => m - runs[0][k].ms);
      line += `; against ${builds[0]}, pair by pair: ${diffs.map(signed).join(', ')} ms (median ${signed(median(diffs))})`;
      if (withCpu) line += `, CPU median ${signed(median(runs[i].map((r, k) => cpuOf(r) - cpuOf(runs[0][k]))))} ms`;
    }
    console.log(line);
  });
}
