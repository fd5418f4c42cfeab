// Storage problems in the real browser are shown, with what to do: a full disk while a note
// is typed (the text stays, Retry stores it), and another window upgrading the database
// (this one lets go and asks for a reload; after it, data from the newer version is named).
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO, openArticle, reader, useWebHost } from './harness.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });

async function noteOn(page: Page, passage: string): Promise<void> {
  await expect(reader(page)).toContainText(passage);
  await page.evaluate((passage) => {
    const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(passage))!;
    node.parentElement!.scrollIntoView({ block: 'center' });
    document.getElementById('reader')!.focus({ preventScroll: true });
    document.getSelection()!.collapse(node, node.data.indexOf(passage));
  }, passage);
  for (let i = 0; i < passage.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
}

/** A full disk, as IndexedDB reports it: every put and add fails with QuotaExceededError until turned off. */
async function diskFull(page: Page, full: boolean): Promise<void> {
  await page.evaluate((full) => {
    const w = window as unknown as { pizhuDiskFull?: boolean; pizhuDiskPatched?: boolean };
    w.pizhuDiskFull = full;
    if (w.pizhuDiskPatched) return;
    w.pizhuDiskPatched = true;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (w.pizhuDiskFull && this.name === 'annotations') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  }, full);
}

test('disk full while typing a note: the banner says so, the text stays, Retry stores it', async () => {
  const { page } = await web.open();
  await openArticle(page, TITLE, '简体');
  await noteOn(page, '安吉入选');
  await diskFull(page, true);
  await page.keyboard.type('磁盘满了也不能丢的笔记');
  const banner = page.getByRole('alert').filter({ hasText: '磁盘空间已满' });
  await expect(banner).toBeVisible();
  await expect(pane(page).getByRole('status')).toContainText('笔记尚未保存');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toHaveValue('磁盘满了也不能丢的笔记');
  await page.screenshot({ path: join(SHOTS, 'storage-quota.png') });

  await diskFull(page, false);
  await page.getByRole('button', { name: '重试', exact: true }).first().click();
  await expect(banner).toHaveCount(0);
  await expect(pane(page).getByRole('status')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(pane(page)).toContainText('磁盘满了也不能丢的笔记');
});

test('another window upgrading the database: this one lets go, asks for a reload, then names the newer data', async () => {
  const { page } = await web.open();
  await openArticle(page, TITLE, '简体');
  // What a newer Pizhu in another window does when it opens: a higher version. Not blocked by us.
  const upgraded = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const request = indexedDB.open('pizhu', 1000);
        request.onsuccess = () => {
          request.result.close();
          resolve(true);
        };
        request.onblocked = () => resolve(false);
      }),
  );
  expect(upgraded).toBe(true);
  const banner = page.getByRole('alert').filter({ hasText: '另一个批注窗口正在升级数据' });
  await expect(banner).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'storage-closed.png') });
  await page.getByRole('button', { name: '重新加载' }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(page.getByRole('alert').filter({ hasText: '数据版本 100' })).toBeVisible();
});
