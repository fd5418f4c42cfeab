// Exchange with QDA tools through the real UI in the web host: a passage tagged 营商环境 is
// exported as a REFI-QDA project (.qdpx) that unzips, validates against the standard's schema
// and holds the passage at the right code points; the coded passages download as XLSX that
// exceljs reads back; the .qdpx imported into an empty profile brings the theme and passage.
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { newProfileDir, openArticle, useWebHost, selectByKeyboard, tagWithTheme } from './harness.ts';
import { schemaErrors, selectionsOf, unzipped } from '../support/refiReadBack.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '安吉入选“2022城市营商环境创新县（市）”名单';
/** The passage in 繁體, as Debian's `opencc -c s2t` writes it. */
const PASSAGE_T = '安吉入選“2022城市營商環境創新縣（市）”名單';

async function tagPassage(page: Page, passage: string, theme: string): Promise<void> {
  await openArticle(page, TITLE, '原文');
  await selectByKeyboard(page, passage);
  await page.keyboard.press('2');
  await tagWithTheme(page, theme);
  await page.getByRole('button', { name: '显示标注' }).click();
  await expect(page.getByRole('complementary', { name: '标注' }).getByRole('button', { name: `移除主题：${theme}` })).toBeVisible();
}

test('a .qdpx exported from the UI validates and holds the passage; XLSX reads back; the .qdpx imports into an empty profile', async () => {
  // Two browser starts: each takes seconds on a busy machine.
  test.setTimeout(120_000);
  const { page } = await web.open(newProfileDir());
  await tagPassage(page, PASSAGE, '营商环境');
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导出与备份' });

  const [projectDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '导出项目（.qdpx）' }).click()]);
  expect(projectDownload.suggestedFilename()).toMatch(/^pizhu-project-\d{4}-\d\d-\d\d\.qdpx$/);
  await expect(dialog.getByRole('status')).toHaveText('已下载 1 个文件');
  const qdpxPath = (await projectDownload.path())!;
  const files = unzipped(readFileSync(qdpxPath));
  const qde = files.get('project.qde')!.toString('utf8');
  expect(schemaErrors(qde)).toBeNull();
  const read = selectionsOf(qde);
  // Every seed of the library is a source; the one passage sits on its words, counted in code points.
  expect(read.sources.length).toBe(5);
  expect(read.codes.map((c) => c.name)).toEqual(['营商环境']);
  expect(read.selections).toHaveLength(1);
  const [sel] = read.selections;
  const text = files.get(`sources/${sel.source}`)!.toString('utf8');
  expect([...text].slice(sel.start, sel.end).join('')).toBe(PASSAGE);
  expect(sel.codeGuids).toEqual([read.codes[0].guid]);

  // Coded passages as XLSX, in 繁體: exceljs (loaded on demand in the page) wrote it, exceljs reads it.
  await dialog.getByRole('radio', { name: '当前文章' }).check();
  await dialog.getByRole('combobox', { name: '导出文字' }).selectOption({ label: '繁體' });
  await dialog.getByRole('combobox', { name: '格式' }).selectOption({ label: 'Excel XLSX（编码段落）' });
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '导出 XLSX' }).click()]);
  expect(xlsxDownload.suggestedFilename()).toBe('快多好省 敢爲爭先 安吉：全域競掀高質量發展熱潮.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await xlsxDownload.path())!).buffer as ArrayBuffer);
  const row = workbook.worksheets[0].getRow(2).values as unknown[];
  expect(row[5]).toBe('營商環境');
  expect(row[6]).toBe(PASSAGE_T);
  expect([row[8], row[9]]).toEqual([sel.start, sel.end]);

  // Into an empty profile on a machine whose library does not carry the first one's
  // annotation files (they would bring the passage on their own): the theme and the passage arrive.
  // The first machine's page leaves (its app would write the files again from its rows).
  await page.goto('about:blank');
  rmSync(join(web.host().libraryDir, '.pizhu'), { recursive: true, force: true });
  const second = await web.open(newProfileDir());
  await openArticle(second.page, TITLE, '原文');
  await second.page.getByRole('button', { name: '导出', exact: true }).click();
  const dialog2 = second.page.getByRole('dialog', { name: '导出与备份' });
  await dialog2.locator('input[type=file][accept^=".qdc"]').setInputFiles(qdpxPath);
  await expect(dialog2.getByRole('status')).toHaveText('已导入：新主题 1 个，并入已有主题 0 个；段落新增 1 条，更新 0 条，未变 0 条。');
  await dialog2.getByRole('button', { name: '关闭' }).last().click();
  await second.page.getByRole('button', { name: '显示标注' }).click();
  await expect(second.page.getByRole('complementary', { name: '标注' }).getByRole('button', { name: '移除主题：营商环境' })).toBeVisible();
});
