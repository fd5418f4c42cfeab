// A traditional Markdown article (Hong Kong news, tests/fixtures/traditional/hk-news.md) read
// in every view: its characters are never routed through simplified, a highlight made in 香港
// covers the same characters in 简体 and back, find follows 臺灣用詞, an override typed in the
// dialog changes the view of its library only and is there after a restart, copy leaves ruby
// readings out.
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, highlightTexts, library, newProfileDir, reader, useWebHost, chooseScript, moreCommand, readingSettings, closeReadingSettings, selectText } from './harness.ts';

const web = useWebHost();
const FIXTURE = join(REPO, 'tests/fixtures/traditional/hk-news.md');
const TITLE = '政府公布第二輪現金發放計劃 市民只需要網上登記';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.beforeAll(() => {
  // The host's library is a temporary copy of the seeds: the article joins it there.
  copyFileSync(FIXTURE, join(web.host().libraryDir, 'hk-news.md'));
});

async function openFixture(page: Page): Promise<void> {
  const link = library(page).getByRole('link', { name: new RegExp(escape(TITLE.slice(0, 8))) });
  if ((await link.count()) === 0) await moreCommand(page, '重新载入文库');
  await link.click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('現金發放計劃');
}

async function setScript(page: Page, name: string, phrases?: boolean): Promise<void> {
  await chooseScript(page, name, phrases);
}

/** Selects the first occurrence of `needle` in the body, as a drag would. */
const bodyText = (page: Page) => reader(page).locator('article').innerText();

test('香港, 繁體 and 臺灣 keep the article’s characters; a highlight made in 香港 is the same characters in 简体 and back', async () => {
  const { page } = await web.open();
  await openFixture(page);
  await setScript(page, '香港');
  const hk = await bodyText(page);
  for (const word of ['計劃係為咗紓緩', '現金發放計劃', '參與今次嘅', '出現衝突', '一個鐘頭', '並成立了', '干犯欺詐罪', '採取的做法']) expect(hk).toContain(word);
  expect(hk).not.toContain('髮放');
  await setScript(page, '臺灣', false);
  expect(await bodyText(page)).toContain('計劃係為咗紓緩');

  await setScript(page, '香港');
  await selectText(page, '現金發放計劃');
  const toolbar = page.getByRole('toolbar', { name: '标注' });
  await expect(toolbar).toBeVisible();
  await toolbar.getByRole('button', { name: '黄色' }).click();
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['現金發放計劃']);
  await setScript(page, '简体');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['现金发放计划']);
  await setScript(page, '香港');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['現金發放計劃']);
  // The file itself is untouched.
  expect(readFileSync(join(web.host().libraryDir, 'hk-news.md'), 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
});

test('find 最佳化 in 臺灣用詞 finds what the view shows', async () => {
  const { page } = await web.open();
  await openFixture(page);
  await setScript(page, '臺灣', true);
  await expect(reader(page).locator('article')).toContainText('政府最佳化登記程式');
  await reader(page).focus();
  await page.keyboard.press('Control+f');
  const bar = page.getByRole('search', { name: '在文中查找' });
  await bar.getByRole('searchbox', { name: '在文中查找' }).fill('最佳化');
  await expect(bar.getByRole('status')).toHaveText('第 1/1 处');
  await expect.poll(() => highlightTexts(page, 'pizhu-find-current')).toEqual(['最佳化']);
});

