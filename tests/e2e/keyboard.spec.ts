// The reader driven from the keyboard alone, the controls as a screen reader names them,
// and the interface in its three languages.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO, useWebHost, expectScript, readingSettings, closeReadingSettings, spotPlaced } from './harness.ts';

const web = useWebHost();
const SHOTS = join(REPO, 'tests/artifacts/screenshots');

const title = (page: Page) => page.getByRole('main').getByRole('heading', { level: 1 });
const scrollTop = (page: Page) => page.getByRole('main').evaluate((el) => el.scrollTop);
/** The reader's scroll position once a scroll animation has come to rest (two equal readings a frame apart). */
const settledScrollTop = (page: Page) =>
  page.getByRole('main').evaluate(
    (el) =>
      new Promise<number>((done) => {
        let last = -1;
        const step = () => (el.scrollTop === last ? done(last) : ((last = el.scrollTop), requestAnimationFrame(step)));
        requestAnimationFrame(step);
      }),
  );
const current = (page: Page) => page.getByRole('navigation', { name: '文章列表' }).locator('[aria-current="page"]');
/** Which article the list marks as open, by its link: a row's text changes as its header is parsed and as it is read. */
const currentHref = (page: Page) => current(page).getAttribute('href');

test('moves between articles, scrolls and switches script from the keyboard', async () => {
  const { page } = await web.open();
  await expect(title(page)).toBeVisible();
  const first = await currentHref(page);
  expect(first).toBeTruthy();
  const firstTitle = (await title(page).innerText()).trim();

  await page.keyboard.press('Alt+ArrowDown');
  await expect(current(page)).not.toHaveAttribute('href', first!);
  const second = (await currentHref(page))!;
  await expect(current(page).locator('.item-meta')).not.toHaveText('正在分析…');
  const secondTitle = (await current(page).locator('.item-title').innerText()).trim();
  await expect(title(page)).toHaveText(secondTitle);
  await page.keyboard.press(']');
  await expect(current(page)).not.toHaveAttribute('href', second);
  await page.keyboard.press('[');
  await expect(current(page)).toHaveAttribute('href', second);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(current(page)).toHaveAttribute('href', first!);
  // Its text in and at its spot: j scrolls the article it is pressed on.
  await expect(title(page)).toHaveText(firstTitle);
  await spotPlaced(page);

  // Scrolling: j / Space / PageDown go down, k / PageUp come back.
  await page.getByRole('main').focus();
  expect(await scrollTop(page)).toBe(0);
  await page.keyboard.press('j');
  await expect.poll(() => scrollTop(page)).toBeGreaterThan(0);
  const afterJ = await scrollTop(page);
  await page.keyboard.press('PageDown');
  await expect.poll(() => scrollTop(page)).toBeGreaterThan(afterJ);
  const afterPageDown = await settledScrollTop(page);
  await page.keyboard.press('k');
  await expect.poll(() => scrollTop(page)).toBeLessThan(afterPageDown);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('Home');
  await expect.poll(() => scrollTop(page)).toBe(0);
  // Space pages down, Shift+Space back up.
  await page.keyboard.press('Space');
  await expect.poll(() => scrollTop(page)).toBeGreaterThan(0);
  await page.keyboard.press('Shift+Space');
  await expect.poll(() => scrollTop(page)).toBe(0);

  // Alt+1…5: 原文 / 简体 / 繁體 / 臺灣 / 香港.
  const names = ['原文', '简体', '繁體', '臺灣', '香港'];
  for (const [i, name] of names.entries()) {
    await page.keyboard.press(`Alt+${i + 1}`);
    await expectScript(page, name);
  }
  await expect(page.getByRole('main')).toContainText('營商環境');
  // Ctrl+1…5: the same choices, as in the Electron menu. Pressed from 5 down so each press changes something.
  for (const [i, name] of [...names.entries()].reverse()) {
    await page.keyboard.press(`Control+${i + 1}`);
    await expectScript(page, name);
  }
  await page.keyboard.press('Control+2');
  await expectScript(page, '简体');
  await expect(page.getByRole('main')).toContainText('营商环境');

  // Font size: Ctrl+= / Ctrl+- / Ctrl+0.
  const size = () => page.getByRole('main').locator('article').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const base = await size();
  await page.keyboard.press('Control+Equal');
  await expect.poll(size).toBeGreaterThan(base);
  await page.keyboard.press('Control+0');
  await expect.poll(size).toBe(base);
  await page.keyboard.press('Control+Minus');
  await expect.poll(size).toBeLessThan(base);
});

