// Highlights and notes through the real renderer, with the real mouse and keyboard: the same
// characters stay highlighted in every script view, survive reload and restart, follow an
// edited file and become orphans (kept, with their note) when their passage is gone.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalRangeToView } from '../../src-renderer/core/anchor.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { view } from '../../src-renderer/core/scriptView.ts';
import type { Script } from '../../src-renderer/core/types.ts';
import { REPO, library, newProfileDir, reader, useWebHost } from './harness.ts';

const web = useWebHost();
const SEED = '000_5cd884f326e428d3.txt';
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '中央广播电视台总台在北京发布了《2022城市营商环境创新报告》';
const SHOTS = join(REPO, 'tests/artifacts/screenshots');

/** The passage as view `script` shows it: canonical range → view range, sliced (never char by char). */
function expectedIn(raw: string, passage: string, script: Script): string {
  const { clean } = loadArticle(raw, { fileName: SEED });
  const start = clean.text.indexOf(passage);
  expect(start, `${passage} in the canonical text`).toBeGreaterThanOrEqual(0);
  const v = view(clean.text, script);
  const r = canonicalRangeToView(v, { start, end: start + passage.length });
  return v.text.slice(r.start, r.end);
}

const seedText = () => readFileSync(join(web.host().libraryDir, SEED), 'utf8');

async function openSeed(page: Page): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
}

async function setScript(page: Page, name: string, phrases?: boolean): Promise<void> {
  await page.getByRole('radio', { name, exact: true }).click();
  if (phrases !== undefined) await page.getByRole('checkbox', { name: '臺灣用詞' }).setChecked(phrases);
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
  await page.waitForTimeout(100);
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

const toolbar = (page: Page) => page.getByRole('toolbar', { name: '标注' });
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });

async function openPane(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(pane(page)).toBeVisible();
}

test('a highlight made in 简体 is the same characters in 繁體 and 臺灣用詞, with its note, after reload and restart', async () => {
  const profile = newProfileDir();
  const raw = seedText();
  let { page } = await web.open(profile);
  await openSeed(page);
  await setScript(page, '简体');

  await dragSelect(page, '中央广播电视台总台', '创新报告》');
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole('button', { name: '黄色' }).click();
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([expectedIn(raw, PASSAGE, 'cn')]);
  await expect(library(page).getByRole('link', { name: /1 处标注/ })).toBeVisible();

  const t = expectedIn(raw, PASSAGE, 't');
  const twp = expectedIn(raw, PASSAGE, 'twp');
  expect(t).toContain('營商環境');
  await setScript(page, '繁體');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([t]);
  await setScript(page, '臺灣', true);
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([twp]);

  // A note, in place, in the pane: Markdown, saved as typed.
  // Clicking drawn text selects that highlight: the toolbar now acts on it.
  const inside = await charPoint(page, twp.slice(2, 4), 'end');
  await page.mouse.click(inside.x, inside.y);
  await expect(toolbar(page).getByRole('button', { name: '黄色' })).toHaveAttribute('aria-pressed', 'true');
  await toolbar(page).getByRole('button', { name: '写笔记' }).click();
  await expect(pane(page)).toBeVisible();
  const editor = pane(page).getByRole('textbox', { name: '笔记' });
  await expect(editor).toBeFocused();
  await page.keyboard.type('**重点**：营商环境的口碑');
  await page.keyboard.press('Escape');
  await expect(pane(page).locator('strong', { hasText: '重点' })).toBeVisible();
  await expect(pane(page).getByRole('button', { name: new RegExp(twp.slice(0, 6)) })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'annotations-twp.png') });

  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('安吉');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([twp]);
  await openPane(page);
  await expect(pane(page).locator('strong', { hasText: '重点' })).toBeVisible();
  // A pane entry takes you to its passage and flashes it.
  await pane(page).getByRole('button', { name: new RegExp(twp.slice(0, 6)) }).click();
  await expect.poll(() => drawn(page, 'pizhu-flash')).toEqual([twp]);
  // Only the reader scrolls to it: the window itself never scrolls the toolbar out of view.
  expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
  await page.context().close();

  ({ page } = await web.open(profile));
  await expect(reader(page).getByRole('heading', { level: 1 })).toContainText('安吉');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([twp]);
  await openPane(page);
  await expect(pane(page)).toContainText('营商环境的口碑');
  // The file is edited: a paragraph above the highlight. It follows its text.
  const added = '这是新加入的一段话，用来检验标注会跟着原文移动。';
  writeFileSync(join(web.host().libraryDir, SEED), raw.replace('营商环境,永无止境', `${added}\n\n营商环境,永无止境`));
  await expect(reader(page)).toContainText('新加入的一段');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([twp]);
  // Then the highlighted sentence is deleted: the annotation is an orphan, listed with its note.
  writeFileSync(join(web.host().libraryDir, SEED), raw.replace(`近日,${PASSAGE}`, ''));
  const orphans = pane(page).getByRole('region', { name: '孤立标注' });
  await expect(orphans).toBeVisible();
  await expect(orphans).toContainText('营商环境的口碑');
  await expect(orphans).toContainText(twp.slice(0, 6));
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
  await expect(library(page).getByRole('link', { name: /1 处标注/ })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'annotations-orphan.png') });
  // Re-attached to a new selection, it is drawn there again with its note.
  await dragSelect(page, '安吉入選');
  await orphans.getByRole('button', { name: '重新附着到选区' }).click();
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual(['安吉入選']);
  await expect(orphans).toHaveCount(0);
  await expect(pane(page).getByRole('list', { name: '本文标注' })).toContainText('营商环境的口碑');
  writeFileSync(join(web.host().libraryDir, SEED), raw);
});