/** Opens the library folder at `path` through the web UI's folder dialog. */
async function openLibraryFolder(page: Page, path: string): Promise<void> {
  await moreCommand(page, '打开文件夹');
  const dialog = page.getByRole('dialog', { name: '打开文件夹' });
  await dialog.getByRole('textbox', { name: '文件夹路径' }).fill(path);
  await dialog.getByRole('button', { name: '打开', exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function overridesDialog(page: Page) {
  await moreCommand(page, '转换修正');
  const dialog = page.getByRole('dialog', { name: '转换修正' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('an override typed in the dialog changes the view of its library only and is still there after a restart', async () => {
  // Two browser starts on one profile.
  test.slow();
  const profile = newProfileDir();
  let { page } = await web.open(profile);
  await openFixture(page);
  await setScript(page, '臺灣', true);
  const home = web.host().libraryDir;
  const dialog = await overridesDialog(page);
  await expect(dialog).toHaveAccessibleDescription(`这份列表属于文库「library」：只在打开这个文库时生效，每个文库各有一份。 ${home}`);
  await dialog.getByRole('combobox', { name: '视图' }).selectOption('twp');
  await dialog.getByRole('textbox', { name: '显示为' }).fill('登記程式');
  await dialog.getByRole('textbox', { name: '改成' }).fill('登記程序');
  await dialog.getByRole('button', { name: '添加' }).click();
  await expect(dialog.getByRole('button', { name: '删除修正：登記程式 → 登記程序' })).toBeVisible();
  await dialog.getByRole('checkbox', { name: '臺灣、香港用「」『』引号' }).check();
  await dialog.getByRole('button', { name: '关闭' }).click();
  const article = reader(page).locator('article');
  await expect(article).toContainText('政府最佳化登記程序');
  await expect(article).toContainText('議員指：「我真係諗唔到');

  // Another library holding the same article: the first library's list is not applied there.
  const otherParent = mkdtempSync(join(tmpdir(), 'pizhu-e2e-other-'));
  const other = join(otherParent, '另一個文庫');
  mkdirSync(other);
  copyFileSync(FIXTURE, join(other, 'hk-news.md'));
  try {
    await openLibraryFolder(page, other);
    await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('現金發放計劃');
    await expect(article).toContainText('政府最佳化登記程式');
    const otherList = await overridesDialog(page);
    await expect(otherList).toHaveAccessibleDescription(`这份列表属于文库「另一個文庫」：只在打开这个文库时生效，每个文库各有一份。 ${other}`);
    await expect(otherList.getByText('还没有修正。')).toBeVisible();
    await otherList.getByRole('button', { name: '关闭' }).click();
  } finally {
    // Later tests of this file read the host's own library: it is opened again whatever happened.
    await openLibraryFolder(page, home);
    rmSync(otherParent, { recursive: true, force: true });
  }
  await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('現金發放計劃');
  await expect(article).toContainText('政府最佳化登記程序');
  await page.reload();
  await expect(reader(page).locator('article')).toContainText('政府最佳化登記程序');
  await page.context().close();

  ({ page } = await web.open(profile));
  await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('現金發放計劃');
  await expect(reader(page).locator('article')).toContainText('政府最佳化登記程序');
  await expect(reader(page).locator('article')).toContainText('「我真係諗唔到');
  await setScript(page, '繁體');
  await expect(reader(page).locator('article')).toContainText('登記程序，並爲長者');
  await expect(reader(page).locator('article')).toContainText('“我真係諗唔到');
});

test('copy with 拼音 on puts the text on the clipboard without the readings', async () => {
  const { page } = await web.open();
  const seed004 = library(page).getByRole('link').filter({ hasText: /营商|營商|县|縣/ }).last();
  await seed004.click();
  await (await readingSettings(page)).getByRole('checkbox', { name: '拼音' }).check();
  await closeReadingSettings(page);
  await expect(reader(page).locator('article rt').first()).toBeVisible();
  await chooseScript(page, '原文');
  const copied = await page.evaluate(() => {
    const ruby = document.querySelector('article ruby')!;
    const block = ruby.closest('p') ?? ruby.parentElement!;
    const range = document.createRange();
    range.selectNodeContents(block);
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    const data = new DataTransfer();
    block.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
    return data.getData('text/plain');
  });
  // Seed 004's first paragraph as the reader shows it in 原文: its inline pinyin (經(jīng)濟) is
  // ruby, and the scraper's doubled commas are cleaned.
  expect(copied).toBe('在縣域經濟爭先進位“群馬圖”上，今年的安徽濉溪縣，一組數據令人印象深刻：1-9月，濉溪新簽約億元以上項目59個，立項投資額173.4億元；新簽約制造業項目47個，占比79.7%；新開工億元以上項目50個，其中已納統項目33個。');
});
