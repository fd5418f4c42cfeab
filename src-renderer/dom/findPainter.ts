// Find-in-article matches and revealed passages, drawn with the CSS Custom Highlight API
// under names of their own (styled in app.css), so they never disturb the annotations'
// highlights: `pizhu-find` for every match, `pizhu-find-current` for the one gone to,
// `pizhu-reveal` for a passage opened from search or a theme page, briefly.
import type { Range as TextRange } from '../core/types.ts';
import { settledJump } from './settledScroll.ts';
import type { ViewTextIndex } from './viewText.ts';

export const FIND_HIGHLIGHT = 'pizhu-find';
export const FIND_CURRENT_HIGHLIGHT = 'pizhu-find-current';
export const REVEAL_HIGHLIGHT = 'pizhu-reveal';

const supported = () => typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

/** Scrolls the reader so the range's first line sits in the middle. */
export function scrollToRange(range: globalThis.Range): Promise<void> {
  const el = range.startContainer.parentElement;
  return el ? settledJump(() => el.scrollIntoView({ block: 'center' })) : Promise.resolve();
}

export class FindPainter {
  private revealTimer: ReturnType<typeof setTimeout> | null = null;

  /** Draws every match; returns the DOM range of the current one. */
  paint(index: ViewTextIndex, matches: readonly TextRange[], current: number): globalThis.Range | null {
    const ranges = matches.map((m) => index.domRange(m));
    const currentRange = ranges[current] ?? null;
    if (!supported()) return currentRange;
    const all = ranges.filter((r, i): r is globalThis.Range => r !== null && i !== current);
    if (all.length) CSS.highlights.set(FIND_HIGHLIGHT, new Highlight(...all));
    else CSS.highlights.delete(FIND_HIGHLIGHT);
    if (currentRange) {
      const h = new Highlight(currentRange);
      h.priority = 3;
      CSS.highlights.set(FIND_CURRENT_HIGHLIGHT, h);
    } else {
      CSS.highlights.delete(FIND_CURRENT_HIGHLIGHT);
    }
    return currentRange;
  }

  clear(): void {
    if (!supported()) return;
    CSS.highlights.delete(FIND_HIGHLIGHT);
    CSS.highlights.delete(FIND_CURRENT_HIGHLIGHT);
  }

  /** Scrolls to a passage and marks it for a while. */
  reveal(range: globalThis.Range, ms = 2500): void {
    void scrollToRange(range);
    if (!supported()) return;
    const h = new Highlight(range);
    h.priority = 4;
    CSS.highlights.set(REVEAL_HIGHLIGHT, h);
    if (this.revealTimer) clearTimeout(this.revealTimer);
    this.revealTimer = setTimeout(() => CSS.highlights.delete(REVEAL_HIGHLIGHT), ms);
  }
}