test('every control is reachable with Tab and has an accessible name', async () => {
  const { page } = await web.open();
  await expect(title(page)).toBeVisible();

  // Everything a user can operate, named the way a screen reader would announce it.
  const controls = page.locator('button, input, select, textarea, a[href], [role="radio"], [role="checkbox"], [tabindex]:not([tabindex="-1"])');
  const unnamed = await controls.evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null || el === document.activeElement)
      .filter((el) => {
        const e = el as HTMLElement;
        const labelled = e.getAttribute('aria-labelledby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join('') ?? '';
        const label = e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent ?? '' : '';
        const wrapping = e.closest('label')?.textContent ?? '';
        const name = (e.getAttribute('aria-label') ?? '') + labelled + label + wrapping + (e.getAttribute('title') ?? '');
        const own = e.tagName === 'INPUT' || e.tagName === 'SELECT' || e.tagName === 'TEXTAREA' || e.tagName === 'MAIN' || e.tagName === 'ARTICLE' ? '' : e.textContent ?? '';
        return (name + own).trim() === '';
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);

  // Tab walks through the toolbar, the library and into the reader; each stop is visible.
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const ring = style.boxShadow !== 'none';
      return { name: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 20) ?? el.tagName, visibleFocus: outline || ring };
    });
    if (!info) continue;
    expect(info.visibleFocus, `focus ring on ${info.name}`).toBe(true);
    seen.add(info.name);
  }
  for (const name of ['阅读设置', '更多命令', '筛选文章']) expect([...seen].some((s) => s.includes(name)), `Tab reaches ${name}`).toBe(true);

  // Opening an article from the keyboard.
  const link = page.getByRole('navigation', { name: '文章列表' }).getByRole('link', { name: /德清/ });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(title(page)).toHaveText('德清：创新为翼攀高峰');
});

