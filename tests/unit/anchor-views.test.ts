// Property: a highlight made in one script view is drawn over the same canonical characters
// in every other view, and what is drawn is that view's conversion of the quote.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src-renderer/core/clean.ts';
import { view, type MappedScriptView } from '../../src-renderer/core/scriptView.ts';
import { alignCanonicalRange, canonicalRangeToView, viewRangeToCanonical } from '../../src-renderer/core/anchor.ts';
import { splitsSurrogatePair } from '../../src-renderer/core/textQuote.ts';
import { SCRIPTS, type Range } from '../../src-renderer/core/types.ts';
import { lineScripts, type LineScript } from '../../src-renderer/core/scriptDetect.ts';
import { mulberry32 } from '../support/prng.ts';

const seedDir = fileURLToPath(new URL('../../seeds/', import.meta.url));
const texts = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ name: `seed ${f.slice(0, 3)}`, text: clean(readFileSync(seedDir + f, 'utf8')).text }));
// cn→twp phrases that change length (主板→主機板, 优化→最佳化, 刷新→重新整理), in several
// blocks, next to non-BMP characters and to phrases whose conversion depends on context.
texts.push({
  name: 'synthetic phrases',
  text: [
    '这块主板需要优化，请刷新页面。',
    '主板优化刷新主板优化刷新',
    '𠀾字和𡃁仔在主板上😀，优化刷新。大余村一周年签约，莫干山营商环境。',
    '刷新',
    '优化营商环境，刷新纪录，更换主板。',
  ].join('\n'),
});

const SELECTIONS = 300;
const PHRASES = ['主板', '优化', '刷新'];


function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const contains = (outer: Range, inner: Range) => outer.start <= inner.start && inner.end <= outer.end;
/** x is an exact position in the view: it does not fall strictly inside a converted phrase. */
const exactIn = (v: MappedScriptView, x: number) => v.map.toSource(v.map.toTarget(x)) === x;

interface Selection {
  in: MappedScriptView;
  range: Range;
  kind: 'random' | 'phrase-inside' | 'cross-block';
}

function selectionsFor(canonical: string, views: MappedScriptView[], rnd: () => number): Selection[] {
  const out: Selection[] = [];
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  for (let n = 0; n < SELECTIONS; n++) {
    const v = pick(views);
    const start = Math.floor(rnd() * v.text.length);
    // Mostly short selections, some long ones; either end order (backwards drags).
    const len = 1 + Math.floor(rnd() < 0.8 ? rnd() * 24 : rnd() * 400);
    const end = Math.min(v.text.length, start + len);
    out.push({ in: v, range: rnd() < 0.2 ? { start: end, end: start } : { start, end }, kind: 'random' });
  }
  // Ends strictly inside a phrase that changed length in 臺灣 (phrases): made in twp.
  const twp = views.find((v) => v.script === 'twp')!;
  const cn = views.find((v) => v.script === 'cn')!;
  for (const p of PHRASES) {
    for (const at of occurrences(cn.text, p)) {
      const canon = cn.map.rangeToSource({ start: at, end: at + p.length });
      const drawn = twp.map.rangeToTarget(canon);
      for (let inner = drawn.start + 1; inner < drawn.end; inner++) {
        const before = Math.max(0, drawn.start - 1 - Math.floor(rnd() * 10));
        const after = Math.min(twp.text.length, drawn.end + 1 + Math.floor(rnd() * 10));
        out.push({ in: twp, range: { start: before, end: inner }, kind: 'phrase-inside' });
        out.push({ in: twp, range: { start: inner, end: after }, kind: 'phrase-inside' });
        out.push({ in: twp, range: { start: inner, end: inner + 1 }, kind: 'phrase-inside' });
      }
      // And in cn, ending between the two characters of the phrase.
      out.push({ in: cn, range: { start: at + 1, end: Math.min(cn.text.length, at + 1 + Math.floor(rnd() * 8) + 1) }, kind: 'phrase-inside' });
    }
  }
  // Across block boundaries: around a random '\n' of a random view.
  for (let n = 0; n < 40; n++) {
    const v = pick(views);
    const nls = occurrences(v.text, '\n');
    if (nls.length === 0) break;
    const nl = pick(nls);
    out.push({ in: v, range: { start: Math.max(0, nl - 1 - Math.floor(rnd() * 30)), end: Math.min(v.text.length, nl + 2 + Math.floor(rnd() * 30)) }, kind: 'cross-block' });
  }
  return out;
}

