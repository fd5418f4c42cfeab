// The one virtual list of the app: @tanstack/virtual-core decides which rows of a long list
// are near the scroller's view; the list draws those rows in normal flow between two spacers
// (span.before / span.after px) so its own markup, margins and grouping stay as they are.
// What the library does not do for such a list is added here: rows are measured from the top
// of one to the top of the next (margins between them included), and the list may sit below
// other content in its scroller (the distance is kept as the virtualizer's scrollMargin).
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type Range, type VirtualItem } from '@tanstack/virtual-core';
import { untrack } from 'svelte';

export interface VirtualRowsOptions {
  /** Stable identity of row i: measured heights follow a row through re-sorts and filters. */
  key: (index: number) => string | number;
  /** Height of row i until it has been drawn and measured, px. */
  estimate: (index: number) => number;
  /** Rows drawn beyond the view on each side. */
  overscan: number;
  /**
   * Draw by pixels instead: `overscan` px beyond the view on each side, and keep the drawn rows
   * as they are until the view comes within `slack` px of their edge, so scrolling redraws every
   * few hundred pixels rather than at each row it passes (rows of very unequal heights, costly to draw).
   */
  pixels?: { overscan: number; slack: number };
  /**
   * Whether a row above the view that turns out taller or shorter than its estimate moves the
   * view by the difference (the library's default). A list whose callers place the view
   * themselves from the drawn rows (the reader's reading spot, jumps) turns it off.
   */
  correctScroll?: boolean;
}

/** The rows to draw, [start, end), with the height of those above and below them. */
export interface RowSpan {
  start: number;
  end: number;
  before: number;
  after: number;
}

const EMPTY: RowSpan = { start: 0, end: 0, before: 0, after: 0 };

export class VirtualRows {
  /** The rows near the view, in order: index, key, start (px from the scroller's content top), size. */
  items = $state.raw<VirtualItem[]>([]);
  /** Height of the whole list, px (measured rows as measured, the others at their estimate). */
  totalSize = $state(0);
  /** The drawn rows as a span between two spacers. */
  readonly span: RowSpan = $derived.by(() => {
    const items = this.items;
    if (items.length === 0) return EMPTY;
    const first = items[0];
    const last = items[items.length - 1];
    const top = this.virtualizer.options.scrollMargin;
    return { start: first.index, end: last.index + 1, before: first.start - top, after: Math.max(0, this.totalSize - (last.end - top)) };
  });

  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private scroller: HTMLElement | null = null;
  private listTop: HTMLElement | null = null;

  private readonly key: (index: number) => string | number;
  /** The virtualizer's own scroll listener: told at once of a scroll made here, not a frame later. */
  private offsetChanged: ((offset: number, isScrolling: boolean) => void) | null = null;
  /** Rows being measured: the virtualizer's reports wait until all are. */
  private measuring = false;
  /** The rows drawn by pixels (options.pixels), kept while they cover the view with slack to spare. */
  private held: { start: number; end: number } | null = null;

