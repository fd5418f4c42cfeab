// Highlights and notes through the real renderer, with the real mouse and keyboard: the same
// characters stay highlighted in every script view, survive reload and restart, follow an
// edited file and become orphans (kept, with their note) when their passage is gone.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, library, newProfileDir, reader, useWebHost, chooseScript } from './harness.ts';

const web = useWebHost();
const SEED = '000_5cd884f326e428d3.txt';
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '中央广播电视台总台在北京发布了《2022城市营商环境创新报告》';
const SHOTS = join(REPO, 'tests/artifacts/screenshots');

// What each view shows, written out by hand and checked against Debian's OpenCC command line
// (`opencc -c s2t`, `s2twp`, `s2hk`), not computed by the code under test. 发布 is 釋出 in
// Taiwan's vocabulary; the seed's ASCII punctuation between Chinese characters reads full-width.
const PASSAGE_T = '中央廣播電視臺總檯在北京發佈了《2022城市營商環境創新報告》';
const PASSAGE_TWP = '中央廣播電視臺總檯在北京釋出了《2022城市營商環境創新報告》';
/** From the end of a paragraph, across the photo caption and its credit, into a heading. */
const ACROSS_CN = '实现全县高质量赶超发展。\n安吉县城航拍图 夏鹏飞 摄\n安吉这个朋友能处';
const ACROSS_HK = '實現全縣高質量趕超發展。\n安吉縣城航拍圖 夏鵬飛 攝\n安吉這個朋友能處';

async function openSeed(page: Page): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
}

async function setScript(page: Page, name: string, phrases?: boolean): Promise<void> {
  await chooseScript(page, name, phrases);
}

/** Viewport point just inside the first character (edge start) or the last one (edge end) of the nth `needle` in the body. */
async function charPoint(page: Page, needle: string, edge: 'start' | 'end', nth = 0): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ needle, edge, nth }) => {
      const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
      let text = '';
      const starts: number[] = [];
      for (const n of nodes) {
        starts.push(text.length);
        text += n.data;
      }
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`not in the body: ${needle}`);
      const ci = edge === 'start' ? at : at + needle.length - 1;
      let p = starts.length - 1;
      while (starts[p] > ci) p--;
      const range = document.createRange();
      range.setStart(nodes[p], ci - starts[p]);
      range.setEnd(nodes[p], ci - starts[p] + 1);
      const box = range.getBoundingClientRect();
      return { x: edge === 'start' ? box.left + 2 : box.right - 2, y: box.top + box.height / 2 };
    },
    { needle, edge, nth },
  );
}

async function scrollToText(page: Page, needle: string): Promise<void> {
  await page.evaluate((needle) => {
    const el = [...document.querySelectorAll('article [data-v]')].find((e) => e.textContent?.includes(needle));
    el?.scrollIntoView({ block: 'center' });
  }, needle);
  // Wait until the paragraph is inside the reader's visible box and has stopped moving
  // (the list lays out the paragraphs it brings near the view, which can shift it once more).
  await expect
    .poll(() =>
      page.evaluate(
        (needle) =>
          new Promise<boolean>((done) => {
            const top = () => {
              const el = [...document.querySelectorAll('article [data-v]')].find((e) => e.textContent?.includes(needle));
              const box = el?.getBoundingClientRect();
              const view = document.getElementById('reader')?.getBoundingClientRect();
              return box && view && box.height > 0 && box.top >= view.top && box.bottom <= view.bottom ? box.top : null;
            };
            const first = top();
            requestAnimationFrame(() => requestAnimationFrame(() => done(first !== null && top() === first)));
          }),
        needle,
      ),
    )
    .toBe(true);
}

/** Drags the real mouse from the start of `from` to the end of `to`. */
async function dragSelect(page: Page, from: string, to: string = from): Promise<void> {
  await scrollToText(page, from);
  const a = await charPoint(page, from, 'start');
  const b = await charPoint(page, to, 'end');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
}

/** Text of every range drawn under one highlight name. */
/** Text of every range drawn under one highlight name, in reading order (the painter draws StaticRanges). */
const drawn = (page: Page, name: string) =>
  page.evaluate((name) => {
    const h = CSS.highlights.get(name);
    if (!h) return [];
    const live = [...h].map((r) => {
      const s = r as AbstractRange;
      const range = document.createRange();
      range.setStart(s.startContainer, s.startOffset);
      range.setEnd(s.endContainer, s.endOffset);
      return range;
    });
    return live.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b)).map((r) => r.toString());
  }, name);

