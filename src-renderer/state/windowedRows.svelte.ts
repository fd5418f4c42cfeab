// The moving part of a windowed list: which rows are near the scroller's view, heights
// measured from the rows as drawn (estimates until then), and the scroll listening. The list
// component draws rows [span.start, span.end) between two spacers of span.before/after px.
import { rowOffsets, rowWindow, type RowWindow } from './rowWindow.ts';

export interface WindowedRowsOptions {
  /** Stable identity of row k (heights are remembered by it across re-sorts and filters). */
  id: (k: number) => string;
  /** Estimated height of row k before it was ever drawn. */
  estimate: (k: number) => number;
  /** Draw past the view by this many px each side. */
  overscan: number;
}

export class WindowedRows {
  count = $state(0);
  /** The scroller's visible band in list coordinates (0 = the top of the first row). */
  private view = $state({ top: 0, bottom: 1000 });
  /**
   * Measured heights by row id. Deliberately not reactive: one version bump per measuring
   * pass beats a subscription per row.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly measured = new Map<string, number>();
  private measuredVersion = $state(0);
  private topSpacer: HTMLElement | null = null;
  private scroller: HTMLElement | null = null;
  private frame = 0;

  readonly offsets: Float64Array = $derived.by(() => {
    void this.measuredVersion;
    const heights = new Array<number>(this.count);
    for (let k = 0; k < this.count; k++) heights[k] = this.measured.get(this.options.id(k)) ?? this.options.estimate(k);
    return rowOffsets(heights);
  });

  readonly span: RowWindow = $derived.by(() => rowWindow(this.offsets, this.view.top, this.view.bottom, this.options.overscan));

  constructor(private readonly options: WindowedRowsOptions) {}

  /** Starts following the nearest scrolling ancestor of `topSpacer`; returns the cleanup. */
  attach(topSpacer: HTMLElement): () => void {
    this.topSpacer = topSpacer;
    this.scroller = scrollParent(topSpacer);
    const el = this.scroller;
    if (!el) return () => {};
    this.readView();
    const onScroll = () => {
      if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.readView()));
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize.disconnect();
      cancelAnimationFrame(this.frame);
      this.frame = 0;
      this.topSpacer = this.scroller = null;
    };
  }

  /**
   * Heights from the drawn rows (elements carrying `data-row="k"` inside `container`): the
   * distance from a row's top to the next one's, margins included; the last drawn row keeps
   * its estimate unless it ends the list.
   */
  measure(container: HTMLElement): void {
    const els = [...container.querySelectorAll<HTMLElement>('[data-row]')];
    let changed = false;
    for (let n = 0; n < els.length; n++) {
      const k = Number(els[n].dataset.row);
      const top = els[n].getBoundingClientRect().top;
      const height = n + 1 < els.length ? els[n + 1].getBoundingClientRect().top - top : k === this.count - 1 ? els[n].getBoundingClientRect().height : null;
      if (height === null || height <= 0) continue;
      const id = this.options.id(k);
      if (Math.abs((this.measured.get(id) ?? -1) - height) > 0.5) {
        this.measured.set(id, height);
        changed = true;
      }
    }
    if (changed) this.measuredVersion++;
  }

  /** Scrolls row k into the view when the window has left it out (keyboard moves, a selection made elsewhere). */
  reveal(k: number): void {
    if (!this.scroller || !this.topSpacer || k < 0 || k >= this.count) return;
    const rowTop = this.offsets[k];
    const rowBottom = this.offsets[k + 1];
    if (rowTop >= this.view.top && rowBottom <= this.view.bottom) return;
    this.scroller.scrollTop += rowTop - this.view.top - this.scroller.clientHeight / 3;
    this.readView();
  }

  private readView(): void {
    if (!this.topSpacer || !this.scroller) return;
    const top = this.scroller.getBoundingClientRect().top - this.topSpacer.getBoundingClientRect().top;
    const next = { top, bottom: top + this.scroller.clientHeight };
    if (Math.abs(next.top - this.view.top) > 1 || Math.abs(next.bottom - this.view.bottom) > 1) this.view = next;
  }
}

function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return null;
}
