// `npm run bench`: speed figures of the pure core, measured in Node and written to
// BENCHMARKS.md with the command and the machine. Each figure is repeated and reported as
// median and spread (min–max); nothing here is asserted — tests assert behaviour, not time.
// The library-scale suite (generated libraries up to 10,000 articles, Chromium through the
// web host) is a later issue; this covers what the reader does per article.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as OpenCC from 'opencc-js';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { clean } from '../../src-renderer/core/clean.ts';
import { clearViewCache, convertWithMap, view } from '../../src-renderer/core/scriptView.ts';
import { searchKey } from '../../src-renderer/core/searchKey.ts';
import type { Script } from '../../src-renderer/core/types.ts';
import { benchAnchoring } from './anchoring.ts';
import { benchChromium } from './chromium.ts';
import { benchExportImport } from './exportImport.ts';
import { benchLibraryScale } from './libraryScale.ts';
import { benchThemePage } from './themePage.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const quick = process.argv.includes('--quick');

interface Figure {
  name: string;
  samples: number[];
  note?: string;
}

const figures: Figure[] = [];

/** Runs `fn` `runs` times after one warm-up and records the wall time of each run in ms. */
export function measure(name: string, runs: number, fn: () => void, note?: string): Figure {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const figure = { name, samples, note };
  figures.push(figure);
  console.log(`${name}: ${fmt(median(samples))} ms (${fmt(Math.min(...samples))}–${fmt(Math.max(...samples))})`);
  return figure;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

const seeds = readdirSync(join(ROOT, 'seeds'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(ROOT, 'seeds', f), 'utf8'));

/** A simplified article of about `chars` characters, made by repeating the simplified seeds. */
function simplifiedText(chars: number): string {
  const base = seeds.slice(0, 4).join('\n\n');
  let out = '';
  while (out.length < chars) out += base + '\n\n';
  return out.slice(0, chars);
}

const runs = quick ? 3 : 9;
const article15k = clean(simplifiedText(15_000)).text;

measure('clean + parse, seed 004 (15,217 bytes, 647 pinyin)', runs, () => loadArticle(seeds[4]));
measure('clean + parse, 15,000-char article', runs, () => loadArticle(simplifiedText(15_000)));
for (const script of ['cn', 't', 'twp', 'hk'] as Script[]) {
  measure(`script view ${script}, 15,000 chars, with offset map (cache cleared)`, runs, () => {
    clearViewCache();
    view(article15k, script);
  });
}
measure('script view t, 15,000 chars, cached (switching back)', runs, () => view(article15k, 't'));
measure('searchKey, 15,000 chars, with offset map', runs, () => searchKey(article15k));
benchAnchoring(measure, article15k, runs);
await benchChromium({ runs, record: (f) => figures.push(f) });
benchExportImport(measure, runs);
benchLibraryScale(measure, (f) => figures.push(f), quick);
await benchThemePage({ runs, record: (f) => figures.push(f) });

// Side by side with Debian's native opencc on the same 10 MB text: whole-text conversion,
// ours with offset maps. Skipped (and said so) where the opencc command is missing.
const big = simplifiedText(quick ? 1_000_000 : 10_000_000);
const bigLabel = quick ? '1 MB' : '10 MB';
const nativeNotes: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-'));
try {
  const file = join(work, 'big.txt');
  writeFileSync(file, big);
  const hasOpencc = spawnSync('opencc', ['--version']).status === 0;
  const bigRuns = quick ? 1 : 3;
  for (const [config, ours] of [
    ['s2t', 's2t'],
    ['t2s', 't2s'],
  ] as const) {
    const input = config === 't2s' ? OpenCC.Converter({ from: 'cn', to: 't' })(big) : big;
    if (config === 't2s') writeFileSync(file, input);
    const oursFig = measure(`convertWithMap ${ours}, ${bigLabel} (ours, with offset map)`, bigRuns, () => convertWithMap(input, ours));
    const plain = OpenCC.Converter(config === 's2t' ? { from: 'cn', to: 't' } : { from: 't', to: 'cn' });
    measure(`opencc-js Converter ${config}, ${bigLabel} (no map)`, bigRuns, () => plain(input));
    if (hasOpencc) {
      const native = measure(`native opencc -c ${config}.json, ${bigLabel}`, bigRuns, () => {
        const r = spawnSync('opencc', ['-c', `${config}.json`, '-i', file, '-o', join(work, 'out.txt')]);
        if (r.status !== 0) throw new Error(`opencc failed: ${r.stderr}`);
      });
      nativeNotes.push(`${config}: ours with maps / native opencc = ${(median(oursFig.samples) / median(native.samples)).toFixed(2)}× the time`);
    } else {
      nativeNotes.push(`${config}: native opencc not installed here (apt-get install opencc), no ratio`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const command = `npm run bench${quick ? ' -- --quick' : ''}`;
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Benchmarks',
  '',
  `Produced by \`${command}\` (tests/bench/run.ts) on ${new Date().toISOString().slice(0, 10)}.`,
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}.`,
  `Each figure: one warm-up, then ${runs} runs (${quick ? 1 : 3} for the ${bigLabel} conversions); median and min–max in milliseconds.`,
  '',
  '| figure | median ms | min–max ms | runs |',
  '|---|---:|---:|---:|',
  ...figures.map((f) => `| ${f.name}${f.note ? ` — ${f.note}` : ''} | ${fmt(median(f.samples))} | ${fmt(Math.min(...f.samples))}–${fmt(Math.max(...f.samples))} | ${f.samples.length} |`),
  '',
  'Side by side with the native converter (same file, same run):',
  '',
  ...nativeNotes.map((n) => `- ${n}`),
  '',
  'Not yet measured here (the speed issue): library scan and list at 100 / 1,000 / 10,000',
  'articles through the web host, first paint of a 15,000-char article in Chromium, search',
  'against ripgrep, renderer heap and main-process RSS.',
  '',
];
writeFileSync(join(ROOT, 'BENCHMARKS.md'), lines.join('\n'));
console.log(`\nwrote BENCHMARKS.md (${command})`);