/** Keeps, frame by frame, every non-empty drawing of highlight `name` in `window.seenHighlights`. */
const watchHighlight = (page: Page, name: string) =>
  page.evaluate((name) => {
    const seen: string[][] = [];
    (window as unknown as { seenHighlights: string[][] }).seenHighlights = seen;
    const look = () => {
      const h = CSS.highlights.get(name);
      if (h && h.size > 0) {
        const texts = [...h].map((r) => {
          const s = r as AbstractRange;
          const live = document.createRange();
          live.setStart(s.startContainer, s.startOffset);
          live.setEnd(s.endContainer, s.endOffset);
          return live.toString();
        });
        if (!seen.some((t) => t.join('\u0000') === texts.join('\u0000'))) seen.push(texts);
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, name);

const toolbar = (page: Page) => page.getByRole('toolbar', { name: '标注' });
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });

async function openPane(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(pane(page)).toBeVisible();
}

test('a highlight made in 简体 is the same characters in 繁體 and 臺灣用詞, and takes a note in place', async () => {
  const { page } = await web.open();
  await openSeed(page);
  await setScript(page, '简体');

  await dragSelect(page, '中央广播电视台总台', '创新报告》');
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole('button', { name: '黄色' }).click();
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE]);
  await expect(library(page).getByRole('link', { name: /1 处标注/ })).toBeVisible();

  await setScript(page, '繁體');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE_T]);
  await setScript(page, '臺灣', true);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE_TWP]);

  // A note, in place, in the pane: Markdown, saved as typed.
  // Clicking drawn text selects that highlight: the toolbar now acts on it.
  const inside = await charPoint(page, '廣播', 'end');
  await page.mouse.click(inside.x, inside.y);
  await expect(toolbar(page).getByRole('button', { name: '黄色' })).toHaveAttribute('aria-pressed', 'true');
  await toolbar(page).getByRole('button', { name: '写笔记' }).click();
  await expect(pane(page)).toBeVisible();
  const editor = pane(page).getByRole('textbox', { name: '笔记' });
  await expect(editor).toBeFocused();
  await page.keyboard.type('**重点**：营商环境的口碑');
  await page.keyboard.press('Escape');
  await expect(pane(page).locator('strong', { hasText: '重点' })).toBeVisible();
  await expect(pane(page).getByRole('button', { name: /中央廣播電視/ })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'annotations-twp.png') });
});

test('a highlight and its note survive a reload and a restart of the browser', async () => {
  // Two page loads and a browser start: more than one timeout's worth on a busy machine.
  test.slow();
  const profile = newProfileDir();
  let { page } = await web.open(profile);
  await openSeed(page);
  await setScript(page, '繁體');
  await dragSelect(page, '中央廣播電視臺總檯', '創新報告》');
  await page.keyboard.press('h');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE_T]);
  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await page.keyboard.type('**重点**：营商环境的口碑');
  await page.keyboard.press('Escape');
  await expect(pane(page).locator('strong', { hasText: '重点' })).toBeVisible();

  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('安吉');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE_T]);
  await openPane(page);
  await expect(pane(page).locator('strong', { hasText: '重点' })).toBeVisible();
  // A pane entry takes you to its passage and flashes it. The flash is brief: every frame's is kept.
  await watchHighlight(page, 'pizhu-flash');
  await pane(page).getByRole('button', { name: /中央廣播電視/ }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { seenHighlights: string[][] }).seenHighlights)).toContainEqual([PASSAGE_T]);
  // Only the reader scrolls to it: the window itself never scrolls the toolbar out of view.
  expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
  await page.context().close();

  ({ page } = await web.open(profile));
  await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('安吉');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE_T]);
  await openPane(page);
  await expect(pane(page)).toContainText('营商环境的口碑');
});

