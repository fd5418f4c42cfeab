// More highlights on one article than a person makes (a merged or hostile backup): they are
// drawn as a window near the visible text, never all at once, and the window follows the
// reader's scrolling.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { describeRange } from '../../src-renderer/core/anchor.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { fingerprintText } from '../../src-main/library/decode.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { library, useWebHost, chooseScript, spotPlaced } from './harness.ts';
import { putRows } from '../support/rawIndexedDb.ts';

const web = useWebHost();
const SEED = '001_95138ed665849f79.txt';
const COUNT = 6_000;

/** The ranges of annotation highlights drawn now, as view-text start offsets of their runs. */
const drawn = (page: Page) =>
  page.evaluate(() => {
    let n = 0;
    for (const [name, h] of CSS.highlights) if (/^pizhu-(yellow|green|blue|pink|purple)(-underline)?$/.test(name)) n += h.size;
    return n;
  });

test(`${COUNT.toLocaleString('en')} highlights on one article: drawn near the visible text only, and the window follows scrolling`, async () => {
  // Seeding and anchoring 6,000 rows takes most of a minute on a busy 2-core machine.
  test.setTimeout(180_000);
  const raw = readFileSync(join(web.host().libraryDir, SEED), 'utf8');
  const { clean, article } = loadArticle(raw, { fileName: SEED });
  const text = clean.text;
  const last = article.blocks.filter((b) => b.kind === 'paragraph').at(-1)!;
  const t0 = Date.UTC(2026, 0, 1);
  const rows: AnnotationRecord[] = Array.from({ length: COUNT }, (_, i) => {
    const start = (i * 7) % (text.length - 10);
    return {
      id: `many-${i}`,
      articleKey: SEED,
      fingerprint: fingerprintText(raw),
      cleanVersion: CLEAN_VERSION,
      ...describeRange(text, { start, end: start + 3 }),
      color: 'yellow',
      style: 'highlight',
      note: '',
      tagIds: [],
      createdAt: t0 + i,
      updatedAt: t0 + i,
      deletedAt: null,
    };
  });
  const { page } = await web.open();
  await expect(library(page)).toBeVisible();
  await putRows(page, { annotations: rows });
  await page.reload();
  await library(page).locator(`a[href="?article=${encodeURIComponent(SEED)}"]`).click();
  await chooseScript(page, '原文');
  await expect.poll(() => drawn(page)).toBeGreaterThan(0);
  const atTop = await drawn(page);
  expect(atTop).toBeLessThanOrEqual(2_000);
  expect(atTop).toBeLessThan(COUNT);

  // At the end of the article, the highlights there are drawn: the last paragraph's text has one.
  await spotPlaced(page);
  await page.evaluate(() => document.getElementById('reader')!.scrollTo({ top: 1e9 }));
  const lastText = text.slice(last.start, last.end);
  await expect
    .poll(() =>
      page.evaluate((lastText) => {
        for (const [name, h] of CSS.highlights) {
          if (!name.startsWith('pizhu-yellow')) continue;
          for (const r of h) {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset);
            if (lastText.includes(range.startContainer.textContent ?? '\0')) return true;
          }
        }
        return false;
      }, lastText),
    )
    .toBe(true);
  expect(await drawn(page)).toBeLessThanOrEqual(2_000);
});
