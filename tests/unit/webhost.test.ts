import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import type { LibraryEvent, LibrarySnapshot, OpenFolderResult, ReadResult, SnapshotInfo, WriteSnapshotResult } from '../../src-main/api.ts';

const SEEDS = resolve(import.meta.dirname, '../../seeds');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let work: string;
let library: string;
let web: WebHost;

/** node:http rather than fetch: the tests need to send raw paths and forged Host headers. */
function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; auth?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Host: `127.0.0.1:${web.port}`, ...(opts.auth === false ? {} : { 'X-Pizhu-Token': web.token }), ...opts.headers };
  return new Promise((done, failed) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', failed);
    req.end(opts.body);
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pizhu-web-'));
  library = join(work, 'library');
  cpSync(SEEDS, library, { recursive: true });
  const renderer = join(work, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Pizhu</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(renderer, 'assets/app.js'), 'console.log("pizhu")');
  writeFileSync(join(renderer, 'assets/index-B2oIAi6T.js'), 'console.log("hashed")');
  writeFileSync(join(work, 'outside.txt'), 'not for you');
  symlinkSync(join(work, 'outside.txt'), join(renderer, 'assets/escape.js'));
  web = await startWebHost({ port: 0, libraryRoot: library, dataDir: join(work, 'data'), rendererDir: renderer, quiet: true, debounceMs: 50 });
});

