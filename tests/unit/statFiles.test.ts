import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statFiles } from '../../src-main/library/statFiles.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for fs.Stats: the tests only tell them apart by size. */
const fakeStats = (size: number) => ({ size }) as Stats;

describe('statFiles', () => {
  it('gives each path its own outcome, in order: sizes, a folder, and the error of one not there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pizhu-stat-'));
    made.push(dir);
    writeFileSync(join(dir, 'a.txt'), 'abc');
    writeFileSync(join(dir, 'b.txt'), '批注');
    mkdirSync(join(dir, 'sub'));
    const out = await statFiles([join(dir, 'b.txt'), join(dir, 'gone.txt'), join(dir, 'sub'), join(dir, 'a.txt')]);
    expect(out).toHaveLength(4);
    expect(out[0].stats?.size).toBe(6);
    expect((out[1].error as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(out[1].stats).toBeUndefined();
    expect(out[2].stats?.isDirectory()).toBe(true);
    expect(out[3].stats?.size).toBe(3);
  });

  it('stats a slice at a time, serving the event loop between slices', async () => {
    let turned = false;
    const seenTurned: boolean[] = [];
    setImmediate(() => (turned = true));
    const out = await statFiles(['p0', 'p1', 'p2', 'p3', 'p4'], {
      slice: 2,
      statNow: (path) => {
        seenTurned.push(turned);
        return fakeStats(Number(path.slice(1)));
      },
      statLater: () => Promise.reject(new Error('the pool is not used while slices are quick')),
    });
    expect(out.map((o) => o.stats?.size)).toEqual([0, 1, 2, 3, 4]);
    // The first slice runs before the loop turns; the next ones after.
    expect(seenTurned).toEqual([false, false, true, true, true]);
  });

  it('sends the rest through the pool once a slice is slow, keeping the order', async () => {
    let clock = 0;
    const inSlice: string[] = [];
    const inPool: string[] = [];
    const out = await statFiles(['p0', 'p1', 'p2', 'p3', 'p4'], {
      slice: 2,
      slowSliceMs: 20,
      now: () => clock,
      statNow: (path) => {
        clock += 15;
        inSlice.push(path);
        return fakeStats(Number(path.slice(1)));
      },
      statLater: async (path) => {
        inPool.push(path);
        if (path === 'p3') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        return fakeStats(Number(path.slice(1)));
      },
    });
    expect(inSlice).toEqual(['p0', 'p1']);
    expect([...inPool].sort()).toEqual(['p2', 'p3', 'p4']);
    expect(out.map((o) => o.stats?.size ?? (o.error as NodeJS.ErrnoException).code)).toEqual([0, 1, 2, 'ENOENT', 4]);
  });

  it('answers an empty list with nothing', async () => {
    expect(await statFiles([])).toEqual([]);
  });
});