test('a highlight follows its text when the file is edited, and is kept as an orphan with its note when the text is gone', async () => {
  const { page } = await web.open();
  await openSeed(page);
  await setScript(page, '简体');
  await dragSelect(page, '中央广播电视台总台', '创新报告》');
  await page.keyboard.press('h');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE]);
  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await page.keyboard.type('营商环境的口碑');
  await page.keyboard.press('Escape');
  await expect(pane(page)).toContainText('营商环境的口碑');

  const file = join(web.host().libraryDir, SEED);
  const raw = readFileSync(file, 'utf8');
  try {
    // A paragraph is added above the highlight: it follows its text.
    const added = '这是新加入的一段话，用来检验标注会跟着原文移动。';
    writeFileSync(file, raw.replace('营商环境,永无止境', `${added}\n\n营商环境,永无止境`));
    await expect(reader(page)).toContainText('新加入的一段');
    await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([PASSAGE]);
    // Then the highlighted sentence is deleted: the annotation is an orphan, listed with its note.
    writeFileSync(file, raw.replace(`近日,${PASSAGE}`, ''));
    const orphans = pane(page).getByRole('region', { name: '孤立标注' });
    await expect(orphans).toBeVisible();
    await expect(orphans).toContainText('营商环境的口碑');
    await expect(orphans).toContainText('中央广播电视');
    await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
    await expect(library(page).getByRole('link', { name: /1 处标注/ })).toBeVisible();
    await page.screenshot({ path: join(SHOTS, 'annotations-orphan.png') });
    // Re-attached to a new selection, it is drawn there again with its note.
    await dragSelect(page, '安吉入选');
    await orphans.getByRole('button', { name: '重新附着到选区' }).click();
    await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual(['安吉入选']);
    await expect(orphans).toHaveCount(0);
    await expect(pane(page).getByRole('list', { name: '本文标注' })).toContainText('营商环境的口碑');
  } finally {
    writeFileSync(file, raw);
  }
});

test('a selection across paragraph, caption and heading is one annotation, drawn across blocks in every view', async () => {
  const { page } = await web.open();
  await openSeed(page);
  await setScript(page, '简体');
  await dragSelect(page, '实现全县高质量赶超发展', '安吉这个朋友能处');
  await page.keyboard.press('h');
  // Compare the characters, not the white space a block break is drawn as.
  const squeeze = (s: string) => s.replace(/\s/g, '');
  await expect.poll(async () => (await drawn(page, 'pizhu-yellow')).map(squeeze)).toEqual([squeeze(ACROSS_CN)]);
  await setScript(page, '香港');
  await expect.poll(async () => (await drawn(page, 'pizhu-yellow')).map(squeeze)).toEqual([squeeze(ACROSS_HK)]);
  await openPane(page);
  await expect(pane(page).getByRole('list', { name: '本文标注' }).getByRole('listitem')).toHaveCount(1);

  // Renamed on disk: the annotation goes with the file (same fingerprint, new key).
  const dir = web.host().libraryDir;
  renameSync(join(dir, SEED), join(dir, 'renamed-anji.txt'));
  try {
    const moved = library(page).getByRole('link', { name: /1 處標註|1 处标注/ });
    await expect(moved).toHaveAttribute('href', /renamed-anji/);
    await moved.click();
    await expect.poll(async () => (await drawn(page, 'pizhu-yellow')).map(squeeze)).toEqual([squeeze(ACROSS_HK)]);
  } finally {
    renameSync(join(dir, 'renamed-anji.txt'), join(dir, SEED));
  }
});

// Undo and redo, one action per test so a failure in one does not hide the others.
const SHORT = '中央广播电视台总台';
const undo = (page: Page) => page.keyboard.press('Control+z');
const redo = (page: Page) => page.keyboard.press('Control+Shift+z');

/** Opens the seed in 简体 with SHORT highlighted in yellow by the H key. */
async function highlightShort(page: Page): Promise<void> {
  await openSeed(page);
  await setScript(page, '简体');
  await dragSelect(page, SHORT);
  await page.keyboard.press('h');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([SHORT]);
}

async function clickShort(page: Page): Promise<void> {
  const p = await charPoint(page, SHORT.slice(2, 4), 'end');
  await page.mouse.click(p.x, p.y);
  await expect(toolbar(page).getByRole('button', { name: '删除' })).toBeVisible();
}

test('undo and redo: create', async () => {
  const { page } = await web.open();
  await highlightShort(page);
  await undo(page);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
  await redo(page);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([SHORT]);
});

