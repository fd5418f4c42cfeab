// An annotation file that cannot be read (here a truncated one, as a sync tool cut short
// leaves it) is said in the main window, not only in About: how many, that it is kept (moved
// to aside/, not deleted), with a way to the details and to reading again; closed, it stays
// closed for that file.
import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reader, useWebHost } from './harness.ts';

const web = useWebHost();
const TRUNCATED = '{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","items":[{"type":"Annotation","id":"urn:uuid:1';
const NAME = '截断的文件.0123456789abcdef.json';

test('a truncated annotation file is reported in the main window and kept aside', async () => {
  const { page } = await web.open();
  await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
  const folder = join(web.host().libraryDir, '.pizhu');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, NAME), TRUNCATED);

  const notice = page.getByRole('region', { name: '批注文件提示' });
  await expect(notice).toBeVisible({ timeout: 30_000 });
  await expect(notice.locator('p')).toHaveText(['有 1 个批注文件无法读取，其中的批注没有载入。', '1 个已移到 aside/ 文件夹保留，没有删除。']);
  // Said to a screen reader by a live region that was there before the text came.
  await expect(page.getByRole('status').filter({ hasText: '有 1 个批注文件无法读取' })).toHaveCount(1);
  // Kept, byte for byte, in aside/.
  const aside = join(folder, 'aside');
  expect(existsSync(join(folder, NAME))).toBe(false);
  const kept = readdirSync(aside);
  expect(kept).toHaveLength(1);
  expect(readFileSync(join(aside, kept[0]), 'utf8')).toBe(TRUNCATED);

  // The details are About's.
  await notice.getByRole('button', { name: '详情' }).click();
  const about = page.getByRole('dialog', { name: '关于批注' });
  await expect(about.getByRole('status')).toContainText(NAME);
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();

  // Closed from the keyboard, it stays closed.
  await notice.getByRole('button', { name: '关闭提示' }).focus();
  await page.keyboard.press('Enter');
  await expect(notice).toHaveCount(0);
  await expect(page.locator('#reader')).toBeFocused();
  await page.waitForTimeout(500);
  await expect(notice).toHaveCount(0);
});
