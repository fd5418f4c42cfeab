// The codebook through the real renderer and web host: a subtheme made on a theme's page, a
// theme moved under another and back out, a loop refused with a message, a parent's count
// and page taking in its subtheme's passage, and a delete that undo takes back into its place.
import { expect, test, type Page } from '@playwright/test';
import { highlightTexts, reader, useWebHost, selectText, tagWithTheme, themesDialog, themeList } from './harness.ts';

const web = useWebHost();
const TITLE_000 = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';

const subthemes = (page: Page, parent: string) => themeList(page).getByRole('list', { name: `“${parent}”的子主题` });

test('subthemes: make, move under, promote, loops refused, counts roll up, delete and undo', async () => {
  test.setTimeout(120_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);

  // A passage tagged 政务服务 from the reader, before the codebook has any shape.
  await selectText(page, '营商环境');
  await expect(page.getByRole('toolbar', { name: '标注' })).toBeVisible();
  await tagWithTheme(page, '政务服务');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['营商环境']);

  await page.getByRole('button', { name: '主题', exact: true }).click();
  const dialog = themesDialog(page);
  await expect(dialog).toBeVisible();
  await themeList(page).getByRole('combobox', { name: '新主题' }).fill('营商环境');
  await themeList(page).getByRole('button', { name: '添加', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: '#营商环境' })).toBeVisible();

  // A subtheme typed on the parent's page (Enter adds it): 人才, new.
  const childName = dialog.getByRole('textbox', { name: '新子主题' });
  await childName.fill('人才');
  await childName.press('Enter');
  await expect(subthemes(page, '营商环境').getByRole('button', { name: /^人才 0$/ })).toBeVisible();
  await expect(childName).toHaveValue('');

  // 政务服务 exists: moved under 营商环境 from its own page.
  await themeList(page).getByRole('button', { name: /^政务服务 1$/ }).click();
  await expect(dialog.getByRole('heading', { name: '#政务服务' })).toBeVisible();
  const parent = dialog.getByRole('combobox', { name: '上级主题' });
  await parent.selectOption({ label: '营商环境' });
  await dialog.getByRole('button', { name: '移动', exact: true }).click();
  await expect(subthemes(page, '营商环境').locator('.theme-item-name')).toHaveText(['人才', '政务服务']);
  await expect(dialog.getByText('位置：营商环境')).toBeVisible();

  // The parent counts its subtheme's passage, and says so to a screen reader.
  await expect(themeList(page).getByRole('button', { name: /^营商环境 1 ?（含子主题）$/ })).toBeVisible();

  // 营商环境 under its own subtheme: not offered as a parent, and refused when typed.
  await themeList(page).getByRole('button', { name: /^营商环境 / }).click();
  await expect(dialog.getByRole('heading', { name: '#营商环境' })).toBeVisible();
  await expect(parent.locator('option')).toHaveText(['（顶层）']);
  await themeList(page).getByRole('button', { name: /^政务服务 / }).click();
  await childName.fill('营商环境');
  await dialog.getByRole('button', { name: '添加子主题' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('不能把“营商环境”放到它自己的下级主题“政务服务”下面。');
  await expect(themeList(page).getByRole('list').first().locator(':scope > li > .theme-item .theme-item-name')).toHaveText(['营商环境']);

  // The parent's page lists the subtheme's passage, marked with the subtheme.
  await themeList(page).getByRole('button', { name: /^营商环境 / }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（1）' })).toBeVisible();
  await expect(dialog.locator('.theme-passage').first()).toContainText('子主题 #政务服务');

  // Promote 人才 to the top level, from the keyboard: the choice, then Tab to 移动 and Enter.
  await themeList(page).getByRole('button', { name: /^人才 / }).click();
  await parent.focus();
  await parent.selectOption({ label: '（顶层）' });
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: '移动', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(subthemes(page, '营商环境').locator('.theme-item-name')).toHaveText(['政务服务']);

  // Delete 政务服务: gone, its passage stays highlighted; undo puts it back under 营商环境.
  await themeList(page).getByRole('button', { name: /^政务服务 / }).click();
  await dialog.getByRole('button', { name: '删除主题' }).click();
  await expect(themeList(page).locator('.theme-item-name')).toHaveText(['人才', '营商环境']);
  await expect(themeList(page).getByRole('button', { name: /^营商环境 0$/ })).toBeVisible();
  // The dialog's own 撤销 (the message below offers one too, for the same step).
  await dialog.locator('.themes-head').getByRole('button', { name: '撤销' }).click();
  await expect(subthemes(page, '营商环境').getByRole('button', { name: /^政务服务 1$/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await highlightTexts(page, 'pizhu-yellow')).toEqual(['营商环境']);
});
