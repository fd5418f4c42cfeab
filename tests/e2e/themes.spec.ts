// Themes across the library through the real renderer and web host: a theme made from a
// selection in seed 000, its 23 other mentions tagged in one step at sentence extent (21
// sentences: two of them hold two mentions), undone and redone by Ctrl+Z / Ctrl+Shift+Z, the
// theme page showing 22 passages in four articles with the mentions marked, one opened in
// seed 004 at its place, the map's counts, a merge, and a delete that undo takes back.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { REPO, reader, useWebHost, highlightTexts, selectText, themesDialog, themeList } from './harness.ts';

const web = useWebHost();
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const TITLE_000 = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const TITLE_004 = '在縣域經濟爭先進位“群馬圖”上，今年的安徽濉溪縣，一組數據令人印象深刻';
const TITLE_002 = '德清：创新为翼攀高峰';

/** The sentences tag-all codes in seed 002 (two mentions in the first), as read in the file. */
const SENTENCES_002 = [
  '深入推进营商环境优化提升“一号改革工程”，以永不满足、勇争一流的精神和追求，全力打造“企业最有感”的营商环境，是“在湖州看见美丽中国”实干争先主题实践的重要内容。',
  '政策变动、职能交叉、边界不清等“三不管”事项，往往是企业最头疼的“疑难杂症”，“兜底办”协调多部门进行“专家会诊”，实现从“各管一摊”到“同挑一担”，用一个“兜”字，真抓实干优化营商环境。',
  '今年5月举行的2023世界品牌莫干山大会上，数百家国内外知名企业的负责人齐聚德清，实地感受浙北小城的秀丽风光、发展活力和优质营商环境。',
  '全省营商环境“无感监测”综合指数评价排名显示，2022年度德清位列全省第三，今年一季度排名全省第二。',
];
/** And in seed 004, in its traditional script. */
const SENTENCES_004 = [
  '一流營商環境的重要性便凸顯出來。',
  '打造一流營商環境是關鍵一招。',
  '放眼全國縣域經濟排頭兵，昆山“昆如意”、江陰“澄心辦 辦澄事”、晉江“晉心晉力”……走在全國前列的百？gòu)?qiáng）縣，都在營商環境品牌建設上持續發力。',
  '營商環境是生產力，更是競爭力。',
  '“棒棒茶會”是一個頂格推進的政企溝通平臺，背后體現出濉溪致力打造一流營商環境的決心與信心。',
  '因此，濉溪組建了由縣級領導牽頭的18個營商環境工作專班，強化土地、資金、廠房等要素保障，通過“全方位”強服務、“全要素”強供給、“全周期”強落實，閉環式解決企業訴求，為重大招商引資項目快速落地提供有力支撐。',
  '濉溪深入貫徹落實促進民營經濟發展政策，積極維護公開透明、競爭有序的市場秩序，印發《進一步優化營商環境 構建親清政商關系實施方案》。',
  '通過這樣一套組合拳，濉溪縣精準施策，暢通了服務企業的“最先一公里”與問題破解的“最后一公里”，從而實現了“營商環境沒有最好，只有更好”。',
  '在濉溪縣，“快辦”服務立足“一網、一門、一次”原則，對重點企業、重點項目采取特事特辦、急事急辦、跟蹤代辦等方式，快審快辦，打造出更優更暖的營商環境，已經成為濉溪縣的一張“金名片”。',
  '濉溪縣域經濟的高質量轉型發展，不僅有特色產業基地支撐和一流營商環境塑造，新征程上行穩致遠，更依靠肯干事、能干事的干部隊伍。',
  '濉溪的目標和打法很明確：在打造營商環境、服務能力等方面下好先手棋，以更好的服務“軟實力”吸引和留住企業，為“保十爭百”奠定堅實基礎，將“濉溪五問”的問號，變成濉溪縣域經濟爭先進位的感嘆號！',
];



