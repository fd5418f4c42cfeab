// axe-core (WCAG 2.0/2.1 A and AA rules) over every window a reader works in, in the light
// and the dark colour scheme: the reader with highlights, notes and the annotation pane open,
// the reading settings, the overflow menu, the export dialog, the themes window (a theme page
// with passages, the co-occurrence matrix, the timeline, the concordance, the theme map) and a
// 600 px window with a pane open as a drawer. No violation of impact serious or critical.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnnotations } from '../bench/chromium.ts';
import { closeReadingSettings, readingSettings, reader, useWebHost, putRowsOnceStarted } from './harness.ts';

const web = useWebHost();
const SEED = '000_5cd884f326e428d3.txt';
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Finding {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Runs axe on the page as it stands and lists serious and critical findings, readable in a test failure. */
async function seriousViolations(page: Page): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    }));
}

async function expectAccessible(page: Page, scene: string): Promise<void> {
  const found = await seriousViolations(page);
  const report = found.map((f) => `${f.rule} (${f.impact}): ${f.help}\n    ${f.nodes.join('\n    ')}`).join('\n');
  expect.soft(found.map((f) => f.rule), `${scene}: serious or critical accessibility violations\n${report}`).toEqual([]);
}

const themesDialog = (page: Page) => page.getByRole('dialog', { name: '主题' });
const themeList = (page: Page) => themesDialog(page).getByRole('navigation', { name: '主题列表' });

async function addTheme(page: Page, name: string): Promise<void> {
  const input = themeList(page).getByRole('combobox', { name: '新主题' });
  await input.fill(name);
  await input.press('Enter');
  await expect(themesDialog(page).getByRole('heading', { name: `#${name}` })).toBeVisible();
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme} scheme: the reader, its popovers, export, themes and a narrow window have no serious accessibility violation`, async () => {
    test.setTimeout(240_000);
    const { page } = await web.open();
    await expect(page.getByRole('toolbar').first()).toBeVisible();
    // Six highlights and underlines in all colours, two with notes, as a used profile holds them.
    const raw = readFileSync(join(web.host().libraryDir, SEED), 'utf8');
    const rows = benchAnnotations(raw, 6).map((r) => ({ ...r, articleKey: SEED }));
    await putRowsOnceStarted(page, {
      annotations: rows,
      settings: [
        { key: 'lastArticleKey', value: SEED },
        { key: 'annotationsPane', value: true },
        { key: 'theme', value: scheme },
      ],
    });
    await page.reload();
    await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const pane = page.getByRole('complementary', { name: '标注' });
    await expect(pane.getByRole('list', { name: '本文标注' }).getByRole('listitem')).toHaveCount(rows.length);
    await expectAccessible(page, `${scheme}: reader with highlights and the annotation pane`);

    const settings = await readingSettings(page);
    await expect(settings.getByRole('radio', { name: scheme === 'dark' ? '深色' : '浅色' })).toBeChecked();
    await expectAccessible(page, `${scheme}: reading settings`);
    await closeReadingSettings(page);

    await page.getByRole('button', { name: '更多命令' }).click();
    const menu = page.getByRole('menu', { name: '更多命令' });
    await expect(menu).toBeVisible();
    await expectAccessible(page, `${scheme}: overflow menu`);
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();

    await page.keyboard.press('Control+Shift+P');
    const palette = page.getByRole('dialog', { name: '命令面板' });
    await expect(palette).toBeVisible();
    await palette.getByRole('combobox').fill('色');
    await expectAccessible(page, `${scheme}: command palette`);
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();

    await page.keyboard.press('F1');
    const sheet = page.getByRole('dialog', { name: '快捷键一览' });
    await expect(sheet).toBeVisible();
    await expectAccessible(page, `${scheme}: shortcut sheet`);
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();

    await page.getByRole('button', { name: '导出', exact: true }).click();
    const exportDialog = page.getByRole('dialog', { name: '导出与备份' });
    await expect(exportDialog).toBeVisible();
    await expectAccessible(page, `${scheme}: export dialog`);
    await page.keyboard.press('Escape');
    await expect(exportDialog).toBeHidden();

    // Themes: one with all its mentions tagged (a page of passages) and one with untagged mentions.
    await page.getByRole('button', { name: '主题', exact: true }).click();
    const dialog = themesDialog(page);
    await expect(dialog).toBeVisible();
    await addTheme(page, '营商环境');
    await dialog.getByRole('button', { name: /^全部标注（\d+）$/ }).click();
    await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();
    await addTheme(page, '人才');
    await expect(dialog.getByRole('heading', { name: /^未标注的提及（\d+）$/ })).toBeVisible();
    await expectAccessible(page, `${scheme}: theme page with untagged mentions`);
    await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
    await expect(dialog.getByRole('region', { name: TITLE }).locator('.theme-quote').first()).toBeVisible();
    await expectAccessible(page, `${scheme}: theme page with passages`);

    const views = dialog.getByRole('group', { name: '分析视图' });
    await views.getByRole('button', { name: '共现矩阵' }).click();
    await expect(dialog.getByRole('grid', { name: '共现矩阵' }).getByRole('gridcell')).toHaveCount(4);
    await expectAccessible(page, `${scheme}: co-occurrence matrix`);

    await views.getByRole('button', { name: '时间线' }).click();
    await dialog.locator('summary', { hasText: '时间线数据表' }).click();
    await expect(dialog.getByRole('table', { name: '时间线数据表' })).toBeVisible();
    await expectAccessible(page, `${scheme}: timeline`);

    await views.getByRole('button', { name: '语境索引' }).click();
    await dialog.getByRole('combobox', { name: '主题', exact: true }).selectOption({ label: '营商环境' });
    await expect(dialog.getByRole('list', { name: '语境索引' }).getByRole('button').first()).toBeVisible();
    await expectAccessible(page, `${scheme}: concordance`);

    await themeList(page).getByRole('button', { name: '主题地图' }).click();
    await expect(dialog.getByRole('button', { name: /营商环境：已标注 \d+，未标注 \d+/ }).first()).toBeVisible();
    await expectAccessible(page, `${scheme}: theme map`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // 600 px: the panes give way as drawers; the annotations drawer open over the text.
    await page.setViewportSize({ width: 600, height: 800 });
    await expect(page.locator('.panes').getByRole('complementary', { name: '标注' })).toHaveCount(0);
    await page.getByRole('button', { name: '显示标注', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: '标注' });
    // The tag-all above made highlights of its own in this article.
    await expect(drawer.getByRole('list', { name: '本文标注' }).getByRole('listitem').first()).toBeVisible();
    await expectAccessible(page, `${scheme}: 600 px with the annotations drawer`);
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    await page.getByRole('button', { name: '显示目录', exact: true }).click();
    await expect(page.getByRole('dialog', { name: '目录' })).toBeVisible();
    await expectAccessible(page, `${scheme}: 600 px with the outline drawer`);
  });
}
