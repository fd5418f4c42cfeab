// Anchors in the same run, as ratios: our whole-text conversion (with offset maps) against
// Debian's native `opencc` command on the same 10 MB text, both directions; our search
// against ripgrep over the same folder for the same literal query. A ratio below 1 means
// ours takes less time. Where a tool is missing, the figure is skipped and the table says so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import type { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { convertWithMap } from '../../src-renderer/core/scriptView.ts';
import type { Figure } from './figures.ts';
import { DIALOG_PAGE } from './libraryScale.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => Figure;
type Record = (f: Omit<Figure, 'suite'>) => void;

const has = (command: string) => spawnSync(command, ['--version']).status === 0;

/** Times `fn` `runs` times after one warm-up, like run.ts's measure, without recording. */
function samplesOf(runs: number, fn: () => void): number[] {
  fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const ratios = (ours: number[], theirs: number[]) => ours.map((x, i) => x / theirs[i]);

/** s2t and t2s of a text of `bytes` made from the seeds: ours with maps, opencc-js plain, native opencc. */
export function benchConversion(measure: Measure, record: Record, text: string, label: string, runs: number): string[] {
  const notes: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-opencc-'));
  try {
    const file = join(work, 'in.txt');
    const hasOpencc = has('opencc');
    for (const config of ['s2t', 't2s'] as const) {
      const input = config === 't2s' ? OpenCC.Converter({ from: 'cn', to: 't' })(text) : text;
      writeFileSync(file, input);
      const ours = measure(`convertWithMap ${config}, ${label} (ours, with offset map)`, runs, () => convertWithMap(input, config));
      const plain = OpenCC.Converter(config === 's2t' ? { from: 'cn', to: 't' } : { from: 't', to: 'cn' });
      measure(`opencc-js Converter ${config}, ${label} (no map)`, runs, () => plain(input));
      if (!hasOpencc) {
        notes.push(`${config}: the native opencc command is not installed here (apt-get install opencc): no ratio`);
        continue;
      }
      const native = measure(`native opencc -c ${config}.json, ${label} (process start and file I/O included)`, runs, () => {
        const r = spawnSync('opencc', ['-c', `${config}.json`, '-i', file, '-o', join(work, 'out.txt')]);
        if (r.status !== 0) throw new Error(`opencc failed: ${r.stderr}`);
      });
      record({
        name: `${config}: ours with offset maps ÷ native opencc, time`,
        samples: ratios(ours.samples, native.samples),
        unit: 'ratio',
        note: 'run i of ours over run i of native',
        target: { op: '<', value: 1, label: '≤ 1× (at least native throughput)' },
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return notes;
}

/** Our search (the in-memory index the worker holds) vs `rg -F -l` over the folder on disk. */
export function benchRipgrep(record: Record, dir: string, index: LibraryIndex, label: string, runs: number): string[] {
  if (!has('rg')) return ['ripgrep is not installed here (apt-get install ripgrep): no search ratio'];
  const rgFiles = (query: string) => {
    const r = spawnSync('rg', ['-F', '-l', '--no-messages', query, dir], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`rg failed: ${r.stderr}`);
    return r.stdout.split('\n').filter(Boolean).length;
  };
  const notes: string[] = [];
  for (const [query, other] of [
    ['营商环境', '營商環境'],
    ['招商引资', '招商引資'],
  ]) {
    let ours = 0;
    const oursSamples = samplesOf(runs, () => {
      ours = index.search(query, DIALOG_PAGE).totalArticles;
    });
    let files = 0;
    const rgSamples = samplesOf(runs, () => {
      files = rgFiles(query);
    });
    const otherFiles = rgFiles(other);
    record({ name: `search ${query}, ours (index in memory), ${label}`, samples: oursSamples, note: `${ours} articles: both scripts, pinyin-annotated spellings too; as the search dialog asks (all counted, the first ${DIALOG_PAGE.articleLimit} with their hits and snippets)` });
    record({ name: `search ${query}, rg -F -l over the folder, ${label}`, samples: rgSamples, note: `${files} files; rg needs a second query for ${other} (${otherFiles} files) and finds neither spelling with inline pinyin` });
    record({ name: `search ${query}: ours ÷ rg, time`, samples: ratios(oursSamples, rgSamples), unit: 'ratio', note: 'OS page cache warm for rg', target: { op: '<', value: 1, label: '< 1× (faster than rg)' } });
    notes.push(`${query}: ours ${ours} articles; rg ${files} files for ${query} + ${otherFiles} for ${other} (two runs, and still blind to 營(yíng)商環(huán)境-style pinyin)`);
  }
  return notes;
}
