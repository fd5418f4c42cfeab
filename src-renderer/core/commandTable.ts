// Every command the reader offers, as one table: the keys, the Electron menu, the command
// palette and the shortcut sheet are all read from it, so a key cannot exist in one place and
// be missing from another. Labels are message keys (`command.<id>`) in the UI catalogues;
// handlers live with the window (dom/commandHandlers.ts), since most of them touch it.
//
// Keys use tinykeys' grammar: `$mod` is Cmd on macOS and Ctrl elsewhere, `[Shift]` an
// optional modifier, a key is `KeyboardEvent.key` or `.code`. Physical codes (`Digit1`) are
// used where a layout or Alt would change the character (Alt+1 types ¡ on a Mac).

import { matchKeybindingPress, parseKeybinding } from 'tinykeys';

export const COMMAND_IDS = [
  'palette',
  'shortcuts',
  'search',
  'find',
  'open-folder',
  'reload-library',
  'reread-annotation-files',
  'next-article',
  'previous-article',
  'toggle-read',
  'scroll-page-down',
  'scroll-page-up',
  'scroll-line-down',
  'scroll-line-up',
  'scroll-lines-down',
  'scroll-lines-up',
  'caret-mode',
  'script-original',
  'script-cn',
  'script-t',
  'script-tw',
  'script-hk',
  'tw-phrases',
  'font-larger',
  'font-smaller',
  'font-default',
  'scheme-light',
  'scheme-sepia',
  'scheme-dark',
  'dismiss-toast',
  'focus-mode',
  'toggle-library',
  'toggle-outline',
  'toggle-annotations',
  'copy-selection',
  'highlight',
  'color-1',
  'color-2',
  'color-3',
  'color-4',
  'color-5',
  'underline',
  'note',
  'tag',
  'search-selection',
  'find-selection',
  'copy-quote',
  'copy-markdown',
  'delete-highlight',
  'context-menu',
  'deselect',
  'undo',
  'redo',
  'themes',
  'notebook',
  'export',
  'overrides',
  'about',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/**
 * When a command's keys are live. Whatever the scope, a key without Ctrl, Cmd or Alt never
 * acts while typing in a field: letters, digits and arrows belong to the field.
 * - `anywhere`: also under a dialog and from a field (search, the palette itself);
 * - `no-dialog`: while no dialog is open;
 * - `reading`: while no dialog is open and not while typing (Ctrl+Z is the field's own undo);
 * - `annotating`: as `reading`, for a selection or a selected highlight;
 * - `window`: also under a dialog, but not while typing (undo and redo of the window's one
 *   history: Ctrl+Z in the themes dialog takes back a highlight, in a field the field's edit).
 */
export type CommandScope = 'anywhere' | 'no-dialog' | 'reading' | 'annotating' | 'window';

/** Sections of the shortcut sheet and the palette, in this order. */
export const COMMAND_GROUPS = ['general', 'library', 'reading', 'view', 'annotate'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** The reader's context menus: on a selection, and on a highlight. */
export type CommandContext = 'selection' | 'highlight';

/** Top-level menus of the Electron menu bar (the app menu on macOS is the platform's own). */
export type MenuName = 'file' | 'edit' | 'view' | 'help';

export interface CommandSpec {
  id: CommandId;
  group: CommandGroup;
  scope: CommandScope;
  /** Key bindings, shown in the sheet, the palette and the README in this order. */
  keys: readonly string[];
  /** Bound too, never shown: the same key on other layouts or the numeric keypad. */
  alsoKeys: readonly string[];
  /** Where it sits in the Electron menu; the first key becomes the accelerator. */
  menu?: { name: MenuName; section: number };
  /** Offered in the palette (scrolling by a line from a list of commands means nothing). */
  palette: boolean;
  /** The context menus it is in, in table order. */
  contexts: readonly CommandContext[];
}

const spec = (id: CommandId, group: CommandGroup, scope: CommandScope, keys: readonly string[], more: Partial<Pick<CommandSpec, 'menu' | 'palette' | 'alsoKeys' | 'contexts'>> = {}): CommandSpec => ({
  id,
  group,
  scope,
  keys,
  alsoKeys: more.alsoKeys ?? [],
  contexts: more.contexts ?? [],
  palette: more.palette ?? true,
  ...(more.menu ? { menu: more.menu } : {}),
});

const SCRIPTS = ['original', 'cn', 't', 'tw', 'hk'] as const;

export const COMMANDS: readonly CommandSpec[] = [
  spec('palette', 'general', 'anywhere', ['$mod+Shift+KeyP'], { palette: false }),
  spec('shortcuts', 'general', 'reading', ['[Shift]+?', 'F1'], { menu: { name: 'help', section: 0 } }),
  spec('search', 'general', 'anywhere', ['$mod+KeyK', '$mod+Shift+KeyF']),
  spec('find', 'general', 'no-dialog', ['$mod+KeyF']),
  spec('open-folder', 'library', 'reading', ['$mod+KeyO'], { menu: { name: 'file', section: 0 } }),
  spec('reload-library', 'library', 'reading', ['$mod+Shift+KeyR'], { menu: { name: 'file', section: 0 } }),
  spec('reread-annotation-files', 'library', 'reading', []),
  spec('next-article', 'library', 'no-dialog', ['Alt+ArrowDown', ']']),
  spec('previous-article', 'library', 'no-dialog', ['Alt+ArrowUp', '[']),
  spec('toggle-read', 'library', 'reading', [], { menu: { name: 'file', section: 0 } }),
  spec('scroll-page-down', 'reading', 'reading', ['PageDown', 'Space'], { palette: false }),
  spec('scroll-page-up', 'reading', 'reading', ['PageUp', 'Shift+Space'], { palette: false }),
  spec('scroll-line-down', 'reading', 'reading', ['ArrowDown'], { palette: false }),
  spec('scroll-line-up', 'reading', 'reading', ['ArrowUp'], { palette: false }),
  spec('scroll-lines-down', 'reading', 'reading', ['j'], { palette: false }),
  spec('scroll-lines-up', 'reading', 'reading', ['k'], { palette: false }),
  // As browsers name caret browsing; the arrows themselves are read before the table (dom/keyboardSelection.ts).
  spec('caret-mode', 'reading', 'reading', ['F7']),
  ...SCRIPTS.map((script, i) => spec(`script-${script}`, 'view', 'anywhere', [`Alt+Digit${i + 1}`, `$mod+Digit${i + 1}`], { menu: { name: 'view', section: 0 } })),
  spec('tw-phrases', 'view', 'reading', [], { menu: { name: 'view', section: 0 } }),
  spec('font-larger', 'view', 'anywhere', ['$mod+='], { alsoKeys: ['$mod+Shift+=', '$mod+[Shift]++', '$mod+NumpadAdd'], menu: { name: 'view', section: 1 } }),
  spec('font-smaller', 'view', 'anywhere', ['$mod+-'], { alsoKeys: ['$mod+NumpadSubtract'], menu: { name: 'view', section: 1 } }),
  spec('font-default', 'view', 'anywhere', ['$mod+Digit0'], { alsoKeys: ['$mod+Numpad0'], menu: { name: 'view', section: 1 } }),
  spec('scheme-light', 'view', 'reading', [], { menu: { name: 'view', section: 2 } }),
  spec('scheme-sepia', 'view', 'reading', [], { menu: { name: 'view', section: 2 } }),
  spec('scheme-dark', 'view', 'reading', [], { menu: { name: 'view', section: 2 } }),
  // Before focus mode's Esc: a message standing over the window goes first.
  spec('dismiss-toast', 'general', 'reading', ['Escape'], { palette: false }),
  spec('focus-mode', 'view', 'reading', ['f', 'Escape'], { menu: { name: 'view', section: 3 } }),
  spec('toggle-library', 'view', 'reading', [], { menu: { name: 'view', section: 3 } }),
  spec('toggle-outline', 'view', 'reading', [], { menu: { name: 'view', section: 3 } }),
  spec('toggle-annotations', 'view', 'reading', [], { menu: { name: 'view', section: 3 } }),
  // The browser's own Ctrl+C copies; this is the context menu's (without pinyin readings).
  spec('copy-selection', 'annotate', 'annotating', [], { contexts: ['selection'] }),
  spec('highlight', 'annotate', 'annotating', ['h'], { contexts: ['selection'] }),
  ...([1, 2, 3, 4, 5] as const).map((n) => spec(`color-${n}`, 'annotate', 'annotating', [`Digit${n}`], { alsoKeys: [`Numpad${n}`], contexts: ['selection', 'highlight'] })),
  spec('underline', 'annotate', 'annotating', ['u'], { contexts: ['highlight'] }),
  spec('note', 'annotate', 'annotating', ['n'], { contexts: ['selection', 'highlight'] }),
  spec('tag', 'annotate', 'annotating', ['t'], { contexts: ['selection', 'highlight'] }),
  spec('search-selection', 'annotate', 'annotating', [], { contexts: ['selection'] }),
  spec('find-selection', 'annotate', 'annotating', [], { contexts: ['selection'] }),
  spec('copy-quote', 'annotate', 'annotating', [], { contexts: ['highlight'] }),
  spec('copy-markdown', 'annotate', 'annotating', [], { contexts: ['highlight'] }),
  spec('delete-highlight', 'annotate', 'annotating', ['Delete', 'Backspace'], { contexts: ['highlight'] }),
  spec('context-menu', 'annotate', 'annotating', ['Shift+F10', 'ContextMenu'], { palette: false }),
  spec('deselect', 'annotate', 'annotating', ['Escape'], { palette: false }),
  // Not in the Electron menu: macOS registers menu accelerators, and Cmd+Z must stay the
  // note editor's own undo while typing.
  spec('undo', 'annotate', 'window', ['$mod+KeyZ']),
  spec('redo', 'annotate', 'window', ['$mod+Shift+KeyZ', 'Control+KeyY']),
  spec('themes', 'general', 'reading', [], { menu: { name: 'view', section: 4 } }),
  // The whole library's annotations in one list; from a text field too (the key has Ctrl/Cmd).
  spec('notebook', 'general', 'no-dialog', ['$mod+Shift+KeyB'], { menu: { name: 'view', section: 4 } }),
  spec('export', 'general', 'reading', [], { menu: { name: 'file', section: 1 } }),
  spec('overrides', 'view', 'reading', [], { menu: { name: 'view', section: 4 } }),
  spec('about', 'general', 'reading', [], { menu: { name: 'help', section: 1 } }),
];

/** A context menu's commands, in table order. */
export const contextCommands = (context: CommandContext): CommandSpec[] => COMMANDS.filter((command) => command.contexts.includes(context));

export const commandById = (id: CommandId): CommandSpec => {
  const found = COMMANDS.find((command) => command.id === id);
  if (!found) throw new Error(`no command ${id}`);
  return found;
};

const KEY_NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Space: 'Space',
  Escape: 'Esc',
  ContextMenu: 'Menu',
  NumpadAdd: 'Num+',
  NumpadSubtract: 'Num-',
};

/**
 * A binding as people write it: `$mod+Shift+KeyP` → `Ctrl/Cmd+Shift+P` (or `Cmd+Shift+P` /
 * `Ctrl+Shift+P` for one platform), `[Shift]+?` → `?`, `Digit1` → `1`.
 */
export function displayKeys(binding: string, platform: 'any' | 'mac' | 'other' = 'any'): string {
  const parts = binding.split(/(?<=\w|\])\+/);
  const key = parts.pop() ?? '';
  const mods = parts.filter((part) => !part.startsWith('[')).map((part) => (part === '$mod' ? { any: 'Ctrl/Cmd', mac: 'Cmd', other: 'Ctrl' }[platform] : part === 'Control' ? 'Ctrl' : part));
  const shown = KEY_NAMES[key] ?? key.replace(/^(Key|Digit|Numpad)(?=\w$)/, (_, kind: string) => (kind === 'Numpad' ? 'Num' : '')).replace(/^[a-z]$/, (c) => c.toUpperCase());
  return [...mods, shown].join('+');
}