test('a theme from a selection, tag all mentions, the theme page, the map, merge, delete and undo', async () => {
  test.setTimeout(120_000);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);

  // T on a selection: highlight it and give it a theme, typed in the picker.
  await selectText(page, '营商环境');
  await expect(page.getByRole('toolbar', { name: '标注' })).toBeVisible();
  await page.keyboard.press('t');
  const picker = page.getByRole('combobox', { name: '主题' });
  await expect(picker).toBeFocused();
  await picker.fill('營商環境');
  await expect(page.getByRole('option', { name: '新主题：營商環境' })).toBeVisible();
  await picker.fill('营商环境');
  await picker.press('Enter');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(['营商环境']);

  await page.getByRole('button', { name: '主题', exact: true }).click();
  await expect(themesDialog(page)).toBeVisible();
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  const dialog = themesDialog(page);
  await expect(dialog.getByRole('heading', { name: '已标注段落（1）' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（23）' })).toBeVisible();
  // Tagging codes the sentence unless the user asks for less or more.
  await expect(dialog.getByRole('combobox', { name: '标注范围' })).toHaveValue('sentence');
  await dialog.getByRole('button', { name: '全部标注（23）' }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（0）' })).toBeVisible();
  const groups = dialog.locator('.theme-page > .theme-group');
  await expect(groups).toHaveCount(4);
  await expect(groups.locator('.theme-article .theme-item-count')).toHaveText(['6 段', '4 段', '1 段', '11 段']);
  // Each passage is its sentence, the mentions in it marked.
  const group002 = dialog.getByRole('region', { name: TITLE_002 });
  await expect(group002.locator('.theme-quote')).toHaveText(SENTENCES_002);
  await expect(group002.locator('.theme-quote mark')).toHaveText(['营商环境', '营商环境', '营商环境', '营商环境', '营商环境']);
  await expect(dialog.getByRole('region', { name: TITLE_004 }).locator('.theme-quote')).toHaveText(SENTENCES_004);

  // Ctrl+Z takes the whole tag-all back, Ctrl+Shift+Z brings it again.
  await group002.locator('.theme-passage').first().focus();
  await page.keyboard.press('Control+z');
  await expect(dialog.getByRole('heading', { name: '已标注段落（1）' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（23）' })).toBeVisible();
  await dialog.getByRole('heading', { name: '已标注段落（1）' }).click();
  await page.keyboard.press('Control+Shift+z');
  await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（0）' })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'themes-page.png') });

  // The theme map counts tagged passages and untagged mentions apart.
  await themeList(page).getByRole('button', { name: '主题地图' }).click();
  await expect(dialog.getByRole('button', { name: /濉溪縣.*营商环境：已标注 11，未标注 0/ })).toBeVisible();
  await expect(dialog.getByRole('button', { name: /三大主攻方向.*营商环境：已标注 0，未标注 0/ })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'themes-map.png') });
  // A cell opens the theme page for that article.
  await dialog.getByRole('button', { name: /濉溪縣.*营商环境/ }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（11）' })).toBeVisible();
  await dialog.getByRole('button', { name: '显示全部文章' }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();

  // Open a passage in seed 004: the reader goes there and flashes it.
  const group004 = dialog.getByRole('region', { name: TITLE_004 });
  await group004.getByRole('button').nth(4).click();
  await expect(dialog).toBeHidden();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_004);
  await expect.poll(() => highlightTexts(page, 'pizhu-reveal')).toEqual([SENTENCES_004[4]]);
  const visible = await page.evaluate(() => {
    const range = [...CSS.highlights.get('pizhu-reveal')!][0] as Range;
    const box = range.getBoundingClientRect();
    const pane = document.getElementById('reader')!.getBoundingClientRect();
    return box.top >= pane.top && box.bottom <= pane.bottom;
  });
  expect(visible).toBe(true);
  // It is the fifth mention in the article, where the theme page said.
  const fifth = await page.evaluate(() => {
    const range = [...CSS.highlights.get('pizhu-reveal')!][0] as Range;
    const all = [...document.querySelectorAll('#reader article [data-v]')].map((e) => e.textContent ?? '').join('');
    const before = document.createRange();
    before.setStart(document.querySelector('#reader article')!, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const prefix = [...document.querySelectorAll('#reader article [data-v]')].filter((e) => before.intersectsNode(e.firstChild!) && e.firstChild !== range.startContainer).map((e) => e.textContent ?? '').join('') + (range.startContainer as Text).data.slice(0, range.startOffset);
    return { index: prefix.split('營商環境').length - 1, total: all.split('營商環境').length - 1 };
  });
  expect(fifth).toEqual({ index: 4, total: 11 });
  // The article's highlights are the sentences, not eleven copies of the word.
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual(SENTENCES_004);

  // Merge a second theme into it: its name becomes an alias.
  await page.getByRole('button', { name: '主题', exact: true }).click();
  await themeList(page).getByRole('combobox', { name: '新主题' }).fill('投资环境');
  await themeList(page).getByRole('button', { name: '添加', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: '#投资环境' })).toBeVisible();
  await dialog.getByRole('combobox', { name: '合并到' }).selectOption({ label: '营商环境' });
  await dialog.getByRole('button', { name: '合并', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: '#营商环境' })).toBeVisible();
  await expect(themeList(page).locator('.theme-item-name')).toHaveText(['营商环境']);
  await expect(dialog.getByRole('textbox', { name: '别名（用逗号分隔）' })).toHaveValue('投资环境');

  // Delete: the passages stay (still highlighted), the theme goes; undo brings it back.
  await dialog.getByRole('button', { name: '删除主题' }).click();
  await expect(themeList(page).locator('.theme-item-name')).toHaveCount(0);
  await expect(dialog.getByText('还没有主题。').first()).toBeVisible();
  // The dialog's own 撤销 (the message below offers one too, for the same step).
  await dialog.locator('.themes-head').getByRole('button', { name: '撤销' }).click();
  await expect(themeList(page).locator('.theme-item-name')).toHaveText(['营商环境']);
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（22）' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await highlightTexts(page, 'pizhu-yellow')).length).toBe(11);
});

test('suggests frequent terms, so a new user is offered 营商环境 without typing it', async () => {
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  await page.getByRole('button', { name: '主题', exact: true }).click();
  const suggestion = themeList(page).getByRole('button', { name: /添加主题“营商环境”（出现 24 次）/ });
  await expect(suggestion).toBeVisible();
  await suggestion.click();
  await expect(themesDialog(page).getByRole('heading', { name: '#营商环境' })).toBeVisible();
  await expect(themesDialog(page).getByRole('heading', { name: '未标注的提及（24）' })).toBeVisible();
});

test('the tag extent is a named control, reached from the keyboard and remembered: a paragraph holds its four mentions', async () => {
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  await page.getByRole('button', { name: '主题', exact: true }).click();
  await themeList(page).getByRole('combobox', { name: '新主题' }).fill('营商环境');
  await themeList(page).getByRole('button', { name: '添加', exact: true }).click();
  const dialog = themesDialog(page);
  await expect(dialog.getByRole('heading', { name: '未标注的提及（24）' })).toBeVisible();
  const extent = dialog.getByRole('combobox', { name: '标注范围' });
  await expect(extent.locator('option')).toHaveText(['只标提及的词', '所在句子', '所在段落']);
  // Tab order: the extent comes right before 全部标注.
  await dialog.getByRole('button', { name: '全部标注（24）' }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(extent).toBeFocused();
  await extent.selectOption('paragraph');

  // Tagging the first mention of seed 000 codes its whole paragraph, which holds three more.
  await dialog.getByRole('region', { name: TITLE_000 }).getByRole('button', { name: /^标注“/ }).first().click();
  await expect(dialog.getByRole('heading', { name: '已标注段落（1）' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '未标注的提及（20）' })).toBeVisible();
  const passage = dialog.locator('.theme-passages .theme-quote').first();
  await expect(passage).toHaveText(
    '营商环境，永无止境。近日，中央广播电视台总台在北京发布了《2022城市营商环境创新报告》，安吉入选“2022城市营商环境创新县（市）”名单，为湖州市唯一。对企业而言，好的营商环境犹如生存发展的沃土。',
  );
  await expect(passage.locator('mark')).toHaveText(['营商环境', '营商环境', '营商环境', '营商环境']);

  // The choice is a setting: it is there after a reload.
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE_000);
  await page.getByRole('button', { name: '主题', exact: true }).click();
  await themeList(page).getByRole('button', { name: /^营商环境 \d+$/ }).click();
  await expect(themesDialog(page).getByRole('combobox', { name: '标注范围' })).toHaveValue('paragraph');
});
