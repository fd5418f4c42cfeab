// Pizhu's views against Debian's `opencc` 1.1.6 CLI on the same texts (outputs recorded in
// tests/fixtures/opencc-cli, see SOURCE.md). Where they differ, each difference must be one
// of the classes documented below, found at the place the class names.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { view } from '../../src-renderer/core/scriptView.ts';
import type { Script } from '../../src-renderer/core/types.ts';

const dir = fileURLToPath(new URL('../fixtures/opencc-cli/', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(path, 'utf8');

/**
 * Known differences, as (CLI → ours) pairs of the differing stretch.
 * - dictionary: OpenCC 1.1.6's dictionaries and those opencc-js 1.4.2 ships differ in single
 *   entries (託/托, 鍼/針, 蒍/蔿, 旂/旗; the place names 大餘村 and 織裏鎮/織裡鎮, which the
 *   newer dictionaries keep as 大余村, 織里鎮; TWPhrases 通過 → 透過 and 雷射/鐳射 only in 1.1.6);
 * - segmentation: opencc-js cuts text by longest dictionary match, the CLI by its own
 *   segmenter; under 臺灣用詞 opencc-js reads 公元 across the word boundary of 隱公元年
 *   (→ 隱西元年) where the CLI keeps 隱公元年.
 */
const KNOWN: [string, string, string][] = [
  ['dictionary', '託', '托'],
  ['dictionary', '鍼', '針'],
  ['dictionary', '蒍', '蔿'],
  ['dictionary', '旂', '旗'],
  ['dictionary', '餘', '余'],
  ['dictionary', '裏', '里'],
  ['dictionary', '裡', '里'],
  ['dictionary', '透過', '通過'],
  ['dictionary', '鐳射', '雷射'],
  ['segmentation', '公元', '西元'],
];

/** The differing stretches between two texts, aligned where they agree (a simple LCS-free walk: the texts differ in short substitutions). */
interface Difference {
  cli: string;
  ours: string;
  /** Where the stretch starts in each text. */
  at: [number, number];
}

function differences(cli: string, ours: string): Difference[] {
  const out: Difference[] = [];
  let i = 0;
  let j = 0;
  while (i < cli.length && j < ours.length) {
    if (cli[i] === ours[j]) {
      i++;
      j++;
      continue;
    }
    // Find the nearest place both agree again on 4 characters.
    let found = false;
    for (let d = 1; d < 8 && !found; d++) {
      for (let a = 0; a <= d && !found; a++) {
        const b = d - a;
        if (cli.slice(i + a, i + a + 4) === ours.slice(j + b, j + b + 4)) {
          out.push({ cli: cli.slice(i, i + a), ours: ours.slice(j, j + b), at: [i, j] });
          i += a;
          j += b;
          found = true;
        }
      }
    }
    if (!found) throw new Error(`texts diverge at ${i}: ${cli.slice(i, i + 20)} | ${ours.slice(j, j + 20)}`);
  }
  if (i < cli.length || j < ours.length) out.push({ cli: cli.slice(i), ours: ours.slice(j), at: [i, j] });
  return out;
}

/** A difference is known when a documented pair covers it in both texts, at the same offset into the pair. */
const knownIn = (cliText: string, oursText: string) => (d: Difference) =>
  KNOWN.some(([, k1, k2]) => {
    for (let o = 0; o < Math.min(k1.length, k2.length); o++) {
      if (cliText.startsWith(k1, d.at[0] - o) && oursText.startsWith(k2, d.at[1] - o) && d.cli.length <= k1.length - o && d.ours.length <= k2.length - o) return true;
    }
    return false;
  });

const SCRIPT: Record<string, Script> = { s2t: 't', s2tw: 'tw', s2twp: 'twp', s2hk: 'hk' };
const seedFile = (n: string) => root + 'seeds/' + ['000_5cd884f326e428d3', '001_95138ed665849f79', '002_28af22508236589b', '003_8e5f95533d67e5a9'][Number(n)] + '.txt';

describe('simplified sources: the views against the CLI', () => {
  const inputs: [string, string][] = [
    ['zuozhuan-head', dir + 'zuozhuan-head.txt'],
    ...['000', '001', '002', '003'].map((n): [string, string] => [n, seedFile(n)]),
  ];
  for (const [name, path] of inputs) {
    for (const config of Object.keys(SCRIPT)) {
      it(`${name} ${config}: every difference is a documented class`, () => {
        const cli = read(dir + `${name}.${config}.txt`);
        const ours = view(read(path), SCRIPT[config]).text;
        const known = knownIn(cli, ours);
        expect(differences(cli, ours).filter((x) => !known(x))).toEqual([]);
      });
    }
  }

  it('finds the segmentation class where the issue saw it: 隱公元年', () => {
    const d = differences(read(dir + 'zuozhuan-head.s2twp.txt'), view(read(dir + 'zuozhuan-head.txt'), 'twp').text);
    expect(d.map((x) => [x.cli, x.ours])).toContainEqual(['公', '西']);
    expect(read(dir + 'zuozhuan-head.s2twp.txt')).toContain('隱公元年');
  });
});

describe('a traditional source: the views equal the CLI’s traditional-to-traditional configs', () => {
  const hk = read(root + 'tests/fixtures/traditional/hk-news.md');
  for (const [file, script] of [
    ['hk-news.hk2t.txt', 't'],
    ['hk-news.hk2t-t2tw.txt', 'tw'],
    ['hk-news.t2hk.txt', 'hk'],
    ['hk-news.t2s.txt', 'cn'],
  ] as const) {
    it(`${script} = ${file}`, () => {
      expect(view(hk, script).text).toBe(read(dir + file));
    });
  }
});
