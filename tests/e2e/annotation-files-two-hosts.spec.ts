// Two "machines" on one host: two web hosts with their own --data folders (two databases,
// two browser profiles, two origins) on one library folder. What one writes to the library's
// annotation files reaches the other through its watcher, painted without a reload.
import { expect, test } from '@playwright/test';
import { highlightTexts, openArticle, selectByKeyboard } from './harness.ts';
import { twoMachines } from './twoMachines.ts';

const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE_A = '安吉入选';
const PASSAGE_B = '绿水青山环绕';

test('a highlight made on either machine appears on the other through the shared annotation files', async () => {
  const machines = await twoMachines('two-hosts');
  const { hostA, hostB, a, b } = machines;
  try {
    await a.page.goto(hostA.url);
    await b.page.goto(hostB.url);
    await openArticle(a.page, TITLE, '简体');
    await openArticle(b.page, TITLE, '简体');

    await selectByKeyboard(a.page, PASSAGE_A);
    await a.page.keyboard.press('h');
    await expect.poll(() => highlightTexts(a.page, 'pizhu-yellow')).toEqual([PASSAGE_A]);
    await expect.poll(() => highlightTexts(b.page, 'pizhu-yellow'), { timeout: 15_000 }).toEqual([PASSAGE_A]);

    await selectByKeyboard(b.page, PASSAGE_B);
    await b.page.keyboard.press('h');
    await expect.poll(async () => (await highlightTexts(a.page, 'pizhu-yellow')).sort(), { timeout: 15_000 }).toEqual([PASSAGE_A, PASSAGE_B].sort());

    machines.expectOnlyOwnHosts();
  } finally {
    await machines.close();
  }
});
