// Between the rendered article and view offsets. Every run of view text is drawn in an
// element carrying `data-v` (its start offset in the view text) whose first child is the
// text node; ruby readings (rt, rp) are not view text. From those we map a DOM selection to
// a view range and a view range back to a DOM Range, across block boundaries.
import type { Range as TextRange } from '../core/types.ts';

interface Piece {
  start: number;
  end: number;
  node: Text;
}

export class ViewTextIndex {
  /** Runs by their text node: a selection's ends are looked up here, not searched for. */
  private readonly byNode: Map<Node, Piece>;

  private constructor(
    private readonly root: Element,
    private readonly pieces: Piece[],
  ) {
    this.byNode = new Map(pieces.map((p) => [p.node, p]));
  }

  static build(root: Element): ViewTextIndex {
    const pieces: Piece[] = [];
    for (const el of root.querySelectorAll<HTMLElement>('[data-v]')) {
      const node = el.firstChild;
      if (!(node instanceof Text)) continue;
      const start = Number(el.dataset.v);
      pieces.push({ start, end: start + node.data.length, node });
    }
    // Document order is view order (blocks and their parts are drawn in canonical order).
    return new ViewTextIndex(root, pieces);
  }

  /**
   * The view range of the runs drawn within `margin` pixels of `viewport` (client
   * coordinates), found by bisection over the runs in document order; null if none.
   */
  rangeNear(viewport: { top: number; bottom: number }, margin: number): TextRange | null {
    const rect = (i: number) => this.pieces[i].node.parentElement!.getBoundingClientRect();
    const first = this.bisect((i) => rect(i).bottom >= viewport.top - margin);
    const after = this.bisect((i) => rect(i).top > viewport.bottom + margin);
    if (first >= after) return null;
    return { start: this.pieces[first].start, end: this.pieces[after - 1].end };
  }

  /** The first piece for which `past` holds (it holds for every later one), or the count. */
  private bisect(past: (i: number) => boolean): number {
    let lo = 0;
    let hi = this.pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (past(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  get empty(): boolean {
    return this.pieces.length === 0;
  }

  /** True while the indexed nodes are still the ones in the document. */
  get current(): boolean {
    return this.pieces.every((p) => p.node.isConnected) && this.pieces.length === this.root.querySelectorAll('[data-v]').length;
  }

  /**
   * View offset of a DOM boundary point. A point between runs (between blocks, in a ruby
   * reading, in the header) goes to the next run's start (`bias` start) or the previous
   * run's end (`bias` end); null when there is no run on that side.
   */
  offsetOf(node: Node, offset: number, bias: 'start' | 'end'): number | null {
    const own = this.byNode.get(node);
    if (own) return own.start + Math.min(offset, own.node.data.length);
    const point = node.ownerDocument!.createRange();
    point.setStart(node, offset);
    // First run whose start is at or after the point.
    let lo = 0;
    let hi = this.pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (point.comparePoint(this.pieces[mid].node, 0) >= 0) hi = mid;
      else lo = mid + 1;
    }
    if (bias === 'start') return lo < this.pieces.length ? this.pieces[lo].start : null;
    return lo > 0 ? this.pieces[lo - 1].end : null;
  }

  /** The view range a DOM range covers, or null when it covers no view text. */
  viewRangeOf(range: globalThis.Range): TextRange | null {
    const start = this.offsetOf(range.startContainer, range.startOffset, 'start');
    const end = this.offsetOf(range.endContainer, range.endOffset, 'end');
    if (start === null || end === null || end <= start) return null;
    return { start, end };
  }

  /** A DOM Range over the view range (clipped to drawn text), or null when none of it is drawn. */
  domRange(range: TextRange): globalThis.Range | null {
    const b = this.textBounds(range);
    if (!b) return null;
    const dom = b.startContainer.ownerDocument!.createRange();
    dom.setStart(b.startContainer, b.startOffset);
    dom.setEnd(b.endContainer, b.endOffset);
    return dom;
  }

  /**
   * Text boundaries of a view range clipped to drawn text (binary searches over the runs),
   * or null when none of it is drawn: a StaticRange's, which is what highlights are drawn with.
   */
  textBounds(range: TextRange): StaticRangeInit | null {
    const pieces = this.pieces;
    // First run ending after range.start; last run starting before range.end.
    let lo = 0;
    let hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid].end > range.start) hi = mid;
      else lo = mid + 1;
    }
    const first = lo;
    lo = 0;
    hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid].start < range.end) lo = mid + 1;
      else hi = mid;
    }
    const last = lo - 1;
    if (first >= pieces.length || last < first) return null;
    const a = pieces[first];
    const b = pieces[last];
    return { startContainer: a.node, startOffset: Math.max(0, range.start - a.start), endContainer: b.node, endOffset: Math.min(b.end, range.end) - b.start };
  }
}
