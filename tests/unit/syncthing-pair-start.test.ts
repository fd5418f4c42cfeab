// The real-Syncthing tests' hooks race their setup against a limit shorter than the hook's own
// timeout (tests/sync/syncthingPair.ts `within`): past it the hook fails with a message, where
// vitest would abandon it silently and report its tests skipped; what finishes late is handed on
// to be stopped.
import { describe, expect, it, vi } from 'vitest';
import { within } from '../sync/syncthingPair.ts';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('within', () => {
  it('gives what the work gives when it finishes in time', async () => {
    const late: string[] = [];
    await expect(within('the pair’s start', 200, () => after(5, 'pair'), (v) => late.push(v))).resolves.toBe('pair');
    await after(20, null);
    expect(late).toEqual([]);
  });

  it('fails with what did not finish, and hands the late result on to be stopped', async () => {
    const late: string[] = [];
    await expect(within('the pair’s start', 10, () => after(60, 'pair'), (v) => late.push(v))).rejects.toThrow('the pair’s start did not finish within 10 ms');
    expect(late).toEqual([]);
    await after(80, null);
    expect(late).toEqual(['pair']);
  });

  it('counts the limit from before the work is called, its synchronous part included', async () => {
    const busy = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until);
    };
    const work = () => (busy(50), after(20, 'pair'));
    await expect(within('the pair’s start', 30, work)).rejects.toThrow('did not finish within 30 ms');
  });

  it('passes the work’s own failure on, and says a failure after the limit', async () => {
    await expect(within('the pair’s start', 200, () => Promise.reject(new Error('syncthing generate failed')))).rejects.toThrow('syncthing generate failed');
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const failingLate = () => after(40, null).then(() => Promise.reject(new Error('the link never came up')));
      await expect(within('the pair’s start', 10, failingLate)).rejects.toThrow('did not finish within 10 ms');
      await after(60, null);
      expect(warned).toHaveBeenCalledWith('the pair’s start failed after its limit:', expect.objectContaining({ message: 'the link never came up' }));
    } finally {
      warned.mockRestore();
    }
  });
});
