import { describe, expect, it } from 'vitest';
import { applyStage, concatLines, LineRewriter, workLine, type WorkLine } from '../../src-renderer/core/lineRewrite.ts';

// The key order every line is made with (workLine): the stages are compiled for one layout.
const LINE_KEYS = ['text', 'ruby', 'edits', 'blanksBefore', 'group', 'markup'];

/** A line as splitLines would make it, with one reading and one edit. */
function sampleLine(): WorkLine {
  return workLine('甲乙,,丙丁', [{ start: 5, end: 6, reading: 'dīng' }], [{ kind: 'whitespace', at: 0 }], 1, 3, undefined);
}

/** The stage that makes `,,` at 2–4 one `，`. */
function commasStage(text: string) {
  const w = new LineRewriter(text);
  w.copyTo(2);
  w.replace(4, '，', 'punctuation-artifact');
  return w.finish();
}

describe('a line through a stage', () => {
  it('moves its readings and edits and keeps the layout fields', () => {
    const line = sampleLine();
    const out = applyStage(line, commasStage(line.text));
    expect(out.text).toBe('甲乙，丙丁');
    expect(out.ruby).toEqual([{ start: 4, end: 5, reading: 'dīng' }]);
    expect(out.edits).toEqual([
      { kind: 'whitespace', at: 0 },
      { kind: 'punctuation-artifact', at: 2 },
    ]);
    expect(out.blanksBefore).toBe(1);
    expect(out.group).toBe(3);
  });

  it('is made with the same keys in the same order as every other line', () => {
    const line = sampleLine();
    expect(Object.keys(line)).toEqual(LINE_KEYS);
    expect(Object.keys(applyStage(line, commasStage(line.text)))).toEqual(LINE_KEYS);
    const heading = { ...sampleLine(), markup: 'structure' as const };
    expect(applyStage(heading, commasStage(heading.text)).markup).toBe('structure');
  });

  it('is the same line when the stage changed nothing', () => {
    const line = sampleLine();
    const w = new LineRewriter(line.text);
    expect(applyStage(line, w.finish())).toBe(line);
  });

  it('puts an earlier stage’s edit first where two share an offset', () => {
    const line = workLine('甲,,乙', [], [{ kind: 'full-width', at: 1 }], 0, 0, undefined);
    const w = new LineRewriter(line.text);
    w.copyTo(1);
    w.replace(3, '，', 'punctuation-artifact');
    expect(applyStage(line, w.finish()).edits).toEqual([
      { kind: 'full-width', at: 1 },
      { kind: 'punctuation-artifact', at: 1 },
    ]);
  });
});

describe('two lines joined', () => {
  it('shifts the second line’s readings and edits past the first and the separator', () => {
    const a = workLine('甲乙', [{ start: 0, end: 1, reading: 'jiǎ' }], [], 2, 4, undefined);
    const b = workLine('丙丁', [{ start: 1, end: 2, reading: 'dīng' }], [{ kind: 'full-width', at: 1 }], 0, 5, undefined);
    const joined = concatLines(a, b, ' ', 'layout-join');
    expect(joined.text).toBe('甲乙 丙丁');
    expect(joined.ruby).toEqual([
      { start: 0, end: 1, reading: 'jiǎ' },
      { start: 4, end: 5, reading: 'dīng' },
    ]);
    expect(joined.edits).toEqual([
      { kind: 'layout-join', at: 2 },
      { kind: 'full-width', at: 4 },
    ]);
    expect(joined.blanksBefore).toBe(2);
    expect(joined.group).toBe(4);
    expect(Object.keys(joined)).toEqual(LINE_KEYS);
    // The first line's arrays are copied, not grown in place.
    expect(a.ruby).toHaveLength(1);
    expect(a.edits).toHaveLength(0);
  });
});
