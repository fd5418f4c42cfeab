// The real Electron app, driven by Playwright's _electron. Where the Electron runtime binary
// is missing (an offline `npm install` cannot download it) the test reports itself skipped
// with that reason instead of failing, and the web-host e2e tests cover the same renderer.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronRuntime } from '../../src-main/electronRuntime.mjs';
import { CONTENT_SECURITY_POLICY } from '../../src-main/staticFiles.ts';
import { PIZHU_API_NAMES } from '../support/pizhuApiNames.ts';

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
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined', pizhu: PIZHU_API_NAMES });

  const snapshot = await page.evaluate(() => (window as unknown as { pizhu: { getLibrary(): Promise<{ entries: unknown[]; library: { isDefault: boolean } }> } }).pizhu.getLibrary());
  expect(snapshot.entries).toHaveLength(5);
  expect(snapshot.library.isDefault).toBe(true);

  // The library pane shows all five: four titled seeds and 004, whose title is derived from its opening.
  const pane = page.getByRole('navigation');
  for (const title of ['快多好省 敢为争先 安吉：全域竞掀高质量发展热潮', '三大主攻方向全线飘红', '德清：创新为翼攀高峰', '吴兴：加快打造新青年城市', '濉溪縣']) {
    await expect(pane.getByText(title).first(), title).toBeVisible();
  }
});

