// The bench's arithmetic and its table (tests/bench/figures.ts): medians, percentiles, the
// spread chosen by sample count, units, and met/missed against the targets.
import { describe, expect, it } from 'vitest';
import { formatValue, median, meets, percentile, renderTable, summarise, type Figure } from '../bench/figures.ts';

describe('median and percentile', () => {
  it('takes the middle sample, or the mean of the two middle ones, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow();
  });

  it('gives nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([3, 1, 2], 90)).toBe(3);
  });
});

describe('summarise', () => {
  it('spreads min–max under 20 samples', () => {
    expect(summarise([10, 2, 30, 4, 5])).toEqual({ median: 5, low: 2, high: 30, spread: 'min–max', runs: 5 });
  });

  it('spreads p10–p90 from 20 samples, so one outlier does not set it', () => {
    const xs = [...Array.from({ length: 19 }, (_, i) => i + 1), 1000];
    const s = summarise(xs);
    expect(s.spread).toBe('p10–p90');
    expect(s.low).toBe(2);
    expect(s.high).toBe(18);
    expect(s.median).toBe(10.5);
  });
});

describe('formatting and targets', () => {
  it('writes each unit with about three significant figures', () => {
    expect(formatValue(0.4219)).toBe('0.42 ms');
    expect(formatValue(27.35)).toBe('27.4 ms');
    expect(formatValue(27806.2)).toBe('27806 ms');
    expect(formatValue(9.714, 'MB')).toBe('9.71 MB');
    expect(formatValue(0.473, 'ratio')).toBe('0.47×');
    expect(formatValue(3, 'count')).toBe('3');
  });

  it('compares the target both ways', () => {
    expect(meets({ op: '<', value: 50, label: '' }, 49.9)).toBe(true);
    expect(meets({ op: '<', value: 50, label: '' }, 50)).toBe(false);
    expect(meets({ op: '>=', value: 1, label: '' }, 1)).toBe(true);
    expect(meets({ op: '>=', value: 1, label: '' }, 0.9)).toBe(false);
  });

  it('renders one row per figure with median, spread, runs, target and verdict', () => {
    const figures: Figure[] = [
      { suite: 's', name: 'open | article', samples: [40, 45, 60], note: 'a note', target: { op: '<', value: 50, label: '< 50 ms' } },
      { suite: 's', name: 'heap', samples: [320, 310, 330], unit: 'MB', target: { op: '<', value: 300, label: '< 300 MB' } },
      { suite: 's', name: 'no target', samples: [1, 2] },
    ];
    const lines = renderTable(figures).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\| figure \| median \|/);
    expect(lines[2]).toBe('| open \\| article — a note | 45.0 ms | 40.0 ms – 60.0 ms | 3 | < 50 ms | met |');
    expect(lines[3]).toBe('| heap | 320 MB | 310 MB – 330 MB | 3 | < 300 MB | **missed** |');
    expect(lines[4]).toBe('| no target | 1.50 ms | 1.00 ms – 2.00 ms | 2 |  |  |');
  });
});
