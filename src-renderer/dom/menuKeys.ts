// The keys of a menu the platform does not give a popover: arrows, Home and End move focus
// over its enabled items, wrapping. Both the toolbar's "more" menu and the context menu use it.

/** Moves focus for an arrow, Home or End key; false for any other key. */
export function moveMenuFocus(event: KeyboardEvent, items: readonly HTMLElement[]): boolean {
  const at = items.indexOf(document.activeElement as HTMLElement);
  const to = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? -1 : null;
  if (to === null) return false;
  if (items.length > 0) items[(to + items.length) % items.length].focus();
  return true;
}
