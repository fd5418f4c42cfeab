// Seed 004 has no title line: the reader derives one from its opening and marks it, and the
// user can replace it. Driven by the keyboard, kept across a reload and a browser
// restart (persistent profile), and restored.
import { expect, test, type Page } from '@playwright/test';
import { library, newProfileDir, reader, useWebHost, chooseScript } from './harness.ts';

const DERIVED = '在縣域經濟爭先進位“群馬圖”上，今年的安徽濉溪縣，一組數據令人印象深刻';
const TYPED = '濉溪营商环境五问';

const web = useWebHost();

const heading = (page: Page) => reader(page).getByRole('heading', { level: 1 });
const link004 = (page: Page) => library(page).locator('a[href*="004_"]');

/** Presses Enter on a control reached by focus, as a keyboard user would after tabbing to it. */
async function activate(page: Page, name: string): Promise<void> {
  const button = reader(page).getByRole('button', { name, exact: true });
  await button.focus();
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
}

async function expectUserTitle(page: Page): Promise<void> {
  await expect(heading(page)).toHaveText(TYPED);
  await expect(link004(page)).toContainText(TYPED);
  await expect(link004(page)).not.toContainText('拟');
  await expect(page).toHaveTitle(new RegExp(`^${TYPED} · `));
  await expect(reader(page)).toContainText(`原标题：${DERIVED}`);
}

test("replaces 004's derived title by keyboard, keeps it across reload and restart, restores it", async () => {
  const profile = newProfileDir();
  let session = await web.open(profile);
  let page = session.page;

  await link004(page).click();
  await expect(heading(page)).toHaveText(DERIVED);
  await expect(link004(page).locator('.derived-badge')).toHaveText('拟');
  await expect(reader(page)).toContainText('标题据正文开头拟定');

  // Escape leaves the title as it was.
  await activate(page, '编辑标题');
  const input = reader(page).getByRole('textbox', { name: '文章标题' });
  await expect(input).toBeFocused();
  await expect(input).toHaveValue(DERIVED);
  await expect(input).toHaveAccessibleDescription('按回车键保存，按 Esc 键取消');
  await page.keyboard.type('不要这个');
  await page.keyboard.press('Escape');
  await expect(heading(page)).toHaveText(DERIVED);
  await expect(reader(page).getByRole('button', { name: '编辑标题' })).toBeFocused();

  // Enter saves; focus comes back to the edit button.
  await page.keyboard.press('Enter');
  await expect(input).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(TYPED);
  await page.keyboard.press('Enter');
  await expectUserTitle(page);
  await expect(reader(page).getByRole('button', { name: '编辑标题' })).toBeFocused();
  await expect(link004(page).locator('.derived-badge')).toHaveCount(0);
  await expect(reader(page).getByRole('status').filter({ hasText: '标题已改为' })).toHaveText(`标题已改为“${TYPED}”`);

  // The title follows the script like every other title.
  await chooseScript(page, '繁體');
  await expect(heading(page)).toHaveText('濉溪營商環境五問');
  await expect(link004(page)).toContainText('濉溪營商環境五問');
  await chooseScript(page, '原文');

  // The list sorts and filters by it.
  await page.getByRole('combobox', { name: '排序' }).selectOption('title');
  await library(page).getByRole('searchbox', { name: '筛选文章' }).fill('五问');
  await expect(library(page).getByRole('link')).toHaveCount(1);
  await expect(library(page).getByRole('link')).toContainText(TYPED);
  await library(page).getByRole('searchbox', { name: '筛选文章' }).fill('');

  await page.reload();
  await expectUserTitle(page);

  await session.close();
  session = await web.open(profile);
  page = session.page;
  await expectUserTitle(page);

  // Every UI language names the controls.
  const languages = page.getByRole('combobox', { name: '界面语言' });
  await languages.selectOption('en');
  await expect(reader(page).getByRole('button', { name: 'Edit title', exact: true })).toBeVisible();
  await expect(reader(page).getByRole('button', { name: 'Restore original title', exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: 'Interface language' }).selectOption('zh-Hant');
  await expect(reader(page).getByRole('button', { name: '編輯標題', exact: true })).toBeVisible();
  await activate(page, '恢復原標題');
  await expect(heading(page)).toHaveText(DERIVED);
  await expect(reader(page).getByRole('button', { name: '編輯標題' })).toBeFocused();
  await expect(link004(page).locator('.derived-badge')).toHaveText('擬');
  await expect(reader(page).getByRole('button', { name: '恢復原標題' })).toHaveCount(0);

  await page.reload();
  await expect(heading(page)).toHaveText(DERIVED);
  await expect(link004(page)).not.toContainText(TYPED);
});

test('an explicit title can be replaced too, and blur saves', async () => {
  const { page } = await web.open();
  await library(page).locator('a[href*="002_"]').click();
  await expect(heading(page)).toHaveText('德清：创新为翼攀高峰');
  await activate(page, '编辑标题');
  const input = reader(page).getByRole('textbox', { name: '文章标题' });
  await page.keyboard.press('End');
  await page.keyboard.type('(修订)');
  await page.keyboard.press('Tab');
  await expect(input).toHaveCount(0);
  await expect(heading(page)).toHaveText('德清：创新为翼攀高峰（修订）');
  await expect(library(page).locator('a[href*="002_"]')).toContainText('德清：创新为翼攀高峰（修订）');
});
