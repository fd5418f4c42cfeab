// Property tests of script views, their offset maps, view ↔ canonical ranges and the search
// key over hostile Unicode (tests/support/fuzzText.ts). Fixed seeds: a CI failure prints
// the seed, path and shrunk counterexample, and reproduces.
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { alignCanonicalRange, canonicalRangeToView, viewRangeToCanonical } from '../../src-renderer/core/anchor.ts';
import { clean } from '../../src-renderer/core/clean.ts';
import { convertWithMap } from '../../src-renderer/core/convertWithMap.ts';
import type { SpanOffsetMap } from '../../src-renderer/core/offsetMap.ts';
import { view, type MappedScriptView } from '../../src-renderer/core/scriptView.ts';
import { findAll, searchKey, searchKeyText } from '../../src-renderer/core/searchKey.ts';
import { SCRIPTS, type Range, type Script } from '../../src-renderer/core/types.ts';
import { CONVERTER_OPTIONS } from '../support/openccConfigs.ts';
import { ConverterFactory, Trie, type DictGroup } from 'opencc-js/core';
import { configs as presetConfigs } from 'opencc-js/preset';
import { lineScripts, scriptRuns } from '../../src-renderer/core/scriptDetect.ts';
import { FROM_SIMPLIFIED, FROM_TRADITIONAL } from '../../src-renderer/core/scriptRoutes.ts';
import { shortText, splitsPair, fuzzRun } from '../support/fuzzText.ts';

const RUNS = 250;
const script = fc.constantFrom(...SCRIPTS);
/** Canonical texts: cleaned random texts, and random texts as they are (clean is not the only way in). */
const canonicalText = fc.oneof(shortText.map((t) => clean(t).text), shortText);

/** Everything a span map promises, for every offset of both texts; returns what is broken. */
function mapProblems(source: string, target: string, map: SpanOffsetMap, identity: boolean, drops = false): string[] {
  const bad: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok && bad.length < 5) bad.push(what);
  };
  check(map.sourceLength === source.length, `sourceLength ${map.sourceLength} ≠ ${source.length}`);
  check(map.targetLength === target.length, `targetLength ${map.targetLength} ≠ ${target.length}`);
  let prev = 0;
  for (let p = 0; p <= source.length; p++) {
    const t = map.toTarget(p);
    check(Number.isInteger(t) && t >= prev && t <= target.length, `toTarget(${p}) = ${t}`);
    prev = t;
    const back = map.toSource(t);
    check(map.toTarget(back) === t, `toTarget(toSource(toTarget(${p}))) = ${map.toTarget(back)} ≠ ${t}`);
    // Dropped text (the search key's punctuation) has no key position of its own: a key
    // position maps back after it, so only maps that drop nothing come back at or before p.
    if (!drops) check(back <= p, `toSource(toTarget(${p})) = ${back} > ${p}`);
    if (!splitsPair(source, p)) {
      check(!splitsPair(target, t), `toTarget(${p}) = ${t} splits a pair`);
      check(!splitsPair(source, back), `round trip of ${p} = ${back} splits a pair`);
    } else if (!identity && !drops && !map.span(map.spanIndexAtSource(p)).aligned) {
      // (Text a view leaves as written maps 1:1, like 原文; elsewhere a pair is one unit.)
      // Back to the pair's start, or further when the pair is inside a larger unit (⿰𠀀木).
      check(back <= p - 1, `inside a pair at ${p}: back to ${back}`);
    }
  }
  prev = 0;
  for (let t = 0; t <= target.length; t++) {
    const p = map.toSource(t);
    check(Number.isInteger(p) && p >= prev && p <= source.length, `toSource(${t}) = ${p}`);
    prev = p;
    check(map.toTarget(p) <= t, `view ${t} → ${p} → ${map.toTarget(p)}`);
    if (!splitsPair(target, t)) check(!splitsPair(source, p), `toSource(${t}) = ${p} splits a pair`);
  }
  let covered = 0;
  for (let i = 0; i < map.spanCount; i++) {
    const sp = map.span(i);
    check(sp.srcStart === (i === 0 ? 0 : map.span(i - 1).srcEnd), `span ${i} not contiguous`);
    covered += sp.dstEnd - sp.dstStart;
    if (sp.aligned) check(sp.srcEnd - sp.srcStart === sp.dstEnd - sp.dstStart, `aligned span ${i} changes length`);
  }
  check(covered === target.length, 'spans do not cover the target');
  return bad;
}

