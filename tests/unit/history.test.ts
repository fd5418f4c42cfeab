import { describe, expect, it } from 'vitest';
import { History, type Command } from '../../src-renderer/state/history.svelte.ts';

/** A command that sets a cell; same `coalesce` key steps merge into one. */
function setter(cell: { value: string }, to: string, coalesce: string | null = null): Command & { from: string; to: string } {
  const from = cell.value;
  const make = (before: string, after: string): Command & { from: string; to: string } => ({
    from: before,
    to: after,
    coalesce,
    do: async () => {
      cell.value = after;
    },
    undo: async () => {
      cell.value = before;
    },
    absorb: (next) => make(before, (next as Command & { to: string }).to),
  });
  return make(from, to);
}

describe('History', () => {
  it('undoes and redoes in order, and a new action drops the redo stack', async () => {
    const cell = { value: 'a' };
    const h = new History();
    await h.run(setter(cell, 'b'));
    await h.run(setter(cell, 'c'));
    expect(h.canUndo).toBe(true);
    expect(await h.undo()).toBe(true);
    expect(cell.value).toBe('b');
    expect(h.canRedo).toBe(true);
    expect(await h.redo()).toBe(true);
    expect(cell.value).toBe('c');
    await h.undo();
    await h.undo();
    expect(cell.value).toBe('a');
    expect(await h.undo()).toBe(false);
    await h.redo();
    await h.run(setter(cell, 'x'));
    expect(h.canRedo).toBe(false);
    expect(await h.redo()).toBe(false);
  });

  it('coalesces one editing session into one step, and a sealed session starts a new one', async () => {
    const cell = { value: '' };
    const h = new History();
    for (const text of ['重', '重点', '重点：营商']) await h.run(setter(cell, text, 'note:1'));
    expect(h.depth).toEqual({ undo: 1, redo: 0 });
    h.seal();
    await h.run(setter(cell, '重点：营商环境', 'note:1'));
    expect(h.depth.undo).toBe(2);
    await h.undo();
    expect(cell.value).toBe('重点：营商');
    await h.undo();
    expect(cell.value).toBe('');
    await h.redo();
    expect(cell.value).toBe('重点：营商');
  });

  it('different sessions never merge', async () => {
    const cell = { value: '' };
    const h = new History();
    await h.run(setter(cell, 'a', 'note:1'));
    await h.run(setter(cell, 'b', 'note:2'));
    await h.run(setter(cell, 'c'));
    expect(h.depth.undo).toBe(3);
  });

  it('runs steps one after another, so a quick undo waits for the write it undoes', async () => {
    const log: string[] = [];
    const h = new History();
    const slow: Command = {
      do: () => new Promise((resolve) => setTimeout(() => resolve(void log.push('do')), 20)),
      undo: async () => void log.push('undo'),
    };
    const run = h.run(slow);
    const undo = h.undo();
    await Promise.all([run, undo]);
    expect(log).toEqual(['do', 'undo']);
  });
});
