// Views by source script: traditional text is never passed through simplified.
// Expected strings are written by hand (checked against Debian's `opencc` CLI where noted)
// or come from OpenCC's own test cases; none is computed by the code under test.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { clean } from '../../src-renderer/core/clean.ts';
import { configs as presetConfigs } from 'opencc-js/preset';
import { countScript, detectScript, getCharacterEvidence, getTraditionalPhrases, lineScripts, residues, scriptRuns } from '../../src-renderer/core/scriptDetect.ts';
import { convertText } from '../../src-renderer/core/scriptText.ts';
import { clearViewCache, view } from '../../src-renderer/core/scriptView.ts';
import { SCRIPTS, type Script } from '../../src-renderer/core/types.ts';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const seedDir = fileURLToPath(new URL('../../seeds/', import.meta.url));
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ name: f.slice(0, 3), text: clean(readFileSync(seedDir + f, 'utf8')).text }));

interface Case {
  id: string;
  input: string;
  expected: Record<string, string>;
}
const cases = (JSON.parse(readFileSync(fixtures + 'opencc/testcases.json', 'utf8').replace(/,(\s*[\]}])/g, '$1')) as { cases: Case[] }).cases;
const outputsOf = (config: string) => cases.flatMap((c) => (c.expected[config] !== undefined ? [{ id: c.id, text: c.expected[config] }] : []));
const golden = (config: string) => readFileSync(fixtures + `opencc/golden/output/us_constitution_zhs.${config}.txt`, 'utf8');

// The sentence of the issue: Hong Kong text that a route through simplified breaks (係 → 系,
// 發放 → 髮放, 一個 → 一箇, 並 → 併). 简体 checked with `opencc -c hk2s.json` and `t2s.json`.
const HK = '我真係諗唔到佢會參與今次嘅現金發放計劃，衝突只需要一個中國。並成立了學會。';

describe('the Hong Kong sentence in every view', () => {
  const expected: Record<Script, string> = {
    original: '我真係諗唔到佢會參與今次嘅現金發放計劃，衝突只需要一個中國。並成立了學會。',
    cn: '我真系谂唔到佢会参与今次嘅现金发放计划，冲突只需要一个中国。并成立了学会。',
    t: '我真係諗唔到佢會參與今次嘅現金發放計劃，衝突只需要一個中國。並成立了學會。',
    tw: '我真係諗唔到佢會參與今次嘅現金發放計劃，衝突只需要一個中國。並成立了學會。',
    twp: '我真係諗唔到佢會參與今次嘅現金發放計劃，衝突只需要一個中國。並成立了學會。',
    hk: '我真係諗唔到佢會參與今次嘅現金發放計劃，衝突只需要一個中國。並成立了學會。',
  };
  for (const script of SCRIPTS) {
    it(script, () => {
      clearViewCache();
      expect(view(HK, script).text).toBe(expected[script]);
      expect(convertText(HK, script)).toBe(expected[script]);
    });
  }
});

describe('text already in the target standard is left alone (OpenCC test cases and golden texts)', () => {
  // A case whose expected output has no traditional-only character is not traditional
  // evidence at all (e.g. a line of Latin letters), so the simplified route applies; it must
  // still come back unchanged.
  for (const [config, script] of [
    ['s2t', 't'],
    ['s2tw', 'tw'],
    ['s2hk', 'hk'],
  ] as const) {
    it(`${config} outputs are fixed points of the ${script} view`, () => {
      const outs = outputsOf(config);
      expect(outs.length).toBeGreaterThan(40);
      for (const o of outs) expect(view(o.text, script).text, o.id).toBe(o.text);
      const g = golden(config);
      expect(view(g, script).text).toBe(g);
    });
  }
  for (const config of ['t2s', 'tw2s', 'hk2s'] as const) {
    it(`${config} outputs are fixed points of the 简体 view`, () => {
      const outs = outputsOf(config);
      expect(outs.length).toBeGreaterThan(10);
      for (const o of outs) expect(view(o.text, 'cn').text, o.id).toBe(o.text);
    });
  }
});

