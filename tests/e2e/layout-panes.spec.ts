// The window at four sizes with the outline and annotation panes open and 30 highlights:
// the text keeps a readable line (≥ 30 characters) or the panes give way as drawers, the
// document never scrolls, the toolbar is one row from 1024 px in every UI language, drawers
// and focus mode work from the keyboard. Screenshots of each size, light and dark, go to
// tests/artifacts/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnnotations } from '../bench/chromium.ts';
import { newProfileDir, openBrowser, putRowsOnceStarted, REPO, storedSetting, useWebHost } from './harness.ts';

const web = useWebHost();
const SEED = '001_95138ed665849f79.txt';
const SHOTS = join(REPO, 'tests/artifacts/screenshots');

/** Characters a line of the article's first body paragraph holds: its width over its font size. */
const lineChars = (page: Page) =>
  page.locator('.article-body p').first().evaluate((p) => {
    const size = parseFloat(getComputedStyle(p).fontSize);
    return Math.floor(p.getBoundingClientRect().width / size);
  });

const documentScroll = (page: Page) =>
  page.evaluate(() => ({ scrollHeight: document.scrollingElement!.scrollHeight, innerHeight: window.innerHeight, scrollTop: document.scrollingElement!.scrollTop }));

/** Panes on screen in the pane grid, by their landmarks: the docked ones where no drawer is open (a closed pane is hidden). */
const docked = (page: Page) => ({
  library: page.locator('.panes').getByRole('navigation', { name: '文章列表' }),
  outline: page.locator('.panes').getByRole('navigation', { name: '目录' }),
  annotations: page.locator('.panes').getByRole('complementary', { name: '标注' }),
});


/** Whether the library's filter field shows the whole of its hint (its placeholder, put in as text to measure it). */
const filterHintFits = (page: Page) =>
  page.locator('.panes').getByRole('searchbox').first().evaluate((input: HTMLInputElement) => {
    const before = input.value;
    input.value = input.placeholder;
    const fits = input.scrollWidth <= input.clientWidth;
    input.value = before;
    return fits;
  });

/** Every control of the toolbar sits on one line: their vertical centres agree within a pixel or two. */
async function toolbarRows(page: Page): Promise<number> {
  const centres = await page
    .getByRole('toolbar')
    .first()
    .locator(':scope > button, :scope > select, :scope > .brand')
    .evaluateAll((els) => els.map((el) => Math.round((el.getBoundingClientRect().top + el.getBoundingClientRect().bottom) / 2)));
  const rows: number[] = [];
  for (const c of centres) if (!rows.some((r) => Math.abs(r - c) <= 2)) rows.push(c);
  return rows.length;
}

// Expected docking by hand from the widths the layout uses (library 250, annotations 300,
// outline 180 px, 2×32 px gutter, 16 px scrollbar) at the default 19 px font, 30 characters
// at least: 1440 px leaves 630 px (33 characters) beside all three; 1024 px has room for one.
const SIZES = [
  { width: 600, height: 800, docked: [] as string[] },
  { width: 800, height: 700, docked: [] as string[] },
  { width: 1024, height: 700, docked: ['library'] },
  { width: 1440, height: 900, docked: ['library', 'annotations', 'outline'] },
];

