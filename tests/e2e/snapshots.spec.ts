// Snapshots through the real UI and the web host: a highlight with a note, 立即备份 in the
// 导出与备份 dialog (the file lands in the host's data folder), the highlight deleted, the
// snapshot restored after the confirmation step: highlight and note are back, and the data
// from before the restore is listed as a snapshot of its own.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { highlightTexts, library, newProfileDir, reader, REPO, useWebHost, chooseScript } from './harness.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '安吉入选';
const NOTE = '快照里的笔记';

const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });
const SHOTS = join(REPO, 'tests/artifacts/screenshots');
const snapshotsDir = () => join(dirname(web.host().libraryDir), 'data', 'snapshots');

async function highlightWithNote(page: Page): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await chooseScript(page, '简体');
  await page.evaluate((passage) => {
    const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(passage))!;
    node.parentElement!.scrollIntoView({ block: 'center' });
    document.getElementById('reader')!.focus({ preventScroll: true });
    document.getSelection()!.collapse(node, node.data.indexOf(passage));
  }, PASSAGE);
  for (let i = 0; i < PASSAGE.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('h');
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([PASSAGE]);
  await page.keyboard.press('n');
  const editor = pane(page).getByRole('textbox', { name: '笔记' });
  await expect(editor).toBeFocused();
  await page.keyboard.type(NOTE);
  await page.keyboard.press('Escape');
  await expect(pane(page)).toContainText(NOTE);
}

test('立即备份, delete the highlight, restore the snapshot from the dialog: highlight and note are back', async () => {
  const { page } = await web.open(newProfileDir());
  await highlightWithNote(page);
  if (!(await pane(page).isVisible())) await page.getByRole('button', { name: '显示标注' }).click();

  await page.getByRole('button', { name: '导出', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导出与备份' });
  const snapshots = dialog.getByRole('region', { name: '自动备份（快照）' });
  await expect(snapshots).toBeVisible();
  await snapshots.getByRole('button', { name: '立即备份' }).click();
  await expect(snapshots).toContainText('已保存快照');
  const list = snapshots.getByRole('list', { name: '快照' });
  // The start's daily snapshot may be there too; the manual one is the newest.
  await expect(list.getByRole('listitem').first()).toContainText('手动');
  const manual = readdirSync(snapshotsDir()).filter((n) => /-manual-w\d+\.json$/.test(n));
  expect(manual).toHaveLength(1);
  expect(readFileSync(join(snapshotsDir(), manual[0]), 'utf8')).toContain(NOTE);
  await dialog.getByRole('button', { name: '关闭' }).click();

  // Delete the highlight: select it from the pane, then 删除 in the toolbar.
  await pane(page).getByRole('button', { name: PASSAGE }).click();
  await page.getByRole('toolbar', { name: '标注' }).getByRole('button', { name: '删除' }).click();
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([]);
  await expect(pane(page)).not.toContainText(NOTE);

  await page.getByRole('button', { name: '导出', exact: true }).click();
  const restore = list.getByRole('listitem').filter({ hasText: '手动' }).getByRole('button', { name: /^恢复 .+ 的快照（手动）$/ });
  await restore.click();
  // An accessible confirmation step, focus on the harmless answer; nothing changed yet.
  const confirm = snapshots.getByRole('group', { name: /换成 .+ 的快照（1 条标注）/ });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: '取消' })).toBeFocused();
  await confirm.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'snapshots-restore-confirm.png') });
  // 取消 (by keyboard) changes nothing and gives the focus back to the button that asked.
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(restore).toBeFocused();
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: '取消' })).toBeFocused();
  await confirm.getByRole('button', { name: '确认恢复' }).click();
  await expect(snapshots).toContainText(/已恢复到 .+ 的快照；恢复前的数据已另存为快照。/);
  await expect(list.getByRole('listitem').first()).toContainText('恢复前');
  expect(readdirSync(snapshotsDir()).filter((n) => n.includes('-before-restore'))).toHaveLength(1);
  await dialog.getByRole('button', { name: '关闭' }).click();

  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([PASSAGE]);
  await expect(pane(page)).toContainText(NOTE);

  // Restored data is stored data: it survives a reload.
  await page.reload();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect.poll(() => highlightTexts(page, 'pizhu-yellow')).toEqual([PASSAGE]);
});

/**
 * Lays down the `pizhu` database as Pizhu v1 left it (IndexedDB version 10), with one
 * highlight and its note, from a page of the same origin that is not the app (a 404).
 */
