// @vitest-environment happy-dom
// The virtual list over a scroller that happy-dom cannot lay out: its height, its scroll
// position and the rows' boxes are given by hand, and the rows expected in the DOM are worked
// out by hand from them (row i spans [20 i, 20 i + 20) px at the 20 px estimate).
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualRows } from '../../src-renderer/dom/virtualRows.svelte.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  document.body.innerHTML = '';
});

/** A 100 px high scroller whose list starts `listTop` px into its content. */
function setup(count: number, listTop = 0, extra: Partial<ConstructorParameters<typeof VirtualRows>[0]> = {}) {
  const scroller = document.createElement('div');
  const top = document.createElement('div');
  scroller.append(top);
  document.body.append(scroller);
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 100 });
  Object.defineProperty(scroller, 'clientWidth', { configurable: true, value: 300 });
  // The content is as tall as the list says (the spacers hold the rows not drawn).
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => listTop + rows.totalSize });
  scroller.getBoundingClientRect = () => new DOMRect(0, 0, 300, 100);
  top.getBoundingClientRect = () => new DOMRect(0, listTop - scroller.scrollTop, 300, 0);
  const rows = new VirtualRows({ key: (i) => `row-${i}`, estimate: () => 20, overscan: 2, ...extra });
  rows.setCount(count);
  cleanups.push(rows.attach(scroller, top));
  const scrollTo = (y: number) => {
    scroller.scrollTop = y;
    scroller.dispatchEvent(new Event('scroll'));
  };
  return { rows, scroller, scrollTo };
}

/** Rows [start, end) drawn in `container` with the given heights, stacked from `top` px on screen. */
function drawRows(start: number, heights: number[], top: number): HTMLElement {
  const container = document.createElement('ol');
  let y = top;
  heights.forEach((h, n) => {
    const li = document.createElement('li');
    li.dataset.index = String(start + n);
    const at = y;
    li.getBoundingClientRect = () => new DOMRect(0, at, 300, h);
    container.append(li);
    y += h;
  });
  return container;
}

describe('VirtualRows', () => {
  it('draws the rows in view and two more each side, with spacers for the rest', () => {
    const { rows } = setup(100);
    // 0–100 px shows rows 0–4; overscan 2 adds 5 and 6.
    expect(rows.span).toEqual({ start: 0, end: 7, before: 0, after: 93 * 20 });
    expect(rows.totalSize).toBe(2000);
    expect(rows.items.map((item) => item.key)).toEqual(['row-0', 'row-1', 'row-2', 'row-3', 'row-4', 'row-5', 'row-6']);
  });

  it('follows the scroller', () => {
    const { rows, scrollTo } = setup(100);
    scrollTo(500);
    // 500–600 px shows rows 25–29; overscan makes it 23–31.
    expect(rows.span).toEqual({ start: 23, end: 32, before: 23 * 20, after: 68 * 20 });
  });

  it('counts a list below other content from where the list starts', () => {
    const { rows, scrollTo } = setup(100, 300);
    // The list starts 300 px down: at scroll 500 the view shows list px 200–300, rows 10–14.
    scrollTo(500);
    expect(rows.span).toEqual({ start: 8, end: 17, before: 8 * 20, after: 83 * 20 });
  });

  it('measures rows top to top, margins included, and keeps the last drawn row at its estimate', () => {
    const { rows } = setup(100);
    // Rows 0–6 are drawn 30 px apart; the last drawn (6) does not end the list: not measured.
    rows.measure(drawRows(0, [30, 30, 30, 30, 30, 30, 30], 0));
    expect(rows.totalSize).toBe(6 * 30 + 94 * 20);
    // 0–100 px now shows rows 0–3 (3 starts at 90): overscan to 5.
    expect(rows.span).toEqual({ start: 0, end: 6, before: 0, after: 94 * 20 });
  });

  it('measures the last row of the list by its own box', () => {
    const { rows, scrollTo } = setup(10);
    scrollTo(100);
    rows.measure(drawRows(8, [20, 50], 60));
    expect(rows.totalSize).toBe(9 * 20 + 50);
  });

  it('drops rows that are gone and keeps nothing drawn for an empty list', () => {
    const { rows } = setup(100);
    rows.setCount(3);
    expect(rows.span).toEqual({ start: 0, end: 3, before: 0, after: 0 });
    rows.setCount(0);
    expect(rows.span).toEqual({ start: 0, end: 0, before: 0, after: 0 });
    expect(rows.totalSize).toBe(0);
  });

  it('scrolls a row outside the view into it', () => {
    const { rows, scroller } = setup(100);
    void rows.reveal(50);
    // Row 50 spans 1000–1020 px; below the view, it is brought up to end at its bottom edge.
    expect(scroller.scrollTop).toBe(920);
    scroller.dispatchEvent(new Event('scroll'));
    expect(rows.span.start).toBeLessThanOrEqual(50);
    expect(rows.span.end).toBeGreaterThan(50);
  });

  it('by pixels: draws that many px around the view and keeps the rows until the view nears their edge', () => {
    const { rows, scrollTo } = setup(1000, 0, { pixels: { overscan: 200, slack: 60 } });
    scrollTo(2000);
    // 2000–2100 px shows rows 100–104 (104 ends at 2100); 200 px each side: rows 90–114.
    expect(rows.span).toEqual({ start: 90, end: 115, before: 1800, after: 885 * 20 });
    // Down 80 px: rows 104–108 in view, still 140 px from the drawn top and 120 from the bottom.
    scrollTo(2080);
    expect(rows.span.start).toBe(90);
    expect(rows.span.end).toBe(115);
    // Down to 2180: rows 109–113 in view, 40 px from the drawn bottom: drawn anew around them.
    scrollTo(2180);
    expect(rows.span).toEqual({ start: 99, end: 124, before: 1980, after: 876 * 20 });
  });

  it('jumps: the rows at the new place are drawn at once, before any scroll event', () => {
    const { rows, scroller } = setup(1000, 300, { pixels: { overscan: 200, slack: 60 } });
    rows.jumpTo(4000);
    // List px 4000 is 300 px of header further down the content.
    expect(scroller.scrollTop).toBe(4300);
    // 4000–4100 list px shows rows 200–204: 190–214 drawn.
    expect(rows.span.start).toBe(190);
    expect(rows.span.end).toBe(215);
    expect(rows.offsetOf(200)).toBe(4000);
  });

  it('forgets measured heights when the text is laid out anew', () => {
    const { rows } = setup(100);
    rows.measure(drawRows(0, [30, 30, 30, 30, 30, 30, 30], 0));
    expect(rows.totalSize).toBe(6 * 30 + 94 * 20);
    rows.forget();
    expect(rows.totalSize).toBe(2000);
  });

  it('without scroll correction, a row measured above the view leaves the view where it is', () => {
    for (const [correctScroll, expected] of [
      [true, 510],
      [false, 500],
    ] as const) {
      const { rows, scroller, scrollTo } = setup(100, 0, { correctScroll });
      scrollTo(500);
      // Rows 23–31 drawn from 460 px; row 23 (above the view) turns out 10 px taller.
      rows.measure(drawRows(23, [30, 20, 20], 460 - 500));
      expect(scroller.scrollTop).toBe(expected);
      cleanups.pop()!();
    }
  });
});
