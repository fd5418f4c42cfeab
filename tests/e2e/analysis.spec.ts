// The analysis views on the seeds, counts worked out by hand:
//
// - 营商环境: the word tagged by hand in seed 000 (it also gets 人才), then tag-all at sentence
//   extent: 22 passages — 000: 6, 002: 4, 003: 1, 004: 11 (as themes.spec.ts counts them).
// - 人才: the hand-tagged word, then its 26 mentions tagged one by one (mention extent):
//   000: 6, 001: 12, 002: 1, 003: 7 (grep of the seeds), 27 passages in 4 articles.
// - Co-occurrence: one passage has both; both themes occur in 000, 002 and 003 (3 articles).
// - Timeline: only seed 002 has a date (2023-06-20): 营商环境 4 passages in 2023 and 18 with
//   no date; 人才 1 in 2023 and 26 with no date.
// - Concordance of 高质量发展: 7 mentions (000: 1, 002: 2, 003: 2, 004: 2 written 高質量發展),
//   sorted by the right context: 。, 。固…, “1+1>2”…, then by pinyin 的 (de), 热 (rè), 提 (tí), 之 (zhī).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { chooseScript, closeReadingSettings, readingSettings, REPO, reader, useWebHost, selectText, tagWithTheme, themesDialog, themeList } from './harness.ts';

const web = useWebHost();
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const TITLE_000 = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';



test('co-occurrence, timeline and concordance show the counts of the tagged seeds', async () => {
  test.setTimeout(120_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);

  // One passage with two themes.
  await selectText(page, '营商环境');
  await tagWithTheme(page, '营商环境');
  await tagWithTheme(page, '人才');

  await page.getByRole('button', { name: '主题', exact: true }).click();
  const dialog = themesDialog(page);
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（23）' })).toBeVisible();
  await dialog.getByRole('button', { name: '全部标注（23）' }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();

  await themeList(page).getByRole('button', { name: /^人才 \d+$/ }).click();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（26）' })).toBeVisible();
  await dialog.getByRole('combobox', { name: '标注范围' }).selectOption('mention');
  await dialog.getByRole('button', { name: '全部标注（26）' }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（27）' })).toBeVisible();

  // Co-occurrence: themes in name order (人才 rén before 营商环境 yíng).
  const views = dialog.getByRole('group', { name: '分析视图' });
  await views.getByRole('button', { name: '共现矩阵' }).click();
  const grid = dialog.getByRole('grid', { name: '共现矩阵' });
  await expect(grid.getByRole('gridcell')).toHaveText(['27', '1', '1', '22']);
  await expect(grid.getByRole('gridcell', { name: '人才 × 营商环境：1 段同时标注，3 篇文章都有' })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '营商环境：22 段，4 篇文章' })).toBeVisible();
  await dialog.getByRole('combobox', { name: '计数', exact: true }).selectOption('articles');
  await expect(grid.getByRole('gridcell')).toHaveText(['4', '3', '3', '4']);
  // Keyboard: the first cell is in the tab order, arrows move, Enter lists the passages.
  await grid.getByRole('gridcell').first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(grid.getByRole('gridcell', { name: /^人才 × 营商环境/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: '人才 × 营商环境：1 段' })).toBeVisible();
  const cellPassages = dialog.getByRole('region', { name: '人才 × 营商环境：1 段' }).getByRole('button');
  await expect(cellPassages).toHaveCount(1);
  await expect(cellPassages.locator('mark')).toHaveText(['营商环境']);
  await page.screenshot({ path: join(SHOTS, 'analysis-cooccurrence.png') });

  // Timeline: by year, then by month; the numbers as a table.
  await views.getByRole('button', { name: '时间线' }).click();
  await dialog.locator('summary', { hasText: '时间线数据表' }).click();
  const table = dialog.getByRole('table', { name: '时间线数据表' });
  await expect(table.getByRole('columnheader')).toHaveText(['主题', '2023', '无日期']);
  await expect(table.getByRole('row', { name: /人才/ }).getByRole('cell')).toHaveText(['1', '26']);
  await expect(table.getByRole('row', { name: /营商环境/ }).getByRole('cell')).toHaveText(['4', '18']);
  await dialog.getByRole('combobox', { name: '时间单位', exact: true }).selectOption('month');
  await expect(table.getByRole('columnheader')).toHaveText(['主题', '2023-06', '无日期']);
  await page.screenshot({ path: join(SHOTS, 'analysis-timeline.png') });

  // Concordance of a third theme, sorted by the right context.
  await themeList(page).getByRole('combobox', { name: '新主题' }).fill('高质量发展');
  await themeList(page).getByRole('button', { name: '添加', exact: true }).click();
  await views.getByRole('button', { name: '语境索引' }).click();
  await dialog.getByRole('combobox', { name: '主题', exact: true }).selectOption({ label: '高质量发展' });
  await expect(dialog.getByRole('status').filter({ hasText: '7 处提及' })).toBeVisible();
  const lines = dialog.getByRole('list', { name: '语境索引' }).getByRole('button');
  await expect(lines.locator('.kwic-keyword')).toHaveText(['高质量发展', '高质量发展', '高質量發展', '高质量发展', '高质量发展', '高質量發展', '高质量发展']);
  const rightStarts = async () => (await lines.locator('.kwic-right').allTextContents()).map((s) => s.slice(0, 2));
  expect(await rightStarts()).toEqual(['。', '。固', '“1', '的重', '热潮', '提供', '之变']);
  await page.screenshot({ path: join(SHOTS, 'analysis-concordance.png') });
  // By the left context, nearest character first: 的 (de) 会 (huì) 济 濟 (jì, either order) 清 (qīng) 掀 (xiān) 現 (xiàn).
  await dialog.getByRole('combobox', { name: '排序', exact: true }).selectOption('left');
  await expect(lines.locator('.kwic-left').first()).toHaveText(/的$/);
  const nearest = (await lines.locator('.kwic-left').allTextContents()).map((s) => s.slice(-1));
  expect([...nearest.slice(0, 2), nearest.slice(2, 4).sort().join(''), ...nearest.slice(4)]).toEqual(['的', '会', ['济', '濟'].sort().join(''), '清', '掀', '現']);
  // A line opens its article at the mention.
  await lines.first().click();
  await expect(dialog).toBeHidden();
});