for (const size of SIZES) {
  test(`${size.width}×${size.height}, outline and annotations open, 30 highlights: a readable line or drawers, no document scroll`, async () => {
    const raw = readFileSync(join(web.host().libraryDir, SEED), 'utf8');
    const rows = benchAnnotations(raw, 30).map((r) => ({ ...r, articleKey: SEED }));
    const session = await openBrowser(web.host(), newProfileDir(), { viewport: { width: size.width, height: size.height } });
    try {
      const { page } = session;
      await expect(page.getByRole('toolbar')).toBeVisible();
      await putRowsOnceStarted(page, {
        annotations: rows,
        settings: [
          { key: 'outlinePane', value: true },
          { key: 'annotationsPane', value: true },
          { key: 'lastArticleKey', value: SEED },
        ],
      });
      await page.reload();
      await expect(page.locator('.article-body p').first()).toBeVisible();
      const panes = docked(page);
      for (const [name, pane] of Object.entries(panes)) {
        if (size.docked.includes(name)) await expect(pane, `${name} docked`).toBeVisible();
        else await expect(pane, `${name} is a drawer, not beside the text`).toHaveCount(0);
      }
      if (size.docked.length > 0) expect(await lineChars(page)).toBeGreaterThanOrEqual(30);
      if (size.docked.includes('annotations')) await expect(panes.annotations.getByRole('list', { name: '本文标注' }).getByRole('listitem')).not.toHaveCount(0);

      // The wheel over every region on screen leaves the document where it is.
      const regions = [page.locator('.app-header'), page.getByRole('main'), ...Object.values(panes)];
      for (const region of regions) {
        if ((await region.count()) === 0) continue;
        const box = (await region.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 20));
        for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 600);
      }
      const after = await documentScroll(page);
      expect(after.scrollHeight).toBe(after.innerHeight);
      expect(after.scrollTop).toBe(0);

      // A pane that is not docked opens as a drawer from its toggle, by keyboard, and Esc gives focus back.
      for (const [name, label, role] of [
        ['annotations', '显示标注', 'complementary'],
        ['outline', '显示目录', 'navigation'],
      ] as const) {
        if (size.docked.length > 0) continue;
        const toggle = page.getByRole('button', { name: label, exact: true });
        await expect(toggle).toHaveAttribute('aria-pressed', 'false');
        await toggle.focus();
        await page.keyboard.press('Enter');
        const drawer = page.getByRole('dialog', { name: name === 'annotations' ? '标注' : '目录' });
        await expect(drawer).toBeVisible();
        await expect(drawer.getByRole(role, { name: name === 'annotations' ? '标注' : '目录' })).toBeVisible();
        expect(await drawer.evaluate((d) => d.contains(document.activeElement)), 'focus moved into the drawer').toBe(true);
        // Over the text, not beside it: the reader keeps its whole width under the scrim.
        const drawerBox = (await drawer.boundingBox())!;
        const mainBox = (await page.getByRole('main').boundingBox())!;
        expect(drawerBox.x < mainBox.x + mainBox.width && drawerBox.x + drawerBox.width > mainBox.x).toBe(true);
        await expect(toggle).toHaveAttribute('aria-pressed', 'true');
        await page.screenshot({ path: join(SHOTS, `layout-${size.width}x${size.height}-drawer-${name}.png`) });
        // The wheel over an open drawer scrolls the drawer's pane at most, never the document.
        await page.mouse.move(drawerBox.x + drawerBox.width / 2, drawerBox.y + drawerBox.height / 2);
        for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 600);
        expect((await documentScroll(page)).scrollTop).toBe(0);
        expect((await documentScroll(page)).scrollHeight).toBe(size.height);
        await page.keyboard.press('Escape');
        await expect(drawer).toHaveCount(0);
        await expect(toggle).toBeFocused();
      }

      // Where one pane has room, the one asked for takes it: the library gives way as a drawer.
      if (size.docked.length === 1) {
        await page.getByRole('button', { name: '显示标注', exact: true }).focus();
        await page.keyboard.press('Enter');
        await expect(panes.annotations).toBeVisible();
        await expect(panes.library).toHaveCount(0);
        await expect(page.getByRole('button', { name: '显示文库' })).toHaveAttribute('aria-pressed', 'false');
        expect(await lineChars(page)).toBeGreaterThanOrEqual(30);
      }

      for (const scheme of ['light', 'dark'] as const) {
        if (scheme === 'dark') {
          await page.getByRole('button', { name: '阅读设置' }).click();
          const settings = page.getByRole('dialog', { name: '阅读设置' });
          await settings.getByRole('radio', { name: '深色' }).check();
          // The popover stays inside the window at every width.
          const box = (await settings.boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(size.width);
          expect(box.y + box.height).toBeLessThanOrEqual(size.height);
          await page.screenshot({ path: join(SHOTS, `layout-${size.width}x${size.height}-reading-settings.png`) });
          await page.keyboard.press('Escape');
          await expect(settings).toBeHidden();
          await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
        }
        await page.screenshot({ path: join(SHOTS, `layout-${size.width}x${size.height}-${scheme}.png`) });
      }
    } finally {
      await session.close();
    }
  });
}

