// The annotation files over the web host's HTTP routes, spoken raw (node:http): signed in by
// the token like every route, names refused with a 400 before the disk is touched, and the
// event stream carrying other hands' changes, named apart from the library's events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnnotationFilesEvent, AnnotationFilesListing } from '../../src-main/api.ts';
import { readNamedTextsBody } from '../../src-main/namedTexts.ts';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
}

const work = mkdtempSync(join(tmpdir(), 'pizhu-annotations-web-'));
const library = join(work, 'library');
const pizhu = join(library, '.pizhu');
let web: WebHost;

function call(path: string, opts: { method?: string; body?: string; auth?: boolean; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${web.port}`,
    ...(opts.auth === false ? {} : { 'X-Pizhu-Token': web.token }),
    ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...opts.headers,
  };
  return new Promise((done, failed) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, body: raw.toString('utf8'), headers: res.headers, raw });
      });
    });
    req.on('error', failed);
    req.end(opts.body);
  });
}

const post = (path: string, body: unknown, opts: { auth?: boolean; headers?: Record<string, string> } = {}) => call(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), ...opts });
const json = <T>(reply: Reply): T => JSON.parse(reply.body) as T;

beforeAll(async () => {
  mkdirSync(library, { recursive: true });
  writeFileSync(join(library, 'a.txt'), '营商环境持续优化');
  const renderer = join(work, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  web = await startWebHost({ port: 0, libraryRoot: library, dataDir: join(work, 'data'), rendererDir: renderer, quiet: true, debounceMs: 30 });
});

afterAll(async () => {
  await web?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('annotation files over HTTP', () => {
  it('refuses every annotation route without the token, and touches nothing', async () => {
    const routes: [string, string, string | undefined][] = [
      ['GET', '/api/annotation-files/location', undefined],
      ['GET', '/api/annotation-files', undefined],
      ['POST', '/api/annotation-files/read', '{"names":["a.json"]}'],
      ['POST', '/api/annotation-file?name=a.json', '{}'],
      ['POST', '/api/annotation-file/aside', '{"name":"a.json"}'],
      ['POST', '/api/annotation-file/remove-conflict-copy', `{"name":"a.sync-conflict-20261203-101500-ABCDEFG.json","sha256":"${'a'.repeat(64)}"}`],
    ];
    for (const [method, path, body] of routes) {
      expect((await call(path, { method, body, auth: false })).status, path).toBe(401);
      expect((await call(path, { method, body, headers: { Origin: 'https://evil.example' } })).status, path).toBe(403);
      expect((await call(path, { method, body, headers: { Host: 'evil.example' } })).status, path).toBe(421);
    }
    expect(existsSync(pizhu)).toBe(false);
  });

  it('says where the files are: the library folder', async () => {
    const reply = await call('/api/annotation-files/location');
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({ folder: pizhu, place: 'library', libraryRoot: library });
  });

  it('writes, lists and reads back; the file on disk is the text sent', async () => {
    const text = JSON.stringify({ type: 'AnnotationCollection', items: [{ body: '营商环境' }] });
    const written = await post(`/api/annotation-file?name=${encodeURIComponent('营商环境.json')}`, text);
    expect(written.status).toBe(200);
    expect(json(written)).toMatchObject({ ok: true, file: { name: '营商环境.json', size: Buffer.byteLength(text) } });
    expect(readFileSync(join(pizhu, '营商环境.json'), 'utf8')).toBe(text);
    const listing = json<AnnotationFilesListing>(await call('/api/annotation-files'));
    expect(listing.files.map((f) => f.name)).toEqual(['营商环境.json']);
    // Named texts: a line of JSON with each answer (the text's length in its place), then the texts.
    const read = await post('/api/annotation-files/read', { names: ['营商环境.json', 'missing.json'] });
    expect(read.status).toBe(200);
    const newline = read.body.indexOf('\n');
    expect(JSON.parse(read.body.slice(0, newline))).toEqual([
      { ok: true, name: '营商环境.json', sha256: createHash('sha256').update(text).digest('hex'), size: Buffer.byteLength(text), mtimeMs: expect.any(Number), length: text.length },
      { ok: false, name: 'missing.json', code: 'missing', detail: 'no such file' },
    ]);
    expect(read.body.slice(newline + 1)).toBe(text);
  });

  it('sends a large answer gzipped to a client that takes gzip, and plain to one that does not', async () => {
    // Over the size from which answers are zipped: 3,000 notes of a CJK phrase and an astral character.
    const text = JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => ({ id: `a${i}`, body: '营商环境持续优化𠀀' })) });
    expect(Buffer.byteLength(text)).toBeGreaterThan(100_000);
    writeFileSync(join(pizhu, 'big.json'), text);
    try {
      const zipped = await post('/api/annotation-files/read', { names: ['big.json'] }, { headers: { 'Accept-Encoding': 'br;q=1.0, gzip;q=0.8' } });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['vary']).toBe('Accept-Encoding');
      expect(Number(zipped.headers['content-length'])).toBe(zipped.raw.length);
      expect(zipped.raw.length).toBeLessThan(Buffer.byteLength(text) / 4);
      const unzipped = gunzipSync(zipped.raw).toString('utf8');
      expect(readNamedTextsBody(unzipped)).toEqual({ ok: true, files: [{ ok: true, name: 'big.json', sha256: createHash('sha256').update(text).digest('hex'), size: Buffer.byteLength(text), mtimeMs: expect.any(Number), text }] });
      // `*` stands for the codings not named: gzip named with q=0 is refused all the same.
      const anyCoding = await post('/api/annotation-files/read', { names: ['big.json'] }, { headers: { 'Accept-Encoding': 'br, *;q=0.1' } });
      expect(anyCoding.headers['content-encoding']).toBe('gzip');
      for (const acceptEncoding of [undefined, 'gzip;q=0', 'gzip;q=0, *', 'identity', 'br', '*;q=0']) {
        const plain = await post('/api/annotation-files/read', { names: ['big.json'] }, { headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding } });
        expect(plain.headers['content-encoding'], String(acceptEncoding)).toBeUndefined();
        expect(plain.body.slice(plain.body.indexOf('\n') + 1)).toBe(text);
      }
      // A small answer is not worth zipping.
      const small = await post('/api/annotation-files/read', { names: ['营商环境.json'] }, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(small.headers['content-encoding']).toBeUndefined();
    } finally {
      rmSync(join(pizhu, 'big.json'));
    }
  });

  it('refuses names that leave the folder with a 400 naming the reason, and writes nothing', async () => {
    const before = readdirSync(work).sort();
    const refused: [Reply, string][] = [
      [await post(`/api/annotation-file?name=${encodeURIComponent('../escape.json')}`, '{}'), 'writeAnnotationFile: name contains a reserved character or a folder separator'],
      [await post(`/api/annotation-file?name=${encodeURIComponent('/tmp/escape.json')}`, '{}'), 'writeAnnotationFile: name contains a reserved character or a folder separator'],
      [await post('/api/annotation-file?name=..', '{}'), 'writeAnnotationFile: name starts with a dot or ends with a dot or space'],
      [await post('/api/annotation-file', '{}'), 'writeAnnotationFile: name must be a non-empty string'],
      [
        // Named texts: a line of names and lengths, then the texts (src-main/namedTexts.ts).
        await post('/api/annotation-files/write', '[{"name":"fine.json","length":2},{"name":"../escape.json","length":2}]\n{}{}'),
        'writeAnnotationFiles: files[1]: name contains a reserved character or a folder separator',
      ],
      [await post('/api/annotation-files/write', { files: [{ name: 'fine.json', text: '{}' }] }), 'body is not named texts: body has no line of names'],
      [await post('/api/annotation-files/write', '[{"name":"fine.json","length":3}]\n{}'), 'body is not named texts: the texts are shorter than their lengths (at entry 0)'],
      [await post('/api/annotation-files/read', { names: ['a.json', '../../library/a.txt'] }), 'readAnnotationFiles: names[1]: name contains a reserved character or a folder separator'],
      [await post('/api/annotation-file/aside', { name: 'sub/a.json' }), 'setAnnotationFileAside: name contains a reserved character or a folder separator'],
      [await post('/api/annotation-file/remove-conflict-copy', { name: '营商环境.json', sha256: 'a'.repeat(64) }), 'removeConflictCopy: name is not a sync conflict copy'],
    ];
    for (const [reply, reason] of refused) {
      expect(reply.status, reason).toBe(400);
      expect(json<{ error: string }>(reply).error).toBe(reason);
    }
    expect(readdirSync(work).sort()).toEqual(before);
    expect(readdirSync(pizhu)).toEqual(['营商环境.json']);
    // The text body is JSON text, as the snapshot route takes it.
    expect((await call('/api/annotation-file?name=b.json', { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
  });

  it('sets a file aside and removes a merged conflict copy', async () => {
    writeFileSync(join(pizhu, 'broken.json'), '{"trunc');
    const aside = json<{ ok: true; aside: string }>(await post('/api/annotation-file/aside', { name: 'broken.json' }));
    expect(aside.ok).toBe(true);
    expect(readFileSync(join(pizhu, aside.aside), 'utf8')).toBe('{"trunc');
    const copy = '营商环境 (conflicted copy 2026-12-03 101500).json';
    writeFileSync(join(pizhu, copy), '{"other":true}');
    const read = await post('/api/annotation-files/read', { names: [copy] });
    const [answer] = JSON.parse(read.body.slice(0, read.body.indexOf('\n'))) as { ok: boolean; sha256: string }[];
    expect(answer.ok).toBe(true);
    expect(json(await post('/api/annotation-file/remove-conflict-copy', { name: copy, sha256: answer.sha256 }))).toEqual({ ok: true });
    expect(readdirSync(pizhu).sort()).toEqual(['aside', '营商环境.json']);
  });

  it("pushes other hands' changes on the event stream as annotation-files events, not the host's own writes", async () => {
    const annotationEvents: AnnotationFilesEvent[] = [];
    const unnamed: string[] = [];
    const req = request({ host: '127.0.0.1', port: web.port, path: '/api/events', headers: { Host: `127.0.0.1:${web.port}`, 'X-Pizhu-Token': web.token } }, (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split('\n');
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (data === undefined) continue;
          if (lines.includes('event: annotation-files')) annotationEvents.push(JSON.parse(data) as AnnotationFilesEvent);
          else unnamed.push(data);
        }
      });
    });
    req.end();
    try {
      const names = () => annotationEvents.flatMap((e) => e.changed.map((f) => f.name));
      const until = async (condition: () => boolean) => {
        const deadline = Date.now() + 10_000;
        while (!condition()) {
          if (Date.now() > deadline) throw new Error(`timed out; events so far: ${JSON.stringify(annotationEvents)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      // Until the stream is open, a change could go unseen: the first file repeats until it is seen.
      for (let i = 0; !names().includes('remote.json'); i++) {
        writeFileSync(join(pizhu, 'remote.json'), `{"n":${i}}`);
        await until(() => names().includes('remote.json')).catch(() => undefined);
      }
      expect((await post('/api/annotation-file?name=mine.json', '{"mine":1}')).status).toBe(200);
      writeFileSync(join(pizhu, 'marker.json'), '{}');
      await until(() => names().includes('marker.json'));
      expect(names()).not.toContain('mine.json');
      // Not an article change either: no library event carries these files.
      expect(unnamed.filter((d) => d.includes('.json'))).toEqual([]);
    } finally {
      req.destroy();
    }
  });
});
