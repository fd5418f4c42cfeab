// The Electron menu bar, built from the renderer's command table: a menu item sends the
// command's id and the renderer runs it exactly as its keys would. Accelerators are shown
// but, where Electron allows, not registered: the keys reach the page and its table, so a
// key means the same in the menu and in the web host, and typing in a note is never taken.
import type { MenuItemConstructorOptions } from 'electron';
import { acceleratorFor, COMMANDS, type CommandSpec, type MenuName } from '../src-renderer/core/commandTable.ts';
import { CATALOGUES, type MessageKey, type UiLanguage } from '../src-renderer/i18n/messages.ts';
import type { MenuCommand } from './api.ts';

const MENUS: readonly MenuName[] = ['file', 'edit', 'view', 'help'];

export interface MenuOptions {
  lang: UiLanguage;
  platform: NodeJS.Platform;
  /** Developer tools are offered only outside a packaged app. */
  isPackaged: boolean;
  send: (command: MenuCommand) => void;
}

function commandItem(command: CommandSpec, label: (key: MessageKey) => string, send: MenuOptions['send']): MenuItemConstructorOptions {
  const accelerator = command.keys.map(acceleratorFor).find((accel) => accel !== null);
  return {
    label: label(`command.${command.id}` as MessageKey),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => send({ type: 'command', id: command.id }),
  };
}

/** Commands of one menu, in table order, a separator between sections. */
function commandItems(name: MenuName, label: (key: MessageKey) => string, send: MenuOptions['send']): MenuItemConstructorOptions[] {
  const inMenu = COMMANDS.filter((command) => command.menu?.name === name);
  const items: MenuItemConstructorOptions[] = [];
  let section: number | null = null;
  for (const command of [...inMenu].sort((a, b) => (a.menu?.section ?? 0) - (b.menu?.section ?? 0))) {
    if (section !== null && command.menu?.section !== section) items.push({ type: 'separator' });
    section = command.menu?.section ?? 0;
    items.push(commandItem(command, label, send));
  }
  return items;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const catalogue = CATALOGUES[options.lang];
  const label = (key: MessageKey) => catalogue[key];
  const platformItems: Record<MenuName, MenuItemConstructorOptions[]> = {
    file: [{ type: 'separator' }, { label: label('menu.quit'), role: 'quit' }],
    edit: [{ role: 'copy', label: label('menu.copy') }, { role: 'selectAll', label: label('menu.selectAll') }],
    view: [{ type: 'separator' }, { role: 'togglefullscreen', label: label('menu.fullscreen') }, ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: label('menu.devTools') }])],
    help: [],
  };
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    ...MENUS.map((name) => {
      const own = commandItems(name, label, options.send);
      const rest = platformItems[name];
      return { label: label(`menu.${name}` as MessageKey), submenu: name === 'edit' ? [...rest, ...own] : [...own, ...rest] };
    }),
  ];
}