for (const width of [1024, 1440]) {
  test(`at ${width} px the toolbar is one row in 简体中文, 繁體中文 and English`, async () => {
    const session = await openBrowser(web.host(), newProfileDir(), { viewport: { width, height: 700 } });
    try {
      const { page } = session;
      await expect(page.getByRole('toolbar')).toBeVisible();
      expect(await toolbarRows(page)).toBe(1);
      expect(await filterHintFits(page), 'the library filter shows its whole hint').toBe(true);
      await page.getByRole('combobox', { name: '界面语言' }).selectOption('zh-Hant');
      await expect(page.getByRole('button', { name: '顯示目錄' })).toBeVisible();
      expect(await toolbarRows(page)).toBe(1);
      expect(await filterHintFits(page)).toBe(true);
      await page.getByRole('combobox', { name: '介面語言' }).selectOption('en');
      await expect(page.getByRole('button', { name: 'Show contents' })).toBeVisible();
      expect(await toolbarRows(page)).toBe(1);
      expect(await filterHintFits(page)).toBe(true);
      // The topic themes and the colour schemes are told apart in every language.
      await page.getByRole('button', { name: 'Reading settings' }).click();
      await expect(page.getByRole('dialog', { name: 'Reading settings' }).getByRole('group', { name: 'Colour scheme' })).toBeVisible();
      await page.screenshot({ path: join(SHOTS, `toolbar-${width}-en-reading-settings.png`) });
      await page.keyboard.press('Escape');
      await expect(page.getByRole('button', { name: 'Themes', exact: true })).toBeVisible();
      await page.screenshot({ path: join(SHOTS, `toolbar-${width}-en.png`) });
    } finally {
      await session.close();
    }
  });
}

