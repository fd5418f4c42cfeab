// The one virtual list of the app: @tanstack/virtual-core decides which rows of a long list
// are near the scroller's view; the list draws those rows in normal flow between two spacers
// (span.before / span.after px) so its own markup, margins and grouping stay as they are.
// What the library does not do for such a list is added here: rows are measured from the top
// of one to the top of the next (margins between them included), and the list may sit below
// other content in its scroller (the distance is kept as the virtualizer's scrollMargin).
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualItem } from '@tanstack/virtual-core';
import { untrack } from 'svelte';

export interface VirtualRowsOptions {
  /** Stable identity of row i: measured heights follow a row through re-sorts and filters. */
  key: (index: number) => string | number;
  /** Height of row i until it has been drawn and measured, px. */
  estimate: (index: number) => number;
  /** Rows drawn beyond the view on each side. */
  overscan: number;
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

  constructor(options: VirtualRowsOptions) {
    this.key = options.key;
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: options.estimate,
      getItemKey: options.key,
      overscan: options.overscan,
      observeElementRect,
      observeElementOffset,
      scrollToFn: elementScroll,
      onChange: () => this.read(),
    });
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
    for (let n = 0; n < els.length; n++) {
      const index = Number(els[n].dataset.index);
      const next = n + 1 < els.length && Number(els[n + 1].dataset.index) === index + 1 ? tops[n + 1] : null;
      const height = next !== null ? next - tops[n] : index === this.count - 1 ? els[n].getBoundingClientRect().height : null;
      if (height !== null && height > 0) this.setSize(index, height);
    }
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