/**
 * An Electron accelerator for a binding, or null when it has none: Electron cannot express
 * optional modifiers, and a bare letter as an accelerator would be taken from text fields.
 */
export function acceleratorFor(binding: string): string | null {
  const parts = binding.split(/(?<=\w|\])\+/);
  const key = parts.pop() ?? '';
  if (parts.some((part) => part.startsWith('['))) return null;
  if (parts.length === 0 && !/^F\d{1,2}$/.test(key)) return null;
  const mods = parts.map((part) => (part === '$mod' ? 'CmdOrCtrl' : part === 'Control' ? 'Ctrl' : part));
  const code = /^(?:Key|Digit)(\w)$/.exec(key)?.[1];
  const named: Record<string, string> = { ArrowDown: 'Down', ArrowUp: 'Up', ArrowLeft: 'Left', ArrowRight: 'Right', Escape: 'Esc', '=': '=', '-': '-' };
  const accel = code ?? named[key] ?? (/^(?:F\d{1,2}|[a-z0-9[\]?])$/i.test(key) ? key.toUpperCase() : null);
  return accel === null ? null : [...mods, accel].join('+');
}

/** True when a binding needs Ctrl, Cmd or Alt (Shift alone types characters). */
export function hasCommandModifier(binding: string): boolean {
  const parts = binding.split(/(?<=\w|\])\+/);
  parts.pop();
  return parts.some((part) => ['$mod', 'Control', 'Meta', 'Alt'].includes(part));
}