test('focus mode: F hides every pane and the toolbar, F or Esc brings them back', async () => {
  const session = await openBrowser(web.host(), newProfileDir(), { viewport: { width: 1440, height: 900 } });
  try {
    const { page } = session;
    const toolbar = page.getByRole('toolbar').first();
    await expect(docked(page).library).toBeVisible();
    await page.getByRole('main').focus();
    await page.keyboard.press('f');
    await expect(toolbar).toBeHidden();
    await expect(docked(page).library).toHaveCount(0);
    await expect(page.getByRole('main')).toBeVisible();
    await page.screenshot({ path: join(SHOTS, 'layout-focus-mode.png') });
    await page.keyboard.press('f');
    await expect(toolbar).toBeVisible();
    await expect(docked(page).library).toBeVisible();
    await page.keyboard.press('f');
    await expect(toolbar).toBeHidden();
    await page.keyboard.press('Escape');
    await expect(toolbar).toBeVisible();
    // The overflow menu names it too, and is worked by arrow keys.
    const more = page.getByRole('button', { name: '更多命令' });
    await more.focus();
    await page.keyboard.press('ArrowDown');
    const menu = page.getByRole('menu', { name: '更多命令' });
    await expect(menu.getByRole('menuitem', { name: /专注模式/ })).toBeFocused();
    await page.keyboard.press('End');
    await expect(menu.getByRole('menuitem', { name: '关于批注' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: /专注模式/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(toolbar).toBeHidden();
    await page.getByRole('button', { name: '退出专注模式' }).click();
    await expect(toolbar).toBeVisible();
  } finally {
    await session.close();
  }
});

test('pane toggles are remembered: a closed library stays closed after a restart, the text column widens', async () => {
  const profile = newProfileDir();
  let session = await openBrowser(web.host(), profile, { viewport: { width: 1440, height: 900 } });
  try {
    const { page } = session;
    await expect(docked(page).library).toBeVisible();
    await page.getByRole('button', { name: '显示文库' }).click();
    await expect(docked(page).library).toHaveCount(0);
    await expect(page.getByRole('button', { name: '显示文库' })).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => storedSetting(page, 'libraryPane')).toBe(false);
  } finally {
    await session.close();
  }
  session = await openBrowser(web.host(), profile, { viewport: { width: 1440, height: 900 } });
  try {
    const { page } = session;
    await expect(page.getByRole('main').locator('.article-body p').first()).toBeVisible();
    await expect(docked(page).library).toHaveCount(0);
    await expect(page.getByRole('button', { name: '显示文库' })).toHaveAttribute('aria-pressed', 'false');
  } finally {
    await session.close();
  }
});

test('at 800 px, keyboard only: N on a selection opens the annotations drawer at the note, Esc saves it and returns to the text', async () => {
  const session = await openBrowser(web.host(), newProfileDir(), { viewport: { width: 800, height: 700 } });
  try {
    const { page } = session;
    await expect(page.locator('.article-body p').first()).toBeVisible();
    // The caret at the start of the first body paragraph (the keyboard equivalent of a click), then Shift+Arrow.
    const first = await page.locator('.article-body p [data-v]').first().evaluate((el) => {
      document.getElementById('reader')!.focus({ preventScroll: true });
      document.getSelection()!.collapse(el.firstChild!, 0);
      return (el.firstChild as Text).data.slice(0, 4);
    });
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
    expect(await page.evaluate(() => document.getSelection()!.toString())).toBe(first);
    await page.keyboard.press('h');
    await page.keyboard.press('n');
    const drawer = page.getByRole('dialog', { name: '标注' });
    await expect(drawer).toBeVisible();
    const editor = drawer.getByRole('textbox', { name: '笔记' });
    await expect(editor).toBeFocused();
    await page.keyboard.type('抽屉里写的笔记');
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    await expect(page.getByRole('main')).toBeFocused();
    await page.getByRole('button', { name: '显示标注', exact: true }).click();
    await expect(page.getByRole('dialog', { name: '标注' })).toContainText('抽屉里写的笔记');
  } finally {
    await session.close();
  }
});

test('at 800 px a choice made in a drawer closes it: an article from the library, a heading from the outline', async () => {
  const session = await openBrowser(web.host(), newProfileDir(), { viewport: { width: 800, height: 700 } });
  try {
    const { page } = session;
    await expect(page.locator('.article-body p').first()).toBeVisible();
    const libraryToggle = page.getByRole('button', { name: '显示文库' });
    await libraryToggle.click();
    const libraryDrawer = page.getByRole('dialog', { name: '文库' });
    await libraryDrawer.getByRole('link', { name: /德清/ }).click();
    await expect(libraryDrawer).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('德清：创新为翼攀高峰');
    await expect(libraryToggle).toBeFocused();

    await page.getByRole('button', { name: '显示目录' }).click();
    const outlineDrawer = page.getByRole('dialog', { name: '目录' });
    const entry = outlineDrawer.getByRole('list').getByRole('button').nth(1);
    const heading = (await entry.textContent())!.trim();
    await entry.click();
    await expect(outlineDrawer).toHaveCount(0);
    // Focus follows the jump to the heading (not back to the toggle), and the heading is in view.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')).toContain(heading);
    await expect(page.locator(':focus')).toBeInViewport();
  } finally {
    await session.close();
  }
});

test('a note half typed in the docked annotation pane survives the window narrowing to a drawer and widening again', async () => {
  const raw = readFileSync(join(web.host().libraryDir, SEED), 'utf8');
  const rows = benchAnnotations(raw, 30).map((r) => ({ ...r, articleKey: SEED }));
  const session = await openBrowser(web.host(), newProfileDir(), { viewport: { width: 1440, height: 900 } });
  try {
    const { page } = session;
    await expect(page.getByRole('toolbar')).toBeVisible();
    await putRowsOnceStarted(page, { annotations: rows, settings: [{ key: 'annotationsPane', value: true }, { key: 'lastArticleKey', value: SEED }] });
    await page.reload();
    const pane = docked(page).annotations;
    // Far down the list: the pane has been scrolled to reach it.
    const item = pane.getByRole('list', { name: '本文标注' }).getByRole('listitem').nth(13);
    await item.getByRole('button', { name: '写笔记' }).click();
    const editor = item.getByRole('textbox', { name: '笔记' });
    await expect(editor).toBeFocused();
    await page.keyboard.type('写到一半的笔记');
    expect(await pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    // The same element, not a new one built in its place.
    await pane.evaluate((el) => el.setAttribute('data-before-resize', ''));

    await page.setViewportSize({ width: 800, height: 700 });
    const drawer = page.getByRole('dialog', { name: '标注' });
    await expect(drawer).toBeVisible();
    const inDrawer = drawer.getByRole('textbox', { name: '笔记' });
    await expect(inDrawer).toHaveValue('写到一半的笔记');
    await expect(inDrawer).toBeFocused();
    await expect(inDrawer).toBeInViewport();
    await expect(drawer.locator('[data-before-resize]')).toHaveCount(1);
    // Typing goes on where it was, and the text under the drawer is out of reach meanwhile.
    await page.keyboard.type('，接着写');
    await expect(inDrawer).toHaveValue('写到一半的笔记，接着写');
    expect(await page.getByRole('main').evaluate((el) => el.closest('[inert]') !== null)).toBe(true);

    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(drawer).toHaveCount(0);
    const back = pane.getByRole('textbox', { name: '笔记' });
    await expect(back).toHaveValue('写到一半的笔记，接着写');
    await expect(back).toBeFocused();
    await expect(page.locator('.panes [data-before-resize]')).toHaveCount(1);
    expect(await page.getByRole('main').evaluate((el) => el.closest('[inert]') !== null)).toBe(false);
    await page.keyboard.press('Escape');
    await expect(back).toHaveCount(0);
    await expect(item).toContainText('写到一半的笔记，接着写');
  } finally {
    await session.close();
  }
});
