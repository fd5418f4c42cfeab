// The host's bulk read: results in the order asked whatever order the reads finish in, never
// more reads in flight than asked, each key read once.
import { describe, expect, it } from 'vitest';
import { readInParallel } from '../../src-main/hostCalls.ts';

describe('readInParallel', () => {
  it('answers in the order of the keys when later reads finish first, with at most `width` in flight, each key once', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    // Earlier keys take longer: they finish last.
    const delay: Record<string, number> = { a: 30, b: 25, c: 20, d: 15, e: 10, f: 5, g: 1 };
    let inFlight = 0;
    let most = 0;
    const read: string[] = [];
    const results = await readInParallel(keys, 3, async (key) => {
      read.push(key);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, delay[key]));
      inFlight--;
      return key.toUpperCase();
    });
    expect(results).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(most).toBe(3);
    expect([...read].sort()).toEqual(keys);
  });

  it('answers nothing for no keys without calling read', async () => {
    expect(await readInParallel([], 4, () => Promise.reject(new Error('read')))).toEqual([]);
  });
});