test('a selection across paragraph, caption and heading is one annotation, drawn across blocks in every view', async () => {
  const raw = seedText();
  const { page } = await web.open();
  await openSeed(page);
  await setScript(page, '简体');
  await dragSelect(page, '实现全县高质量赶超发展', '安吉这个朋友能处');
  await page.keyboard.press('h');
  const { clean } = loadArticle(raw, { fileName: SEED });
  const start = clean.text.indexOf('实现全县高质量赶超发展');
  const end = clean.text.indexOf('安吉这个朋友能处还靠得住') + '安吉这个朋友能处'.length;
  const passage = clean.text.slice(start, end);
  expect(passage).toContain('\n');
  const squeeze = (s: string) => s.replace(/\s/g, '');
  await expect.poll(async () => (await drawn(page, 'pizhu-yellow')).map(squeeze)).toEqual([squeeze(expectedIn(raw, passage, 'cn'))]);
  await setScript(page, '香港');
  await expect.poll(async () => (await drawn(page, 'pizhu-yellow')).map(squeeze)).toEqual([squeeze(expectedIn(raw, passage, 'hk'))]);
  await openPane(page);
  await expect(pane(page).getByRole('list', { name: '本文标注' }).getByRole('listitem')).toHaveCount(1);

  // Renamed on disk: the annotation goes with the file (same fingerprint, new key).
  const dir = web.host().libraryDir;
  renameSync(join(dir, SEED), join(dir, 'renamed-anji.txt'));
  try {
    const moved = library(page).getByRole('link', { name: /1 處標註|1 处标注/ });
    await expect(moved).toHaveAttribute('href', /renamed-anji/);
    await moved.click();
    await expect.poll(async () => (await drawn(page, 'pizhu-yellow')).map(squeeze)).toEqual([squeeze(expectedIn(raw, passage, 'hk'))]);
  } finally {
    renameSync(join(dir, 'renamed-anji.txt'), join(dir, SEED));
  }
});

test('undo and redo each action: create, recolour, restyle, note, tag, delete', async () => {
  const { page } = await web.open();
  await openSeed(page);
  await setScript(page, '简体');
  const passage = '中央广播电视台总台';
  const undo = () => page.keyboard.press('Control+z');
  const redo = () => page.keyboard.press('Control+Shift+z');
  const clickHighlight = async () => {
    const p = await charPoint(page, passage.slice(2, 4), 'end');
    await page.mouse.click(p.x, p.y);
    await expect(toolbar(page).getByRole('button', { name: '删除' })).toBeVisible();
  };

  // create
  await dragSelect(page, passage);
  await page.keyboard.press('h');
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([passage]);
  await undo();
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([]);
  await redo();
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([passage]);

  // recolour (toolbar button), redo with Ctrl+Y
  await clickHighlight();
  await toolbar(page).getByRole('button', { name: '绿色' }).click();
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([passage]);
  await undo();
  await expect.poll(() => drawn(page, 'pizhu-yellow')).toEqual([passage]);
  await page.keyboard.press('Control+y');
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([passage]);

  // restyle: underline
  await toolbar(page).getByRole('button', { name: '下划线' }).click();
  await expect.poll(() => drawn(page, 'pizhu-green-underline')).toEqual([passage]);
  await undo();
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([passage]);
  await redo();
  await expect.poll(() => drawn(page, 'pizhu-green-underline')).toEqual([passage]);

  // note: one undo step for the whole typing session
  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await page.keyboard.type('逐字输入的笔记', { delay: 30 });
  await page.keyboard.press('Escape');
  await expect(pane(page)).toContainText('逐字输入的笔记');
  await undo();
  await expect(pane(page)).not.toContainText('逐字输入');
  await redo();
  await expect(pane(page)).toContainText('逐字输入的笔记');

  // tag (theme), typed in traditional: one theme with the simplified one
  await clickHighlight();
  await page.keyboard.press('t');
  const tagInput = toolbar(page).getByRole('combobox', { name: '主题名称' });
  await expect(tagInput).toBeFocused();
  await page.keyboard.type('營商環境');
  await page.keyboard.press('Enter');
  // Typed in traditional, shown in the reading script: one theme whatever the script.
  const chip = pane(page).getByRole('button', { name: '移除主题：营商环境' });
  await expect(chip).toBeVisible();
  await undo();
  await expect(chip).toHaveCount(0);
  await redo();
  await expect(chip).toBeVisible();

  // delete
  await clickHighlight();
  await page.keyboard.press('Delete');
  await expect.poll(() => drawn(page, 'pizhu-green-underline')).toEqual([]);
  await expect(library(page).getByRole('link', { name: /处标注/ })).toHaveCount(0);
  await undo();
  await expect.poll(() => drawn(page, 'pizhu-green-underline')).toEqual([passage]);
  await expect(pane(page)).toContainText('逐字输入的笔记');
  await redo();
  await expect.poll(() => drawn(page, 'pizhu-green-underline')).toEqual([]);
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
