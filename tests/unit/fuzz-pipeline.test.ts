// Property tests of clean and parse over hostile Unicode (tests/support/fuzzText.ts). Each
// property has a fixed seed, so a CI failure reproduces; fast-check prints the seed, the
// path and the shrunk counterexample.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src-renderer/core/clean.ts';
import { parse } from '../../src-renderer/core/parse.ts';
import type { Range } from '../../src-renderer/core/types.ts';
import { rawText, splitsPair, fuzzRun } from '../support/fuzzText.ts';

const inside = (r: Range, n: number) => Number.isInteger(r.start) && Number.isInteger(r.end) && 0 <= r.start && r.start <= r.end && r.end <= n;

describe('clean, on any text', () => {
  it('never throws; canonical text is trimmed non-empty lines joined by single newlines', () => {
    fc.assert(
      fc.property(rawText, (raw) => {
        const r = clean(raw);
        const t = r.text;
        if (t === '') return;
        for (const line of t.split('\n')) {
          expect(line.length).toBeGreaterThan(0);
          expect(line).toBe(line.trim());
        }
      }),
      fuzzRun(0x5eed01, 400),
    );
  });

  it('ruby and edit offsets lie in the canonical text; ruby is sorted and never cuts a surrogate pair', () => {
    fc.assert(
      fc.property(rawText, (raw) => {
        const r = clean(raw);
        const n = r.text.length;
        let last = 0;
        for (const ruby of r.ruby) {
          expect(inside(ruby, n), JSON.stringify(ruby)).toBe(true);
          expect(ruby.start).toBeGreaterThanOrEqual(last);
          last = ruby.start;
          expect(splitsPair(r.text, ruby.start) || splitsPair(r.text, ruby.end), JSON.stringify(ruby)).toBe(false);
          expect(ruby.reading.length).toBeGreaterThan(0);
          // A reading sits on the Han characters it was written after, whatever moved them.
          expect(ruby.end, JSON.stringify(ruby)).toBeGreaterThan(ruby.start);
          expect(r.text.slice(ruby.start, ruby.end), JSON.stringify(ruby)).toMatch(/^\p{Script=Han}+$/u);
        }
        for (const e of r.edits) expect(inside({ start: e.at, end: e.at }, n), JSON.stringify(e)).toBe(true);
      }),
      fuzzRun(0x5eed02, 400),
    );
  });

  // Canonical text has no blank lines, so a text cleaned in the blank-line layout is seen as
  // one line per paragraph the second time, and the wide gaps that kept a caption or a lost
  // stretch of text apart are gone: idempotence can only hold line by line there.
  it('is idempotent: canonical text cleans to itself (each line of it, in the blank-line layout)', () => {
    fc.assert(
      fc.property(rawText, (raw) => {
        const c = clean(raw);
        const once = c.text;
        if (c.layout === 'line-per-paragraph') expect(clean(once).text).toBe(once);
        // Inside front matter or a fence a line is data, left as written; alone it is prose.
        if (/^(?:---|```|~~~)/m.test(once)) return;
        for (const line of once.split('\n')) expect(clean(line).text).toBe(line);
      }),
      fuzzRun(0x5eed03, 400),
    );
  });
});

describe('parse, on any cleaned text', () => {
  it('never throws; blocks are sorted, disjoint, non-empty, inside one line, on whole code points', () => {
    fc.assert(
      fc.property(rawText, fc.boolean(), (raw, md) => {
        const c = clean(raw);
        const t = c.text;
        const a = parse(c, md ? { markdown: true } : {});
        let last = 0;
        for (const b of a.blocks) {
          const where = `${b.kind} [${b.start},${b.end}) of ${JSON.stringify(t)}`;
          expect(inside(b, t.length), where).toBe(true);
          expect(b.start, where).toBeGreaterThanOrEqual(last);
          // A Markdown figure may be a bare marker; a Markdown table or code block spans lines.
          if (b.kind !== 'figure') expect(b.end, where).toBeGreaterThan(b.start);
          if (!b.runs) expect(t.slice(b.start, b.end), where).not.toContain('\n');
          for (const r of b.runs ?? []) {
            expect(b.start <= r.start && r.start <= r.end && r.end <= b.end, where).toBe(true);
            expect(splitsPair(t, r.start) || splitsPair(t, r.end), where).toBe(false);
          }
          expect(splitsPair(t, b.start) || splitsPair(t, b.end), where).toBe(false);
          for (const inner of [b.credit, b.date]) {
            if (!inner) continue;
            expect(b.start <= inner.start && inner.start <= inner.end && inner.end <= b.end, where).toBe(true);
            expect(splitsPair(t, inner.start) || splitsPair(t, inner.end), where).toBe(false);
          }
          last = b.end;
        }
        expect(typeof a.meta.title).toBe('string');
        expect(a.meta.title).not.toContain('\n');
      }),
      fuzzRun(0x5eed04, 400),
    );
  });
});
