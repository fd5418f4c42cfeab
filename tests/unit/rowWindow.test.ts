import { describe, expect, it } from 'vitest';
import { rowOffsets, rowWindow } from '../../src-renderer/state/rowWindow.ts';

describe('rowWindow', () => {
  const offsets = rowOffsets(Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? 40 : 20)));

  it('sums heights into row tops and a total', () => {
    expect([...rowOffsets([10, 20, 5])]).toEqual([0, 10, 30, 35]);
    expect(offsets[5000]).toBe(500 * 40 + 4500 * 20);
  });

  it('draws the rows in view plus overscan, spacers holding the rest', () => {
    // Rows 0–9 take 220 px; row 10 starts at 220.
    const w = rowWindow(offsets, 1000, 1600, 100);
    expect(offsets[w.start]).toBeLessThanOrEqual(900);
    expect(offsets[w.start + 1]).toBeGreaterThan(900);
    expect(offsets[w.end - 1]).toBeLessThanOrEqual(1700);
    expect(offsets[w.end]).toBeGreaterThanOrEqual(1700);
    expect(w.before).toBe(offsets[w.start]);
    expect(w.before + (offsets[w.end] - offsets[w.start]) + w.after).toBe(offsets[5000]);
    expect(w.end - w.start).toBeLessThan(50);
  });

  it('clamps at both ends and never leaves a non-empty list without rows', () => {
    expect(rowWindow(offsets, -500, -100, 0)).toMatchObject({ start: 0, end: 1, before: 0 });
    const below = rowWindow(offsets, 1e9, 1e9 + 600, 0);
    expect(below).toMatchObject({ start: 4999, end: 5000, after: 0 });
    const top = rowWindow(offsets, 0, 600, 0);
    expect(top.start).toBe(0);
    expect(rowWindow(rowOffsets([]), 0, 600, 100)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