// Electron's security checklist at run time, in the real app: what the unit tests
// (tests/unit/security.test.ts) hold the pure modules to, checked again where Electron applies it.
test.describe.serial('security checklist in the running app', () => {
  let secure: ElectronApplication | null = null;
  let profile: string | null = null;
  let page: Page;

  test.beforeAll(async () => {
    if (!runtime.ok) return;
    if (!['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((p) => existsSync(join(REPO, p)))) {
      const build = spawnSync(join(REPO, 'node_modules/.bin/electron-vite'), ['build'], { cwd: REPO, stdio: 'inherit' });
      expect(build.status, 'electron-vite build').toBe(0);
    }
    profile = mkdtempSync(join(tmpdir(), 'pizhu-electron-sec-'));
    secure = await electron.launch({
      executablePath: runtime.executable,
      args: [REPO, ...(process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu'] : [])],
      cwd: REPO,
      env: { ...process.env, PIZHU_USER_DATA: profile },
    });
    page = await secure.firstWindow();
    await page.waitForLoadState();
    // shell.openExternal recorded instead of run: the test must not start a browser.
    await secure.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { pizhuOpened?: string[] }).pizhuOpened = opened;
      shell.openExternal = async (url: string) => {
        opened.push(url);
      };
    });
  });

  test.afterAll(async () => {
    await secure?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const skipWithoutRuntime = () => test.skip(!runtime.ok, `Electron e2e skipped: ${runtime.ok ? '' : runtime.reason}`);

  test('the page has no Node and reaches the preload only through bridged functions', async () => {
    skipWithoutRuntime();
    const seen = await page.evaluate(() => ({
      globals: ['require', 'process', 'module', 'Buffer', 'global', '__dirname', 'ipcRenderer', 'electron'].filter((name) => name in globalThis),
      // contextBridge hands over proxies of the preload's functions, never their source or closures.
      bridged: Object.values((window as unknown as { pizhu: Record<string, () => unknown> }).pizhu).every((fn) => /\[native code\]/.test(Function.prototype.toString.call(fn))),
    }));
    expect(seen).toEqual({ globals: [], bridged: true });
  });

  test('navigation away is cancelled: the window stays on app://pizhu/index.html', async () => {
    skipWithoutRuntime();
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const attempts: ((target: string) => void)[] = [
      (target) => (location.href = target),
      (target) => {
        const a = document.createElement('a');
        a.href = target;
        document.body.append(a);
        a.click();
        a.remove();
      },
    ];
    for (const target of ['https://example.com/', 'file:///etc/passwd', 'app://pizhu/index.html?navigated=1', 'data:text/html,<h1>x</h1>']) {
      for (const attempt of attempts) {
        const navigated = page.waitForEvent('framenavigated', { timeout: 2000 }).then(
          () => true,
          () => false,
        );
        await page.evaluate(attempt, target);
        expect(await navigated, target).toBe(false);
        expect(page.url(), target).toBe('app://pizhu/index.html');
        expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), target).toBe(true);
      }
    }
  });

  test('window.open gives no window; only an allow-listed https link reaches the browser', async () => {
    skipWithoutRuntime();
    const results = await page.evaluate(() =>
      ['https://example.com/allowed', 'http://example.com/', 'https://127.0.0.1/', 'file:///etc/passwd', 'app://pizhu/index.html', 'javascript:alert(1)'].map((url) => window.open(url) === null),
    );
    expect(results).toEqual([true, true, true, true, true, true]);
    expect(await secure!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    expect(secure!.windows()).toHaveLength(1);
    expect(await secure!.evaluate(() => (globalThis as { pizhuOpened?: string[] }).pizhuOpened)).toEqual(['https://example.com/allowed']);
  });

  test('permission requests are denied', async () => {
    skipWithoutRuntime();
    const answers = await page.evaluate(async () => ({
      notification: await Notification.requestPermission(),
      query: (await navigator.permissions.query({ name: 'notifications' })).state,
      geolocation: await new Promise<number | string>((done) =>
        navigator.geolocation.getCurrentPosition(
          () => done('granted'),
          (error) => done(error.code),
        ),
      ),
      microphone: await navigator.mediaDevices.getUserMedia({ audio: true }).then(
        () => 'granted',
        (error: Error) => error.name,
      ),
    }));
    expect(answers.notification).toBe('denied');
    expect(answers.query).toBe('denied');
    expect(answers.geolocation).toBe(1); // GeolocationPositionError.PERMISSION_DENIED
    expect(answers.microphone).not.toBe('granted');
  });

  test('app:// serves the CSP, refuses traversal, and the page loads nothing remote', async () => {
    skipWithoutRuntime();
    const index = await page.evaluate(async () => {
      const response = await fetch('app://pizhu/index.html');
      return { status: response.status, csp: response.headers.get('content-security-policy') };
    });
    expect(index).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY });
    const escapes = [
      'app://pizhu/../../etc/passwd',
      'app://pizhu/%2e%2e/%2e%2e/etc/passwd',
      'app://pizhu/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://pizhu/%252e%252e/%252e%252e/etc/passwd',
      'app://pizhu/..%5c..%5cetc%5cpasswd',
      'app://pizhu/assets/',
    ];
    const statuses = await page.evaluate((urls) => Promise.all(urls.map((url) => fetch(url).then((r) => r.status))), escapes);
    for (const [i, status] of statuses.entries()) expect([400, 404], escapes[i]).toContain(status);
    // connect-src 'self': a remote fetch never leaves the page.
    const remote = await page.evaluate(() => fetch('https://example.com/').then(() => 'fetched', (error: Error) => error.name));
    expect(remote).toBe('TypeError');
  });

  test('the packaged binary has its fuses flipped', async () => {
    skipWithoutRuntime();
    const candidates = ['out/dist/linux-unpacked/pizhu', 'out/dist/win-unpacked/pizhu.exe', 'out/dist/mac/Pizhu 批注.app/Contents/MacOS/Pizhu 批注', 'out/dist/mac-arm64/Pizhu 批注.app/Contents/MacOS/Pizhu 批注'].map((p) => join(REPO, p));
    const binary = candidates.find((p) => existsSync(p));
    test.skip(!binary, 'no packaged app in out/dist: run `npm run dist` first (fuses are flipped at package time)');
    const wire = readFuseWire(readFileSync(binary!));
    // FuseV1Options order: RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable,
    // EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
    // LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges.
    expect(wire.slice(0, 8)).toEqual(['0', '1', '0', '0', '1', '1', '0', '0']);
  });
});

/** The fuse states Electron keeps after its sentinel: a version byte, a length byte, then '0'/'1' per fuse. */
function readFuseWire(binary: Buffer): string[] {
  const at = binary.indexOf('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
  expect(at, 'fuse sentinel in the binary').toBeGreaterThanOrEqual(0);
  const start = at + 32;
  expect(binary[start], 'fuse wire version 1').toBe(1);
  const length = binary[start + 1];
  return [...binary.subarray(start + 2, start + 2 + length)].map((byte) => String.fromCharCode(byte));
}
