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
    const { outcomes: out } = await statFiles([join(dir, 'b.txt'), join(dir, 'gone.txt'), join(dir, 'sub'), join(dir, 'a.txt')]);
    expect(out).toHaveLength(4);
    expect(out[0].stats?.size).toBe(6);
    expect((out[1].error as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(out[1].stats).toBeUndefined();
    expect(out[2].stats?.isDirectory()).toBe(true);
    expect(out[3].stats?.size).toBe(3);
  });

  it('times the disk with a first stat through the pool, then stats a slice at a time, serving the event loop between slices', async () => {
    let turned = false;
    const seenTurned: boolean[] = [];
    const inPool: string[] = [];
    const { outcomes, slow } = await statFiles(['p0', 'p1', 'p2', 'p3', 'p4'], {
      slice: 2,
      now: () => 0,
      statNow: (path) => {
        seenTurned.push(turned);
        return fakeStats(Number(path.slice(1)));
      },
      statLater: async (path) => {
        inPool.push(path);
        // The loop turns after this first stat's slice has begun.
        setImmediate(() => (turned = true));
        return fakeStats(Number(path.slice(1)));
      },
    });
    expect(inPool).toEqual(['p0']);
    expect(outcomes.map((o) => o.stats?.size)).toEqual([0, 1, 2, 3, 4]);
    // p1 and p2 in the first slice, before the loop turns; p3 and p4 after.
    expect(seenTurned).toEqual([false, false, true, true]);
    expect(slow).toBe(false);
  });

  it('sends the rest through the pool as soon as a slice runs long, keeping the order', async () => {
    let clock = 0;
    const inSlice: string[] = [];
    const inPool: string[] = [];
    const { outcomes, slow } = await statFiles(['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], {
      slice: 256,
      slowSliceMs: 20,
      now: () => clock,
      statNow: (path) => {
        clock += 15;
        inSlice.push(path);
        return fakeStats(Number(path.slice(1)));
      },
      statLater: async (path) => {
        inPool.push(path);
        if (path === 'p4') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        return fakeStats(Number(path.slice(1)));
      },
    });
    // p0 times the disk (fast: the clock stands still in the pool); p1 and p2 pass 20 ms.
    expect(inSlice).toEqual(['p1', 'p2']);
    expect([...inPool].sort()).toEqual(['p0', 'p3', 'p4', 'p5']);
    expect(outcomes.map((o) => o.stats?.size ?? (o.error as NodeJS.ErrnoException).code)).toEqual([0, 1, 2, 3, 'ENOENT', 5]);
    expect(slow).toBe(true);
  });

  it('uses only the pool on a disk whose first stat is slow, or one known to be slow', async () => {
    let clock = 0;
    const synchronously: string[] = [];
    const options = {
      now: () => clock,
      statNow: (path: string) => (synchronously.push(path), fakeStats(1)),
      statLater: async () => ((clock += 5), fakeStats(1)),
    };
    expect((await statFiles(['a', 'b', 'c'], options)).slow).toBe(true);
    clock = 0;
    expect((await statFiles(['d', 'e'], { ...options, statLater: async () => fakeStats(1), slow: true })).slow).toBe(true);
    expect(synchronously).toEqual([]);
  });

  it('answers an empty list with nothing', async () => {
    expect(await statFiles([])).toEqual({ outcomes: [], slow: false });
  });
});
