// Screenshots of highlights, the toolbar and the annotation pane, for a human to look at:
// `npx tsx tests/support/shootAnnotations.mts` (after `npm run build`) writes /tmp/shots/annotations-*.png.
import { startHost, openBrowser, newProfileDir } from '../e2e/harness.ts';

const host = await startHost();
const session = await openBrowser(host, newProfileDir());
const page = session.page;
// tsx keeps function names with a __name helper that does not exist in the page.
await page.evaluate('window.__name = (f) => f');
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

async function select(from: string, to: string): Promise<void> {
  const box = await page.evaluate(
    ({ from, to }) => {
      const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
      const find = (needle: string, end: boolean) => {
        const node = nodes.find((n) => n.data.includes(needle))!;
        const i = node.data.indexOf(needle) + (end ? needle.length - 1 : 0);
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        const b = r.getBoundingClientRect();
        return { x: end ? b.right - 2 : b.left + 2, y: b.top + b.height / 2 };
      };
      return { a: find(from, false), b: find(to, true) };
    },
    { from, to },
  );
  await page.mouse.move(box.a.x, box.a.y);
  await page.mouse.down();
  await page.mouse.move(box.b.x, box.b.y, { steps: 8 });
  await page.mouse.up();
}

await page.getByRole('radio', { name: '简体', exact: true }).click();
await page.getByRole('button', { name: '显示标注' }).click();
await page.evaluate(() => [...document.querySelectorAll('article [data-v]')].find((e) => e.textContent?.includes('营商环境，永无止境'))?.scrollIntoView({ block: 'start' }));
await page.waitForTimeout(200);
await select('中央广播电视台', '创新报告》');
await page.keyboard.press('1');
await select('北京发布了', '安吉入选');
await page.keyboard.press('3');
await select('好的营商环境犹如', '沃土');
await page.keyboard.press('2');
await page.keyboard.press('n');
await page.keyboard.type('**土壤**比喻：营商环境是企业的 *沃土*。\n\n- 对照 [报告](https://example.org/report)\n- <script>alert(1)</script> 只作文字');
await page.keyboard.press('Escape');
await select('落户该县灵峰街道', '境外上市');
await page.keyboard.press('u');
await select('围绕企业资本实力', '经营能力');
await page.keyboard.press('5');
await page.keyboard.press('t');
await page.keyboard.type('营商环境');
await page.keyboard.press('Enter');
await page.evaluate(() => document.getSelection()?.removeAllRanges());
const hit = await page.evaluate(() => {
  const node = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild as Text).find((n) => n?.data?.includes('围绕企业资本实力'))!;
  const r = document.createRange();
  const i = node.data.indexOf('围绕企业资本实力') + 3;
  r.setStart(node, i);
  r.setEnd(node, i + 1);
  const b = r.getBoundingClientRect();
  return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
});
await page.mouse.click(hit.x, hit.y);
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/shots/annotations-light.png' });
await page.getByRole('radio', { name: '深色' }).click();
await page.getByRole('radio', { name: '繁體', exact: true }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/shots/annotations-dark-t.png' });
console.log('errors:', errors);
await session.close();
await host.close();
