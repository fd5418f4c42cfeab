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

  it('times the disk with the first stats through the pool, then stats a slice at a time, serving the event loop between slices', async () => {
    let turns = 0;
    let turning = true;
    const turn = (): void => {
      turns++;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const seenTurns: number[] = [];
    const inPool: string[] = [];
    const { outcomes, slow } = await statFiles(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'], {
      slice: 2,
      now: () => 0,
      statNow: (path) => {
        seenTurns.push(turns);
        return fakeStats(Number(path.slice(1)));
      },
      statLater: async (path) => {
        inPool.push(path);
        return fakeStats(Number(path.slice(1)));
      },
    });
    turning = false;
    expect(inPool).toEqual(['p0', 'p1', 'p2']);
    expect(outcomes.map((o) => o.stats?.size)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // p3 and p4 in one slice, p5 and p6 in the next: the loop turns between slices, not within one.
    expect(seenTurns[0]).toBe(seenTurns[1]);
    expect(seenTurns[2]).toBe(seenTurns[3]);
    expect(seenTurns[2]).toBeGreaterThan(seenTurns[1]);
    expect(slow).toBe(false);
  });

  it('sends the rest through the pool, keeping the order, once two slices in a row run long', async () => {
    let clock = 0;
    const inSlice: string[] = [];
    const inPool: string[] = [];
    const { outcomes, slow } = await statFiles(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'], {
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
        if (path === 'p7') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        return fakeStats(Number(path.slice(1)));
      },
    });
    // p0–p2 time the disk (fast: the clock stands still in the pool); p3 and p4 pass 20 ms, the loop
    // turns, and p5 and p6 pass 20 ms again.
    expect(inSlice).toEqual(['p3', 'p4', 'p5', 'p6']);
    expect([...inPool].sort()).toEqual(['p0', 'p1', 'p2', 'p7', 'p8']);
    expect(outcomes.map((o) => o.stats?.size ?? (o.error as NodeJS.ErrnoException).code)).toEqual([0, 1, 2, 3, 4, 5, 6, 'ENOENT', 8]);
    expect(slow).toBe(true);
  });

  it('a busy machine is not a slow disk: one late answer from the pool, or one long slice, keeps the stats synchronous', async () => {
    let clock = 0;
    const synchronously: string[] = [];
    const paths = Array.from({ length: 12 }, (_, i) => `p${i}`);
    let pooled = 0;
    const { outcomes, slow } = await statFiles(paths, {
      slice: 3,
      slowSliceMs: 20,
      now: () => clock,
      // The first answer from the pool waits on a busy event loop.
      statLater: async () => ((clock += pooled++ === 0 ? 10 : 0), fakeStats(1)),
      // The process loses its core during one slice (p4).
      statNow: (path) => ((clock += path === 'p4' ? 20 : 1), synchronously.push(path), fakeStats(1)),
    });
    expect(slow).toBe(false);
    expect(synchronously).toEqual(paths.slice(3));
    expect(outcomes.every((o) => o.stats?.size === 1)).toBe(true);
  });

  it('one stat taking the whole allowance sends the rest through the pool at once', async () => {
    let clock = 0;
    const synchronously: string[] = [];
    const { slow } = await statFiles(['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], {
      slowSliceMs: 20,
      now: () => clock,
      statLater: async () => fakeStats(1),
      statNow: (path) => ((clock += 25), synchronously.push(path), fakeStats(1)),
    });
    expect(slow).toBe(true);
    expect(synchronously).toEqual(['p3']);
  });

  it('uses only the pool on a disk whose first stats are all slow, or one known to be slow', async () => {
    let clock = 0;
    const synchronously: string[] = [];
    const options = {
      now: () => clock,
      statNow: (path: string) => (synchronously.push(path), fakeStats(1)),
      statLater: async () => ((clock += 5), fakeStats(1)),
    };
    expect((await statFiles(['a', 'b', 'c', 'd'], options)).slow).toBe(true);
    clock = 0;
    expect((await statFiles(['e', 'f'], { ...options, statLater: async () => fakeStats(1), slow: true })).slow).toBe(true);
    expect(synchronously).toEqual([]);
  });

  it('answers an empty list with nothing', async () => {
    expect(await statFiles([])).toEqual({ outcomes: [], slow: false });
  });
});
