// The real Electron app, driven by Playwright's _electron. Where the Electron runtime binary
// is missing (an offline `npm install` cannot download it) the test reports itself skipped
// with that reason instead of failing, and the web-host e2e tests cover the same renderer.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronRuntime } from '../../src-main/electronRuntime.mjs';

const REPO = resolve(import.meta.dirname, '../..');

const runtime = electronRuntime(REPO);
let app: ElectronApplication | null = null;
let userData: string | null = null;

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('launches the app and lists the five bundled articles', async () => {
  test.skip(!runtime.ok, `Electron e2e skipped: ${runtime.ok ? '' : runtime.reason}`);
  if (!runtime.ok) return;

  if (!['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((p) => existsSync(join(REPO, p)))) {
    const build = spawnSync(join(REPO, 'node_modules/.bin/electron-vite'), ['build'], { cwd: REPO, stdio: 'inherit' });
    expect(build.status, 'electron-vite build').toBe(0);
  }
  userData = mkdtempSync(join(tmpdir(), 'pizhu-electron-'));
  app = await electron.launch({
    executablePath: runtime.executable,
    args: [REPO, ...(process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu'] : [])],
    cwd: REPO,
    env: { ...process.env, PIZHU_USER_DATA: userData },
  });
  const page = await app.firstWindow();
  expect(page.url()).toBe('app://pizhu/index.html');

  // nodeIntegration off and context isolation on: the page sees neither Node nor Electron,
  // only the named functions of window.pizhu.
  const exposed = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    pizhu: Object.keys((window as unknown as { pizhu: object }).pizhu).sort(),
  }));
  expect(exposed).toEqual({
    require: 'undefined',
    process: 'undefined',
    pizhu: ['appInfo', 'getLibrary', 'onLibraryEvent', 'onMenuCommand', 'openFolder', 'readArticle', 'reloadLibrary', 'saveExport'],
  });

  const snapshot = await page.evaluate(() => (window as unknown as { pizhu: { getLibrary(): Promise<{ entries: unknown[]; library: { isDefault: boolean } }> } }).pizhu.getLibrary());
  expect(snapshot.entries).toHaveLength(5);
  expect(snapshot.library.isDefault).toBe(true);

  // The library pane shows all five: four titled seeds and 004, whose title is derived from its opening.
  const pane = page.getByRole('navigation');
  for (const title of ['快多好省 敢为争先 安吉：全域竞掀高质量发展热潮', '三大主攻方向全线飘红', '德清：创新为翼攀高峰', '吴兴：加快打造新青年城市', '濉溪縣']) {
    await expect(pane.getByText(title).first(), title).toBeVisible();
  }
});
