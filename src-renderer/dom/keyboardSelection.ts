// Moving and selecting in the reader with the keyboard. The article is not editable, so
// Chromium has no caret of its own there: Shift+Arrow extends the selection through
// Selection.modify (which Chromium runs on any text), starting at the first line in view when
// nothing is selected yet. In caret mode (caret browsing, F7) the plain arrows, Home and End
// move a collapsed selection the same way, and the reader draws it as a caret (an overlay,
// never characters in the text).

type Granularity = 'character' | 'word' | 'line' | 'lineboundary';

const DIRECTIONS: Record<string, { direction: 'forward' | 'backward'; granularity: Granularity }> = {
  ArrowRight: { direction: 'forward', granularity: 'character' },
  ArrowLeft: { direction: 'backward', granularity: 'character' },
  ArrowDown: { direction: 'forward', granularity: 'line' },
  ArrowUp: { direction: 'backward', granularity: 'line' },
  Home: { direction: 'backward', granularity: 'lineboundary' },
  End: { direction: 'forward', granularity: 'lineboundary' },
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
 * Puts a collapsed selection at the start of the first line of article text in view, unless
 * the selection is in the article already. False when there is no text to put it in.
 */
export function placeCaret(article: HTMLElement, scroller: HTMLElement): boolean {
  const selection = document.getSelection();
  if (!selection) return false;
  if (selection.rangeCount > 0 && article.contains(selection.focusNode)) return true;
  const start = firstVisibleText(article, scroller);
  if (!start) return false;
  // The paragraph may begin above the view: the caret goes to its first line that is in view.
  const box = scroller.getBoundingClientRect();
  const line = start.parentElement!.getBoundingClientRect();
  const at = line.top < box.top ? document.caretRangeFromPoint?.(line.left + 1, box.top + 8) : null;
  if (at && at.startContainer instanceof Text && start.parentElement!.contains(at.startContainer)) selection.collapse(at.startContainer, at.startOffset);
  else selection.collapse(start, 0);
  return true;
}

/**
 * Handles Shift+Arrow (Ctrl/Alt+Shift+Left/Right by word) inside the article and, in caret
 * mode, the plain arrows, Ctrl/Alt+Left/Right, Home and End (with Shift to extend); returns
 * false for other keys or when the keys belong elsewhere (an input, the library).
 */
export function extendSelectionByKey(event: KeyboardEvent, article: HTMLElement | null, scroller: HTMLElement | null, caretMode = false): boolean {
  const step = DIRECTIONS[event.key];
  if (!step || !article || !scroller || event.metaKey) return false;
  // Without caret mode only Shift+Arrow selects; Home and End stay the scroller's.
  if (!caretMode && (!event.shiftKey || step.granularity === 'lineboundary')) return false;
  // Alt+↑/↓ go to the previous/next article; a modifier on Home/End is the browser's.
  if (!event.shiftKey && (event.altKey || event.ctrlKey) && step.granularity !== 'character') return false;
  const selection = document.getSelection();
  if (!selection || typeof selection.modify !== 'function') return false;
  const focus = document.activeElement;
  const fromText = focus === document.body || focus === scroller || (focus !== null && article.contains(focus));
  const inArticle = selection.rangeCount > 0 && article.contains(selection.focusNode);
  if (!inArticle) {
    if (!scroller.contains(focus) && focus !== document.body) return false;
    if (!placeCaret(article, scroller)) return false;
    // The first plain arrow shows where the caret starts.
    if (!event.shiftKey) return true;
  } else if (caretMode && !event.shiftKey && !fromText) {
    // A plain arrow on a control (a pane, the selection toolbar) is that control's.
    return false;
  }
  const byWord = (event.ctrlKey || event.altKey) && step.granularity === 'character';
  selection.modify(event.shiftKey ? 'extend' : 'move', step.direction, byWord ? 'word' : step.granularity);
  if (caretMode) revealCaret(article, scroller);
  return true;
}

/** The caret's place on screen: the selection's focus end as a collapsed range's box, or null when it has none in `article`. */
export function caretBox(article: HTMLElement): DOMRect | null {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.focusNode || !article.contains(selection.focusNode)) return null;
  const range = document.createRange();
  range.setStart(selection.focusNode, selection.focusOffset);
  range.collapse(true);
  const box = range.getClientRects()[0] ?? range.getBoundingClientRect();
  return box.height > 0 ? box : null;
}

/** Scrolls the reader just enough to bring the caret's line into view. */
export function revealCaret(article: HTMLElement, scroller: HTMLElement): void {
  const box = caretBox(article);
  if (!box) return;
  const view = scroller.getBoundingClientRect();
  if (box.top < view.top) scroller.scrollBy({ top: box.top - view.top - box.height });
  else if (box.bottom > view.bottom) scroller.scrollBy({ top: box.bottom - view.bottom + box.height });
}
