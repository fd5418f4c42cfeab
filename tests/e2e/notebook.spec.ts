// The notebook through the real renderer and web host: five annotations on four seeds (one in
// the traditional seed 004, written 營商環境), stored the way a used profile holds them. Opened
// by its key and from the command palette; filtered by colour and note; searched across scripts
// (营商环境 and 營商環境 find the same three rows); three rows chosen by click and Shift+click,
// recoloured and deleted as one step each, Ctrl+Z bringing them back and then their colours; a
// row opened at its passage; the arrow keys move between rows. axe in light and dark, and
// screenshots at 600 and 1440 px wide.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintText } from '../../src-main/library/decode.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { AnnotationRecord, TagRecord } from '../../src-renderer/db/records.ts';
import { putRows } from '../support/rawIndexedDb.ts';
import { REPO, highlightTexts, reader, useWebHost } from './harness.ts';

const web = useWebHost();
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const TITLE_004 = '在縣域經濟爭先進位“群馬圖”上，今年的安徽濉溪縣，一組數據令人印象深刻';
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 10);

const THEME: TagRecord = { id: 'tag-biz', key: '营商环境', name: '营商环境', aliases: [], color: 'blue', description: '', parentId: null, updatedAt: BASE, deletedAt: null };

/** An annotation on the first `phrase` of a seed, as the app would store it. */
function annotation(id: string, file: string, phrase: string, color: string, note: string, tagIds: string[], day: number): AnnotationRecord {
  const raw = readFileSync(join(REPO, 'seeds', file), 'utf8');
  const canonical = loadArticle(raw, { fileName: file }).clean.text;
  const start = canonical.indexOf(phrase);
  if (start < 0) throw new Error(`${phrase} is not in ${file}`);
  return {
    id,
    articleKey: file,
    fingerprint: fingerprintText(raw),
    cleanVersion: CLEAN_VERSION,
    ...describeRange(canonical, { start, end: start + phrase.length }),
    color,
    style: 'highlight',
    note,
    tagIds,
    createdAt: BASE + day * DAY,
    updatedAt: BASE + day * DAY,
    deletedAt: null,
  };
}

const ROWS = [
  annotation('nb-000', '000_5cd884f326e428d3.txt', '营商环境', 'yellow', '', [], 1),
  annotation('nb-001', '001_95138ed665849f79.txt', '2022全年地区生产总值582.4亿元', 'pink', '产值', [], 2),
  annotation('nb-002', '002_28af22508236589b.txt', '营商环境', 'blue', '', [THEME.id], 3),
  annotation('nb-003', '003_8e5f95533d67e5a9.txt', '不负韶华，以梦为马', 'yellow', '', [], 4),
  annotation('nb-004', '004_aae446356b5cda58.txt', '營商環境', 'green', '**重点**：縣域', [], 5),
];

const notebook = (page: Page) => page.getByRole('dialog', { name: '笔记本' });
const rows = (page: Page) => notebook(page).getByRole('list', { name: '标注列表' }).getByRole('listitem');
const count = (page: Page) => notebook(page).locator('.notebook-head .nb-count');

