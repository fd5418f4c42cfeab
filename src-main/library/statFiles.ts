// Stats the files of a listing. A local disk answers a stat from the kernel's caches in
// microseconds, while each fs.promises.stat is a trip through libuv's thread pool and a promise
// on the event loop, costing several times that in JavaScript alone: a folder of 10,000 files
// took about 400 ms that way against about 60 ms synchronously. So the stats run synchronously,
// a slice at a time, with the event loop served between slices. A slow file system (a network
// share, a disk spinning up) must not hold the loop, which in the desktop app is the main
// process's: the first stats go through the pool and time the disk, each stat in a slice is
// timed, and once the disk is slow the rest go through the pool. The caller remembers it for
// its next listings (`slow`). A busy machine is not a slow disk: a start competes with the
// window being made and other programs for the cores, which delays one answer from the pool or
// one slice now and then. So the fastest of the first few stats times the disk, and a slice
// that ran long sends the rest to the pool only when the next one runs long too (or one stat
// alone took the whole allowance).
import { statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

export type StatOutcome = { stats: Stats; error?: undefined } | { stats?: undefined; error: unknown };

export interface StatFilesOptions {
  /** Known to be slow already: every stat through the pool. */
  slow?: boolean;
  /** Stats in a row between two turns of the event loop. */
  slice?: number;
  /**
   * Two slices in a row running longer than this (ms), one stat taking as long, or the first
   * stats all taking longer than a tenth of it, send the rest to the pool.
   */
  slowSliceMs?: number;
  now?: () => number;
  statNow?: (path: string) => Stats;
  statLater?: (path: string) => Promise<Stats>;
}

const SLICE = 256;
const SLOW_SLICE_MS = 20;
/** Stats through the pool that time the disk before the first slice. */
const PROBES = 3;
/** Stats in flight at once through the pool: about its four threads, twice over. */
const POOL_CONCURRENCY = 8;

/** One outcome per path, in the order given; `slow`: the disk was found slow (or was known to be). */
export async function statFiles(paths: readonly string[], options: StatFilesOptions = {}): Promise<{ outcomes: StatOutcome[]; slow: boolean }> {
  const { slice = SLICE, slowSliceMs = SLOW_SLICE_MS, now = () => performance.now(), statNow = (path) => statSync(path), statLater = (path) => stat(path) } = options;
  const outcomes = new Array<StatOutcome>(paths.length);
  const later = (at: number): Promise<void> =>
    statLater(paths[at]).then(
      (stats) => void (outcomes[at] = { stats }),
      (error: unknown) => void (outcomes[at] = { error }),
    );
  let slow = options.slow ?? false;
  let next = 0;
  if (!slow && paths.length > 0) {
    let fastest = Infinity;
    for (let probe = 0; probe < PROBES && next < paths.length; probe++) {
      const began = now();
      await later(next++);
      fastest = Math.min(fastest, now() - began);
    }
    slow = fastest > slowSliceMs / 10;
  }
  let longSlices = 0;
  while (!slow && next < paths.length) {
    const began = now();
    const end = Math.min(paths.length, next + Math.max(1, slice));
    let long = false;
    while (next < end && !long) {
      const asked = now();
      try {
        outcomes[next] = { stats: statNow(paths[next]) };
      } catch (error) {
        outcomes[next] = { error };
      }
      next++;
      const answered = now();
      slow = answered - asked > slowSliceMs;
      long = answered - began > slowSliceMs;
    }
    longSlices = long ? longSlices + 1 : 0;
    slow ||= longSlices > 1;
    if (!slow && next < paths.length) await new Promise((resolve) => setImmediate(resolve));
  }
  const inPool = async (): Promise<void> => {
    while (next < paths.length) await later(next++);
  };
  await Promise.all(Array.from({ length: Math.min(POOL_CONCURRENCY, paths.length - next) }, inPool));
  return { outcomes, slow };
}
