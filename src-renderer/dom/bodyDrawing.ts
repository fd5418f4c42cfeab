// The body of a short article drawn first screen first. Creating and styling a block's
// elements costs the same whether the block is on screen or not (content-visibility spares
// the layout and paint of what is off screen, not its elements' creation and style), so an
// article longer than a few screens draws its opening blocks at once, lets the page show
// them, and draws the rest in slices between the page's other tasks. Whatever needs a block
// still to come (the reading spot, a jump from the outline, a find match, a highlight picked
// in the pane) asks for it with `drawThrough`, which draws up to it at once.
import { BodyBuilder, closingFooterFrom, type BlockLabels, type DrawnBlock } from './blockElements.ts';

/** Up to this many characters an article's body is drawn at once. */
export const DRAW_AT_ONCE_CHARS = 8_000;
/** Past that, the characters drawn before the first frame: more than a tall window shows at the smallest type. */
export const FIRST_SCREEN_CHARS = 3_000;
/** Time one slice of the rest may take before the page gets its turn (ms). */
const SLICE_MS = 8;

export interface BodyDrawing {
  /**
   * Draws every block up to `blockIndex` and a screen's worth after it (a block jumped to
   * goes to the top of the view, with text under it), or all when omitted; true when it drew anything.
   */
  drawThrough(blockIndex?: number): boolean;
  /** Stops drawing the rest (the body is being replaced). */
  cancel(): void;
}

export interface DrawOptions {
  labels: BlockLabels;
  /** Called when blocks were added after the first batch: at once by `drawThrough`, else when the last slice is in. */
  onMore: () => void;
  /** Resolves in a later task; between slices the page draws and takes input. */
  nextTask: () => Promise<void>;
  /** Runs `draw` once the first batch has been shown. */
  afterFirstFrame: (draw: () => void) => void;
  /** Milliseconds from some fixed point, for a slice's budget. */
  now?: () => number;
}

/** Replaces the content of `el` with the body of `blocks`, the first screen's blocks at once. */
export function drawBody(el: HTMLElement, blocks: readonly DrawnBlock[], options: DrawOptions): BodyDrawing {
  const { labels, onMore, nextTask, afterFirstFrame, now = () => performance.now() } = options;
  const doc = el.ownerDocument;
  const fragment = doc.createDocumentFragment();
  const builder = new BodyBuilder(fragment, labels, doc, closingFooterFrom(blocks));
  let next = 0;
  let cancelled = false;

  const addUpTo = (end: number): boolean => {
    if (cancelled || next >= end) return false;
    while (next < end) builder.add(blocks[next++]);
    builder.endBatch();
    // Read by tests and tools that must wait for the whole text (`part` until then).
    el.dataset.drawn = next >= blocks.length ? 'all' : 'part';
    return true;
  };

  addUpTo(firstBatchEnd(blocks));
  el.replaceChildren(fragment);
  if (blocks.length === 0) el.dataset.drawn = 'all';
  builder.retarget(el);

  if (next < blocks.length) {
    afterFirstFrame(async () => {
      while (!cancelled && next < blocks.length) {
        const until = now() + SLICE_MS;
        while (!cancelled && next < blocks.length && now() < until) addUpTo(next + 1);
        if (cancelled) return;
        if (next >= blocks.length) onMore();
        else await nextTask();
      }
    });
  }

  return {
    drawThrough(blockIndex?: number) {
      const drew = addUpTo(blockIndex === undefined ? blocks.length : screenAfter(blocks, blockIndex));
      if (drew) onMore();
      return drew;
    },
    cancel() {
      cancelled = true;
    },
  };
}

/** How many blocks the first batch holds: all of a short article, else about a screen's worth. */
export function firstBatchEnd(blocks: readonly DrawnBlock[]): number {
  if (blocks.length === 0) return 0;
  const total = blocks[blocks.length - 1].block.end - blocks[0].block.start;
  if (total <= DRAW_AT_ONCE_CHARS) return blocks.length;
  let chars = 0;
  for (let i = 0; i < blocks.length; i++) {
    chars += blocks[i].block.end - blocks[i].block.start;
    if (chars >= FIRST_SCREEN_CHARS) return i + 1;
  }
  return blocks.length;
}

/** The end of the blocks a jump to `blockIndex` needs: it and about a screen after it. */
function screenAfter(blocks: readonly DrawnBlock[], blockIndex: number): number {
  let chars = 0;
  for (let i = Math.max(0, blockIndex); i < blocks.length; i++) {
    chars += blocks[i].block.end - blocks[i].block.start;
    if (chars >= FIRST_SCREEN_CHARS) return i + 1;
  }
  return blocks.length;
}