afterAll(async () => {
  await web?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('web host', () => {
  it('listens on 127.0.0.1 and hands out a URL carrying a one-time code, never the token', () => {
    expect(web.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${web.port}/\\?code=[A-Za-z0-9_-]{43}$`));
    expect(web.url).not.toContain(web.token);
    expect(web.token.length).toBeGreaterThanOrEqual(32);
  });

  it('signs a browser in: the code, once, for an HttpOnly SameSite=Strict cookie that admits API calls', async () => {
    const code = new URL(web.signInUrl()).searchParams.get('code')!;
    // A HEAD (a link preview) does not spend it.
    expect((await call(`/?code=${code}`, { method: 'HEAD', auth: false })).headers['set-cookie']).toBeUndefined();
    const signIn = await call(`/?code=${code}`, { auth: false });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/');
    const cookies = signIn.headers['set-cookie'] as string[];
    const session = cookies.find((c) => c.startsWith(`pizhu-session-${web.port}=`))!;
    expect(session.split(';').map((p) => p.trim())).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(cookies.find((c) => c.startsWith(`pizhu-signed-in-${web.port}=1`))).not.toMatch(/HttpOnly/);
    const pair = session.split(';')[0];
    expect(pair).not.toContain(code);
    expect(pair).not.toContain(web.token);
    expect((await call('/api/library', { auth: false, headers: { Cookie: pair } })).status).toBe(200);
    expect((await call('/api/library', { auth: false, headers: { Cookie: `other=1; ${pair}` } })).status).toBe(200);
    // Spent: the same code signs no one in again, and neither does a made-up one.
    for (const again of [code, 'x'.repeat(43), '']) {
      const reply = await call(`/?code=${again}`, { auth: false });
      expect(reply.status).toBe(303);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    // The session under another port's name, or a near miss, admits nothing.
    const value = pair.split('=')[1];
    for (const forged of [`pizhu-session-1=${value}`, `pizhu-session-${web.port}=${value}x`, `pizhu-signed-in-${web.port}=1`, `pizhu-session-${web.port}=${code}`]) {
      expect((await call('/api/library', { auth: false, headers: { Cookie: forged } })).status, forged).toBe(401);
    }
    // A request the browser marks as from another site (another port of 127.0.0.1 is "same-site") is refused, cookie or not.
    for (const site of ['same-site', 'cross-site']) {
      expect((await call('/api/library', { auth: false, headers: { Cookie: pair, 'Sec-Fetch-Site': site } })).status, site).toBe(403);
    }
    expect((await call('/api/library', { auth: false, headers: { Cookie: pair, 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
  });

  it('hands out a fresh code for each sign-in URL', () => {
    const codes = new Set(Array.from({ length: 5 }, () => new URL(web.signInUrl()).searchParams.get('code')));
    expect(codes.size).toBe(5);
  });

  it('requires the token for every API call', async () => {
    expect((await call('/api/library', { auth: false })).status).toBe(401);
    expect((await call('/api/library', { auth: false, headers: { 'X-Pizhu-Token': 'wrong' } })).status).toBe(401);
    // The query-string form is for EventSource only.
    expect((await call(`/api/library?token=${web.token}`, { auth: false })).status).toBe(401);
    expect((await call('/api/library')).status).toBe(200);
  });

  it('rejects a foreign Host (DNS rebinding) and a cross-origin Origin', async () => {
    expect((await call('/api/library', { headers: { Host: `evil.example:${web.port}` } })).status).toBe(421);
    expect((await call('/', { headers: { Host: 'evil.example' } })).status).toBe(421);
    expect((await call('/api/library', { headers: { Host: `127.0.0.1:${web.port + 1}` } })).status).toBe(421);
    expect((await call('/api/library', { headers: { Host: `localhost:${web.port}` } })).status).toBe(200);
    expect((await call('/api/library', { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await call('/api/library', { headers: { Origin: `http://127.0.0.1:${web.port}` } })).status).toBe(200);
  });

  it('lets the browser keep hashed assets for good and revalidate the rest (304 when unchanged)', async () => {
    const hashed = await call('/assets/index-B2oIAi6T.js');
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await call('/');
    expect(index.headers['cache-control']).toBe('no-cache');
    const etag = index.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    const again = await call('/', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['content-security-policy']).toContain("default-src 'none'");
    const original = readFileSync(join(work, 'renderer', 'index.html'));
    writeFileSync(join(work, 'renderer', 'index.html'), '<!doctype html><title>Pizhu 2</title>');
    utimesSync(join(work, 'renderer', 'index.html'), new Date(), new Date(Date.now() + 5_000));
    const changed = await call('/', { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body).toContain('Pizhu 2');
    writeFileSync(join(work, 'renderer', 'index.html'), original);
    // An unhashed name is revalidated too.
    expect((await call('/assets/app.js')).headers['cache-control']).toBe('no-cache');
  });

  it('serves the renderer with the CSP and content types, without listings or traversal', async () => {
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await call('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await call('/assets/')).status).toBe(404);
    expect((await call('/assets')).status).toBe(404);
    for (const path of ['/assets/escape.js', '/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/assets/%2E%2E/%2e%2e/outside.txt', '/..%2foutside.txt', '/..%5coutside.txt', '/assets\\..\\..\\outside.txt', '/%00', '/%E0%A4%A']) {
      const reply = await call(path);
      expect([400, 404], path).toContain(reply.status);
      expect(reply.body).not.toContain('not for you');
    }
    expect((await call('/', { method: 'POST' })).status).toBe(405);
  });

  it('returns the snapshot and an article', async () => {
    const reply = await call('/api/library');
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    const snapshot = JSON.parse(reply.body) as LibrarySnapshot;
    expect(snapshot.entries).toHaveLength(5);
    expect(snapshot.library.root).toBe(library);
    const key = snapshot.entries[4].key;
    const article = JSON.parse((await call(`/api/article?key=${encodeURIComponent(key)}`)).body) as ReadResult;
    expect(article.ok && article.file.text).toBe(readFileSync(join(library, key), 'utf8'));
    // Listed unread on a first start; the read's fingerprint is the listing's from then on.
    expect(snapshot.entries[4].fingerprint).toBeNull();
    const relisted = JSON.parse((await call('/api/library')).body) as LibrarySnapshot;
    expect(article.ok && article.file.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(article.ok && article.file.fingerprint).toBe(relisted.entries[4].fingerprint);
    const missing = JSON.parse((await call('/api/article?key=nope.txt')).body) as ReadResult;
    expect(!missing.ok && missing.error.code).toBe('vanished');
    for (const key of ['../outside.txt', '/etc/passwd', '']) {
      expect((await call(`/api/article?key=${encodeURIComponent(key)}`)).status, key).toBe(400);
    }
    expect((await call('/api/article')).status).toBe(400);
    expect(JSON.parse((await call('/api/app-info')).body)).toMatchObject({ host: 'web', name: 'Pizhu 批注' });
    expect((await call('/api/library', { method: 'POST' })).status).toBe(405);
    expect((await call('/api/nothing')).status).toBe(404);
  });

  it('openFolder validates its body', async () => {
    const post = (body: string, type = 'application/json') => call('/api/open-folder', { method: 'POST', body, headers: { 'Content-Type': type } });
    expect((await post('{"path": 42}')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"path": "/tmp"}', 'text/plain')).status).toBe(415);
    expect((await post(JSON.stringify({ path: 'x'.repeat(70_000) }))).status).toBe(413);
    expect(JSON.parse((await post('{}')).body)).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(JSON.parse((await post(JSON.stringify({ path: join(work, 'outside.txt') }))).body)).toMatchObject({ ok: false, reason: 'not-a-folder' });
  });

  it('writes, lists and reads snapshots in the data folder, behind the token', async () => {
    const json = JSON.stringify({ type: 'AnnotationCollection', 'pizhu:format': 1, label: '批注 backup', big: '营'.repeat(100_000) });
    const post = (reason: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
      call(`/api/snapshots?reason=${encodeURIComponent(reason)}`, { method: 'POST', body, headers });
    expect((await call('/api/snapshots', { auth: false })).status).toBe(401);
    expect((await call('/api/snapshots?reason=manual', { method: 'POST', body: json, auth: false, headers: { 'Content-Type': 'application/json' } })).status).toBe(401);
    const written = await post('manual', json);
    expect(written.status).toBe(200);
    const result = JSON.parse(written.body) as WriteSnapshotResult;
    if (!result.ok) throw new Error(result.detail);
    expect(result.snapshot).toMatchObject({ reason: 'manual', size: Buffer.byteLength(json) });
    expect(readFileSync(join(work, 'data', 'snapshots', result.snapshot.name), 'utf8')).toBe(json);

    const list = JSON.parse((await call('/api/snapshots')).body) as SnapshotInfo[];
    expect(list[0]).toEqual(result.snapshot);
    const read = await call(`/api/snapshot?name=${encodeURIComponent(result.snapshot.name)}`);
    expect(read.status).toBe(200);
    expect(read.body).toBe(json);
    expect((await call(`/api/snapshot?name=${encodeURIComponent(result.snapshot.name)}`, { auth: false })).status).toBe(401);

    expect((await post('hourly', json)).status).toBe(400);
    expect((await post('manual', json, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post('manual', '')).status).toBe(400);
    // Bytes that are not UTF-8 (the body is taken as bytes, not decoded into replacement characters) or not a backup: a result saying why.
    const gbk = await call('/api/snapshots?reason=manual', { method: 'POST', body: Buffer.from([0xc5, 0xfa, 0xd7, 0xa2]), headers: { 'Content-Type': 'application/json' } });
    expect(JSON.parse(gbk.body)).toEqual({ ok: false, detail: 'snapshot is not UTF-8 text' });
    expect(JSON.parse((await post('manual', '{"type":"AnnotationCollection"}')).body)).toEqual({ ok: false, detail: 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)' });
    expect(JSON.parse((await call('/api/snapshots')).body)).toHaveLength(1);
    expect((await call('/api/snapshot?name=pizhu-2020-01-01T00-00-00Z-daily.json')).status).toBe(404);
    for (const bad of ['../pizhu-host.json', 'pizhu-host.json', '%2e%2e%2fpizhu-host.json', `..%2Fsnapshots%2F${result.snapshot.name}`, '']) {
      expect((await call(`/api/snapshot?name=${bad}`)).status, bad).toBe(400);
    }
    expect((await call('/api/snapshot', { method: 'POST' })).status).toBe(405);
  });

  it('pushes library events over Server-Sent Events', async () => {
    const events: LibraryEvent[] = [];
    let buffer = '';
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    // As a page's EventSource does: no header of its own, the session cookie only.
    const signIn = await call(`/?code=${new URL(web.signInUrl()).searchParams.get('code')}`, { auth: false });
    const cookie = (signIn.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    const req = request({ host: '127.0.0.1', port: web.port, path: '/api/events', headers: { Host: `127.0.0.1:${web.port}`, Cookie: cookie } }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.includes(': connected')) connected();
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of frame.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as LibraryEvent);
        }
      });
    });
    req.end();
    try {
      await ready;
      expect((await call(`/api/events`, { auth: false })).status).toBe(401);
      writeFileSync(join(library, '新文章.txt'), '新的一篇文章');
      const until = Date.now() + 5000;
      while (!events.some((e) => e.type === 'add') && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      expect(events.find((e) => e.type === 'add')).toMatchObject({ type: 'add', entry: { key: '新文章.txt', error: null } });

      // Switching folders reaches every client as a reset.
      const other = join(work, 'other');
      mkdirSync(other);
      writeFileSync(join(other, 'b.txt'), '另一个文库');
      const opened = JSON.parse((await call('/api/open-folder', { method: 'POST', body: JSON.stringify({ path: other }), headers: { 'Content-Type': 'application/json' } })).body) as OpenFolderResult;
      expect(opened.ok && opened.snapshot.entries.map((e) => e.key)).toEqual(['b.txt']);
      const until2 = Date.now() + 5000;
      while (!events.some((e) => e.type === 'reset') && Date.now() < until2) await new Promise((r) => setTimeout(r, 25));
      expect(events.find((e) => e.type === 'reset')).toMatchObject({ type: 'reset', snapshot: { library: { root: other } } });
    } finally {
      req.destroy();
    }
  });
});