/** Whether a binding of a command in this scope may act now. */
export function bindingAllowed(scope: CommandScope, binding: string, now: { typing: boolean; dialogOpen: boolean }): boolean {
  if (now.typing && (scope === 'reading' || scope === 'annotating' || scope === 'window' || !hasCommandModifier(binding))) return false;
  return scope === 'anywhere' || scope === 'window' || !now.dialogOpen;
}

/** What a key press needs to be matched (a KeyboardEvent has it). */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'getModifierState'>;

interface Bound {
  command: CommandSpec;
  binding: string;
  press: ReturnType<typeof parseKeybinding>[number];
}

let bound: Bound[] | null = null;
const boundKeys = (): Bound[] =>
  (bound ??= COMMANDS.flatMap((command) => [...command.keys, ...command.alsoKeys].map((binding) => ({ command, binding, press: parseKeybinding(binding)[0] }))));

/**
 * The commands a key press may run now, in table order: the caller runs the first one whose
 * handler is enabled. tinykeys does the matching (modifiers exact, `$mod` per platform, a key
 * by its character or its physical code).
 */
export function commandsForKey(event: KeyPress, now: { typing: boolean; dialogOpen: boolean }): CommandId[] {
  const ids: CommandId[] = [];
  for (const { command, binding, press } of boundKeys()) {
    if (ids.includes(command.id) || !matchKeybindingPress(event as KeyboardEvent, press)) continue;
    if (bindingAllowed(command.scope, binding, now)) ids.push(command.id);
  }
  return ids;
}
