import { expect, test, type Page } from '@playwright/test';
import { appendFileSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, library, newProfileDir, openArticle, reader, storedReadingSpots, useWebHost, chooseScript, expectScript, readingSettings, closeReadingSettings } from './harness.ts';

const TITLES = [
  '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮',
  '三大主攻方向全线飘红 三个年行动翻篇再战 奋力谱写中国式现代化安吉篇章',
  '德清：创新为翼攀高峰',
  '吴兴：加快打造新青年城市',
];
const SHOTS = join(REPO, 'tests/artifacts/screenshots');

const web = useWebHost();
test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('lists the five seeds and opens each with its header', async () => {
  const { page } = await web.open();
  for (const title of TITLES) await expect(library(page).getByRole('link', { name: new RegExp(escape(title)) })).toBeVisible();
  await expect(library(page).getByRole('link')).toHaveCount(5);

  await openArticle(page, TITLES[0]);
  const header = reader(page).locator('header').first();
  await expect(header).toContainText('『在湖州看见美丽中国』实干争先主题实践一周年·跑出新风景');
  await expect(header).toContainText('李世超');
  await expect(header).toContainText('祝懿希');
  await expect(reader(page).getByRole('heading', { name: '安吉这个朋友能处还靠得住' })).toBeVisible();
  await expect(reader(page).locator('figcaption', { hasText: '夏鹏飞 摄' }).first()).toBeVisible();

  await openArticle(page, TITLES[2]);
  await expect(reader(page).locator('header').first()).toContainText('浙江在线');
  await expect(reader(page).locator('header').first()).toContainText('2023');
  await expect(reader(page).locator('header').first()).toContainText('杨新立');

  await openArticle(page, TITLES[3]);
  await expect(reader(page).getByRole('heading', { name: /建好标志性点位.凸显新青年特质/ })).toBeVisible();

  // 004 has no title line: its title is derived from the opening and marked as such.
  const derived = library(page).getByRole('link').filter({ hasText: /营商|營商|县|縣/ }).last();
  await derived.click();
  await expect(reader(page)).toContainText('營商環境');
  await expect(reader(page)).not.toContainText('(yíng)');
});

