// Where the marks of highlights that carry a note go: at the end of each one's last line,
// measured from a layer in the reader's scrolling content. The marks are drawn in that layer,
// outside the article, so the text (its nodes, offsets and anchors) never changes for them.

export interface NotedHighlight {
  id: string;
  note: string;
}

export interface NoteMark extends NotedHighlight {
  /** Pixels from the layer's top-left corner to the end of the highlight's last line box. */
  top: number;
  left: number;
}

/**
 * Marks for the highlights drawn now; one whose text is not in the document gets none, nor
 * does one whose text the browser has not laid out (a block far from the view, skipped by
 * content-visibility: auto): measuring it would lay out that block and, for a thousand
 * highlights, the whole article on every resize. Its mark is placed when the block comes
 * near the view (the caller listens for contentvisibilityautostatechange).
 */
export function placeNoteMarks(layer: HTMLElement, noted: readonly NotedHighlight[], rangeOf: (id: string) => globalThis.Range | undefined): NoteMark[] {
  if (noted.length === 0) return [];
  const origin = layer.getBoundingClientRect();
  const marks: NoteMark[] = [];
  for (const highlight of noted) {
    const range = rangeOf(highlight.id);
    if (!range || !laidOut(range.endContainer)) continue;
    const rects = range.getClientRects();
    // The last box with a size: a range ending at a line's end also has an empty box after it.
    let last: DOMRect | undefined;
    for (let i = rects.length - 1; i >= 0 && !last; i--) if (rects[i].width > 0 && rects[i].height > 0) last = rects[i];
    if (!last) continue;
    marks.push({ ...highlight, top: last.top - origin.top, left: last.right - origin.left });
  }
  return marks;
}

/** Whether the node's box is laid out: not inside a block that content-visibility: auto skips. */
function laidOut(node: Node): boolean {
  const el = node instanceof Element ? node : node.parentElement;
  if (!el) return false;
  // checkVisibility asks for style only, never layout; a browser without it lays everything out.
  return typeof el.checkVisibility === 'function' ? el.checkVisibility({ contentVisibilityAuto: true }) : true;
}