async function seeded(): Promise<Page> {
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
  await putRows(page, { tags: [THEME], annotations: ROWS });
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the notebook: open by key and palette, filter, search across scripts, recolour and delete many, undo, open at the passage', async () => {
  test.setTimeout(120_000);
  const page = await seeded();

  // Ctrl+Shift+B opens it with every annotation of the library, in article order; Esc closes.
  await page.keyboard.press('Control+Shift+B');
  await expect(notebook(page)).toBeVisible();
  await expect(count(page)).toHaveText('5 / 5 条标注');
  await expect(rows(page).locator('.nb-quote')).toHaveText(['营商环境', '2022全年地区生产总值582.4亿元', '营商环境', '不负韶华，以梦为马', '營商環境']);
  // A note is drawn through the one Markdown path: bold is bold, no stars.
  await expect(rows(page).nth(4).locator('.nb-note strong')).toHaveText('重点');
  await expect(rows(page).nth(2).locator('.nb-tag')).toHaveText('#营商环境');
  await page.keyboard.press('Escape');
  await expect(notebook(page)).toBeHidden();

  // From the command palette by name.
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByRole('dialog', { name: '命令面板' });
  await palette.getByRole('combobox', { name: '输入命令名称' }).fill('笔记本');
  await palette.getByRole('combobox', { name: '输入命令名称' }).press('Enter');
  await expect(notebook(page)).toBeVisible();

  // Filters: colour, then note.
  const nb = notebook(page);
  await nb.getByRole('combobox', { name: '颜色', exact: true }).selectOption({ label: '黄色' });
  await expect(count(page)).toHaveText('2 / 5 条标注');
  await expect(rows(page).locator('.nb-quote')).toHaveText(['营商环境', '不负韶华，以梦为马']);
  await nb.getByRole('button', { name: '清除筛选' }).click();
  await nb.getByRole('combobox', { name: '笔记' }).selectOption({ label: '有笔记' });
  await expect(rows(page).locator('.nb-quote')).toHaveText(['2022全年地区生产总值582.4亿元', '營商環境']);
  await nb.getByRole('button', { name: '清除筛选' }).click();
  // A theme.
  await nb.getByRole('combobox', { name: '主题', exact: true }).selectOption({ label: '营商环境' });
  await expect(rows(page).locator('.nb-quote')).toHaveText(['营商环境']);
  await expect(rows(page).locator('.nb-article')).toHaveText(['德清：创新为翼攀高峰']);
  await nb.getByRole('button', { name: '清除筛选' }).click();

  // Search across scripts: either writing finds the simplified and the traditional rows.
  const search = nb.getByRole('searchbox', { name: '搜索摘录和笔记' });
  await search.fill('營商環境');
  await expect(count(page)).toHaveText('3 / 5 条标注');
  await expect(rows(page).locator('.nb-quote')).toHaveText(['营商环境', '营商环境', '營商環境']);
  await search.fill('营商环境');
  await expect(rows(page).locator('.nb-quote')).toHaveText(['营商环境', '营商环境', '營商環境']);
  // In notes too, across scripts (the note says 縣域).
  await search.fill('县域');
  await expect(rows(page).locator('.nb-quote')).toHaveText(['營商環境']);
  await search.fill('营商环境');

  // Choose the three: click the first, Shift+click the last.
  await rows(page).nth(0).getByRole('checkbox').click();
  await rows(page).nth(2).getByRole('checkbox').click({ modifiers: ['Shift'] });
  await expect(nb.getByText('已选 3 条')).toBeVisible();
  await nb.getByRole('combobox', { name: '改成颜色' }).selectOption({ label: '紫色' });
  await nb.getByRole('button', { name: '改颜色', exact: true }).click();
  await expect(rows(page).locator('.nb-swatch.swatch-purple')).toHaveCount(3);

  // Delete them: one step, which Ctrl+Z takes back whole, and a second Ctrl+Z the colours.
  await nb.getByRole('button', { name: '删除', exact: true }).click();
  await expect(count(page)).toHaveText('0 / 2 条标注');
  await search.fill('');
  await expect(rows(page).locator('.nb-quote')).toHaveText(['2022全年地区生产总值582.4亿元', '不负韶华，以梦为马']);
  await nb.getByRole('button', { name: '清除筛选' }).focus();
  await page.keyboard.press('Control+z');
  await expect(count(page)).toHaveText('5 / 5 条标注');
  await expect(rows(page).locator('.nb-swatch.swatch-purple')).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(rows(page).locator('.nb-swatch.swatch-purple')).toHaveCount(0);
  await expect(rows(page).locator('.nb-swatch')).toHaveClass([/swatch-yellow/, /swatch-pink/, /swatch-blue/, /swatch-yellow/, /swatch-green/]);
  // The store says the same after a reload (the rows are live again, in their colours).
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Control+Shift+B');
  await expect(count(page)).toHaveText('5 / 5 条标注');
  await expect(rows(page).locator('.nb-swatch')).toHaveClass([/swatch-yellow/, /swatch-pink/, /swatch-blue/, /swatch-yellow/, /swatch-green/]);

  // Arrow keys move between rows; Enter opens the row at its passage.
  await rows(page).nth(0).locator('.nb-open').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(rows(page).nth(4).locator('.nb-open')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(notebook(page)).toBeHidden();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_004);
  // The passage is flashed where the annotation anchors.
  await expect.poll(() => highlightTexts(page, 'pizhu-reveal')).toEqual(['營商環境']);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme} scheme: the notebook has no serious accessibility violation; screenshots at 1440 and 600 px`, async () => {
    test.setTimeout(90_000);
    const page = await seeded();
    if (scheme === 'dark') {
      await page.keyboard.press('Control+Shift+P');
      const palette = page.getByRole('combobox', { name: '输入命令名称' });
      await palette.fill('深色');
      await palette.press('Enter');
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('Control+Shift+B');
    await expect(count(page)).toHaveText('5 / 5 条标注');
    await rows(page).nth(1).getByRole('checkbox').check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    expect(await seriousViolations(page)).toEqual([]);
    // Each row's colour mark is the solid colour (as the pane's bars and the toolbar's swatches),
    // not a highlight's see-through tint, which on the page's background hardly tells one from another.
    const marks = await rows(page).locator('.nb-swatch').evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    expect(marks).toHaveLength(5);
    for (const mark of marks) expect(mark, 'an opaque colour').toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    await page.screenshot({ path: join(SHOTS, `notebook-1440-${scheme}.png`) });
    await page.setViewportSize({ width: 600, height: 800 });
    // Only the list scrolls: the document is as tall as the window.
    await expect.poll(() => page.evaluate(() => document.scrollingElement!.scrollHeight)).toBe(800);
    await expect(rows(page).first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `notebook-600-${scheme}.png`) });
  });
}