test('the interface speaks 简体中文 by default, 繁體中文 and English on request', async () => {
  const { page } = await web.open();
  await expect(page.getByRole('button', { name: '阅读设置' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', /zh-Hans|zh-CN/);

  const language = page.getByRole('combobox', { name: '界面语言' });
  await language.selectOption('zh-Hant');
  await expect((await readingSettings(page, '閱讀設定')).getByRole('button', { name: '放大字級' })).toBeVisible();
  await closeReadingSettings(page, '閱讀設定');
  await expect(page.getByRole('searchbox', { name: '篩選文章' })).toBeVisible();

  await page.getByRole('combobox', { name: '介面語言' }).selectOption('en');
  const en = await readingSettings(page, 'Reading settings');
  await expect(en.getByRole('button', { name: 'Larger text' })).toBeVisible();
  await expect(en.getByRole('radio', { name: 'Traditional', exact: true })).toBeVisible();
  await expect(en.getByRole('group', { name: 'Colour scheme' })).toBeVisible();
  await closeReadingSettings(page, 'Reading settings');
  await expect(page.getByRole('navigation', { name: 'Articles' })).toBeVisible();
  // The article itself is not translated: only the interface is.
  await expect(title(page)).toContainText(/[\u4e00-\u9fff]/);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Reading settings' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Interface language' }).selectOption('zh-Hans');
  await expect(page.getByRole('button', { name: '阅读设置' })).toBeVisible();
});

test('pinyin shows as ruby on the traditional seed when switched on', async () => {
  const { page } = await web.open();
  await page.getByRole('navigation', { name: '文章列表' }).getByRole('link', { name: /濉溪/ }).click();
  const ruby = (await readingSettings(page)).getByRole('checkbox', { name: '拼音' });
  await expect(ruby).toBeEnabled();
  await expect(page.getByRole('main').locator('ruby')).toHaveCount(0);
  await expect(page.getByRole('main')).not.toContainText('(jīng)');
  await ruby.check();
  await expect.poll(() => page.getByRole('main').locator('ruby').count()).toBeGreaterThan(600);
  await expect(page.getByRole('main').locator('rt').first()).toHaveText(/^[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+$/);
  // An article without inline pinyin has nothing to show.
  await page.getByRole('navigation', { name: '文章列表' }).getByRole('link', { name: /德清/ }).click();
  await expect((await readingSettings(page)).getByRole('checkbox', { name: '拼音' })).toBeDisabled();
});

/** Tag names of the elements inside `root` that draw an outline (a focus ring) now. */
const ringed = (root: Locator) =>
  root.evaluate((el) =>
    [el, ...el.querySelectorAll('*')]
      .filter((node) => {
        const style = getComputedStyle(node);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      })
      .map((node) => node.tagName),
  );

test('the command palette finds commands by name in either language and runs them', async () => {
  const { page } = await web.open();
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(title(page)).toBeVisible();
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByRole('dialog', { name: '命令面板' });
  await expect(palette).toBeVisible();
  const input = palette.getByRole('combobox', { name: '输入命令名称' });
  await expect(input).toBeFocused();
  // Nothing is selected: the highlight command is listed but cannot run.
  await input.fill('高亮');
  await expect(palette.getByRole('option', { name: /高亮所选文字/ })).toHaveAttribute('aria-disabled', 'true');
  await input.press('Enter');
  await expect(palette).toBeVisible();
  // English names work in the Chinese UI; arrows move, Enter runs.
  await input.fill('colours');
  await expect(palette.getByRole('option')).toHaveText([/浅色/, /护眼/, /深色/]);
  await input.press('ArrowDown');
  await input.press('ArrowDown');
  await expect(palette.getByRole('option', { name: /深色/ })).toHaveAttribute('aria-selected', 'true');
  // One focus ring, the input's (it has the focus); the active entry is marked by its background.
  expect(await ringed(palette)).toEqual(['INPUT']);
  await page.screenshot({ path: join(SHOTS, 'palette-1024-light.png') });
  await input.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Control+Shift+P');
  await input.fill('colours');
  await input.press('ArrowDown');
  await expect(palette.getByRole('option', { name: /护眼/ })).toHaveAttribute('aria-selected', 'true');
  expect(await ringed(palette)).toEqual(['INPUT']);
  await page.screenshot({ path: join(SHOTS, 'palette-1024-dark.png') });
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  // A command that needs the reader runs after the palette has closed.
  await page.keyboard.press('Control+Shift+P');
  await palette.getByRole('combobox').fill('查找');
  // Finding the selection needs one: listed, not available; the first entry is the one Enter runs.
  await expect(palette.getByRole('option')).toHaveText([/^在本文中查找\s/, /在本文中查找所选文字\s*现在不可用/]);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('search')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  await palette.getByRole('combobox').fill('没有这个命令');
  await expect(palette.getByRole('option')).toHaveText(['没有相符的命令']);
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await page.locator('html').evaluate(() => undefined);
});

test('a dialog is built the first time it opens and kept after it closes', async () => {
  const { page } = await web.open();
  await expect(title(page)).toBeVisible();
  // Not built at start: the list and the article do not wait for dialogs nobody opened.
  for (const shut of ['dialog.palette', 'dialog.shortcut-sheet', 'dialog.notebook-dialog', 'dialog.themes-dialog', 'dialog.export-dialog']) await expect(page.locator(shut)).toHaveCount(0);
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByRole('dialog', { name: '命令面板' });
  await expect(palette.getByRole('combobox', { name: '输入命令名称' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(page.locator('dialog.palette')).toHaveCount(1);
  await page.keyboard.press('Control+Shift+P');
  await expect(palette.getByRole('combobox', { name: '输入命令名称' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('dialog.palette')).toHaveCount(1);
  // Closed as Esc closes it, and asked for again before its close event has come (a quick
  // Esc, Ctrl+Shift+P): the palette opens, rather than the key toggling a state still "open".
  await page.keyboard.press('Control+Shift+P');
  await expect(palette).toBeVisible();
  // A click gives the page the user activation a real Esc has, without which no cancel event comes.
  await palette.getByRole('combobox', { name: '输入命令名称' }).click();
  await page.evaluate(() => {
    document.querySelector<HTMLDialogElement>('dialog.palette')!.requestClose();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
  });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('combobox', { name: '输入命令名称' })).toBeFocused();
});

test('? and F1 show every key of the command table, grouped, and not while typing', async () => {
  const { page } = await web.open();
  await expect(title(page)).toBeVisible();
  await page.keyboard.press('Shift+Slash');
  const sheet = page.getByRole('dialog', { name: '快捷键一览' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('table')).toHaveCount(5);
  const row = (name: string) => sheet.getByRole('row', { name: new RegExp(`^${name}`) });
  await expect(row('命令面板')).toContainText('Ctrl/Cmd+Shift+P');
  await expect(row('下一篇')).toContainText('Alt+↓');
  await expect(row('下一篇')).toContainText(']');
  await expect(row('以繁體显示')).toContainText('Alt+3');
  await expect(row('以繁體显示')).toContainText('Ctrl/Cmd+3');
  await expect(row('删除所选标注')).toContainText('Delete');
  await expect(row('删除所选标注')).toContainText('Backspace');
  await expect(row('重做')).toContainText('Ctrl+Y');
  // Commands without keys (colour schemes) are the palette's, not the sheet's.
  await expect(row('深色')).toHaveCount(0);
  // The keys start at one place in every group of a column (the eye runs down one line), and
  // tables side by side are not stretched: a row is as tall in a short group as in a long one.
  const cells = await sheet.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const td = r.querySelector('td')!;
      return { table: r.closest('table')!.getBoundingClientRect().left, keys: td.getBoundingClientRect().left, height: r.getBoundingClientRect().height, overflows: td.scrollWidth > td.clientWidth };
    }),
  );
  expect(cells.filter((c) => c.overflows)).toEqual([]);
  const keysAt = new Map<number, Set<number>>();
  for (const c of cells) keysAt.set(Math.round(c.table), (keysAt.get(Math.round(c.table)) ?? new Set()).add(Math.round(c.keys)));
  for (const lefts of keysAt.values()) expect([...lefts]).toHaveLength(1);
  expect(Math.max(...cells.map((c) => c.height))).toBeLessThan(2.5 * Math.min(...cells.map((c) => c.height)));
  await sheet.getByRole('button', { name: '关闭' }).click();
  await expect(sheet).toBeHidden();
  await page.keyboard.press('F1');
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // In the library's filter field, ? is a character.
  const filter = page.getByRole('searchbox').first();
  await filter.focus();
  await page.keyboard.press('Shift+Slash');
  await expect(sheet).toBeHidden();
  await expect(filter).toHaveValue('?');
  await filter.fill('');
  // In English (no character to break a line at between two bindings) two long bindings wrap
  // inside their cell rather than run into the group beside it.
  await page.getByRole('combobox', { name: '界面语言' }).selectOption('en');
  await page.getByRole('main').focus();
  await page.keyboard.press('F1');
  const english = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(english.getByRole('row', { name: /^Search the library/ })).toContainText('Ctrl/Cmd+Shift+F');
  expect(await english.locator('tbody td').evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent))).toEqual([]);
});
