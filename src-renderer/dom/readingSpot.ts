// The reading spot in a scrolled reader, as block index + fraction of that block's height:
// independent of pixels, so it survives a font-size change, a script switch and a reload.
// Block elements carry `data-block` with their index in Article.blocks; a block cut into
// pieces for display (a long article's window) has one element per piece, each with
// `data-chunk` (which) and `data-chunks` (how many), and the fraction spans all the pieces.

export interface BlockSpot {
  blockIndex: number;
  fraction: number;
}

function blockElements(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('[data-block]'));
}

/** Which piece of its block an element draws, and of how many. */
function pieceOf(el: HTMLElement): { chunk: number; chunks: number } {
  const chunks = Number(el.dataset.chunks ?? 1);
  return chunks > 1 ? { chunk: Number(el.dataset.chunk ?? 0), chunks } : { chunk: 0, chunks: 1 };
}

/**
 * The block at the top edge of the container's viewport, and how far into it we are;
 * with `inset`, the block at a line that many pixels below that edge.
 */
export function captureSpot(container: HTMLElement, inset = 0): BlockSpot | null {
  if (container.scrollTop <= 0 && inset === 0) return { blockIndex: -1, fraction: 0 };
  const top = container.getBoundingClientRect().top + inset;
  const elements = blockElements(container);
  for (const [i, el] of elements.entries()) {
    const rect = el.getBoundingClientRect();
    if (rect.bottom > top) {
      // Still in the article header, above the first block: that is the top. (Further down,
      // a block starting below the edge just means the edge is in the gap before it.)
      if (i === 0 && rect.top > top) return { blockIndex: -1, fraction: 0 };
      const within = rect.height > 0 ? Math.min(1, Math.max(0, (top - rect.top) / rect.height)) : 0;
      const { chunk, chunks } = pieceOf(el);
      return { blockIndex: Number(el.dataset.block), fraction: Math.min(1, (chunk + within) / chunks) };
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
  let fraction = spot.fraction;
  for (const el of elements) {
    const index = Number(el.dataset.block);
    if (index > spot.blockIndex) break;
    const { chunk, chunks } = pieceOf(el);
    if (index < spot.blockIndex || chunks === 1) {
      target = el;
      fraction = spot.fraction;
    } else if (chunk <= Math.floor(spot.fraction * chunks)) {
      target = el;
      fraction = Math.min(1, spot.fraction * chunks - chunk);
    }
  }
  if (!target) return;
  const containerTop = container.getBoundingClientRect().top;
  const rect = target.getBoundingClientRect();
  container.scrollTop += rect.top - containerTop + rect.height * fraction;
}

/** The container is scrolled to its end (a pixel short counts: zoomed layouts round). */
export function atTheEnd(container: HTMLElement): boolean {
  return container.scrollHeight - container.clientHeight - container.scrollTop <= 1;
}

/** Where the eye reads in a pane: the section whose heading has passed this line is the one being read. */
export const readingLine = (container: HTMLElement): number => container.clientHeight / 4;