describe('script detection', () => {
  it('finds the simplified seeds simplified, line by line', () => {
    for (const s of seeds.slice(0, 4)) {
      expect(detectScript(s.text).script, s.name).toBe('simplified');
      expect(lineScripts(s.text).every((l) => l.route === 'simplified'), s.name).toBe(true);
      expect(scriptRuns(s.text), s.name).toEqual([{ start: 0, end: s.text.length, route: 'simplified' }]);
    }
  });

  it('finds seed 004 traditional, with a few lines that also hold simplified residues', () => {
    const t004 = seeds[4].text;
    expect(detectScript(t004).route).toBe('traditional');
    const lines = lineScripts(t004);
    expect(lines.every((l) => l.route === 'traditional')).toBe(true);
    const mixed = lines.filter((l) => l.script === 'mixed').map((l) => t004.slice(l.start, l.end));
    expect(mixed.length).toBeGreaterThan(0);
    // 并 is simplified-only: 并聯 in 實現了并聯快 is such a line.
    expect(mixed.some((l) => l.includes('并聯'))).toBe(true);
  });

  it('tells blocks of either script, and mixed blocks, apart', () => {
    const text = ['营商环境持续优化，企业发展信心增强。', '營商環境持續優化，企業發展信心增強。', '這些干部说，這個問題要這樣處理。', '2024年3月1日', '这些幹部說，这个问题要这样处理。'].join('\n');
    const lines = lineScripts(text).map((l) => [l.script, l.route]);
    expect(lines).toEqual([
      ['simplified', 'simplified'],
      ['traditional', 'traditional'],
      ['mixed', 'traditional'],
      // No evidence either way: the whole text's script (three traditional lines' worth).
      ['traditional', 'traditional'],
      ['mixed', 'simplified'],
    ]);
  });

  it('takes residues as phrases where s2t knows them, and leaves traditional words that look simplified', () => {
    const text = '他說什么也不肯，這些干部都來了，这个問題。若干年前干犯法律。';
    expect(residues(text, 0, text.length).map((r) => text.slice(r.start, r.end))).toEqual(['什么', '干部', '这个']);
  });
});

describe('mixed blocks convert their residues only', () => {
  const MIXED = '他說什么也不肯，這些干部都來了，这个問題。若干年前干犯法律。';
  it('in every view (hand-written)', () => {
    expect(view(MIXED, 't').text).toBe('他說什麼也不肯，這些幹部都來了，這個問題。若干年前干犯法律。');
    expect(view(MIXED, 'tw').text).toBe('他說什麼也不肯，這些幹部都來了，這個問題。若干年前干犯法律。');
    expect(view(MIXED, 'hk').text).toBe('他説什麼也不肯，這些幹部都來了，這個問題。若干年前干犯法律。');
    expect(view(MIXED, 'cn').text).toBe('他说什么也不肯，这些干部都来了，这个问题。若干年前干犯法律。');
  });

  it('seed 004 in 繁體: outside its residues every character is as written; inside, the residue in traditional', () => {
    const t004 = seeds[4].text;
    const v = view(t004, 't');
    const res = scriptRuns(t004).filter((r) => r.route === 'simplified');
    expect(res.length).toBeGreaterThan(20);
    // OpenCC's own hk2t (opencc-js Converter) is the reference for what is not a residue:
    // 繁體 shows OpenCC's standard forms (為 → 爲), nothing else changes.
    const hk2t = OpenCC.Converter({ from: 'hk', to: 't' });
    let at = 0;
    for (const r of [...res, { start: t004.length, end: t004.length }]) {
      const kept = { start: at, end: r.start };
      const shown = v.map.rangeToTarget(kept);
      expect(v.text.slice(shown.start, shown.end)).toBe(hk2t(t004.slice(kept.start, kept.end)));
      at = r.end;
    }
    // A few residues, by hand: the simplified spelling in the seed, the traditional one shown.
    for (const [written, shown] of [
      ['领导干部', ''],
      ['領導干部', '領導幹部'],
      ['為什么', '爲什麼'],
      ['實現了并聯', '實現了並聯'],
      ['采取', '採取'],
    ]) {
      const i = t004.indexOf(written);
      if (shown === '') {
        expect(i).toBe(-1);
        continue;
      }
      expect(i, written).toBeGreaterThanOrEqual(0);
      const r = v.map.rangeToTarget({ start: i, end: i + written.length });
      expect(v.text.slice(r.start, r.end)).toBe(shown);
    }
  });
});