const converters = new Map<string, (s: string) => string>();
function opencc(config: string): (s: string) => string {
  let c = converters.get(config);
  if (!c) {
    c = OpenCC.Converter(CONVERTER_OPTIONS[config] as never) as (s: string) => string;
    converters.set(config, c);
  }
  return c;
}
/** The t2twp config the views assemble (convertWithMap.ts), rebuilt here from opencc-js parts. */
function t2twp(text: string): string {
  const c = presetConfigs as unknown as Record<string, { normalizationChain: DictGroup[]; segmentation: DictGroup; conversionChain: DictGroup[] }>;
  const normalised = ConverterFactory(...c.t2tw.normalizationChain)(text);
  const seg = new Trie();
  seg.loadDictGroup(c.tw2sp.segmentation);
  const phrases = new Trie();
  phrases.loadDictGroup(c.s2twp.conversionChain[1]);
  return seg
    .segment(normalised)
    .map((piece) => phrases.convert(piece))
    .join('');
}
/** 简体: t2s line by line, of the lines that hold something traditional. */
function simplified(text: string): string {
  return lineScripts(text)
    .map((l) => {
      const line = text.slice(l.start, l.end);
      return l.route === 'traditional' || l.traditionalOnly > 0 ? opencc('t2s')(line) : line;
    })
    .join('\n');
}
const run = (config: string) => (config === 't2twp' ? t2twp : opencc(config));
/** What each view should read, from opencc-js itself, run by run as the source script detection cuts the text. */
function reference(text: string, s: Script): string {
  if (s === 'original') return text;
  if (s === 'cn') return simplified(text);
  return scriptRuns(text)
    .map((r) => (r.route === 'simplified' ? opencc(FROM_SIMPLIFIED[s])(simplified(text.slice(r.start, r.end))) : FROM_TRADITIONAL[s].reduce((t, config) => run(config)(t), text.slice(r.start, r.end))))
    .join('');
}

describe('convertWithMap, on any text', () => {
  it('reads exactly what opencc-js Converter returns, with a valid map, for every config the views use', () => {
    fc.assert(
      fc.property(shortText, fc.constantFrom('t2s', 's2t', 's2tw', 's2twp', 's2hk', 'tw2sp', 'hk2s'), (text, config) => {
        const r = convertWithMap(text, config);
        expect(r.text).toBe(opencc(config)(text));
        expect(mapProblems(text, r.text, r.map, false)).toEqual([]);
      }),
      fuzzRun(0x7e1, RUNS),
    );
  });
});

