// A highlight that carries a note shows a small mark at its end; hovering or focusing the mark
// shows the note, rendered as Markdown. The mark stands outside the text: the article's text
// is the same with it, through script switches, and it goes when the note is emptied.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnnotations } from '../bench/chromium.ts';
import { REPO, highlightTexts, reader, selectText, useWebHost, chooseScript, putRowsOnceStarted, spotPlaced } from './harness.ts';

const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '中央广播电视台总台在北京发布了《2022城市营商环境创新报告》';
// 繁體 of the passage, as Debian's `opencc -c s2t` writes it (see annotations.spec.ts).
const PASSAGE_T = '中央廣播電視臺總檯在北京發佈了《2022城市營商環境創新報告》';

const web = useWebHost();
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const marks = (page: Page) => reader(page).getByRole('button', { name: /^笔记：/ });
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });
const articleText = (page: Page) => reader(page).locator('article').first().evaluate((el) => el.textContent);

/** The mark's centre and the end of the highlight's last line box, in viewport pixels. */
async function markAndHighlightEnd(page: Page, passage: string): Promise<{ mark: { x: number; y: number }; end: { x: number; y: number } }> {
  const box = (await marks(page).first().boundingBox())!;
  const end = await page.evaluate((passage) => {
    const nodes = [...document.querySelectorAll('#reader article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(passage))!;
    const range = document.createRange();
    const at = node.data.indexOf(passage);
    range.setStart(node, at);
    range.setEnd(node, at + passage.length);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const last = rects[rects.length - 1];
    return { x: last.right, y: last.top };
  }, passage);
  return { mark: { x: box.x + box.width / 2, y: box.y + box.height / 2 }, end };
}

test('a note puts a mark on its highlight that shows the note on hover and focus, and follows script switches', async () => {
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await chooseScript(page, '简体');
  const before = await articleText(page);

  await selectText(page, PASSAGE);
  await page.keyboard.press('h');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([PASSAGE]);
  // A highlight without a note has no mark.
  await expect(marks(page)).toHaveCount(0);

  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await page.keyboard.type('**重点**：营商环境的口碑');
  await page.keyboard.press('Escape');
  // Named by the note's text as it reads, not its Markdown.
  await expect(marks(page)).toHaveCount(1);
  await expect(marks(page)).toHaveAccessibleName('笔记：重点：营商环境的口碑');
  // The text is what it was: the mark is not in it.
  expect(await articleText(page)).toBe(before);

  // At the end of the highlight, just above its last line.
  const placed = await markAndHighlightEnd(page, PASSAGE);
  expect(Math.abs(placed.mark.x - placed.end.x)).toBeLessThan(12);
  expect(Math.abs(placed.mark.y - placed.end.y)).toBeLessThan(14);

  // Keyboard focus shows the note, its Markdown rendered; Esc hides it.
  await marks(page).focus();
  const tip = reader(page).getByRole('tooltip');
  await expect(tip).toBeVisible();
  await expect(tip.locator('strong')).toHaveText('重点');
  await expect(tip).toContainText('营商环境的口碑');
  await expect(marks(page)).toHaveAttribute('aria-describedby', (await tip.getAttribute('id'))!);
  for (const width of [800, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    // Two frames: the resize has been seen by then, and the marks put away until the window keeps its size.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    // The mark that had the keyboard focus has it again once placed anew, and shows its note.
    await expect(marks(page)).toBeFocused();
    await expect(tip).toBeVisible();
    await page.screenshot({ path: join(SHOTS, `note-mark-${width}.png`) });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await marks(page).focus();
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  await marks(page).blur();

  // Hover shows it too.
  const { mark } = await markAndHighlightEnd(page, PASSAGE);
  await page.mouse.move(mark.x, mark.y);
  await expect(tip).toBeVisible();
  await page.mouse.move(5, 400);
  await expect(tip).toBeHidden();

  // 繁體: the same highlight in other characters, and the mark at its end again.
  await chooseScript(page, '繁體');
  await expect(marks(page)).toHaveCount(1);
  await expect
    .poll(async () => {
      const { mark, end } = await markAndHighlightEnd(page, PASSAGE_T);
      return Math.abs(mark.x - end.x) < 12 && Math.abs(mark.y - end.y) < 14;
    })
    .toBe(true);

  // The note emptied: the mark goes.
  await marks(page).click();
  await page.keyboard.press('n');
  const editor = pane(page).getByRole('textbox', { name: '笔记' });
  await expect(editor).toBeFocused();
  await editor.fill('');
  await page.keyboard.press('Escape');
  await expect(marks(page)).toHaveCount(0);
  // Written again: it comes back.
  await pane(page).getByRole('button', { name: /中央廣播電視/ }).click();
  await page.keyboard.press('n');
  await expect(editor).toBeFocused();
  await page.keyboard.type('再写一次');
  await page.keyboard.press('Escape');
  await expect(marks(page)).toHaveAccessibleName('笔记：再写一次');
});

test('a note far down the article gets its mark when its paragraph comes into view', async () => {
  const seed = '001_95138ed665849f79.txt';
  const raw = readFileSync(join(web.host().libraryDir, seed), 'utf8');
  // Thirty highlights spread over the article, every fifth with a note (第 0, 5, … 25 条笔记).
  const rows = benchAnnotations(raw, 30).map((r) => ({ ...r, articleKey: seed }));
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
  await putRowsOnceStarted(page, { annotations: rows, settings: [{ key: 'lastArticleKey', value: seed }] });
  await page.setViewportSize({ width: 1000, height: 600 });
  await page.reload();
  const last = reader(page).getByRole('button', { name: /^笔记：第 25 条笔记/ });
  await expect(reader(page).getByRole('button', { name: /^笔记：第 0 条笔记/ })).toHaveCount(1);
  // Its paragraph is far below the view, not laid out yet: no mark measured there.
  await expect(last).toHaveCount(0);
  await spotPlaced(page);
  await page.locator('#reader').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(last).toHaveCount(1);
});