async function olderDatabase(page: Page): Promise<void> {
  await page.goto(new URL('/no-such-page', web.host().url).href);
  await page.evaluate(async (note) => {
    // The app page that opened first may have made a current database already: start over.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase('pizhu');
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('pizhu', 10);
      req.onupgradeneeded = () => {
        const d = req.result;
        const annotations = d.createObjectStore('annotations', { keyPath: 'id' });
        annotations.createIndex('articleKey', 'articleKey');
        annotations.createIndex('tagIds', 'tagIds', { multiEntry: true });
        annotations.createIndex('updatedAt', 'updatedAt');
        const tags = d.createObjectStore('tags', { keyPath: 'id' });
        tags.createIndex('key', 'key', { unique: true });
        tags.createIndex('name', 'name');
        d.createObjectStore('articles', { keyPath: 'key' }).createIndex('fingerprint', 'fingerprint');
        d.createObjectStore('settings', { keyPath: 'key' });
        d.createObjectStore('reading', { keyPath: 'articleKey' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('annotations', 'readwrite');
      tx.objectStore('annotations').put({
        id: 'v1-annotation',
        articleKey: '000_5cd884f326e428d3.txt',
        fingerprint: '0'.repeat(64),
        cleanVersion: 1,
        position: { start: 0, end: 4 },
        quote: { exact: '安吉入选', prefix: '', suffix: '' },
        color: 'yellow',
        note,
        tagIds: [],
        createdAt: 1,
        updatedAt: 2,
        deletedAt: null,
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, NOTE);
}

test('a database left by an older Pizhu is saved as an upgrade snapshot before the app upgrades it', async () => {
  const { page } = await web.open(newProfileDir());
  await olderDatabase(page);
  expect(existsSync(snapshotsDir()) ? readdirSync(snapshotsDir()).filter((n) => /-upgrade-w\d+\.json$/.test(n)) : []).toEqual([]);

  await page.goto(web.host().url);
  await expect(library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) })).toBeVisible();
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'pizhu')?.version)).toBeGreaterThan(10);
  const upgrade = readdirSync(snapshotsDir()).filter((n) => /-upgrade-w\d+\.json$/.test(n));
  expect(upgrade).toHaveLength(1);
  const saved = JSON.parse(readFileSync(join(snapshotsDir(), upgrade[0]), 'utf8')) as { 'pizhu:titles': unknown[]; first: { items: { 'pizhu:id': string }[] } };
  expect(saved.first.items.map((a) => a['pizhu:id'])).toEqual(['v1-annotation']);
  // v1 had no titles table: the snapshot is of the data before the upgrade added it.
  expect(saved['pizhu:titles']).toEqual([]);

  await page.getByRole('button', { name: '导出', exact: true }).click();
  await expect(page.getByRole('list', { name: '快照' }).getByRole('listitem').filter({ hasText: '升级前' })).toHaveCount(1);
});

test('when the upgrade snapshot cannot be written the app asks first; 重试备份 writes it once the folder is writable', async () => {
  // A file where the snapshots folder should be: every write fails, as on a read-only disk.
  const dir = snapshotsDir();
  if (existsSync(dir)) renameSync(dir, `${dir}-kept-${Date.now()}`);
  writeFileSync(dir, 'not a folder');
  try {
    const { page } = await web.open(newProfileDir());
    await olderDatabase(page);
    await page.goto(web.host().url);
    const question = page.getByRole('alertdialog', { name: '升级前的备份没有保存' });
    await expect(question).toBeVisible();
    await expect(question).toContainText('第 1 版格式升级到第');
    await expect(question.getByRole('button', { name: '重试备份' })).toBeFocused();
    await page.screenshot({ path: join(SHOTS, 'upgrade-snapshot-question.png') });
    // Esc is no answer: the upgrade still waits, the database is still v1.
    await page.keyboard.press('Escape');
    await expect(question).toBeVisible();
    expect(await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'pizhu')?.version)).toBe(10);

    await question.getByRole('button', { name: '重试备份' }).click();
    await expect(question).toBeVisible();
    rmSync(dir);
    await question.getByRole('button', { name: '重试备份' }).click();
    await expect(question).toBeHidden();
    await expect(library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) })).toBeVisible();
    expect(readdirSync(dir).filter((n) => /-upgrade-w\d+\.json$/.test(n))).toHaveLength(1);
    await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'pizhu')?.version)).toBeGreaterThan(10);
  } finally {
    if (existsSync(dir) && statSync(dir).isFile()) rmSync(dir);
  }
});

test('ten snapshots dated in the future: the dialog says the clock seems set back, and 立即备份 is kept as the newest', async () => {
  const dir = snapshotsDir();
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const ahead = Array.from({ length: 10 }, (_, i) => `pizhu-2099-01-01T00-00-0${i}Z-daily.json`);
  for (const name of ahead) writeFileSync(join(dir, name), '{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection"}');
  try {
    const { page } = await web.open(newProfileDir());
    await highlightWithNote(page);
    await page.getByRole('button', { name: '导出', exact: true }).click();
    const snapshots = page.getByRole('dialog', { name: '导出与备份' }).getByRole('region', { name: '自动备份（快照）' });
    await expect(snapshots).toContainText('电脑的时钟似乎被调慢了');
    await snapshots.getByRole('button', { name: '立即备份' }).click();
    await expect(snapshots).toContainText('已保存快照');
    await expect(snapshots.getByRole('list', { name: '快照' }).getByRole('listitem').first()).toContainText('手动');
    const manual = readdirSync(dir).filter((n) => /-manual-w\d+\.json$/.test(n));
    expect(manual).toHaveLength(1);
    expect(readFileSync(join(dir, manual[0]), 'utf8')).toContain(NOTE);
  } finally {
    // The folder as it was: the future-dated files and the snapshots this test made go.
    for (const name of readdirSync(dir)) if (!before.has(name)) rmSync(join(dir, name), { force: true });
  }
});
