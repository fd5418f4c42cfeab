// The reading spot in a scrolled reader, as block index + fraction of that block's height:
// independent of pixels, so it survives a font-size change, a script switch and a reload.
// Block elements carry `data-block` with their index in Article.blocks.

export interface BlockSpot {
  blockIndex: number;
  fraction: number;
}

function blockElements(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('[data-block]'));
}

/** The block at the top edge of the container's viewport, and how far into it we are. */
export function captureSpot(container: HTMLElement): BlockSpot | null {
  if (container.scrollTop <= 0) return { blockIndex: -1, fraction: 0 };
  const top = container.getBoundingClientRect().top;
  const elements = blockElements(container);
  for (const [i, el] of elements.entries()) {
    const rect = el.getBoundingClientRect();
    if (rect.bottom > top) {
      // Still in the article header, above the first block: that is the top. (Further down,
      // a block starting below the edge just means the edge is in the gap before it.)
      if (i === 0 && rect.top > top) return { blockIndex: -1, fraction: 0 };
      const fraction = rect.height > 0 ? Math.min(1, Math.max(0, (top - rect.top) / rect.height)) : 0;
      return { blockIndex: Number(el.dataset.block), fraction };
    }
  }
  return null;
}

/** Scrolls so that the given spot is at the top again; -1 means the very top. */
export function restoreSpot(container: HTMLElement, spot: BlockSpot): void {
  if (spot.blockIndex < 0) {
    container.scrollTop = 0;
    return;
  }
  const elements = blockElements(container);
  // Blocks can disappear when a file changes: take the nearest one before.
  let target: HTMLElement | undefined;
  for (const el of elements) {
    if (Number(el.dataset.block) <= spot.blockIndex) target = el;
    else break;
  }
  if (!target) return;
  const containerTop = container.getBoundingClientRect().top;
  const rect = target.getBoundingClientRect();
  container.scrollTop += rect.top - containerTop + rect.height * spot.fraction;
}
