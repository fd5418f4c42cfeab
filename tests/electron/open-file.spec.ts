// Opening a .txt/.md file from the OS, in the real Electron app: at launch (argv) the file's
// folder becomes the library and the article shows; a second launch with another file
// (what a double-click does while Pizhu runs) reaches the first instance, which shows it.
// Skipped with the reason where the Electron runtime is missing, like app.spec.ts.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronRuntime } from '../../src-main/electronRuntime.mjs';

const REPO = resolve(import.meta.dirname, '../..');
const runtime = electronRuntime(REPO);
const FLAGS = process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu'] : [];

let app: ElectronApplication | null = null;
let scratch: string | null = null;

test.afterAll(async () => {
  await app?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('a file named on the command line opens its folder and shows it; a second launch hands its file over', async () => {
  test.skip(!runtime.ok, `Electron e2e skipped: ${runtime.ok ? '' : runtime.reason}`);
  if (!runtime.ok) return;
  if (!['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((p) => existsSync(join(REPO, p)))) {
    const build = spawnSync(join(REPO, 'node_modules/.bin/electron-vite'), ['build'], { cwd: REPO, stdio: 'inherit' });
    expect(build.status, 'electron-vite build').toBe(0);
  }
  scratch = mkdtempSync(join(tmpdir(), 'pizhu-open-file-'));
  const library = join(scratch, '文章');
  mkdirSync(library);
  writeFileSync(join(library, 'a.txt'), '甲篇标题\n\n甲篇独有的正文段落。\n');
  writeFileSync(join(library, 'b.md'), '# 乙篇标题\n\n乙篇独有的正文段落。\n');
  const userData = join(scratch, 'profile');
  const env = { ...process.env, PIZHU_USER_DATA: userData };

  app = await electron.launch({ executablePath: runtime.executable, args: [REPO, ...FLAGS, join(library, 'b.md')], cwd: REPO, env });
  const page = await app.firstWindow();
  await expect(page.getByText('乙篇独有的正文段落').first()).toBeVisible();
  const snapshot = await page.evaluate(() => (window as unknown as { pizhu: { getLibrary(): Promise<{ library: { root: string } }> } }).pizhu.getLibrary());
  expect(resolve(snapshot.library.root)).toBe(resolve(library));

  // A relative path, resolved against the second launch's working folder.
  const second = spawn(runtime.executable, [REPO, ...FLAGS, 'a.txt'], { cwd: library, env, stdio: 'ignore' });
  const exited = await new Promise<number | null>((done) => second.on('exit', (code) => done(code)));
  expect(exited, 'the second instance hands over and quits').toBe(0);
  await expect(page.getByText('甲篇独有的正文段落').first()).toBeVisible();
});
