import { afterEach, describe, expect, it } from 'vitest';
import { settledJump } from '../../src-renderer/dom/settledScroll.ts';

const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number };
afterEach(() => {
  delete g.requestAnimationFrame;
});

describe('settledJump', () => {
  it('jumps now and once in each of the next frames, then resolves', async () => {
    const frames: (() => void)[] = [];
    g.requestAnimationFrame = (cb) => frames.push(cb);
    let jumps = 0;
    let done = false;
    const settled = settledJump(() => jumps++, 3).then(() => (done = true));
    expect(jumps).toBe(1);
    for (let i = 2; i <= 4; i++) {
      frames.shift()!();
      expect(jumps).toBe(i);
    }
    await settled;
    expect(done).toBe(true);
    expect(frames).toHaveLength(0);
  });

  it('without frames (no page) it jumps once', async () => {
    let jumps = 0;
    await settledJump(() => jumps++);
    expect(jumps).toBe(1);
  });
});
