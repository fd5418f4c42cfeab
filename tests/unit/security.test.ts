// Electron's security checklist, item by item, on the pure modules src-main/index.ts wires
// together: the window's webPreferences, the navigation / window / permission guards, the
// external-link allow-list, the CSP, and the app:// protocol's path handling. The preload's
// surface has its own file (preload.test.ts), the IPC handlers theirs (ipc-validation.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { CustomScheme } from 'electron';
import { secureWebPreferences } from '../../src-main/windowOptions.ts';
import { APP_SCHEME, mainWindowOptions, secureBeforeReady, secureWhenReady } from '../../src-main/appSecurity.ts';
import {
  BLOCKED_CONTENTS_EVENTS,
  guardContents,
  guardSession,
  windowOpenDecision,
  type CancellableEvent,
  type GuardableContents,
  type GuardableSession,
} from '../../src-main/navigationPolicy.ts';
import { externalLinkAllowed, externalLinkRefusal, externalLinkTarget, MAX_EXTERNAL_URL_CHARS } from '../../src-main/externalLinks.ts';
import { CONTENT_SECURITY_POLICY, lookupStatic } from '../../src-main/staticFiles.ts';
import { APP_ORIGIN, serveAppRequest } from '../../src-main/appProtocol.ts';

const REPO = resolve(import.meta.dirname, '../..');

describe('BrowserWindow webPreferences', () => {
  const prefs = secureWebPreferences({ preload: '/app/out/preload/index.cjs', devTools: false });

  it('isolate the page: context isolation, sandbox, no Node anywhere', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keep web security on and every loosening off', () => {
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false, navigateOnDragDrop: false });
    // Blink feature switches are not set at all: any value would be a deliberate loosening.
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('load only the bundled preload, and dev tools only when asked (development)', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences({ preload: '/p.cjs', devTools: true }).devTools).toBe(true);
  });

  it('are the main window\'s, with nothing loosened on the way', () => {
    const options = mainWindowOptions({ preload: '/app/out/preload/index.cjs', devTools: false });
    expect(options.webPreferences).toEqual(secureWebPreferences({ preload: '/app/out/preload/index.cjs', devTools: false }));
    expect(options).not.toHaveProperty('parent');
    expect(options.show).toBe(false);
  });
});

