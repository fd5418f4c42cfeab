// Draws annotations with the CSS Custom Highlight API: registered ranges styled by
// `::highlight(name)` rules in app.css. Svelte owns the article's DOM; nothing here touches it.
//
// The ranges drawn are StaticRanges: the document does not track them, so inserting the
// annotation pane's 1,000 items or retexting the article for a script switch costs nothing
// per highlight. They are exact until the article's text nodes change, and the reader
// repaints on every such change. A live Range is made only for the one annotation asked for
// (rangeOf: the toolbar, scrolling to it), and hit-testing goes through view offsets.
//
// A repaint changes only what changed: one Highlight object per colour and style stays
// registered, and a range whose ends and style are the same is left in it, so making,
// recolouring or removing one of 1,000 highlights touches one range, not 1,000.
import type { Range as TextRange } from '../core/types.ts';
import type { ViewTextIndex } from './viewText.ts';

export interface PaintItem {
  id: string;
  view: TextRange;
  color: string;
  style: 'highlight' | 'underline';
}

export const highlightName = (color: string, style: PaintItem['style']) => (style === 'underline' ? `pizhu-${color}-underline` : `pizhu-${color}`);
export const SELECTED_HIGHLIGHT = 'pizhu-selected';
export const FLASH_HIGHLIGHT = 'pizhu-flash';

const supported = () => typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

interface Drawn {
  name: string;
  view: TextRange;
  range: StaticRange;
}

const sameBounds = (r: StaticRange, b: StaticRangeInit) =>
  r.startContainer === b.startContainer && r.startOffset === b.startOffset && r.endContainer === b.endContainer && r.endOffset === b.endOffset;

/** A live Range over a static one, or undefined when its text has left the document. */
function liveRange(r: StaticRange): globalThis.Range | undefined {
  if (!r.startContainer.isConnected || !r.endContainer.isConnected) return undefined;
  const range = r.startContainer.ownerDocument!.createRange();
  try {
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
  } catch {
    // The text node got shorter since it was drawn; the next paint has the right offsets.
    return undefined;
  }
  return range;
}

export class HighlightPainter {
  private drawn = new Map<string, Drawn>();
  private index: ViewTextIndex | null = null;
  /** Registered Highlight objects by name, kept across paints. */
  private highlights = new Map<string, Highlight>();
  private selected: StaticRange | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;

  paint(index: ViewTextIndex, items: readonly PaintItem[], selectedId: string | null): void {
    this.index = index;
    const before = this.drawn;
    const next = new Map<string, Drawn>();
    for (const item of items) {
      const bounds = index.textBounds(item.view);
      if (!bounds) continue;
      const name = highlightName(item.color, item.style);
      const old = before.get(item.id);
      const range = old && old.name === name && sameBounds(old.range, bounds) ? old.range : new StaticRange(bounds);
      next.set(item.id, { name, view: item.view, range });
    }
    this.drawn = next;
    if (!supported()) return;
    for (const [id, old] of before) {
      if (next.get(id)?.range !== old.range) this.highlights.get(old.name)?.delete(old.range);
    }
    for (const [id, now] of next) {
      if (before.get(id)?.range === now.range) continue;
      let h = this.highlights.get(now.name);
      if (!h) {
        h = new Highlight();
        this.highlights.set(now.name, h);
        CSS.highlights.set(now.name, h);
      }
      h.add(now.range);
    }
    const selected = selectedId ? (next.get(selectedId)?.range ?? null) : null;
    if (selected !== this.selected) {
      this.selected = selected;
      if (selected) {
        const h = new Highlight(selected);
        h.priority = 1;
        CSS.highlights.set(SELECTED_HIGHLIGHT, h);
      } else {
        CSS.highlights.delete(SELECTED_HIGHLIGHT);
      }
    }
  }

  /** A live DOM Range over a drawn annotation (made on request, for one annotation at a time). */
  rangeOf(id: string): globalThis.Range | undefined {
    const drawn = this.drawn.get(id);
    return drawn ? liveRange(drawn.range) : undefined;
  }

  /** Ids of drawn annotations under a viewport point, the shortest (innermost) first. */
  hit(x: number, y: number): string[] {
    const offset = this.offsetAt(x, y);
    if (offset === null) return [];
    const found: { id: string; length: number }[] = [];
    for (const [id, { view, range }] of this.drawn) {
      // The caret lands before or after the character clicked: both are candidates, and
      // the drawn boxes decide.
      if (offset < view.start || offset > view.end) continue;
      const live = liveRange(range);
      if (!live) continue;
      for (const rect of live.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
          found.push({ id, length: view.end - view.start });
          break;
        }
      }
    }
    return found.sort((a, b) => a.length - b.length).map((f) => f.id);
  }

  /** View offset of the caret position nearest a viewport point, when it is in view text. */
  private offsetAt(x: number, y: number): number | null {
    if (!this.index || typeof document === 'undefined') return null;
    const caret = document.caretPositionFromPoint(x, y);
    return caret ? this.index.offsetOf(caret.offsetNode, caret.offset, 'start') : null;
  }

  /** Briefly marks one annotation, so the eye finds it after a jump. */
  flash(id: string, ms = 1200): void {
    const drawn = this.drawn.get(id);
    if (!drawn || !supported()) return;
    const h = new Highlight(drawn.range);
    h.priority = 2;
    CSS.highlights.set(FLASH_HIGHLIGHT, h);
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => CSS.highlights.delete(FLASH_HIGHLIGHT), ms);
  }

  clear(): void {
    this.drawn.clear();
    this.index = null;
    this.selected = null;
    if (!supported()) return;
    for (const name of this.highlights.keys()) CSS.highlights.delete(name);
    this.highlights.clear();
    CSS.highlights.delete(SELECTED_HIGHLIGHT);
    CSS.highlights.delete(FLASH_HIGHLIGHT);
  }
}
