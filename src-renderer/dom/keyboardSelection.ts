// Selecting text with the keyboard in the reader. The article is not editable, so without
// caret browsing Chromium has no caret to extend: Shift+Arrow does it here through
// Selection.modify, starting at the first line in view when nothing is selected yet.

const DIRECTIONS: Record<string, { direction: 'forward' | 'backward'; granularity: 'character' | 'line' | 'word' }> = {
  ArrowRight: { direction: 'forward', granularity: 'character' },
  ArrowLeft: { direction: 'backward', granularity: 'character' },
  ArrowDown: { direction: 'forward', granularity: 'line' },
  ArrowUp: { direction: 'backward', granularity: 'line' },
};

/** The first run of text whose line is inside the scroller's viewport. */
function firstVisibleText(article: HTMLElement, scroller: HTMLElement): Text | null {
  const top = scroller.getBoundingClientRect().top;
  for (const el of article.querySelectorAll<HTMLElement>('[data-v]')) {
    if (el.getBoundingClientRect().bottom > top && el.firstChild instanceof Text) return el.firstChild;
  }
  return null;
}

/**
 * Handles Shift+Arrow (Ctrl/Alt+Shift+Left/Right by word) inside the article; returns false
 * for other keys or when the selection is elsewhere (an input, the library).
 */
export function extendSelectionByKey(event: KeyboardEvent, article: HTMLElement | null, scroller: HTMLElement | null): boolean {
  const step = DIRECTIONS[event.key];
  if (!step || !event.shiftKey || !article || !scroller || event.metaKey) return false;
  const selection = document.getSelection();
  if (!selection || typeof selection.modify !== 'function') return false;
  const inArticle = selection.rangeCount > 0 && article.contains(selection.focusNode);
  if (!inArticle) {
    if (!scroller.contains(document.activeElement) && document.activeElement !== document.body) return false;
    const start = firstVisibleText(article, scroller);
    if (!start) return false;
    selection.collapse(start, 0);
  }
  const byWord = (event.ctrlKey || event.altKey) && step.granularity === 'character';
  selection.modify('extend', step.direction, byWord ? 'word' : step.granularity);
  return true;
}
