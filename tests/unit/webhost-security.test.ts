// The web host's defences, table by table: loopback only, the token on every API route, Host
// and Origin checks against DNS rebinding and cross-site requests, no directory listings, and
// no way out of the renderer folder or the library — encoded, double-encoded, absolute,
// backslashed, or through file and folder symlinks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { CONTENT_SECURITY_POLICY } from '../../src-main/staticFiles.ts';
import type { LibrarySnapshot } from '../../src-main/api.ts';
import { httpRoutes } from '../../src-main/hostApi.ts';

const SECRET = 'the secret outside';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const work = mkdtempSync(join(tmpdir(), 'pizhu-websec-'));
const library = join(work, 'library');
const renderer = join(work, 'renderer');
const outside = join(work, 'outside');
let web: WebHost;

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; auth?: boolean; host?: string | null } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.auth === false ? {} : { 'X-Pizhu-Token': web.token }), ...opts.headers };
  if (opts.host !== null) headers.Host = opts.host ?? `127.0.0.1:${web.port}`;
  return new Promise((done, failed) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, method: opts.method ?? 'GET', headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      // The event stream never ends by itself: its status and headers are the answer.
      if ((res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        done({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        return void req.destroy();
      }
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', failed);
    req.end(opts.body);
  });
}

/** A request written byte for byte, for what node:http refuses to send (HTTP/1.0 without Host). */
function raw(text: string): Promise<string> {
  return new Promise((done, failed) => {
    const socket = connect(web.port, '127.0.0.1', () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', failed);
  });
}

/**
 * Every API route, from the host API table the server's router is made from, so a call added
 * later is in these tables without anyone remembering to list it.
 */
const API_ROUTES = httpRoutes();

/** The statuses of the gate in front of every route: no token, wrong origin, wrong host. */
const GATE = [401, 403, 421];

function routeCall(route: { method: string; path: string }, opts: Parameters<typeof call>[1] = {}): Promise<Reply> {
  const queries: Record<string, string> = {
    'GET /api/article': '?key=a.txt',
    'GET /api/snapshot': '?name=pizhu-2026-11-22T03-04-05Z-daily.json',
    'POST /api/snapshots': '?reason=manual',
  };
  const query = queries[`${route.method} ${route.path}`] ?? '';
  const body = route.method === 'POST' ? '{}' : undefined;
  return call(route.path + query, { method: route.method, body, ...opts, headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...opts.headers } });
}

beforeAll(async () => {
  mkdirSync(join(library, 'sub'), { recursive: true });
  writeFileSync(join(library, 'a.txt'), '营商环境持续优化');
  writeFileSync(join(library, 'sub/b.txt'), '招商引资');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(outside, 'secret.js'), SECRET);
  writeFileSync(join(work, 'secret.txt'), SECRET);
  // Symlinks inside the library and the renderer folder that lead out: a file and a folder each.
  symlinkSync(join(outside, 'secret.txt'), join(library, 'link.txt'));
  symlinkSync(outside, join(library, 'linkdir'));
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Pizhu</title>');
  writeFileSync(join(renderer, 'assets/app.js'), 'console.log(1)');
  symlinkSync(join(outside, 'secret.js'), join(renderer, 'assets/escape.js'));
  symlinkSync(outside, join(renderer, 'linkdir'));
  web = await startWebHost({ port: 0, libraryRoot: library, dataDir: join(work, 'data'), rendererDir: renderer, quiet: true, debounceMs: 50 });
});

