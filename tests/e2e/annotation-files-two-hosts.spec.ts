// Two "machines" on one host: two web hosts with their own --data folders (two databases,
// two browser profiles, two origins) on one library folder. What one writes to the library's
// annotation files reaches the other through its watcher, painted without a reload.
import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost } from '../../src-main/web/server.ts';
import { REPO, chooseScript, highlightTexts, library, newProfileDir, offHostRequests, openBrowser, reader, type Host } from './harness.ts';

const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE_A = '安吉入选';
const PASSAGE_B = '绿水青山环绕';

async function hostOn(libraryDir: string, dataDir: string): Promise<Host> {
  const host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir, rendererDir: join(resolve(REPO, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer'), quiet: true });
  const origin = new URL(host.url).origin;
  return { url: `${origin}/`, signInUrl: () => host.signInUrl(), token: host.token, origin, libraryDir, close: () => host.close() };
}

async function openArticle(page: Page): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await chooseScript(page, '简体');
}

async function select(page: Page, passage: string): Promise<void> {
  await expect(reader(page)).toContainText(passage);
  await page.evaluate((passage) => {
    const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(passage))!;
    node.parentElement!.scrollIntoView({ block: 'center' });
    document.getElementById('reader')!.focus({ preventScroll: true });
    document.getSelection()!.collapse(node, node.data.indexOf(passage));
  }, passage);
  for (let i = 0; i < passage.length; i++) await page.keyboard.press('Shift+ArrowRight');
}

test('a highlight made on either machine appears on the other through the shared annotation files', async () => {
  const work = mkdtempSync(join(tmpdir(), 'pizhu-e2e-two-hosts-'));
  const libraryDir = join(work, 'library');
  cpSync(join(REPO, 'seeds'), libraryDir, { recursive: true });
  const hostA = await hostOn(libraryDir, join(work, 'data-a'));
  const hostB = await hostOn(libraryDir, join(work, 'data-b'));
  const a = await openBrowser(hostA, newProfileDir());
  const b = await openBrowser(hostB, newProfileDir());
  try {
    await a.page.goto(hostA.url);
    await b.page.goto(hostB.url);
    await openArticle(a.page);
    await openArticle(b.page);

    await select(a.page, PASSAGE_A);
    await a.page.keyboard.press('h');
    await expect.poll(() => highlightTexts(a.page, 'pizhu-yellow')).toEqual([PASSAGE_A]);
    await expect.poll(() => highlightTexts(b.page, 'pizhu-yellow'), { timeout: 15_000 }).toEqual([PASSAGE_A]);

    await select(b.page, PASSAGE_B);
    await b.page.keyboard.press('h');
    await expect.poll(async () => (await highlightTexts(a.page, 'pizhu-yellow')).sort(), { timeout: 15_000 }).toEqual([PASSAGE_A, PASSAGE_B].sort());

    expect(offHostRequests(a.requests, hostA.origin)).toEqual([]);
    expect(offHostRequests(b.requests, hostB.origin)).toEqual([]);
  } finally {
    await a.close();
    await b.close();
    await hostA.close();
    await hostB.close();
    rmSync(work, { recursive: true, force: true });
  }
});
