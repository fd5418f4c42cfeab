import { chromium } from '@playwright/test';
import { startWebHost } from '../../src-main/web/server.ts';
import { CHROMIUM_ARGS } from './chromium.ts';
const host = await startWebHost({ port: 0, dataDir: '/tmp/shotdata', rendererDir: '/work/main/out/renderer', quiet: true, libraryRoot: '/work/main/seeds' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: false });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const errors: string[] = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(host.url);
await page.waitForTimeout(1500);
const shots = JSON.parse(process.argv[2] ?? '[]') as Array<{ name: string; article?: string; script?: string; scroll?: string; ruby?: boolean; theme?: string; lang?: string; edit?: string; save?: boolean }>;
for (const s of shots) {
  if (s.lang) await page.getByRole('combobox', { name: /界面语言|介面語言|Interface language/ }).selectOption(s.lang);
  if (s.article) await page.getByRole('navigation', { name: /文章列表|Articles/ }).getByRole('link', { name: new RegExp(s.article) }).first().click();
  if (s.script) await page.getByRole('radio', { name: s.script, exact: true }).click();
  if (s.theme) await page.getByRole('radio', { name: s.theme }).click();
  if (s.ruby) await page.getByRole('checkbox', { name: /拼音|Pinyin/ }).check();
  // `edit`: replace the title with this text; `save: false` leaves the input open for the shot.
  if (s.edit !== undefined) {
    await page.getByRole('main').getByRole('button', { name: /编辑标题|編輯標題|Edit title/ }).click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(s.edit);
    if (s.save !== false) await page.keyboard.press('Enter');
  }
  await page.waitForTimeout(400);
  if (s.scroll) await page.getByText(s.scroll).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/${s.name}.png` });
}
console.log('errors:', errors);
await browser.close();
await host.close();
