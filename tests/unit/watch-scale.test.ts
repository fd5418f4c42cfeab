// A library of 5,000 folders is watched, not walked again and again: idle, the process
// spends under 2 % of a core on it and no scan runs; a file written deep in the tree is
// still reported. CPU time is measured with process.cpuUsage over an idle stretch (a bound
// on work done, not a timing of the code).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryEvent } from '../../src-main/api.ts';
import { LibraryService } from '../../src-main/library/libraryService.ts';
import { concernsLibrary } from '../../src-main/library/treeWatcher.ts';

const TOP = 50;
const PER_TOP = 99; // 50 + 50 × 99 = 5,000 folders
const IDLE_MS = 3000;

let root = '';
let service: LibraryService | null = null;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pizhu-watch-scale-'));
  for (let t = 0; t < TOP; t++) {
    for (let s = 0; s < PER_TOP; s++) {
      const dir = join(root, `年份${t}`, `专题${s}`);
      mkdirSync(dir, { recursive: true });
      if (s % 10 === 0) writeFileSync(join(dir, `文章${s}.txt`), `第${t}-${s}篇：营商环境。`);
    }
  }
  // Folders the library skips must not cost watches either.
  mkdirSync(join(root, 'node_modules', 'pkg', 'lib'), { recursive: true });
  mkdirSync(join(root, '.git', 'objects', 'ab'), { recursive: true });
}, 180_000);

afterAll(async () => {
  await service?.close();
  // Removing 5,000 folders takes a while on a busy disk.
  await rm(root, { recursive: true, force: true });
}, 180_000);

const waitFor = async (pred: () => boolean, what: string): Promise<void> => {
  const until = Date.now() + 30_000;
  while (!pred() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect(pred(), what).toBe(true);
};

describe('watching a library of 5,000 folders', () => {
  it('idles under 2 % CPU without walking the tree, and still sees a change deep inside', async () => {
    service = new LibraryService(root, { isDefault: false, debounceMs: 100, warn: (m) => console.warn(m) });
    const events: LibraryEvent[] = [];
    service.subscribe((event) => events.push(event));
    await waitFor(() => service!.scanCount >= 1, 'the baseline scan finished');
    expect((await service.snapshot()).entries).toHaveLength(TOP * Math.ceil(PER_TOP / 10));

    const scansBefore = service.scanCount;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const cpu = process.cpuUsage(cpuBefore);
    const wall = performance.now() - wallBefore;
    const share = (cpu.user + cpu.system) / 1000 / wall;
    expect(service.scanCount, 'no scan while nothing changed').toBe(scansBefore);
    expect(share, `CPU share while idle: ${(share * 100).toFixed(2)} %`).toBeLessThan(0.02);

    const deep = join(root, '年份37', '专题88', '第三层', '第四层', '第五层');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, '新文章.txt'), '深处新写的一篇。');
    const key = '年份37/专题88/第三层/第四层/第五层/新文章.txt';
    await waitFor(() => events.some((e) => e.type === 'add' && e.entry.key === key), 'the deep file is reported');
    // A new folder renews the watch, and the library scans once more after it: wait until
    // the scans stop before counting.
    let settled = service.scanCount;
    for (let quietSince = Date.now(); Date.now() - quietSince < 1000; ) {
      await new Promise((r) => setTimeout(r, 50));
      if (service.scanCount !== settled) [settled, quietSince] = [service.scanCount, Date.now()];
    }
    // A write inside a skipped folder is no change to the library.
    const scans = service.scanCount;
    writeFileSync(join(root, '.git', 'objects', 'ab', 'x.txt'), 'not an article');
    writeFileSync(join(root, 'node_modules', 'pkg', 'lib', 'y.txt'), 'not an article');
    await new Promise((r) => setTimeout(r, 500));
    expect(service.scanCount).toBe(scans);
  }, 120_000);

  it('tells events the library can list from those in skipped folders', () => {
    expect(concernsLibrary('/lib', '/lib/a/b.txt')).toBe(true);
    expect(concernsLibrary('/lib', '/lib/a')).toBe(true);
    expect(concernsLibrary('/lib', '/lib')).toBe(true);
    expect(concernsLibrary('/lib', '/lib/.pizhu/a.json')).toBe(false);
    expect(concernsLibrary('/lib', '/lib/x/node_modules/y.txt')).toBe(false);
    expect(concernsLibrary('/lib', '/elsewhere/a.txt')).toBe(false);
  });
});
