// The Electron menu drawn from the command table: labels in the UI language, accelerators
// shown but left to the page's keys, a click sends the command's id. Written out by hand.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../src-main/api.ts';
import { menuTemplate } from '../../src-main/menuTemplate.ts';

const shape = (items: MenuItemConstructorOptions[]): unknown[] =>
  items.map((item) => (item.type === 'separator' ? '—' : item.role ? `role:${item.role}` : item.accelerator ? `${item.label} [${item.accelerator}]` : item.label));

describe('Electron menu', () => {
  it('is the command table in the chosen language', () => {
    const sent: MenuCommand[] = [];
    const menu = menuTemplate({ lang: 'en', platform: 'linux', isPackaged: true, send: (c) => sent.push(c) });
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const submenu = (i: number) => menu[i].submenu as MenuItemConstructorOptions[];
    expect(shape(submenu(0))).toEqual(['Open folder… [CmdOrCtrl+O]', 'Reload library [CmdOrCtrl+Shift+R]', 'Mark this article read/unread', '—', 'Export…', '—', 'role:quit']);
    expect(shape(submenu(1))).toEqual(['role:copy', 'role:selectAll']);
    expect(shape(submenu(2))).toEqual([
      'Show the original [Alt+1]',
      'Show in Simplified [Alt+2]',
      'Show in Traditional [Alt+3]',
      'Show in Taiwan forms [Alt+4]',
      'Show in Hong Kong forms [Alt+5]',
      'Taiwan vocabulary on/off',
      '—',
      'Larger text [CmdOrCtrl+=]',
      'Smaller text [CmdOrCtrl+-]',
      'Default text size [CmdOrCtrl+0]',
      '—',
      'Light colours',
      'Sepia colours',
      'Dark colours',
      '—',
      'Focus mode on/off',
      'Show/hide the library',
      'Show/hide the outline',
      'Show/hide annotations',
      '—',
      'Themes…',
      'Notebook… [CmdOrCtrl+Shift+B]',
      'Conversion fixes…',
      '—',
      'role:togglefullscreen',
    ]);
    expect(shape(submenu(3))).toEqual(['Keyboard shortcuts [F1]', '—', 'About Pizhu']);
    // Shown, not registered: the page's keys run the command, once.
    expect(submenu(0)[0].registerAccelerator).toBe(false);
    (submenu(2)[1].click as () => void)();
    (submenu(3)[0].click as () => void)();
    expect(sent).toEqual([
      { type: 'command', id: 'script-cn' },
      { type: 'command', id: 'shortcuts' },
    ]);
  });

  it('has the app menu on macOS, developer tools outside a package, Chinese labels by default', () => {
    const menu = menuTemplate({ lang: 'zh-Hans', platform: 'darwin', isPackaged: false, send: () => {} });
    expect(menu[0]).toEqual({ role: 'appMenu' });
    expect(menu.slice(1).map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const view = menu[3].submenu as MenuItemConstructorOptions[];
    expect(view.at(-1)?.role).toBe('toggleDevTools');
    expect(view[0].label).toBe('显示原文');
  });
});
