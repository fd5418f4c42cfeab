// The command table's keys, bound to the window. Several commands can share a key (Esc
// deselects, else leaves focus mode): the first the table offers for this key that is enabled
// now runs, and the key is then consumed; a key no command takes goes on to the browser.
import { commandsForKey, type CommandId } from '../core/commandTable.ts';
import type { CommandHandler } from './commandHandlers.ts';

// Inputs that take no typed text: keys on them (Ctrl+Z on a list's checkbox) are the window's.
const NOT_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT_INPUTS.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** A modal dialog is open: a <dialog>, or a pane shown as a modal drawer (components/DockablePane). */
export const dialogOpen = (): boolean => document.querySelector('dialog[open], [aria-modal="true"]') !== null;

const popoverOpen = (): boolean => document.querySelector(':popover-open') !== null;

/** Runs a command if it can run now; true when it ran. */
export function runCommand(handlers: Record<CommandId, CommandHandler>, id: CommandId, event?: KeyboardEvent): boolean {
  const handler = handlers[id];
  if (handler.enabled && !handler.enabled(event)) return false;
  handler.run(event);
  return true;
}

/**
 * Listens for keydown on `target` and returns the unsubscribe function. `before` sees each
 * key first and returns true when it has handled it (selection by Shift+Arrow).
 */
export function bindCommandKeys(target: Window, handlers: Record<CommandId, CommandHandler>, before: (event: KeyboardEvent) => boolean = () => false): () => void {
  const listener = (event: KeyboardEvent) => {
    // An IME composing a character owns every key until it commits.
    if (event.defaultPrevented || event.isComposing || !event.key) return;
    // An open popover (reading settings, a menu) closes on Esc by the browser's light dismiss:
    // the key is its, before any command's (a message's dismissal, focus mode, deselect).
    if (event.key === 'Escape' && popoverOpen()) return;
    if (before(event)) {
      event.preventDefault();
      return;
    }
    const now = { typing: isTyping(event.target), dialogOpen: dialogOpen() };
    for (const id of commandsForKey(event, now)) {
      if (runCommand(handlers, id, event)) {
        event.preventDefault();
        return;
      }
    }
  };
  target.addEventListener('keydown', listener);
  return () => target.removeEventListener('keydown', listener);
}
