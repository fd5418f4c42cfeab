// Two teammates on one library folder (two web hosts, two --data folders, two browser
// profiles), as in annotation-files-two-hosts.spec.ts, each with a name set in About. Each
// annotation carries its author through the annotation files: the pane and the notebook say
// who made it and filter by author.
import { expect, test, type Page } from '@playwright/test';
import { highlightTexts, moreCommand, openArticle, selectByKeyboard } from './harness.ts';
import { annotationPane, openAnnotationPane, twoMachines } from './twoMachines.ts';

const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE_A = '安吉入选';
const PASSAGE_B = '绿水青山环绕';
const NAME_A = '王晓梅';
const NAME_B = 'Lukas Berger';

const pane = annotationPane;
const paneEntries = (page: Page) => pane(page).getByRole('list', { name: '本文标注' }).getByRole('listitem');

/** The name on annotations, set once in About, as a user does. */
async function setAuthorName(page: Page, name: string): Promise<void> {
  await moreCommand(page, '关于批注');
  const about = page.getByRole('dialog', { name: '关于批注' });
  await expect(about).toBeVisible();
  const field = about.getByRole('textbox', { name: '批注署名' });
  await field.fill(name);
  await field.press('Enter');
  await field.blur();
  await about.getByRole('button', { name: '关闭' }).click();
  await expect(about).toBeHidden();
}

test('each annotation carries its author to the other machine; the pane and the notebook show and filter by author', async () => {
  test.slow();
  const machines = await twoMachines('authors');
  const { hostA, hostB, a, b } = machines;
  try {
    await a.page.goto(hostA.url);
    await b.page.goto(hostB.url);
    await openArticle(a.page, TITLE, '简体');
    await openArticle(b.page, TITLE, '简体');
    await setAuthorName(a.page, NAME_A);
    await setAuthorName(b.page, NAME_B);
    await openAnnotationPane(a.page);
    await openAnnotationPane(b.page);

    await selectByKeyboard(a.page, PASSAGE_A);
    await a.page.keyboard.press('h');
    await expect.poll(() => highlightTexts(b.page, 'pizhu-yellow'), { timeout: 15_000 }).toEqual([PASSAGE_A]);
    // One author only: the pane does not label every entry with the same name.
    await expect(pane(b.page)).not.toContainText(`作者：${NAME_A}`);
    await expect(pane(b.page).getByRole('combobox', { name: '按作者筛选' })).toHaveCount(0);

    await selectByKeyboard(b.page, PASSAGE_B);
    await b.page.keyboard.press('h');
    await expect.poll(async () => (await highlightTexts(a.page, 'pizhu-yellow')).sort(), { timeout: 15_000 }).toEqual([PASSAGE_A, PASSAGE_B].sort());

    for (const page of [a.page, b.page]) {
      // Two authors: each entry says whose it is.
      await expect(paneEntries(page).filter({ hasText: PASSAGE_A })).toContainText(`作者：${NAME_A}`, { timeout: 15_000 });
      await expect(paneEntries(page).filter({ hasText: PASSAGE_B })).toContainText(`作者：${NAME_B}`);
      const byAuthor = pane(page).getByRole('combobox', { name: '按作者筛选' });
      await byAuthor.selectOption({ label: NAME_B });
      await expect(paneEntries(page)).toHaveCount(1);
      await expect(paneEntries(page)).toContainText(PASSAGE_B);
      await byAuthor.selectOption({ label: NAME_A });
      await expect(paneEntries(page)).toHaveCount(1);
      await expect(paneEntries(page)).toContainText(PASSAGE_A);
      await byAuthor.selectOption({ label: '所有作者' });
      await expect(paneEntries(page)).toHaveCount(2);
    }

    // The notebook of B: every article's annotations, with their authors, filtered by one.
    await b.page.keyboard.press('Control+Shift+P');
    const palette = b.page.getByRole('dialog', { name: '命令面板' });
    await palette.getByRole('combobox', { name: '输入命令名称' }).fill('笔记本');
    await palette.getByRole('combobox', { name: '输入命令名称' }).press('Enter');
    const notebook = b.page.getByRole('dialog', { name: '笔记本' });
    await expect(notebook).toBeVisible();
    const rows = notebook.getByRole('list', { name: '标注列表' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: PASSAGE_A }).locator('.nb-author')).toHaveText(NAME_A);
    await expect(rows.filter({ hasText: PASSAGE_B }).locator('.nb-author')).toHaveText(NAME_B);
    await notebook.getByRole('combobox', { name: '作者', exact: true }).selectOption({ label: NAME_A });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(PASSAGE_A);

    machines.expectOnlyOwnHosts();
  } finally {
    await machines.close();
  }
});