describe('script views, on any text', () => {
  it('each view reads what opencc-js gives and its map is valid at every offset', () => {
    fc.assert(
      fc.property(canonicalText, script, (text, s) => {
        const v = view(text, s);
        expect(v.text).toBe(reference(text, s));
        expect(mapProblems(text, v.text, v.map, s === 'original')).toEqual([]);
      }),
      fuzzRun(0x7e2, RUNS),
    );
  });

  it('on traditional and mixed text (with user options too), each view reads what opencc-js gives run by run and its map is exact', () => {
    // Fragments of traditional text (Hong Kong and Taiwan usage), simplified residues, words
    // whose conversion changes length, quotes, line breaks and characters outside the BMP.
    const fragment = fc.constantFrom(
      '我真係諗唔到', '現金發放計劃', '參與', '衝突只需要', '一個中國', '並成立了', '干犯', '採取', '優化', '軟件', '裡面', '爲了', '著名',
      '什么', '干部', '这个', '发展', '主板', '优化', '若干年', '那周圍', '星露谷物語',
      '“', '”', '‘', '’', '，', '。', '\n', ' ', '𠀾', '𡃁仔', '😀', 'abc', '2024年',
    );
    const text = fc.array(fragment, { maxLength: 40 }).map((xs) => xs.join(''));
    const options = fc.record({
      cornerQuotes: fc.boolean(),
      overrides: fc.array(
        fc.record({ script: fc.constantFrom('cn', 't', 'tw', 'twp', 'hk') as fc.Arbitrary<'cn' | 't' | 'tw' | 'twp' | 'hk'>, from: fc.constantFrom('最佳化', '係', '發放計劃', '「', '幹部', '這個'), to: fc.constantFrom('', '優化', '系統', '派錢計劃的', '『') }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(text, script, options, (t, s, o) => {
        const plain = view(t, s);
        expect(plain.text).toBe(reference(t, s));
        expect(mapProblems(t, plain.text, plain.map, s === 'original')).toEqual([]);
        const v = view(t, s, o);
        expect(mapProblems(t, v.text, v.map, false, o.overrides.some((x) => x.to === ''))).toEqual([]);
      }),
      fuzzRun(0x7e5, RUNS),
    );
  });

  it("a view of the view's own text is the view again, wherever opencc-js itself is idempotent", () => {
    let idempotent = 0;
    fc.assert(
      fc.property(canonicalText, script, (text, s) => {
        const once = view(text, s).text;
        const twice = view(once, s).text;
        // OpenCC is not idempotent everywhere (s2twp turns 主板 into 主機板, and t2s then reads
        // 機 back as 机: 主机板 → 主機板 is stable, but 优化 → 最佳化 is not a fixpoint of
        // every chain); the views must agree with opencc-js exactly where it is stable.
        if (reference(reference(text, s), s) === reference(text, s)) {
          idempotent++;
          expect(twice).toBe(once);
        } else {
          expect(twice).toBe(reference(once, s));
        }
      }),
      fuzzRun(0x7e3, RUNS),
    );
    expect(idempotent).toBeGreaterThan(RUNS / 2);
  });
});

const contains = (outer: Range, inner: Range) => outer.start <= inner.start && inner.end <= outer.end;
const exactIn = (v: MappedScriptView, x: number) => v.map.toSource(v.map.toTarget(x)) === x;

describe('view ↔ canonical ranges, on any text', () => {
  it('a selection in any view maps to a canonical range that covers it, and is drawn the same way in every view', () => {
    fc.assert(
      fc.property(canonicalText.filter((t) => t.length > 0), script, fc.nat(), fc.nat(), (canonical, s, a, b) => {
        const views = SCRIPTS.map((x) => view(canonical, x));
        const A = views[SCRIPTS.indexOf(s)];
        const n = A.text.length;
        const sel = { start: a % (n + 1), end: b % (n + 1) };
        const r = { start: Math.min(sel.start, sel.end), end: Math.max(sel.start, sel.end) };
        const c = viewRangeToCanonical(A, sel);
        expect(c.start).toBeGreaterThanOrEqual(0);
        expect(c.end).toBeLessThanOrEqual(canonical.length);
        expect(c.start).toBeLessThanOrEqual(c.end);
        if (r.end > r.start) expect(c.end).toBeGreaterThan(c.start);
        expect(splitsPair(canonical, c.start) || splitsPair(canonical, c.end)).toBe(false);
        if (r.start === r.end) return;
        const inA = canonicalRangeToView(A, c);
        // The selection's ends may sit inside a pair in 原文 (the identity); drawn, it is whole characters.
        const whole = { start: splitsPair(A.text, r.start) ? r.start - 1 : r.start, end: splitsPair(A.text, r.end) ? r.end + 1 : r.end };
        expect(contains(inA, whole), `${JSON.stringify(inA)} ⊉ ${JSON.stringify(r)}`).toBe(true);
        expect(viewRangeToCanonical(A, inA)).toEqual(c);
        for (const B of views) {
          const back = viewRangeToCanonical(B, canonicalRangeToView(B, c));
          expect(contains(back, c), B.script).toBe(true);
          if (exactIn(B, c.start) && exactIn(B, c.end)) expect(back, B.script).toEqual(c);
        }
        const aligned = alignCanonicalRange(c, views);
        expect(contains(aligned, c)).toBe(true);
        for (const B of views) expect(viewRangeToCanonical(B, canonicalRangeToView(B, aligned)), B.script).toEqual(aligned);
        // Aligning is a fixpoint.
        expect(alignCanonicalRange(aligned, views)).toEqual(aligned);
      }),
      fuzzRun(0x7e4, RUNS),
    );
  });
});

describe('search key, on any text', () => {
  it('key and map agree; every match is a non-empty range of whole characters, in order', () => {
    fc.assert(
      fc.property(canonicalText, fc.nat(), fc.integer({ min: 1, max: 8 }), (text, at, len) => {
        const k = searchKey(text);
        expect(k.key).toBe(searchKeyText(text));
        expect(k.key).not.toMatch(/\s/u);
        expect(mapProblems(text, k.key, k.map, false, true)).toEqual([]);
        // A needle taken from the text itself (it may fold differently out of context) and one taken from the key.
        const start = text.length ? at % text.length : 0;
        for (const needle of [text.slice(start, start + len), k.key.slice(at % (k.key.length + 1), (at % (k.key.length + 1)) + len)]) {
          const hits = findAll(k, needle);
          let last = 0;
          for (const h of hits) {
            expect(h.start).toBeGreaterThanOrEqual(last);
            expect(h.end).toBeGreaterThan(h.start);
            expect(h.end).toBeLessThanOrEqual(text.length);
            expect(splitsPair(text, h.start) || splitsPair(text, h.end)).toBe(false);
            last = h.start;
          }
          const folded = searchKeyText(needle);
          if (folded.length > 0 && k.key.includes(folded)) expect(hits.length).toBeGreaterThan(0);
        }
      }),
      fuzzRun(0x7e5, 200),
    );
  });
});
