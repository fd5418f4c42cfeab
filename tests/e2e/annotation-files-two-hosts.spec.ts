// Two "machines" on one host: two web hosts with their own --data folders (two databases,
// two browser profiles, two origins) on one library folder. What one writes to the library's
// annotation files reaches the other through its watcher, painted without a reload.
import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost } from '../../src-main/web/server.ts';
import { REPO, highlightTexts, newProfileDir, offHostRequests, openArticle, openBrowser, selectByKeyboard, type Host } from './harness.ts';

const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE_A = '安吉入选';
const PASSAGE_B = '绿水青山环绕';

async function hostOn(libraryDir: string, dataDir: string): Promise<Host> {
  const host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir, rendererDir: join(resolve(REPO, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer'), quiet: true });
  const origin = new URL(host.url).origin;
  return { url: `${origin}/`, signInUrl: () => host.signInUrl(), token: host.token, origin, libraryDir, close: () => host.close() };
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
    await openArticle(a.page, TITLE, '简体');
    await openArticle(b.page, TITLE, '简体');

    await selectByKeyboard(a.page, PASSAGE_A);
    await a.page.keyboard.press('h');
    await expect.poll(() => highlightTexts(a.page, 'pizhu-yellow')).toEqual([PASSAGE_A]);
    await expect.poll(() => highlightTexts(b.page, 'pizhu-yellow'), { timeout: 15_000 }).toEqual([PASSAGE_A]);

    await selectByKeyboard(b.page, PASSAGE_B);
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