/** The block (line) span of canonical text around a range: conversion never crosses a '\n'. */
function blocksAround(canonical: string, r: Range): Range {
  return { start: canonical.lastIndexOf('\n', r.start - 1) + 1, end: (canonical.indexOf('\n', r.end) + 1 || canonical.length + 1) - 1 };
}

/** Whether lines read alone route as in context, with the same say on residues (scriptDetect.ts). */
function sameEvidence(alone: LineScript[], inContext: LineScript[]): boolean {
  return alone.length === inContext.length && alone.every((l, i) => l.route === inContext[i].route && l.simplifiedOnly > 0 === inContext[i].simplifiedOnly > 0);
}

describe('a highlight made in one view is drawn on the same canonical text in every view', () => {
  for (const [ti, { name, text: canonical }] of texts.entries()) {
    it(`${name}: ${SELECTIONS}+ selections × ${SCRIPTS.length} views`, () => {
      const views = SCRIPTS.map((s) => view(canonical, s));
      const rnd = mulberry32(0x5eed + ti);
      const sels = selectionsFor(canonical, views, rnd);
      const counts = { random: 0, 'phrase-inside': 0, 'cross-block': 0, widenedForOtherViews: 0, isolatedDiffers: 0, decidedByWholeText: 0 };

      for (const sel of sels) {
        counts[sel.kind]++;
        const A = sel.in;
        const r = { start: Math.min(sel.range.start, sel.range.end), end: Math.max(sel.range.start, sel.range.end) };
        const c = viewRangeToCanonical(A, sel.range);
        const where = `${name} ${sel.kind} in ${A.script} [${r.start},${r.end})`;

        // Created: non-empty, inside the text, whole code points, covering the selection, stable.
        expect(c.end, where).toBeGreaterThan(c.start);
        expect(c.start).toBeGreaterThanOrEqual(0);
        expect(c.end).toBeLessThanOrEqual(canonical.length);
        expect(splitsSurrogatePair(canonical, c.start) || splitsSurrogatePair(canonical, c.end), where).toBe(false);
        const inA = canonicalRangeToView(A, c);
        expect(contains(inA, r), where).toBe(true);
        expect(viewRangeToCanonical(A, inA), where).toEqual(c);

        // Drawn in another view: it covers at least c, exactly c when c's ends are exact there.
        for (const B of views) {
          const back = viewRangeToCanonical(B, canonicalRangeToView(B, c));
          expect(contains(back, c), `${where} → ${B.script}`).toBe(true);
          if (exactIn(B, c.start) && exactIn(B, c.end)) expect(back, `${where} → ${B.script}`).toEqual(c);
        }

        // Aligned for all views: the canonical range is identical whichever view drew it.
        const cs = alignCanonicalRange(c, views);
        expect(contains(cs, c)).toBe(true);
        if (cs.start !== c.start || cs.end !== c.end) counts.widenedForOtherViews++;
        const quote = canonical.slice(cs.start, cs.end);
        const block = blocksAround(canonical, cs);
        const blockText = canonical.slice(block.start, block.end);
        for (const B of views) {
          const at = `${where} → ${B.script}`;
          const drawnRange = canonicalRangeToView(B, cs);
          expect(viewRangeToCanonical(B, drawnRange), at).toEqual(cs);
          const drawn = B.text.slice(drawnRange.start, drawnRange.end);

          // The drawn text is B's conversion of the quote read in its blocks (conversion is
          // local to a block: no dictionary phrase holds a '\n'). A line with as much
          // simplified-only as traditional-only evidence (none of either, often) takes the
          // script of the whole text (scriptDetect.ts): read alone, it may take the other.
          if (!sameEvidence(lineScripts(blockText), lineScripts(canonical).filter((l) => l.end >= block.start && l.start <= block.end))) {
            counts.decidedByWholeText++;
            continue;
          }
          const blockView = view(blockText, B.script);
          const local = blockView.map.rangeToTarget({ start: cs.start - block.start, end: cs.end - block.start });
          expect(drawn, at).toBe(blockView.text.slice(local.start, local.end));

          // Converted on its own the quote mostly reads the same. The one legitimate
          // difference: the quote cuts a dictionary phrase whose conversion keeps its length
          // (so the map, being exact there, lets the cut through), and the cut-off character
          // converts differently alone — 大余村 keeps 余 but 余村 alone gives 餘村; 莫干山
          // keeps 干 but 莫干 alone gives 莫幹. What the reader sees (drawn) is the in-context
          // conversion, which is right. Such a difference has the same length and touches
          // only the first or last character of the quote; anything else fails.
          // (A quote read alone loses the script evidence of the rest of its lines: 考核 in a
          // traditional line is traditional, alone it is simplified; 定制 in a line holding
          // simplified-only characters is a residue, in a cut without them it is not.)
          const isolated = view(quote, B.script).text;
          if (!sameEvidence(lineScripts(quote), lineScripts(canonical).filter((l) => l.end >= cs.start && l.start <= cs.end))) {
            counts.decidedByWholeText++;
            continue;
          }
          if (isolated !== drawn) {
            counts.isolatedDiffers++;
            expect(isolated.length, at).toBe(drawn.length);
            const firstLen = drawn.codePointAt(0)! > 0xffff ? 2 : 1;
            const lastLen = drawn.length >= 2 && splitsSurrogatePair(drawn, drawn.length - 1) ? 2 : 1;
            const middle = (s: string) => s.slice(firstLen, s.length - lastLen);
            expect(middle(isolated), at).toBe(middle(drawn));
          }
        }
      }
      // The special selections really happened (a property over nothing proves nothing).
      expect(counts.random).toBe(SELECTIONS);
      if (name === 'synthetic phrases') {
        expect(counts['phrase-inside']).toBeGreaterThan(50);
        expect(counts.widenedForOtherViews).toBeGreaterThan(0);
      }
      if (canonical.includes('\n')) expect(counts['cross-block']).toBe(40);
    });
  }

  it('a selection inside 主機板 in 臺灣 covers 主板, drawn as 主板 in 简体 and 主機板 in 臺灣', () => {
    const canonical = '请更换主板后刷新页面';
    const twp = view(canonical, 'twp');
    expect(twp.text).toBe('請更換主機板後重新整理頁面');
    const inner = twp.text.indexOf('機');
    const c = viewRangeToCanonical(twp, { start: inner, end: inner + 1 });
    expect(canonical.slice(c.start, c.end)).toBe('主板');
    const cn = view(canonical, 'cn');
    const d = canonicalRangeToView(cn, c);
    expect(cn.text.slice(d.start, d.end)).toBe('主板');
    const t = canonicalRangeToView(twp, c);
    expect(twp.text.slice(t.start, t.end)).toBe('主機板');
    // Made in 原文 on 主 alone, then aligned for the twp view: the whole phrase.
    const orig = view(canonical, 'original');
    const c1 = viewRangeToCanonical(orig, { start: 3, end: 4 });
    expect(c1).toEqual({ start: 3, end: 4 });
    expect(alignCanonicalRange(c1, [orig, cn, twp])).toEqual({ start: 3, end: 5 });
    // The end inside 重新整理 widens to 刷新.
    const s = twp.text.indexOf('新整');
    expect(canonical.slice(...Object.values(viewRangeToCanonical(twp, { start: 0, end: s + 1 })) as [number, number])).toBe('请更换主板后刷新');
  });

  it('out-of-range and empty selections clamp and never throw', () => {
    const v = view('主板优化', 'twp');
    expect(viewRangeToCanonical(v, { start: -10, end: 100 })).toEqual({ start: 0, end: 4 });
    expect(viewRangeToCanonical(v, { start: 2, end: 2 })).toEqual({ start: 0, end: 0 });
    expect(canonicalRangeToView(v, { start: -3, end: 99 })).toEqual({ start: 0, end: v.text.length });
    expect(canonicalRangeToView(v, { start: 3, end: 1 })).toEqual({ start: 0, end: v.text.length });
    expect(alignCanonicalRange({ start: 1, end: 1 }, [v])).toEqual({ start: 1, end: 1 });
    const empty = view('', 'hk');
    expect(viewRangeToCanonical(empty, { start: 0, end: 5 })).toEqual({ start: 0, end: 0 });
    expect(canonicalRangeToView(empty, { start: 0, end: 5 })).toEqual({ start: 0, end: 0 });
  });
});
