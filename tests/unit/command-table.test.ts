// The command table: one id, label and key list per command, keys matched as the browser
// reports them (key and physical code), scopes that keep letters for text fields, and what
// the sheet and the Electron menu show. Expected values are written by hand.
import { describe, expect, it } from 'vitest';
import { acceleratorFor, bindingAllowed, COMMAND_IDS, COMMANDS, commandsForKey, displayKeys, type KeyPress } from '../../src-renderer/core/commandTable.ts';
import { CATALOGUES, UI_LANGUAGES, type MessageKey } from '../../src-renderer/i18n/messages.ts';

/** A key press as Chromium reports it on a US layout (Linux: $mod is Control). */
function press(key: string, code: string, ...mods: ('Shift' | 'Control' | 'Alt' | 'Meta')[]): KeyPress {
  return { key, code, getModifierState: (mod: string) => (mods as string[]).includes(mod) };
}

const reading = { typing: false, dialogOpen: false };
const typing = { typing: true, dialogOpen: false };
const underDialog = { typing: false, dialogOpen: true };

describe('command table', () => {
  it('has each id once and a label for each in every UI language', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    expect(COMMANDS.map((c) => c.id).sort()).toEqual([...COMMAND_IDS].sort());
    for (const lang of UI_LANGUAGES) {
      for (const id of COMMAND_IDS) expect(CATALOGUES[lang][`command.${id}` as MessageKey], `${lang} command.${id}`).toBeTruthy();
    }
  });

  it('finds the command for keys as the browser reports them', () => {
    expect(commandsForKey(press('k', 'KeyK', 'Control'), reading)).toEqual(['search']);
    expect(commandsForKey(press('F', 'KeyF', 'Control', 'Shift'), reading)).toEqual(['search']);
    expect(commandsForKey(press('f', 'KeyF', 'Control'), reading)).toEqual(['find']);
    expect(commandsForKey(press('P', 'KeyP', 'Control', 'Shift'), reading)).toEqual(['palette']);
    expect(commandsForKey(press('?', 'Slash', 'Shift'), reading)).toEqual(['shortcuts']);
    expect(commandsForKey(press('F1', 'F1'), reading)).toEqual(['shortcuts']);
    // Alt+1 types ¡ on a Mac: the physical key decides.
    expect(commandsForKey(press('¡', 'Digit1', 'Alt'), reading)).toEqual(['script-original']);
    expect(commandsForKey(press('5', 'Digit5', 'Control'), reading)).toEqual(['script-hk']);
    expect(commandsForKey(press('3', 'Digit3'), reading)).toEqual(['color-3']);
    expect(commandsForKey(press('3', 'Numpad3'), reading)).toEqual(['color-3']);
    expect(commandsForKey(press('+', 'Equal', 'Control', 'Shift'), reading)).toEqual(['font-larger']);
    expect(commandsForKey(press('=', 'Equal', 'Control'), reading)).toEqual(['font-larger']);
    expect(commandsForKey(press('-', 'Minus', 'Control'), reading)).toEqual(['font-smaller']);
    expect(commandsForKey(press('0', 'Digit0', 'Control'), reading)).toEqual(['font-default']);
    expect(commandsForKey(press(' ', 'Space'), reading)).toEqual(['scroll-page-down']);
    expect(commandsForKey(press(' ', 'Space', 'Shift'), reading)).toEqual(['scroll-page-up']);
    expect(commandsForKey(press('ArrowDown', 'ArrowDown', 'Alt'), reading)).toEqual(['next-article']);
    expect(commandsForKey(press(']', 'BracketRight'), reading)).toEqual(['next-article']);
    expect(commandsForKey(press('Z', 'KeyZ', 'Control', 'Shift'), reading)).toEqual(['redo']);
    expect(commandsForKey(press('y', 'KeyY', 'Control'), reading)).toEqual(['redo']);
    expect(commandsForKey(press('z', 'KeyZ', 'Control'), reading)).toEqual(['undo']);
    // Caps Lock: a capital letter is still the letter.
    expect(commandsForKey(press('H', 'KeyH'), reading)).toEqual(['highlight']);
    // Esc is offered to each; the message's and focus mode's handlers decline while something is selected.
    expect(commandsForKey(press('Escape', 'Escape'), reading)).toEqual(['dismiss-toast', 'focus-mode', 'deselect']);
  });

  it('does not take keys with other modifiers than the binding has', () => {
    expect(commandsForKey(press('H', 'KeyH', 'Shift'), reading)).toEqual([]);
    expect(commandsForKey(press('k', 'KeyK', 'Control', 'Alt'), reading)).toEqual([]);
    expect(commandsForKey(press('1', 'Digit1', 'Control', 'Shift'), reading)).toEqual([]);
  });

  it('leaves letters, digits, arrows and undo to a field being typed in, but not Ctrl+K or Alt+↓', () => {
    expect(commandsForKey(press('h', 'KeyH'), typing)).toEqual([]);
    expect(commandsForKey(press('2', 'Digit2'), typing)).toEqual([]);
    expect(commandsForKey(press(']', 'BracketRight'), typing)).toEqual([]);
    expect(commandsForKey(press(' ', 'Space'), typing)).toEqual([]);
    expect(commandsForKey(press('z', 'KeyZ', 'Control'), typing)).toEqual([]);
    expect(commandsForKey(press('?', 'Slash', 'Shift'), typing)).toEqual([]);
    expect(commandsForKey(press('k', 'KeyK', 'Control'), typing)).toEqual(['search']);
    expect(commandsForKey(press('ArrowDown', 'ArrowDown', 'Alt'), typing)).toEqual(['next-article']);
    expect(commandsForKey(press('2', 'Digit2', 'Alt'), typing)).toEqual(['script-cn']);
  });

  it('under a dialog only takes the keys meant for anywhere', () => {
    expect(commandsForKey(press('f', 'KeyF', 'Control'), underDialog)).toEqual([]);
    expect(commandsForKey(press('h', 'KeyH'), underDialog)).toEqual([]);
    expect(commandsForKey(press('ArrowDown', 'ArrowDown', 'Alt'), underDialog)).toEqual([]);
    expect(commandsForKey(press('k', 'KeyK', 'Control'), underDialog)).toEqual(['search']);
    // The window's one undo history answers Ctrl+Z under a dialog too, but a field keeps its own.
    expect(commandsForKey(press('z', 'KeyZ', 'Control'), underDialog)).toEqual(['undo']);
    expect(commandsForKey(press('z', 'KeyZ', 'Control'), { typing: true, dialogOpen: true })).toEqual([]);
    expect(bindingAllowed('anywhere', '$mod+KeyK', { typing: true, dialogOpen: true })).toBe(true);
    expect(bindingAllowed('anywhere', 'h', { typing: true, dialogOpen: true })).toBe(false);
  });

  it('writes keys as people read them', () => {
    expect(displayKeys('$mod+Shift+KeyP')).toBe('Ctrl/Cmd+Shift+P');
    expect(displayKeys('$mod+Shift+KeyP', 'mac')).toBe('Cmd+Shift+P');
    expect(displayKeys('$mod+Shift+KeyP', 'other')).toBe('Ctrl+Shift+P');
    expect(displayKeys('[Shift]+?')).toBe('?');
    expect(displayKeys('Alt+Digit3')).toBe('Alt+3');
    expect(displayKeys('Alt+ArrowDown')).toBe('Alt+↓');
    expect(displayKeys('Control+KeyY')).toBe('Ctrl+Y');
    expect(displayKeys('$mod+=')).toBe('Ctrl/Cmd+=');
    expect(displayKeys('h')).toBe('H');
    expect(displayKeys('Escape')).toBe('Esc');
    expect(displayKeys('Shift+Space')).toBe('Shift+Space');
    expect(displayKeys('Delete')).toBe('Delete');
  });

  it('gives Electron accelerators only for keys with a modifier or a function key', () => {
    expect(acceleratorFor('$mod+KeyO')).toBe('CmdOrCtrl+O');
    expect(acceleratorFor('$mod+Shift+KeyR')).toBe('CmdOrCtrl+Shift+R');
    expect(acceleratorFor('$mod+=')).toBe('CmdOrCtrl+=');
    expect(acceleratorFor('Alt+Digit2')).toBe('Alt+2');
    expect(acceleratorFor('F1')).toBe('F1');
    expect(acceleratorFor('f')).toBeNull();
    expect(acceleratorFor('[Shift]+?')).toBeNull();
    expect(acceleratorFor('Escape')).toBeNull();
  });
});
