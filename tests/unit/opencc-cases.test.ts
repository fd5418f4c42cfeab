// OpenCC's own test cases and golden texts, run through convertWithMap (the converter
// that also builds offset maps). See tests/fixtures/opencc/SOURCE.md.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js';
import { convertWithMap, openccConfigNames } from '../../src-renderer/core/convertWithMap.ts';
import { CONVERTER_OPTIONS } from '../support/openccConfigs.ts';

const dir = fileURLToPath(new URL('../fixtures/opencc/', import.meta.url));

interface Case {
  id: string;
  input: string;
  expected: Record<string, string>;
}

/** testcases.json is JSONC with trailing commas; strings in it hold no `,]` or `,}`. */
function parseJsonc(text: string): unknown {
  return JSON.parse(text.replace(/,(\s*[\]}])/g, '$1'));
}

const cases = (parseJsonc(readFileSync(dir + 'testcases.json', 'utf8')) as { cases: Case[] }).cases;
const supported = new Set(openccConfigNames());


// From SOURCE.md: opencc-js leaves out dictionaries whose output many fonts lack.
const EXCEPTIONS: Record<string, string> = {
  'BYVoid_OpenCC_PR_1228_existing_behaviors:t2s': 'opencc-js omits the dictionary that outputs 𣨼 (SOURCE.md)',
  'BYVoid_OpenCC_PR_1229_existing_behaviors:t2s': 'opencc-js omits the dictionary that outputs 𪢮 (SOURCE.md)',
  'BYVoid_OpenCC_PR_464_xi_vs_xi:t2s': 'opencc-js omits the dictionary that keeps 𣗊/樠 variants (SOURCE.md)',
};
// SOURCE.md also notes that opencc-js answers 這樣才行 for BYVoid_OpenCC_Issue_1246_test:hk2t;
// this copy of the cases expects exactly that, so it runs as a normal case.

const rows = cases.flatMap((c) => Object.entries(c.expected).map(([config, expected]) => ({ id: c.id, input: c.input, config, expected })));

describe('OpenCC testcases.json through convertWithMap', () => {
  it('has the 232 cases SOURCE.md describes', () => {
    expect(cases).toHaveLength(232);
  });

  for (const r of rows) {
    const key = `${r.id}:${r.config}`;
    const reason = EXCEPTIONS[key];
    if (reason) {
      // The difference is the library's, not ours: we give exactly what opencc-js gives, and
      // that is not yet the case's answer. When opencc-js closes the gap this fails: drop the exception.
      it(`${key} — known difference: ${reason}`, () => {
        const conv = OpenCC.Converter(CONVERTER_OPTIONS[r.config]);
        const ours = convertWithMap(r.input, r.config).text;
        expect(ours).toBe(conv(r.input));
        expect(ours).not.toBe(r.expected);
      });
      continue;
    }
    it(key, () => {
      const out = convertWithMap(r.input, r.config);
      expect(out.text).toBe(r.expected);
      expect(out.map.sourceLength).toBe(r.input.length);
      expect(out.map.targetLength).toBe(out.text.length);
    });
  }

  it('every configuration in the cases is one opencc-js has', () => {
    const configs = new Set(rows.map((r) => r.config));
    expect([...configs].filter((c) => !supported.has(c))).toEqual([]);
  });
});

// The golden folder's `*_jieba` outputs need jieba segmentation, which opencc-js does not have: not compared.
describe('OpenCC golden texts', () => {
  const input = readFileSync(dir + 'golden/input/us_constitution_zhs.txt', 'utf8');
  for (const config of ['s2t', 's2tw', 's2twp', 's2hk', 's2hkp']) {
    it(config, () => {
      const expected = readFileSync(dir + `golden/output/us_constitution_zhs.${config}.txt`, 'utf8');
      const out = convertWithMap(input, config);
      expect(out.text).toBe(expected);
      expect(out.map.toTarget(input.length)).toBe(expected.length);
    });
  }
});
