// Notes no one would type but a shared backup can carry: deep nesting that overflowed the
// stack of the recursive render, and marker floods that cost seconds per parse. Each is shown
// (its structure to the nesting limit, the rest as text) and the notes around it still render.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnnotations } from '../bench/chromium.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { library, useWebHost } from './harness.ts';
import { putRows } from '../support/rawIndexedDb.ts';

const web = useWebHost();
const SEED = '001_95138ed665849f79.txt';
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });

test('a note of 200 list markers, a 40,000-marker flood and a 1,000-level list render, and so do their neighbours', async () => {
  const raw = readFileSync(join(web.host().libraryDir, SEED), 'utf8');
  const { article } = loadArticle(raw, { fileName: SEED });
  const inText = (at: number) => article.blocks.some((b) => b.start <= at && at < b.end && b.kind !== 'figure');
  const deepList = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- 第${i}层`).join('\n');
  const notes = ['前面的笔记 **重点一**', '- '.repeat(200) + '最深处', '中间的笔记 **重点二**', '**a'.repeat(40_000), deepList, '后面的笔记 **重点三**'];
  const rows = benchAnnotations(raw, 40)
    .filter((r) => inText(r.position.start))
    .slice(0, notes.length)
    .map((r, i) => ({ ...r, articleKey: SEED, note: notes[i] }));
  expect(rows).toHaveLength(notes.length);

  const { page } = await web.open();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await expect(library(page)).toBeVisible();
  await putRows(page, { annotations: rows });
  await page.reload();
  await library(page).locator(`a[href="?article=${encodeURIComponent(SEED)}"]`).click();
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();

  const noteViews = pane(page).locator('.note-view');
  await expect(noteViews).toHaveCount(notes.length);
  for (const word of ['重点一', '重点二', '重点三']) await expect(pane(page).locator('.note-view strong', { hasText: word })).toHaveCount(1);
  // Lists nested to the limit, the markers past it shown as text.
  const deepest = noteViews.filter({ hasText: '最深处' });
  await expect(deepest.locator('ul')).toHaveCount(16);
  await expect(deepest).toContainText('- - - - 最深处');
  // The flood is its text, unparsed.
  await expect(noteViews.filter({ hasText: 'a**a**a' }).locator('strong, em')).toHaveCount(0);
  await expect(noteViews.filter({ hasText: 'a**a**a' })).toContainText('**a'.repeat(50));
  // The deep list: its last level's text is there, its structure bounded.
  const list = noteViews.filter({ hasText: '第999层' });
  await expect(list).toBeVisible();
  expect(await list.locator('ul').count()).toBeLessThanOrEqual(16);
  expect(errors).toEqual([]);
});