test('recolour with the keys 1…5 and the toolbar; undo, and redo with Ctrl+Y', async () => {
  const { page } = await web.open();
  await highlightShort(page);
  await clickShort(page);
  for (const [key, colour] of [['3', 'blue'], ['4', 'pink'], ['5', 'purple'], ['1', 'yellow'], ['2', 'green']]) {
    await page.keyboard.press(key);
    await expect.poll(() => drawn(page, `pizhu-${colour}`), `key ${key}`).toEqual([SHORT]);
  }
  await toolbar(page).getByRole('button', { name: '蓝色' }).click();
  await expect.poll(() => drawn(page, 'pizhu-blue')).toEqual([SHORT]);
  await undo(page);
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([SHORT]);
  await page.keyboard.press('Control+y');
  await expect.poll(() => drawn(page, 'pizhu-blue')).toEqual([SHORT]);
});

test('U underlines instead of highlighting and back, the toolbar too; undo and redo', async () => {
  const { page } = await web.open();
  await highlightShort(page);
  await clickShort(page);
  await page.keyboard.press('u');
  await expect.poll(() => drawn(page, 'pizhu-yellow-underline')).toEqual([SHORT]);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
  await page.keyboard.press('u');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([SHORT]);
  await toolbar(page).getByRole('button', { name: '下划线' }).click();
  await expect.poll(() => drawn(page, 'pizhu-yellow-underline')).toEqual([SHORT]);
  await undo(page);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([SHORT]);
  await redo(page);
  await expect.poll(() => drawn(page, 'pizhu-yellow-underline')).toEqual([SHORT]);
});

test('undo and redo: a note is one step for the whole typing session', async () => {
  const { page } = await web.open();
  await highlightShort(page);
  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await page.keyboard.type('逐字输入的笔记', { delay: 30 });
  await page.keyboard.press('Escape');
  await expect(pane(page)).toContainText('逐字输入的笔记');
  await undo(page);
  await expect(pane(page)).not.toContainText('逐字输入');
  await redo(page);
  await expect(pane(page)).toContainText('逐字输入的笔记');
});

test('undo and redo: a theme typed in traditional is the one theme in the reading script', async () => {
  const { page } = await web.open();
  await highlightShort(page);
  await clickShort(page);
  await page.keyboard.press('t');
  const tagInput = toolbar(page).getByRole('combobox', { name: '主题名称' });
  await expect(tagInput).toBeFocused();
  await page.keyboard.type('營商環境');
  await page.keyboard.press('Enter');
  await openPane(page);
  const chip = pane(page).getByRole('button', { name: '移除主题：营商环境' });
  await expect(chip).toBeVisible();
  await undo(page);
  await expect(chip).toHaveCount(0);
  await redo(page);
  await expect(chip).toBeVisible();
});

test('undo and redo: Delete removes the selected highlight', async () => {
  const { page } = await web.open();
  await highlightShort(page);
  await clickShort(page);
  await page.keyboard.press('Delete');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
  await expect(library(page).getByRole('link', { name: /处标注/ })).toHaveCount(0);
  await undo(page);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([SHORT]);
  await expect(library(page).getByRole('link', { name: /1 处标注/ })).toBeVisible();
  await redo(page);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
});

test('keyboard only: Shift+Arrow selects, H highlights, N notes, Escape returns, Ctrl+Z undoes', async () => {
  const { page } = await web.open();
  await openSeed(page);
  await setScript(page, '简体');
  await scrollToText(page, '安吉入选');
  // Put the caret before 安吉入选 (the keyboard-only equivalent of a click), then select with the keys.
  await page.evaluate(() => {
    const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes('安吉入选'))!;
    document.getElementById('reader')!.focus({ preventScroll: true });
    document.getSelection()!.collapse(node, node.data.indexOf('安吉入选'));
  });
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await page.evaluate(() => document.getSelection()!.toString())).toBe('安吉入选');
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press('h');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual(['安吉入选']);
  await page.keyboard.press('n');
  const editor = pane(page).getByRole('textbox', { name: '笔记' });
  await expect(editor).toBeFocused();
  await page.keyboard.type('只用键盘写的笔记');
  await page.keyboard.press('Escape');
  await expect(reader(page)).toBeFocused();
  await expect(pane(page)).toContainText('只用键盘写的笔记');
  await page.keyboard.press('Control+z');
  await expect(pane(page)).not.toContainText('只用键盘写的笔记');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual(['安吉入选']);
  await page.keyboard.press('Control+z');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
  // The pane and toolbar are reachable and named in every UI language.
  await page.getByRole('combobox', { name: '界面语言' }).selectOption('en');
  await expect(page.getByRole('complementary', { name: 'Annotations' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Interface language' }).selectOption('zh-Hant');
  await expect(page.getByRole('complementary', { name: '標註' })).toBeVisible();
});
