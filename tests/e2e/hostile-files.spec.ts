// Hostile and odd files through the real renderer and web host: a library with an
// empty file, a binary, Big5, GB18030 and BOM-less UTF-16 files, odd names and a FIFO lists
// each with its text or its reason, and the good ones open. A seed corrupted, restored,
// deleted and re-created under the open article keeps its text, highlight and note.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { REPO, library, reader, useWebHost, selectText } from './harness.ts';

const web = useWebHost();
const FIXTURES = join(REPO, 'tests/fixtures/encodings');
const REALWORLD = join(REPO, 'tests/fixtures/realworld');
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const SEED = '000_5cd884f326e428d3.txt';
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '中央广播电视台总台在北京发布了';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const UTF16_TEXT = '双字节编码的一篇短文\n\n这个文件以没有字节顺序标记的 UTF-16 保存，读出来应当一字不差。\n';

test.beforeAll(() => {
  const dir = web.host().libraryDir;
  writeFileSync(join(dir, 'zz-empty.txt'), '');
  writeFileSync(join(dir, 'zz-image.txt'), PNG);
  writeFileSync(join(dir, 'zz-big5.txt'), readFileSync(join(FIXTURES, 'big5-short.txt')));
  writeFileSync(join(dir, 'zz-gb18030.txt'), readFileSync(join(FIXTURES, 'gb18030-4byte.txt')));
  writeFileSync(join(dir, 'zz-utf16.txt'), iconv.encode(UTF16_TEXT, 'utf-16le'));
  writeFileSync(join(dir, 'zz-hkscs.txt'), readFileSync(join(REALWORLD, 'rw-hk-news.big5hkscs.txt')));
  writeFileSync(join(dir, 'zz-euctw.txt'), readFileSync(join(REALWORLD, 'rw-tw-news.euc-tw.txt')));
  writeFileSync(join(dir, 'zz 100% #1 ?&+.txt'), '奇怪的文件名\n\n名字里有空格、百分号、井号、问号、和号与加号。\n');
  writeFileSync(join(dir, 'zz-📚阅读.txt'), '表情符号文件名\n\n名字里有一个书本表情。\n');
  writeFileSync(join(dir, 'zz-back\\slash.txt'), '反斜杠\n');
  execFileSync('mkfifo', [join(dir, 'zz-pipe.txt')]);
});

const row = (page: Page, name: string | RegExp) => library(page).getByRole('link', { name });

async function openRow(page: Page, name: string | RegExp): Promise<void> {
  await row(page, name).click();
}

test('a library of hostile files lists each with its text or its reason, and the good ones open', async () => {
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);

  await expect(row(page, /zz-empty/)).toContainText('这是一个空文件。');
  await expect(row(page, /zz-image/)).toContainText('这不是文本文件。');
  await expect(row(page, /zz-pipe/)).toContainText('这不是普通文件');
  await expect(row(page, /zz-back\\slash/)).toContainText('文件名里有无法使用的字符');
  await expect(row(page, /zz-euctw/)).toContainText('这个文件是 EUC-TW 编码');
  // The five seeds are untouched by their odd neighbours.
  for (const seed of ['安吉', '德清']) await expect(row(page, new RegExp(seed)).first()).toBeVisible();

  await openRow(page, /^透過|濉溪縣位列安徽省第一|zz-big5/);
  await expect(reader(page)).toContainText('濉溪縣位列安徽省第一');
  await openRow(page, /𠀀部字考/);
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText('𠀀部字考');
  await expect(reader(page)).toContainText('欧元符号€');
  await openRow(page, /旺角街坊小店結業/);
  await expect(reader(page)).toContainText('我哋做咗四十幾年，好多街坊都係睇住佢哋大個嘅。');
  await openRow(page, /双字节编码的一篇短文/);
  await expect(reader(page)).toContainText('读出来应当一字不差');
  await openRow(page, /奇怪的文件名/);
  await expect(reader(page)).toContainText('百分号、井号、问号、和号与加号');
  await openRow(page, /表情符号文件名/);
  await expect(reader(page)).toContainText('书本表情');

  // The ones that cannot be read say why in the reader too, and the library stays usable.
  await openRow(page, /zz-image/);
  await expect(reader(page).getByRole('alert')).toContainText('这不是文本文件。');
  await openRow(page, /zz-pipe/);
  await expect(reader(page).getByRole('alert')).toContainText('这不是普通文件');
  await openRow(page, /zz-euctw/);
  await expect(reader(page).getByRole('alert')).toContainText('这个文件是 EUC-TW 编码，批注不读这种编码。');
  await openRow(page, /zz-back\\slash/);
  await expect(reader(page).getByRole('alert')).toContainText('文件名里有无法使用的字符');
  await page.screenshot({ path: join(SHOTS, 'hostile-library.png') });
  await openRow(page, new RegExp(TITLE.slice(0, 8)));
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
});

