// @vitest-environment happy-dom
// How much of a short article's body is drawn before the first frame (dom/bodyDrawing.ts):
// all of it up to 8,000 characters, past that the blocks that hold the first 3,000; the rest
// slice by slice when the page lets it, or at once up to a block something needs. The page's
// frames and tasks are driven by hand here, so each step is seen. Expected block counts
// worked out by hand from the block lengths below.
import { describe, expect, it } from 'vitest';
import { drawBody, firstBatchEnd, DRAW_AT_ONCE_CHARS, FIRST_SCREEN_CHARS } from '../../src-renderer/dom/bodyDrawing.ts';
import type { DrawnBlock } from '../../src-renderer/dom/blockElements.ts';

/** Blocks of the given lengths, one after another from offset 0. */
function blocks(lengths: number[], kinds: Record<number, 'list-item' | 'footer'> = {}): DrawnBlock[] {
  let at = 0;
  return lengths.map((length, index) => {
    const block = { kind: kinds[index] ?? ('paragraph' as const), start: at, end: at + length, ...(kinds[index] === 'list-item' ? { number: index } : null) };
    at += length;
    return { index, block, parts: [{ role: 'text' as const, segments: [{ text: `第${index}段`, start: at - length }] }] };
  });
}

const labels = { figure: '图片', chronicle: '大事记' };

/** A body drawn with its frames and tasks held: `step()` lets the page go on once. */
function heldDrawing(list: DrawnBlock[], clock: { now: number; perBlock: number } = { now: 0, perBlock: 0 }) {
  const el = document.createElement('div');
  document.body.replaceChildren(el);
  const waiting: (() => void)[] = [];
  let more = 0;
  const drawing = drawBody(el, list, {
    labels,
    onMore: () => more++,
    nextTask: () => new Promise<void>((resolve) => waiting.push(resolve)),
    afterFirstFrame: (draw) => waiting.push(draw),
    // Each look at the clock is a block drawn: the slice's budget runs out after some.
    now: () => (clock.now += clock.perBlock),
  });
  const drawnBlocks = () => [...el.querySelectorAll('[data-block]')].map((b) => Number(b.getAttribute('data-block')));
  return {
    el,
    drawing,
    drawnBlocks,
    more: () => more,
    async step() {
      waiting.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    waiting: () => waiting.length,
  };
}

describe('firstBatchEnd', () => {
  it('draws a short article whole', () => {
    expect(DRAW_AT_ONCE_CHARS).toBe(8_000);
    expect(FIRST_SCREEN_CHARS).toBe(3_000);
    expect(firstBatchEnd([])).toBe(0);
    expect(firstBatchEnd(blocks([100, 200, 300]))).toBe(3);
    // 8,000 characters exactly: still whole.
    expect(firstBatchEnd(blocks(Array(80).fill(100)))).toBe(80);
  });

  it('draws a longer one up to the block that reaches 3,000 characters', () => {
    // 81 blocks of 100: 8,100 characters; the 30th block brings the count to 3,000.
    expect(firstBatchEnd(blocks(Array(81).fill(100)))).toBe(30);
    // One paragraph longer than a screen comes whole, with nothing after it.
    expect(firstBatchEnd(blocks([50, 5_000, 100, 4_000]))).toBe(2);
  });
});

describe('drawBody', () => {
  it('draws the first screen at once and the rest only when the page gives it a turn', async () => {
    // 100 blocks of 100 characters: the first 30 at once.
    const held = heldDrawing(blocks(Array(100).fill(100)), { now: 0, perBlock: 1 });
    expect(held.drawnBlocks()).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(held.el.dataset.drawn).toBe('part');
    expect(held.more()).toBe(0);
    // The first frame: a slice of 8 ms, at 1 ms a look at the clock — a handful of blocks, not all.
    await held.step();
    const afterOne = held.drawnBlocks().length;
    expect(afterOne).toBeGreaterThan(30);
    expect(afterOne).toBeLessThan(100);
    while (held.waiting() > 0) await held.step();
    expect(held.drawnBlocks()).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(held.el.dataset.drawn).toBe('all');
    // Highlights and find marks are told once, when the last slice is in.
    expect(held.more()).toBe(1);
  });

  it('draws up to a block asked for, and a screen after it, at once', () => {
    const held = heldDrawing(blocks(Array(100).fill(100)));
    expect(held.drawing.drawThrough(60)).toBe(true);
    // Block 60 and the 30 blocks (3,000 characters) from it: up to 89.
    expect(held.drawnBlocks()).toEqual(Array.from({ length: 90 }, (_, i) => i));
    expect(held.more()).toBe(1);
    // Already there: nothing to draw, nobody told.
    expect(held.drawing.drawThrough(10)).toBe(false);
    expect(held.more()).toBe(1);
    expect(held.drawing.drawThrough()).toBe(true);
    expect(held.drawnBlocks()).toHaveLength(100);
    expect(held.el.dataset.drawn).toBe('all');
  });

  it('keeps a list cut by the first batch one list', () => {
    // Blocks 20–59 are numbered items; the first batch ends at block 29, inside them.
    const kinds: Record<number, 'list-item'> = {};
    for (let i = 20; i < 60; i++) kinds[i] = 'list-item';
    const held = heldDrawing(blocks(Array(100).fill(100), kinds));
    held.drawing.drawThrough();
    const lists = held.el.querySelectorAll('ol');
    expect(lists).toHaveLength(1);
    expect([...lists[0].children].map((li) => li.getAttribute('data-block'))).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 20)));
    expect(held.el.children).toHaveLength(20 + 1 + 40);
  });

  it('stops when cancelled: a replaced body gets nothing more', async () => {
    const held = heldDrawing(blocks(Array(100).fill(100)));
    held.drawing.cancel();
    while (held.waiting() > 0) await held.step();
    expect(held.drawnBlocks()).toHaveLength(30);
    expect(held.drawing.drawThrough()).toBe(false);
  });

  it('draws a footer line that has text after it where it stands, and leaves the closing ones to the footer', () => {
    const held = heldDrawing(blocks([100, 100, 100, 100], { 1: 'footer', 3: 'footer' }));
    expect(held.drawnBlocks()).toEqual([0, 1, 2]);
    expect(held.el.querySelector('[data-block="1"]')?.className).toBe('footer-line');
  });
});