  constructor(options: VirtualRowsOptions) {
    this.key = options.key;
    const pixels = options.pixels;
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: options.estimate,
      getItemKey: options.key,
      overscan: options.overscan,
      observeElementRect,
      observeElementOffset: (instance, cb) => {
        this.offsetChanged = cb;
        return observeElementOffset(instance, cb);
      },
      scrollToFn: elementScroll,
      onChange: () => {
        if (!this.measuring) this.read();
      },
      ...(pixels ? { rangeExtractor: (range: Range) => this.pixelRange(range, pixels.overscan, pixels.slack) } : {}),
    });
    if (options.correctScroll === false) this.virtualizer.shouldAdjustScrollPositionOnItemSizeChange = () => false;
  }

  /** The rows to draw for the visible rows `range`: the held ones while they still cover it with `slack` px to spare, else `overscan` px around it. */
  private pixelRange({ startIndex, endIndex, count }: Range, overscan: number, slack: number): number[] {
    const items = this.virtualizer.measurementsCache;
    const top = (i: number) => items[i].start;
    const bottom = (i: number) => items[i].end;
    const held = this.held;
    const covered =
      held !== null &&
      held.end <= count &&
      held.start <= startIndex &&
      endIndex < held.end &&
      (held.start === 0 || top(startIndex) - top(held.start) >= slack) &&
      (held.end === count || bottom(held.end - 1) - bottom(endIndex) >= slack);
    if (!covered) {
      let start = startIndex;
      while (start > 0 && top(startIndex) - top(start) < overscan) start--;
      let end = endIndex + 1;
      while (end < count && bottom(end - 1) - bottom(endIndex) < overscan) end++;
      this.held = { start, end };
    }
    const { start, end } = this.held!;
    return Array.from({ length: end - start }, (_, k) => start + k);
  }

  get count(): number {
    return this.virtualizer.options.count;
  }

  /** A new number of rows, or rows in a new order: the keys are read again and say which heights still apply. */
  setCount(count: number): void {
    const key = this.key;
    // A new function: the virtualizer keeps its row keys until getItemKey changes.
    this.virtualizer.setOptions({ ...this.virtualizer.options, count, getItemKey: (i) => key(i) });
    this.virtualizer._willUpdate();
    this.read();
  }

  /**
   * Follows `scroller` from now on; `listTop` is the element just above the first drawn row
   * (the top spacer), whose place in the scroller's content is where the list starts.
   * Returns the cleanup.
   */
  attach(scroller: HTMLElement, listTop: HTMLElement): () => void {
    this.scroller = scroller;
    this.listTop = listTop;
    this.followListTop();
    const stop = this.virtualizer._didMount();
    this.virtualizer._willUpdate();
    this.read();
    return () => {
      stop();
      this.scroller = this.listTop = null;
    };
  }

  /**
   * Heights from the drawn rows (elements carrying `data-index` inside `container`): the
   * distance from a row's top to the next one's, margins included; the last drawn row keeps
   * its estimate unless it ends the list.
   */
  measure(container: HTMLElement): void {
    this.followListTop();
    const els = container.querySelectorAll<HTMLElement>('[data-index]');
    const tops = Array.from(els, (el) => el.getBoundingClientRect().top);
    // Each new height would have the virtualizer place every row after it again: once will do.
    this.measuring = true;
    try {
      for (let n = 0; n < els.length; n++) {
        const index = Number(els[n].dataset.index);
        const next = n + 1 < els.length && Number(els[n + 1].dataset.index) === index + 1 ? tops[n + 1] : null;
        const height = next !== null ? next - tops[n] : index === this.count - 1 ? els[n].getBoundingClientRect().height : null;
        if (height !== null && height > 0) this.setSize(index, height);
      }
    } finally {
      this.measuring = false;
    }
    this.read();
  }

  /** Every row's height is estimated again (the text was laid out anew: font, line height, width). */
  forget(): void {
    this.virtualizer.measure();
    this.read();
  }

  /**
   * Scrolls so that `offset` px from the top of the list is at the top of the view, and draws
   * the rows there now rather than on the scroll event a frame later.
   */
  jumpTo(offset: number): void {
    if (!this.scroller) return;
    this.followListTop();
    this.scroller.scrollTop = this.virtualizer.options.scrollMargin + offset;
    this.offsetChanged?.(this.scroller.scrollTop, false);
    this.read();
  }

  /** Where the list starts in the scroller's content, px. */
  get listStart(): number {
    this.followListTop();
    return this.virtualizer.options.scrollMargin;
  }

  /** Row `index` is `height` px tall (measured by a list that knows its rows better). */
  setSize(index: number, height: number): void {
    const known = this.virtualizer.measurementsCache[index]?.size;
    if (known === undefined || Math.abs(known - height) > 0.5) this.virtualizer.resizeItem(index, height);
  }

  /**
   * Brings row `index` into the view when it is not wholly there (keyboard moves, a choice
   * made elsewhere); resolves once the row is among those to draw (the scroll is seen a frame
   * later), or after a few frames if it never is.
   */
  async reveal(index: number): Promise<void> {
    if (!this.scroller || index < 0 || index >= this.count) return;
    this.followListTop();
    this.virtualizer.scrollToIndex(index, { align: 'auto' });
    this.read();
    for (let frame = 0; frame < 8 && !(this.span.start <= index && index < this.span.end); frame++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      this.read();
    }
  }

  /** Where row `index` starts, px from the top of the list (estimates for rows not measured yet). */
  offsetOf(index: number): number {
    const item = this.virtualizer.measurementsCache[index];
    return item ? item.start - this.virtualizer.options.scrollMargin : 0;
  }

  /** The list's top in the scroller's content: content above it (a form, a message) may change its height. */
  private followListTop(): void {
    if (!this.scroller || !this.listTop) return;
    const top = this.listTop.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top + this.scroller.scrollTop;
    if (Math.abs(top - this.virtualizer.options.scrollMargin) > 1) {
      this.virtualizer.setOptions({ ...this.virtualizer.options, scrollMargin: top });
      this.virtualizer._willUpdate();
    }
  }

  /** The virtualizer reports changes from scroll and resize handlers and from inside effects: read without subscribing. */
  private read(): void {
    untrack(() => {
      const items = this.virtualizer.getVirtualItems();
      const total = this.virtualizer.getTotalSize();
      const before = this.items;
      if (items.length !== before.length || items.some((item, n) => item.index !== before[n].index || item.start !== before[n].start || item.size !== before[n].size)) this.items = items;
      if (total !== this.totalSize) this.totalSize = total;
    });
  }
}

/** The nearest ancestor of `el` that scrolls vertically: the scroller a list inside it moves with. */
export function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return null;
}