/** Text of every range drawn under one highlight name. */
const drawn = (page: Page, name: string) =>
  page.evaluate((name) => {
    const h = CSS.highlights.get(name);
    if (!h) return [];
    return [...h].map((r) => {
      const s = r as AbstractRange;
      const range = document.createRange();
      range.setStart(s.startContainer, s.startOffset);
      range.setEnd(s.endContainer, s.endOffset);
      return range.toString();
    });
  }, name);

const toolbar = (page: Page) => page.getByRole('toolbar', { name: '标注' });
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });

test('a seed corrupted, restored, deleted and re-created under the open article keeps its text, highlight and note', async () => {
  const file = join(web.host().libraryDir, SEED);
  const original = readFileSync(file);
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);

  await selectText(page, PASSAGE);
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole('button', { name: '绿色' }).click();
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([PASSAGE]);
  await toolbar(page).getByRole('button', { name: '写笔记' }).click();
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await page.keyboard.type('文件坏了也不能丢的笔记');
  await page.keyboard.press('Escape');
  await expect(pane(page)).toContainText('文件坏了也不能丢的笔记');

  // Corrupted on disk: the row says so, the reader says so over the last good text, the highlight and note stay.
  writeFileSync(file, PNG);
  const seedRow = row(page, new RegExp(TITLE.slice(0, 8)));
  await expect(row(page, /000_5cd884f326e428d3/)).toContainText('这不是文本文件。');
  await expect(reader(page).getByRole('alert')).toContainText('这个文件现在无法读取：这不是文本文件。');
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([PASSAGE]);
  await expect(pane(page)).toContainText('文件坏了也不能丢的笔记');
  await page.screenshot({ path: join(SHOTS, 'hostile-corrupted-open.png') });

  // Restored: read again, the highlight is back on the live text, with a notice.
  writeFileSync(file, original);
  await expect(reader(page).getByRole('status').filter({ hasText: '文件已恢复' })).toBeVisible();
  await expect(reader(page).getByRole('alert')).toHaveCount(0);
  await expect(seedRow).not.toContainText('这不是文本文件');
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([PASSAGE]);
  await reader(page).getByRole('button', { name: '关闭提示' }).click();
  await expect(reader(page).getByRole('status').filter({ hasText: '文件已恢复' })).toHaveCount(0);

  // Deleted: the text stays, marked as removed from disk; the note stays.
  rmSync(file);
  await expect(reader(page).getByRole('alert')).toContainText('这个文件已从磁盘上移走或删除');
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([PASSAGE]);
  await expect(pane(page)).toContainText('文件坏了也不能丢的笔记');
  await page.screenshot({ path: join(SHOTS, 'hostile-deleted-open.png') });

  // Re-created: back, with its highlight.
  writeFileSync(file, original);
  await expect(reader(page).getByRole('status').filter({ hasText: '文件已恢复' })).toBeVisible();
  await expect(seedRow).toBeVisible();
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([PASSAGE]);

  // Corrupted while another article is open, then opened: its annotation is listed as an orphan, with its note.
  await openRow(page, /德清/);
  writeFileSync(file, Buffer.alloc(0));
  // A row in error is named by its file (the title needs the text).
  const brokenRow = row(page, /000_5cd884f326e428d3/);
  await expect(brokenRow).toContainText('这是一个空文件。');
  await brokenRow.click();
  await expect(reader(page).getByRole('alert')).toContainText('这是一个空文件。');
  const orphans = pane(page).getByRole('region', { name: '孤立标注' });
  await expect(orphans).toContainText('文件坏了也不能丢的笔记');
  writeFileSync(file, original);
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect.poll(() => drawn(page, 'pizhu-green')).toEqual([PASSAGE]);
  await expect(orphans).toHaveCount(0);
});