afterAll(async () => {
  await web?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('web host: where it listens', () => {
  it('is bound to 127.0.0.1 only, as the OS reports it', () => {
    expect(web.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: web.port });
  });

  it('does not answer on the IPv6 loopback', async () => {
    const reached = await new Promise<boolean>((done) => {
      const socket = connect({ host: '::1', port: web.port }, () => {
        socket.destroy();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    expect(reached).toBe(false);
  });
});

describe('web host: every API route', () => {
  it('come from the host API table (the tables below are not empty)', () => {
    const names = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining(['GET /api/app-info', 'GET /api/library', 'GET /api/article', 'POST /api/open-folder', 'POST /api/reload-library', 'GET /api/events']));
  });

  it.each(API_ROUTES)('$method $path gets past the gate with the token', async (route) => {
    const { status, body } = await routeCall(route);
    expect(status).toBeLessThan(500);
    expect(GATE).not.toContain(status);
    // The router really serves what the table lists (a snapshot that is not there is a 404 of its own).
    expect(status).not.toBe(405);
    expect(body).not.toContain('no API');
  });

  it.each(API_ROUTES)('$method $path refuses no token, a wrong one, and the query-string form', async (route) => {
    const forms: [string, Parameters<typeof call>[1]][] = [
      ['no token', { auth: false }],
      ['empty token', { auth: false, headers: { 'X-Pizhu-Token': '' } }],
      ['wrong token', { auth: false, headers: { 'X-Pizhu-Token': 'x'.repeat(web.token.length) } }],
      ['token with a suffix', { auth: false, headers: { 'X-Pizhu-Token': `${web.token}x` } }],
      ['token in another header', { auth: false, headers: { Authorization: `Bearer ${web.token}` } }],
      ['token as a cookie', { auth: false, headers: { Cookie: `token=${web.token}` } }],
    ];
    for (const [label, opts] of forms) {
      const reply = await routeCall(route, opts);
      expect(reply.status, label).toBe(401);
    }
    const viaQuery = await call(`${route.path}?token=${encodeURIComponent(web.token)}`, { method: route.method, auth: false });
    expect(viaQuery.status, 'query-string token').toBe(401);
  });

  const ORIGINS = (port: number) => [
    'https://evil.example',
    'null',
    `http://127.0.0.1:${port}.evil.example`,
    `http://evil.example:${port}`,
    `http://localhost:${port + 1}`,
    'http://127.0.0.1',
    `https://127.0.0.1:${port}`,
    `http://[::1]:${port}`,
    'file://',
    'app://pizhu',
  ];

  it.each(API_ROUTES)('$method $path refuses a cross-origin Origin even with the token', async (route) => {
    for (const origin of ORIGINS(web.port)) {
      const reply = await routeCall(route, { headers: { Origin: origin } });
      expect(reply.status, origin).toBe(403);
    }
    expect(GATE).not.toContain((await routeCall(route, { headers: { Origin: `http://127.0.0.1:${web.port}` } })).status);
    expect(GATE).not.toContain((await routeCall(route, { headers: { Origin: `http://localhost:${web.port}` }, host: `localhost:${web.port}` })).status);
  });

  it('refuses a CORS preflight, so no cross-site page gets to send the token header', async () => {
    const reply = await call('/api/library', { method: 'OPTIONS', auth: false, headers: { Origin: 'https://evil.example', 'Access-Control-Request-Headers': 'x-pizhu-token' } });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(reply.headers['access-control-allow-headers']).toBeUndefined();
  });
});

describe('web host: Host header (DNS rebinding)', () => {
  const HOSTS = (port: number) => [
    'evil.com',
    `evil.com:${port}`,
    `127.0.0.1.evil.com:${port}`,
    `localhost.evil.com:${port}`,
    `127.0.0.1:${port}.evil.com`,
    `127.0.0.1:${port}@evil.com`,
    '127.0.0.1',
    'localhost',
    `127.0.0.1:${port + 1}`,
    `127.0.0.2:${port}`,
    `0.0.0.0:${port}`,
    `[::1]:${port}`,
    `[::ffff:127.0.0.1]:${port}`,
    `[0:0:0:0:0:0:0:1]:${port}`,
    `2130706433:${port}`,
    `localhost.:${port}`,
    '',
  ];

  it.each(['/', '/index.html', '/assets/app.js', '/api/library', '/api/app-info'])('%s answers only to 127.0.0.1:PORT and localhost:PORT', async (path) => {
    for (const host of HOSTS(web.port)) {
      const reply = await call(path, { host });
      expect(reply.status, JSON.stringify(host)).toBe(421);
      expect(reply.body, host).not.toContain('Pizhu');
    }
    expect((await call(path)).status).toBe(200);
    expect((await call(path, { host: `localhost:${web.port}` })).status).toBe(200);
  });

  it('refuses a request without any Host header', async () => {
    expect((await call('/api/library', { host: null })).status).toBeGreaterThanOrEqual(400);
    const http10 = await raw(`GET /api/library HTTP/1.0\r\nX-Pizhu-Token: ${web.token}\r\n\r\n`);
    expect(http10).toMatch(/^HTTP\/1\.[01] 4\d\d /);
    expect(http10).not.toContain('"entries"');
  });
});

describe('web host: static files', () => {
  const STATIC_ESCAPES = [
    '/../secret.txt',
    '/../outside/secret.js',
    '/assets/../../outside/secret.js',
    '/%2e%2e/outside/secret.js',
    '/%2e%2e%2foutside%2fsecret.js',
    '/%2E%2E%2Foutside%2Fsecret.js',
    '/assets/%2e%2e/%2e%2e/outside/secret.js',
    '/%252e%252e/outside/secret.js',
    '/%252e%252e%252foutside%252fsecret.js',
    '/..%2foutside/secret.js',
    '/..%5coutside%5csecret.js',
    '/..\\outside\\secret.js',
    '/%c0%ae%c0%ae/outside/secret.js',
    `/${join(outside, 'secret.js')}`,
    `//${join(outside, 'secret.js')}`,
    '/assets/escape.js',
    '/linkdir/secret.js',
    '/index.html%00',
  ];

  it.each(STATIC_ESCAPES)('refuses %s', async (path) => {
    const reply = await call(path, { auth: false });
    expect([400, 404]).toContain(reply.status);
    expect(reply.body).not.toContain(SECRET);
  });

  it('lists no folder, carries the CSP on every answer', async () => {
    for (const path of ['/assets', '/assets/', '/linkdir', '/linkdir/', '/api', '/api/']) {
      const reply = await call(path);
      expect([401, 404], path).toContain(reply.status);
      expect(reply.body, path).not.toMatch(/app\.js|secret/);
    }
    for (const path of ['/', '/assets/app.js', '/nope', '/%2e%2e/x', '/api/library']) {
      const reply = await call(path, { auth: false });
      expect(reply.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers['x-content-type-options'], path).toBe('nosniff');
      expect(reply.headers['x-frame-options'], path).toBe('DENY');
      expect(reply.headers['referrer-policy'], path).toBe('no-referrer');
    }
  });
});

describe('web host: the library', () => {
  it('never lists a file reached through a symlink that leads out of it', async () => {
    const snapshot = JSON.parse((await call('/api/library')).body) as LibrarySnapshot;
    expect(snapshot.entries.map((e) => e.key).sort()).toEqual(['a.txt', 'sub/b.txt']);
  });

  const ARTICLE_ESCAPES = [
    '..',
    '../secret.txt',
    'sub/../../secret.txt',
    './a.txt',
    'sub//b.txt',
    '/etc/passwd',
    join(outside, 'secret.txt'),
    'C:/Windows/win.ini',
    '..\\secret.txt',
    'sub\\..\\..\\secret.txt',
    'a.txt\0',
    'link.txt',
    'linkdir/secret.txt',
    'x'.repeat(5000),
  ];

  it.each(ARTICLE_ESCAPES.flatMap((key) => ['/api/article', '/api/article/opening'].map((route) => [route, key])))('%s refuses the key %j', async (route, key) => {
    const reply = await call(`${route}?key=${encodeURIComponent(key)}`);
    expect(reply.status).toBe(400);
    expect(reply.body).not.toContain(SECRET);
  });

  it.each([
    ['encoded', '/api/article?key=%2e%2e%2fsecret.txt'],
    ['upper-case encoded', '/api/article?key=%2E%2E%2Fsecret.txt'],
    ['raw', '/api/article?key=../secret.txt'],
    ['folder symlink, encoded', '/api/article?key=linkdir%2fsecret.txt'],
  ])('refuses a %s traversal in the query string', async (_label, path) => {
    const reply = await call(path);
    expect(reply.status).toBe(400);
    expect(reply.body).not.toContain(SECRET);
  });

  it('takes a double-encoded key literally: a file of that odd name, which does not exist', async () => {
    const reply = await call('/api/article?key=%252e%252e%252fsecret.txt');
    expect(reply.body).not.toContain(SECRET);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'vanished' } });
  });

  it('a folder is not an article and is not listed', async () => {
    const reply = await call('/api/article?key=sub');
    expect(reply.body).not.toContain('b.txt');
    expect(reply.status === 400 || (JSON.parse(reply.body) as { ok: boolean }).ok === false).toBe(true);
  });

  it('serves an article inside, of course', async () => {
    const reply = await call('/api/article?key=sub%2Fb.txt');
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, file: { text: '招商引资' } });
  });
});
