// A highlight is drawn the moment it is made and stored when the writes before it are: a
// reload (or the window closed) in between hands what is not stored yet to the host, and the
// page that comes back stores it. Here another connection holds the annotations table, so the
// first highlight's write waits and the second's waits behind it when the page goes.
import { expect, test } from '@playwright/test';
import { highlightTexts, holdTableUntilReleased, openArticle, reader, selectByKeyboard, useWebHost } from './harness.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const FIRST = '安吉入选';
const SECOND = '城市营商环境创新报告';

test('highlights whose writes still wait when the page is reloaded are there after it', async () => {
  const { page } = await web.open();
  await openArticle(page, TITLE, '简体');
  await holdTableUntilReleased(page, 'annotations');
  await selectByKeyboard(page, FIRST);
  await page.keyboard.press('h');
  await selectByKeyboard(page, SECOND);
  await page.keyboard.press('h');
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).sort()).toEqual([FIRST, SECOND].sort());
  // Neither is stored: the hold goes with the page.
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).sort()).toEqual([FIRST, SECOND].sort());
  // And stored now: another reload, with nothing handed over this time, still has them.
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect.poll(async () => (await highlightTexts(page, 'pizhu-yellow')).sort()).toEqual([FIRST, SECOND].sort());
});