class FakeContents implements GuardableContents {
  readonly listeners = new Map<string, ((event: CancellableEvent) => void)[]>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  on(name: string, listener: (event: CancellableEvent) => void): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Fires `name` like Electron would; true when some listener cancelled it. */
  fire(name: string): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(name) ?? []) listener({ preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe('the wiring index.ts runs with Electron (here with fakes that record what it did)', () => {
  const wireBeforeReady = () => {
    const record = { sandboxed: 0, schemes: [] as CustomScheme[][], contentsListeners: [] as ((event: unknown, contents: GuardableContents) => void)[], opened: [] as string[], warnings: [] as string[] };
    secureBeforeReady(
      {
        app: { enableSandbox: () => void record.sandboxed++, on: (_event, listener) => record.contentsListeners.push(listener) },
        protocol: { registerSchemesAsPrivileged: (schemes) => void record.schemes.push(schemes) },
        shell: { openExternal: async (url) => void record.opened.push(url) },
      },
      (message) => record.warnings.push(message),
    );
    return record;
  };

  it('sandboxes every renderer and registers app:// with no privilege that steps around the CSP or the sandbox', () => {
    const record = wireBeforeReady();
    expect(record.sandboxed).toBe(1);
    expect(record.schemes).toEqual([[APP_SCHEME]]);
    expect(APP_SCHEME.scheme).toBe('app');
    const privileges = APP_SCHEME.privileges ?? {};
    for (const loosening of ['bypassCSP', 'allowServiceWorkers', 'corsEnabled', 'stream'] as const) expect(privileges[loosening], loosening).toBeFalsy();
  });

  it('guards every webContents created: navigation cancelled, windows denied, only allow-listed links to the browser', async () => {
    const record = wireBeforeReady();
    expect(record.contentsListeners).toHaveLength(1);
    const contents = new FakeContents();
    record.contentsListeners[0]({}, contents);
    for (const name of BLOCKED_CONTENTS_EVENTS) expect(contents.fire(name), name).toBe(true);
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' });
    expect(record.opened).toEqual(['https://www.gov.cn/']);
  });

  it('a browser that refuses to open a link is a warning, not an unhandled rejection', async () => {
    const warnings: string[] = [];
    let listener: ((event: unknown, contents: GuardableContents) => void) | undefined;
    secureBeforeReady(
      { app: { enableSandbox: () => undefined, on: (_e, l) => void (listener = l) }, protocol: { registerSchemesAsPrivileged: () => undefined }, shell: { openExternal: () => Promise.reject(new Error('no browser')) } },
      (message) => warnings.push(message),
    );
    const contents = new FakeContents();
    listener!({}, contents);
    contents.openHandler!({ url: 'https://www.gov.cn/' });
    await expect.poll(() => warnings).toEqual(['Pizhu: could not open https://www.gov.cn/: no browser']);
  });

  it('at ready: the session refuses permissions, app:// serves the renderer folder with the CSP', async () => {
    const handlers: { request?: Parameters<GuardableSession['setPermissionRequestHandler']>[0]; check?: Parameters<GuardableSession['setPermissionCheckHandler']>[0] } = {};
    const served = new Map<string, (request: { url: string; method: string }) => Promise<Response>>();
    const renderer = mkdtempSync(join(tmpdir(), 'pizhu-ready-'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Pizhu</title>');
    try {
      secureWhenReady(
        {
          session: { setPermissionRequestHandler: (h) => void (handlers.request = h), setPermissionCheckHandler: (h) => void (handlers.check = h), setDevicePermissionHandler: () => undefined },
          protocol: { handle: (scheme, handler) => void served.set(scheme, handler) },
        },
        renderer,
      );
      let granted: boolean | undefined;
      handlers.request!({}, 'media', (answer) => (granted = answer));
      expect(granted).toBe(false);
      expect(handlers.check!({}, 'notifications')).toBe(false);
      expect([...served.keys()]).toEqual(['app']);
      const page = await served.get('app')!({ url: `${APP_ORIGIN}/index.html`, method: 'GET' });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect([400, 404]).toContain((await served.get('app')!({ url: `${APP_ORIGIN}/../secret`, method: 'GET' })).status);
    } finally {
      rmSync(renderer, { recursive: true, force: true });
    }
  });
});

describe('navigation, new windows and webviews', () => {
  const setup = () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardContents(contents, (url) => opened.push(url));
    return { contents, opened };
  };

  it('cancel every navigation, frame navigation, redirect and webview', () => {
    const { contents } = setup();
    expect([...BLOCKED_CONTENTS_EVENTS]).toEqual(expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']));
    for (const name of BLOCKED_CONTENTS_EVENTS) expect(contents.fire(name), name).toBe(true);
  });

  it('deny every new window; an allow-listed https link goes to the browser instead', () => {
    const { contents, opened } = setup();
    const open = (url: string) => contents.openHandler!({ url });
    expect(open('https://www.gov.cn/zhengce/content.htm')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.gov.cn/zhengce/content.htm']);
    for (const url of ['app://pizhu/index.html?article=000.txt', 'http://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'about:blank', 'https://127.0.0.1/', '']) {
      expect(open(url), url).toEqual({ action: 'deny' });
    }
    expect(opened).toHaveLength(1);
  });

  it('hand the browser the parsed URL, not the raw string', () => {
    expect(windowOpenDecision('HTTPS://Example.COM/a b'.replace(' ', '%20'))).toEqual({ action: 'deny', openExternally: 'https://example.com/a%20b' });
  });
});

describe('permissions', () => {
  const setup = () => {
    const handlers: Partial<{
      request: Parameters<GuardableSession['setPermissionRequestHandler']>[0];
      check: Parameters<GuardableSession['setPermissionCheckHandler']>[0];
      device: Parameters<GuardableSession['setDevicePermissionHandler']>[0];
    }> = {};
    guardSession({
      setPermissionRequestHandler: (h) => (handlers.request = h),
      setPermissionCheckHandler: (h) => (handlers.check = h),
      setDevicePermissionHandler: (h) => (handlers.device = h),
    });
    return handlers;
  };
  // Electron's permission names, plus one it may add later: the default must be no.
  const PERMISSIONS = ['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'mediaKeySystem', 'midi', 'midiSysex', 'pointerLock', 'keyboardLock', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'storage-access', 'speaker-selection', 'some-future-permission'];

  it('answer every request, check and device request with no', () => {
    const handlers = setup();
    for (const permission of PERMISSIONS) {
      let granted: boolean | undefined;
      handlers.request!({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(handlers.check!({}, permission), permission).toBe(false);
    }
    expect(handlers.device!({ deviceType: 'usb', origin: APP_ORIGIN })).toBe(false);
  });
});

describe('external links (shell.openExternal)', () => {
  const HOSTILE: [string, unknown][] = [
    ['javascript:', 'javascript:alert(document.domain)'],
    ['javascript: hidden by case and whitespace', ' JaVaScRiPt:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['file: UNC', 'file://server/share/x.exe'],
    ['http:', 'http://example.com/'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['mailto:', 'mailto:someone@example.com'],
    ['smb:', 'smb://example.com/share'],
    ['custom app scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['app: itself', 'app://pizhu/index.html'],
    ['user name', 'https://user@example.com/'],
    ['user and password', 'https://www.bank.example:pw@evil.example/'],
    ['look-alike userinfo', 'https://www.gov.cn@evil.example/'],
    ['IPv4 loopback', 'https://127.0.0.1/'],
    ['IPv4 private', 'https://192.168.1.1/admin'],
    ['IPv4 public literal', 'https://8.8.8.8/'],
    ['IPv4 in hex', 'https://0x7f.0.0.1/'],
    ['IPv4 as one number', 'https://2130706433/'],
    ['IPv4 short form', 'https://127.1/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['IPv6 mapped IPv4', 'https://[::ffff:127.0.0.1]/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['localhost', 'https://localhost/'],
    ['localhost with trailing dot', 'https://localhost./'],
    ['sub.localhost', 'https://app.localhost/'],
    ['mDNS .local', 'https://printer.local/'],
    ['.internal', 'https://metadata.google.internal/'],
    ['reverse DNS .arpa', 'https://1.0.0.127.in-addr.arpa/'],
    ['single label', 'https://intranet/'],
    ['trailing dot', 'https://example.com./'],
    ['odd port', 'https://example.com:8443/'],
    ['explicit port on a local service', 'https://example.com:22/'],
    ['unicode host (punycode look-alike)', 'https://аpple.com/'],
    ['Chinese IDN host', 'https://例子.中国/'],
    ['punycode written out', 'https://xn--pple-43d.com/'],
    ['underscore in host', 'https://a_b.example.com/'],
    ['very long', `https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_CHARS)}`],
    ['newline inside', 'https://example.com/\nfile:///etc/passwd'],
    ['tab inside the scheme', 'ht\ttps://example.com/'],
    ['space inside', 'https://example.com/a b'],
    ['relative', '/index.html'],
    ['scheme-relative', '//example.com/'],
    ['empty', ''],
    ['not a string', 42],
    ['an object', { href: 'https://example.com/' }],
    ['null', null],
  ];

  it.each(HOSTILE)('refuse %s', (_label, url) => {
    expect(externalLinkAllowed(url)).toBe(false);
    expect(externalLinkRefusal(url)).toEqual(expect.any(String));
    expect(externalLinkTarget(url)).toBeNull();
  });

  it('open plain https links to public names, normalised', () => {
    for (const url of ['https://www.gov.cn/', 'https://zj.zjol.com.cn/news/123.html?x=1#p2', 'https://example.com', 'https://www.xinhuanet.com/politics/2023-01/01/c_1.htm', 'https://sub-domain.example.co.uk/路径?q=营商环境']) {
      expect(externalLinkRefusal(url), url).toBeNull();
    }
    expect(externalLinkTarget('https://EXAMPLE.com')).toBe('https://example.com/');
    expect(externalLinkTarget('https://example.com:443/a')).toBe('https://example.com/a');
    expect(externalLinkTarget('https://example.com/营商')).toBe('https://example.com/%E8%90%A5%E5%95%86');
    expect(externalLinkAllowed(`https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_CHARS - 'https://example.com/'.length)}`)).toBe(true);
  });
});

/** The CSP as directive → sources. */
function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(out.has(name.toLowerCase()), `directive ${name} given twice`).toBe(false);
    out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** The sources that govern `directive`, following CSP's fallback to default-src. */
function effective(csp: Map<string, string[]>, directive: string): string[] {
  const fallbacks: Record<string, string[]> = {
    'script-src': ['default-src'],
    'worker-src': ['child-src', 'script-src', 'default-src'],
    'frame-src': ['child-src', 'default-src'],
  };
  for (const name of [directive, ...(fallbacks[directive] ?? ['default-src'])]) {
    const sources = csp.get(name);
    if (sources) return sources;
  }
  return ['*'];
}

function expectStrictPolicy(policy: string, { header }: { header: boolean }): void {
  const csp = parseCsp(policy);
  expect(csp.get('default-src'), 'default-src').toBeDefined();
  expect(["'none'", "'self'"]).toContain(csp.get('default-src')!.join(' '));
  for (const [name, sources] of csp) {
    for (const source of sources) {
      // Only the app itself, data: for images and fonts, inline style attributes; nothing remote.
      expect(["'self'", "'none'", 'data:', "'unsafe-inline'"], `${name} ${source}`).toContain(source);
      if (source === 'data:') expect(['img-src', 'font-src'], `${name} allows data:`).toContain(name);
      if (source === "'unsafe-inline'") expect(name, `${name} allows unsafe-inline`).toBe('style-src');
    }
  }
  for (const directive of ['script-src', 'worker-src']) {
    expect(effective(csp, directive), directive).toEqual(["'self'"]);
  }
  expect(policy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic|https?:|\*|blob:|filesystem:/);
  expect(effective(csp, 'connect-src')).toEqual(["'self'"]);
  expect(effective(csp, 'object-src')).toEqual(["'none'"]);
  expect(effective(csp, 'frame-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'none'"]);
  // frame-ancestors is ignored in a <meta> policy, so only the header can carry it.
  if (header) expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
}

describe('Content-Security-Policy', () => {
  it('the header both hosts send is strict', () => {
    expectStrictPolicy(CONTENT_SECURITY_POLICY, { header: true });
  });

  it('catches a loosened policy (the checker itself can fail)', () => {
    const loosen = (from: string, to: string) => () => expectStrictPolicy(CONTENT_SECURITY_POLICY.replace(from, to), { header: true });
    expect(loosen("script-src 'self'", "script-src 'self' 'unsafe-eval'")).toThrow();
    expect(loosen("script-src 'self'", "script-src 'self' 'unsafe-inline'")).toThrow();
    expect(loosen("connect-src 'self'", 'connect-src https://api.example.com')).toThrow();
    expect(loosen("object-src 'none'", "object-src 'self'")).toThrow();
    expect(loosen("frame-ancestors 'none'", '')).toThrow();
    expect(loosen("img-src 'self' data:", 'img-src *')).toThrow();
  });

  it('the <meta> policy in the renderer page (the only one `electron-vite dev` has) is strict too', () => {
    const html = readFileSync(join(REPO, 'src-renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta, 'index.html has a CSP meta tag').not.toBeNull();
    expectStrictPolicy(meta![1], { header: false });
    // The same policy as the header, less what a <meta> cannot say: one policy, not two that drift.
    const headerWithoutAncestors = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta![1].split('; ')).toEqual(headerWithoutAncestors);
    // No inline script for the CSP to have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });
});

describe('app:// protocol and static files', () => {
  // Made while collecting: the table of paths below names files in it.
  const work = mkdtempSync(join(tmpdir(), 'pizhu-static-'));
  const renderer = join(work, 'renderer');

  beforeAll(() => {
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Pizhu</title>');
    writeFileSync(join(renderer, 'assets/app.js'), 'console.log("pizhu")');
    mkdirSync(join(work, 'outside'));
    writeFileSync(join(work, 'outside/secret.txt'), 'not for you');
    writeFileSync(join(work, 'renderer-evil.txt'), 'not for you either');
    // A file symlink and a folder symlink inside the renderer folder, both leading out of it.
    symlinkSync(join(work, 'outside/secret.txt'), join(renderer, 'assets/escape.js'));
    symlinkSync(join(work, 'outside'), join(renderer, 'linked'));
    // A symlink that stays inside is fine.
    symlinkSync(join(renderer, 'assets/app.js'), join(renderer, 'assets/alias.js'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const TRAVERSALS = [
    '/../outside/secret.txt',
    '/assets/../../outside/secret.txt',
    '/%2e%2e/outside/secret.txt',
    '/%2E%2E%2Foutside%2Fsecret.txt',
    '/%2e%2e%2foutside%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/outside/secret.txt',
    '/.%2e/outside/secret.txt',
    '/%252e%252e/outside/secret.txt',
    '/%252e%252e%252foutside%252fsecret.txt',
    '/..%2foutside/secret.txt',
    '/..%5coutside%5csecret.txt',
    '/..\\outside\\secret.txt',
    '/assets\\..\\..\\outside\\secret.txt',
    `/${join(work, 'outside/secret.txt')}`,
    `//${join(work, 'outside/secret.txt')}`,
    join(work, 'outside/secret.txt'),
    'C:\\Windows\\win.ini',
    '/C:/Windows/win.ini',
    '/index.html%00.js',
    '/index.html\0.js',
    '/%c0%ae%c0%ae/outside/secret.txt',
    '/%E0%A4%A',
    '/assets/escape.js',
    '/linked/secret.txt',
    '/linked',
    '/../renderer-evil.txt',
    '/./index.html',
    '',
  ];

  it.each(TRAVERSALS)('lookupStatic refuses %j', async (path) => {
    const found = await lookupStatic(renderer, path);
    expect(found.ok).toBe(false);
  });

  it('serves files inside, index.html for /, and nothing for folders (no listing)', async () => {
    expect(await lookupStatic(renderer, '/')).toMatchObject({ ok: true, file: join(renderer, 'index.html') });
    expect(await lookupStatic(renderer, '/assets/app.js')).toMatchObject({ ok: true });
    expect(await lookupStatic(renderer, '/assets/alias.js')).toMatchObject({ ok: true });
    for (const folder of ['/assets', '/assets/', '/linked/']) expect(await lookupStatic(renderer, folder), folder).toMatchObject({ ok: false, status: 404 });
  });

  it('app://pizhu serves the renderer with the CSP on every answer, refusals included', async () => {
    const ok = await serveAppRequest(`${APP_ORIGIN}/index.html`, 'GET', renderer);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toContain('<title>Pizhu</title>');
    const withQuery = await serveAppRequest(`${APP_ORIGIN}/index.html?article=000.txt#x`, 'GET', renderer);
    expect(withQuery.status).toBe(200);

    const refused = [
      ...TRAVERSALS.filter((p) => p.startsWith('/')).map((p) => [`${APP_ORIGIN}${p}`, 'GET']),
      [`${APP_ORIGIN}/index.html`, 'POST'],
      [`${APP_ORIGIN}/index.html`, 'PUT'],
      ['app://evil/index.html', 'GET'],
      ['app://pizhu.evil/index.html', 'GET'],
      ['app://pizhu:8080/index.html', 'GET'],
      ['app://pizhu@evil/index.html', 'GET'],
      [`${APP_ORIGIN}`, 'GET'],
      ['file:///etc/passwd', 'GET'],
    ];
    for (const [url, method] of refused) {
      const reply = await serveAppRequest(url, method, renderer);
      expect([400, 404], `${method} ${url}`).toContain(reply.status);
      expect(reply.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(await reply.text(), url).not.toContain('not for you');
    }
  });
});

describe('Electron fuses (set at package time by build/electron-builder.config.cjs)', () => {
  it('close the Node and debugging backdoors and load only the integrity-checked asar', () => {
    const config = createRequire(import.meta.url)(join(REPO, 'build/electron-builder.config.cjs')) as { electronFuses?: Record<string, boolean>; asar?: unknown };
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('a current Electron', () => {
  // Electron supports its three newest majors; 45 is current as this is written. Raise the
  // floor when upgrading, never lower it.
  const FLOOR = 45;

  it(`the project asks for Electron ${FLOOR} or newer, and that is what is installed`, () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const wanted = /^[\^~]?(\d+)\./.exec(pkg.devDependencies.electron);
    expect(wanted, 'electron version range').not.toBeNull();
    expect(Number(wanted![1])).toBeGreaterThanOrEqual(FLOOR);
    const installed = JSON.parse(readFileSync(join(REPO, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
    expect(Number(installed.version.split('.')[0])).toBeGreaterThanOrEqual(FLOOR);
  });
});
