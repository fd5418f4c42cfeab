// Views of traditional text (by source script) and what detecting the script costs.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clean } from '../../src-renderer/core/clean.ts';
import { scriptRuns } from '../../src-renderer/core/scriptDetect.ts';
import { clearViewCache, view } from '../../src-renderer/core/scriptView.ts';
import type { Script } from '../../src-renderer/core/types.ts';
import type { Figure } from './figures.ts';

const ROOT = resolve(import.meta.dirname, '../..');

type Measure = (name: string, n: number, fn: () => void, note?: string) => Figure;

/** A traditional article of about `chars` characters: seed 004 and the Hong Kong news fixture, repeated. */
export function traditionalText(chars: number): string {
  const seed004 = clean(readFileSync(join(ROOT, 'seeds/004_aae446356b5cda58.txt'), 'utf8')).text;
  const hk = readFileSync(join(ROOT, 'tests/fixtures/traditional/hk-news.md'), 'utf8');
  const base = `${seed004}\n\n${hk}`;
  let out = '';
  while (out.length < chars) out += base + '\n\n';
  return out.slice(0, chars);
}

export function benchTraditional(measure: Measure, simplified15k: string, runs: number): void {
  const traditional15k = traditionalText(15_000);
  for (const script of ['cn', 't', 'tw', 'twp', 'hk'] as Script[]) {
    const f = measure(`script view ${script}, 15,000-char traditional article, with offset map (cache cleared)`, runs, () => {
      clearViewCache();
      view(traditional15k, script);
    });
    f.target = { op: '<', value: 30, label: '< 30 ms' };
  }
  for (const [label, text] of [
    ['traditional', traditional15k],
    ['simplified', simplified15k],
  ] as const) {
    const f = measure(`script detection (lines, residues), 15,000-char ${label} article`, runs * 3, () => scriptRuns(text));
    f.target = { op: '<', value: 2, label: '< 2 ms' };
  }
}
