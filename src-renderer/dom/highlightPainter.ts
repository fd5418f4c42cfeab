// Draws annotations with the CSS Custom Highlight API: registered Range objects styled by
// `::highlight(name)` rules in app.css. Svelte owns the article's DOM; nothing here touches it.
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

export class HighlightPainter {
  private drawn = new Map<string, globalThis.Range>();
  private names = new Set<string>();
  private flashTimer: ReturnType<typeof setTimeout> | null = null;

  paint(index: ViewTextIndex, items: readonly PaintItem[], selectedId: string | null): void {
    this.drawn.clear();
    const groups = new Map<string, globalThis.Range[]>();
    for (const item of items) {
      const range = index.domRange(item.view);
      if (!range) continue;
      this.drawn.set(item.id, range);
      const name = highlightName(item.color, item.style);
      let list = groups.get(name);
      if (!list) groups.set(name, (list = []));
      list.push(range);
    }
    if (!supported()) return;
    for (const name of this.names) if (!groups.has(name)) CSS.highlights.delete(name);
    this.names = new Set(groups.keys());
    for (const [name, ranges] of groups) CSS.highlights.set(name, new Highlight(...ranges));
    const selected = selectedId ? this.drawn.get(selectedId) : undefined;
    if (selected) {
      const h = new Highlight(selected);
      h.priority = 1;
      CSS.highlights.set(SELECTED_HIGHLIGHT, h);
    } else {
      CSS.highlights.delete(SELECTED_HIGHLIGHT);
    }
  }

  rangeOf(id: string): globalThis.Range | undefined {
    return this.drawn.get(id);
  }

  /** Ids of drawn annotations under a viewport point, the shortest (innermost) first. */
  hit(x: number, y: number): string[] {
    const found: { id: string; length: number }[] = [];
    for (const [id, range] of this.drawn) {
      for (const rect of range.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
          found.push({ id, length: range.toString().length });
          break;
        }
      }
    }
    return found.sort((a, b) => a.length - b.length).map((f) => f.id);
  }

  /** Briefly marks one annotation, so the eye finds it after a jump. */
  flash(id: string, ms = 1200): void {
    const range = this.drawn.get(id);
    if (!range || !supported()) return;
    const h = new Highlight(range);
    h.priority = 2;
    CSS.highlights.set(FLASH_HIGHLIGHT, h);
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => CSS.highlights.delete(FLASH_HIGHLIGHT), ms);
  }

  clear(): void {
    this.drawn.clear();
    if (!supported()) return;
    for (const name of this.names) CSS.highlights.delete(name);
    this.names.clear();
    CSS.highlights.delete(SELECTED_HIGHLIGHT);
    CSS.highlights.delete(FLASH_HIGHLIGHT);
  }
}