test('at 600 px in the dark scheme a matrix of thirteen themes, wider than the dialog, scrolls in its own region, the page does not', async () => {
  test.setTimeout(90_000);
  const { page } = await web.open();
  await page.setViewportSize({ width: 600, height: 800 });
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  const settings = await readingSettings(page);
  await settings.getByRole('radio', { name: '深色' }).check();
  await closeReadingSettings(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.getByRole('button', { name: '主题', exact: true }).click();
  const dialog = themesDialog(page);
  // Thirteen themes, typed as a user would.
  for (const name of ['营商环境', '招商引资', '人才', '乡村振兴', '数字经济', '高质量发展', '共同富裕', '项目建设', '科技创新', '城市有机更新', '绿色发展', '文化旅游', '基层治理']) {
    const input = themeList(page).getByRole('combobox', { name: '新主题' });
    await input.fill(name);
    await input.press('Enter');
    await expect(dialog.getByRole('heading', { name: `#${name}` })).toBeVisible();
  }
  await expect(themeList(page).locator('.theme-item-name')).toHaveCount(13);
  await dialog.getByRole('group', { name: '分析视图' }).getByRole('button', { name: '共现矩阵' }).click();
  const grid = dialog.getByRole('grid', { name: '共现矩阵' });
  await expect(grid.getByRole('gridcell')).toHaveCount(169);
  const region = grid.locator('xpath=..');
  const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, page: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(sizes.scroll).toBeGreaterThan(sizes.client);
  expect(sizes.page).toBeLessThanOrEqual(sizes.view);
  const box = (await dialog.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(600);
  // The last cell is reached from the keyboard, scrolled into the region.
  await grid.getByRole('gridcell').first().focus();
  await page.keyboard.press('End');
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
  await expect(grid.getByRole('gridcell').last()).toBeFocused();
  await expect(grid.getByRole('gridcell').last()).toBeInViewport();
  await page.screenshot({ path: join(SHOTS, 'analysis-cooccurrence-600-dark.png') });
});

test('a concordance of hundreds of lines draws only those in view, reaches the last from the keyboard, in the reading script', async () => {
  test.setTimeout(90_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  await chooseScript(page, '简体');
  await page.getByRole('button', { name: '主题', exact: true }).click();
  const dialog = themesDialog(page);
  const input = themeList(page).getByRole('combobox', { name: '新主题' });
  await input.fill('的');
  await input.press('Enter');
  await expect(dialog.getByRole('heading', { name: '#的' })).toBeVisible();
  await dialog.getByRole('group', { name: '分析视图' }).getByRole('button', { name: '语境索引' }).click();
  // 229: `grep -o 的` over the five seeds.
  await expect(dialog.getByRole('status').filter({ hasText: '229 处提及' })).toBeVisible();
  const list = dialog.getByRole('list', { name: '语境索引' });
  const drawn = await list.locator('li[data-index]').count();
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(229);
  await list.getByRole('button').first().focus();
  await page.keyboard.press('End');
  const last = list.locator('li[aria-posinset="229"] button');
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(list.locator('li[aria-posinset="1"] button')).toBeFocused();

  // By article, the last lines are seed 004's, written in traditional script: shown in 简体
  // (its 濉溪縣 as 濉溪县), the keyword still aligned in its own column.
  await dialog.getByRole('combobox', { name: '排序', exact: true }).selectOption('article');
  await list.getByRole('button').first().focus();
  await page.keyboard.press('End');
  await expect(last).toBeFocused();
  await expect(last.locator('.kwic-article')).toContainText('安徽濉溪县');
  const shown = (await list.getByRole('button').allTextContents()).join('');
  expect(shown).toContain('濉溪县');
  expect(shown).not.toContain('縣');
});
