// Export through the real UI in the web host: a passage tagged 营商环境 is exported as the
// theme in 繁體 with the interface in 繁體中文, and the downloaded file is checked; a backup
// downloads as JSON-LD and a foreign file is refused with a message.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'commonmark';
import { library, newProfileDir, reader, useWebHost, chooseScript, selectByKeyboard, tagWithTheme } from './harness.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '安吉入选“2022城市营商环境创新县（市）”名单';
/** The passage in 繁體, written out and checked against Debian's `opencc -c s2t`. */
const PASSAGE_T = '安吉入選“2022城市營商環境創新縣（市）”名單';

async function highlightWithTheme(page: Page, passage: string, theme: string, note: string): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await chooseScript(page, '原文');
  // Caret before the passage, then Shift+Arrow: what a keyboard user does.
  await selectByKeyboard(page, passage);
  await page.keyboard.press('2');
  await page.keyboard.press('n');
  const pane = page.getByRole('complementary', { name: '标注' });
  const editor = pane.getByRole('textbox', { name: '笔记' });
  await expect(editor).toBeFocused();
  await page.keyboard.type(note);
  await page.keyboard.press('Escape');
  await expect(reader(page)).toBeFocused();
  await tagWithTheme(page, theme);
  await expect(pane.getByRole('button', { name: `移除主题：${theme}` })).toBeVisible();
}

test('the theme 营商环境 exported from the UI in 繁體 downloads a Markdown file in 繁體 with the passage, note and tag', async () => {
  const { page } = await web.open(newProfileDir());
  await highlightWithTheme(page, PASSAGE, '营商环境', '**口碑**：朋友靠得住');
  await page.getByRole('combobox', { name: '界面语言' }).selectOption('zh-Hant');

  await page.getByRole('button', { name: '匯出', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '匯出與備份' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: '一個主題' }).check();
  await dialog.getByRole('combobox', { name: '匯出文字' }).selectOption({ label: '繁體' });
  await dialog.getByRole('combobox', { name: '主題' }).selectOption({ label: '營商環境' });
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '匯出 Markdown' }).click()]);
  expect(download.suggestedFilename()).toBe('營商環境.md');
  const markdown = readFileSync((await download.path())!, 'utf8');
  await expect(dialog.getByRole('status')).toHaveText('已下載 1 個檔案');

  expect(markdown).toMatch(/^---\ntitle: "營商環境"\nthemes:\n {2}- "營商環境"\ntags:\n {2}- "營商環境"\nscript: "繁體"\nexported: "\d{4}-\d\d-\d\dT[\d:.]+Z"\n---\n\n# 營商環境\n\n## 快多好省 敢爲爭先 安吉：全域競掀高質量發展熱潮\n/);
  expect(markdown).toContain('顏色：綠色 · 位置：安吉這個朋友能處還靠得住 · 第 2 段 · 主題：#營商環境');
  expect(markdown).toContain('\n> [!note] 筆記\n> **口碑**：朋友靠得住\n');
  // The quote parses back, in 繁體, from the downloaded file.
  const doc = new Parser().parse(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''));
  const walker = doc.walker();
  let event;
  const quotes: string[] = [];
  // A passage's quote is the block quote its block id follows; the note's callout is not one.
  while ((event = walker.next())) {
    const n = event.node;
    if (event.entering && n.type === 'block_quote' && n.parent?.type === 'document' && /^\^pz-/.test(n.next?.firstChild?.literal ?? '')) quotes.push(n.firstChild?.firstChild?.literal ?? '');
  }
  expect(quotes).toEqual([PASSAGE_T]);
  expect(markdown).toMatch(/\n\^pz-[0-9a-f]{8}\n/);
});

test('a backup downloads as a W3C AnnotationCollection; a foreign file is refused and says why', async () => {
  const { page, context } = await web.open(newProfileDir());
  await highlightWithTheme(page, PASSAGE, '营商环境', '备份里的笔记');
  // Copy as Markdown, from the annotation pane, in the reading script (原文 here).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.host().origin });
  await page.getByRole('complementary', { name: '标注' }).getByRole('button', { name: '复制为 Markdown' }).click();
  await expect(page.getByRole('complementary', { name: '标注' })).toContainText('已复制 Markdown');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.startsWith(`> ${PASSAGE}\n\n^pz-`), copied).toBe(true);
  expect(copied).toContain('\n\n颜色：绿色 · 位置：安吉这个朋友能处还靠得住 · 第 2 段 · 主题：#营商环境\n\n> [!note] 笔记\n> 备份里的笔记\n\n来源：快多好省');
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导出与备份' });
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '保存备份' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^pizhu-backup-\d{4}-\d\d-\d\d\.json$/);
  const backup = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { type: string; total: number; first: { items: { body: { value: string }[] }[] } };
  expect(backup.type).toBe('AnnotationCollection');
  expect(backup.total).toBe(1);
  expect(backup.first.items[0].body.map((b) => b.value)).toEqual(['备份里的笔记', '营商环境']);

  const foreign = join(newProfileDir(), 'not-ours.json');
  writeFileSync(foreign, JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', id: 'http://example.org/1', target: 'http://example.org/' }));
  await dialog.locator('input[type=file][accept^=".json"]').setInputFiles(foreign);
  await expect(dialog.getByRole('status')).toHaveText('这不是批注的备份文件，没有导入任何内容。');

  // The backup itself imports as nothing new: it is already here.
  const mine = join(newProfileDir(), 'backup.json');
  writeFileSync(mine, JSON.stringify(backup));
  await dialog.locator('input[type=file][accept^=".json"]').setInputFiles(mine);
  await expect(dialog.getByRole('status')).toHaveText('已导入：新增 0 条，更新 0 条，未变 1 条');
});