test('every script view switches and the text changes as expected', async () => {
  const { page } = await web.open();
  await openArticle(page, TITLES[0]);
  const body = reader(page);
  const views: Array<[string, string, string]> = [
    ['繁體', '營商環境', 'zh-Hant'],
    ['臺灣', '營商環境', 'zh-Hant-TW'],
    ['香港', '營商環境', 'zh-Hant-HK'],
    ['简体', '营商环境', 'zh-Hans'],
    ['原文', '营商环境', 'zh-Hans'],
  ];
  for (const [name, expected, lang] of views) {
    await chooseScript(page, name);
    await expectScript(page, name);
    await expect(body.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(body.locator('article').first()).toContainText(expected);
    await expect(body.locator(`[lang="${lang}"]`).first()).toBeVisible();
    await page.screenshot({ path: join(SHOTS, `view-${lang}-${name}.png`) });
  }
  // The traditional seed reads in simplified too.
  await chooseScript(page, '简体');
  await library(page).getByRole('link').nth(4).click();
  await expect(reader(page)).toContainText('营商环境');
  await expect(reader(page)).not.toContainText('營商環境');
});

test('jumps land where they aim though paragraphs off screen are not laid out until near the view', async () => {
  const { page } = await web.open();
  await page.setViewportSize({ width: 1400, height: 700 });
  await openArticle(page, TITLES[1]);
  // Far paragraphs stand in with estimated heights: the page does lay them out lazily.
  const lazy = await reader(page).locator('.article-body > p').first().evaluate((el) => getComputedStyle(el).contentVisibility);
  expect(lazy).toBe('auto');
  const scroller = reader(page);
  const gap = async (name: string) => {
    const heading = reader(page).getByRole('heading', { name });
    const [top, box] = await Promise.all([scroller.evaluate((el) => el.getBoundingClientRect().top), heading.evaluate((el) => el.getBoundingClientRect().top)]);
    return box - top;
  };
  /** The gap once layout has come to rest: the same for ten frames in a row (frames, not a clock). */
  const settledGap = async (name: string) =>
    reader(page)
      .getByRole('heading', { name })
      .evaluate(
        (heading, scrollerEl) =>
          new Promise<number>((done) => {
            const read = () => heading.getBoundingClientRect().top - scrollerEl!.getBoundingClientRect().top;
            let last = read();
            let same = 0;
            const step = () => {
              const now = read();
              same = Math.abs(now - last) < 0.5 ? same + 1 : 0;
              last = now;
              if (same >= 10) done(now);
              else requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
          }),
        await scroller.elementHandle(),
      );
  const outline = page.getByRole('navigation', { name: '目录' });
  const last = (await outline.getByRole('button').allTextContents()).at(-1)!.trim();
  await outline.getByRole('button', { name: last }).click();
  // The heading sits at the top (below its scroll margin and the pane's padding), and stays
  // there once the paragraphs around it have been laid out.
  await expect.poll(() => gap(last)).toBeLessThan(80);
  const landed = await gap(last);
  expect(landed).toBeGreaterThanOrEqual(0);
  expect(Math.abs((await settledGap(last)) - landed)).toBeLessThan(2);
  // A script switch keeps the same block at the top.
  await chooseScript(page, '繁體');
  await expect(reader(page).locator('article')).toHaveAttribute('lang', 'zh-Hant');
  const traditional = (await outline.getByRole('button').allTextContents()).at(-1)!.trim();
  expect(Math.abs((await settledGap(traditional)) - landed)).toBeLessThan(40);
});

test('settings and reading position survive a reload and a browser restart', async () => {
  // Two browser starts: each takes seconds on a busy machine.
  test.setTimeout(120_000);
  const profile = newProfileDir();
  let session = await web.open(profile);
  let page = session.page;
  await openArticle(page, TITLES[1]);
  await chooseScript(page, '繁體');
  const settings = await readingSettings(page);
  await settings.getByRole('button', { name: '增大字号' }).click();
  await settings.getByRole('button', { name: '增大字号' }).click();
  await settings.getByRole('radio', { name: '深色' }).check();
  // Typography: 黑体, line spacing 1.9 → 2.2 by the keyboard, lines justified.
  await settings.getByRole('radio', { name: '黑体' }).check();
  await settings.getByRole('slider', { name: '行距' }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(settings.getByRole('slider', { name: '行距' })).toHaveAttribute('aria-valuetext', '2.2 倍');
  await settings.getByRole('checkbox', { name: '两端对齐' }).check();
  await closeReadingSettings(page);
  const fontSize = await reader(page).locator('article').first().evaluate((el) => getComputedStyle(el).fontSize);
  // The reading position is saved a moment after scrolling stops: wait until it is stored.
  // The clock is read before scrolling, as on a busy machine the save can come before a read after.
  const scrolledAt = await page.evaluate(() => Date.now());
  await reader(page).getByRole('heading', { name: '探索共同富裕取得新成效' }).scrollIntoViewIfNeeded();
  await reader(page).getByRole('heading', { name: '探索共同富裕取得新成效' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect.poll(async () => (await storedReadingSpots(page)).some((r) => r.updatedAt > scrolledAt && r.blockIndex > 0), { timeout: 30_000 }).toBe(true);

  const check = async (p: Page) => {
    await expectScript(p, '繁體');
    await expect(p.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(reader(p).getByRole('heading', { level: 1 })).toContainText('三大主攻方向');
    expect(await reader(p).locator('article').first().evaluate((el) => getComputedStyle(el).fontSize)).toBe(fontSize);
    expect(fontSize).toBe('21px');
    const style = await reader(p)
      .locator('article .article-body p')
      .first()
      .evaluate((el) => ({ lineHeight: getComputedStyle(el).lineHeight, family: getComputedStyle(el).fontFamily, align: getComputedStyle(el).textAlign }));
    expect(style).toEqual({ lineHeight: '46.2px', family: expect.stringMatching(/^"Noto Sans CJK TC"/), align: 'justify' });
    await expect(reader(p).getByRole('heading', { name: '探索共同富裕取得新成效' })).toBeInViewport();
  };
  await page.reload();
  await check(page);

  await session.close();
  session = await web.open(profile);
  page = session.page;
  await check(page);
});

test('bad files show a clear message and break nothing', async () => {
  writeFileSync(join(web.host().libraryDir, 'empty.txt'), '');
  writeFileSync(join(web.host().libraryDir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0xff]));
  const { page } = await web.open();
  await expect(library(page)).toContainText('空文件');
  await expect(library(page)).toContainText('不是文本');
  await openArticle(page, TITLES[2]);

  // A file that appears and vanishes while the app is open.
  writeFileSync(join(web.host().libraryDir, 'late.txt'), '临时文章\n\n这是一篇稍后出现的文章。');
  await expect(library(page).getByRole('link', { name: /临时文章/ })).toBeVisible();
  await library(page).getByRole('link', { name: /临时文章/ }).click();
  unlinkSync(join(web.host().libraryDir, 'late.txt'));
  await expect(page.getByRole('alert').or(reader(page).getByText(/已被删除|不存在/))).toBeVisible();
  await openArticle(page, TITLES[0]);
  unlinkSync(join(web.host().libraryDir, 'empty.txt'));
  unlinkSync(join(web.host().libraryDir, 'binary.txt'));
  appendFileSync(join(web.host().libraryDir, '.keep'), '');
});