describe('a traditional Markdown article (tests/fixtures/traditional/hk-news.md)', () => {
  const canonical = loadArticle(readFileSync(fixtures + 'traditional/hk-news.md', 'utf8'), { fileName: 'hk-news.md' }).clean.text;
  it('keeps its characters in 繁體, 臺灣 and 香港, and 臺灣用詞 uses Taiwan words', () => {
    expect(view(canonical, 't').text).toContain('係爲咗');
    for (const script of ['tw', 'hk'] as const) expect(view(canonical, script).text).toContain('係為咗');
    for (const script of ['t', 'tw', 'hk'] as const) {
      const v = view(canonical, script).text;
      for (const word of [ '現金發放', '參與', '衝突', '只需要', '一個鐘頭', '並成立', '干犯', '採取']) expect(v, `${script} ${word}`).toContain(word);
    }
    const twp = view(canonical, 'twp').text;
    expect(twp).toContain('政府最佳化登記程式');
    expect(twp).toContain('更新軟體');
    expect(view(canonical, 'cn').text).toContain('现金发放计划');
  });

  it('maps every position exactly in every view', () => {
    for (const script of SCRIPTS) {
      const v = view(canonical, script);
      expect(v.map.sourceLength).toBe(canonical.length);
      expect(v.map.targetLength).toBe(v.text.length);
      for (let p = 0; p <= canonical.length; p++) {
        const t = v.map.toTarget(p);
        expect(v.map.toTarget(v.map.toSource(t))).toBe(t);
      }
    }
  });
});

describe('the evidence, read from the packed dictionaries', () => {
  // The rule at the top of scriptDetect.ts derived here the plain way, entry by entry after
  // splitting each table: the module walks the packed strings in place instead.
  type Group = readonly (string | [string, string][])[];
  const chains = (presetConfigs as unknown as Record<string, { conversionChain: Group[] }>);
  const pairs = (group: Group): [string, string][] => group.flatMap((d) => (typeof d === 'string' ? d.split('|').map((e) => e.split(' ') as [string, string]) : d));
  const single = (s: string) => [...s].length === 1;
  const stPairs = pairs(chains.s2t.conversionChain[0]);
  const tsPairs = pairs(chains.t2s.conversionChain[0]);
  const stWritten = new Set([...stPairs, ...pairs(chains.s2tw.conversionChain[1]), ...pairs(chains.s2hk.conversionChain[1])].flatMap(([, to]) => [...to]));
  const tsWritten = new Set(tsPairs.flatMap(([, to]) => [...to]));
  const simplifiedOnly = new Set(stPairs.filter(([from]) => single(from) && !stWritten.has(from)).map(([from]) => from));
  const traditionalOnly = new Set(tsPairs.filter(([from]) => single(from) && !tsWritten.has(from)).map(([from]) => from));

  it('names the characters the examples of the rule name', () => {
    for (const ch of '发个这们') expect(simplifiedOnly.has(ch), ch).toBe(true);
    for (const ch of '係發參與衝麼裡') expect(traditionalOnly.has(ch), ch).toBe(true);
    for (const ch of '干什后里台') expect(simplifiedOnly.has(ch) || traditionalOnly.has(ch), ch).toBe(false);
    expect(simplifiedOnly.size).toBeGreaterThan(1000);
    expect(traditionalOnly.size).toBeGreaterThan(1000);
  });

  it('holds the same sets as the rule derived entry by entry, phrases included', () => {
    const evidence = getCharacterEvidence();
    const codes = (chars: Iterable<string>) => new Set([...chars].map((c) => c.codePointAt(0)!));
    expect(evidence.simplifiedOnly).toEqual(codes(simplifiedOnly));
    expect(evidence.traditionalOnly).toEqual(codes(traditionalOnly));
    expect(evidence.rewrittenAlone).toEqual(codes(stPairs.filter(([from]) => single(from)).map(([from]) => from)));
    const regional = pairs([...chains.s2tw.conversionChain[1], ...chains.s2hk.conversionChain[1]]);
    const phrases = new Set([...[...stPairs, ...regional].filter(([from]) => !single(from)).map(([, to]) => to), ...tsPairs.filter(([from]) => !single(from)).map(([from]) => from)]);
    expect(getTraditionalPhrases()).toEqual(phrases);
    // Hand-picked from the tables: an s2t phrase's output, a Taiwan variant phrase's, a t2s phrase key.
    for (const phrase of ['一絲不掛', '喫茶小舖', '一坏']) expect(getTraditionalPhrases().has(phrase), phrase).toBe(true);
  });

  it('counts every dictionary key as the rule says, astral ones included', () => {
    const keys = new Set([...stPairs, ...tsPairs].map(([from]) => from).filter(single));
    expect([...keys].some((k) => k.codePointAt(0)! > 0xffff)).toBe(true);
    const wrong = [...keys].filter((ch) => {
      const c = countScript(ch);
      return c.simplifiedOnly !== (simplifiedOnly.has(ch) ? 1 : 0) || c.traditionalOnly !== (!simplifiedOnly.has(ch) && traditionalOnly.has(ch) ? 1 : 0);
    });
    expect(wrong).toEqual([]);
  });
});
