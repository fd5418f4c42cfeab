/*
 * Pizhu web host: the library service behind a loopback HTTP server.
 *
 * HTTP API (the routes are made from the host API table, src-main/hostApi.ts, as is the web
 * client in src-renderer/platform.ts; what follows describes what the table gives)
 * ------------------------------------------------------------------------------------------
 * The server listens on 127.0.0.1 only and serves the built renderer (out/renderer) at `/`.
 * It prints one line: `Pizhu web host: http://127.0.0.1:PORT/?code=CODE`. CODE signs in once
 * (webSession.ts): `GET /?code=CODE` answers 303 to `/` with an HttpOnly, SameSite=Strict
 * session cookie `pizhu-session-PORT` and a script-readable marker `pizhu-signed-in-PORT=1`
 * (so the page knows, before any request, whether it was signed in). A code spent or
 * unknown still goes to `/`, without a cookie. `WebHost.signInUrl()` makes another code.
 *
 * Every `/api/…` request:
 *   - must carry the session cookie (the page's fetch and EventSource send it by
 *     themselves), or the header `X-Pizhu-Token: TOKEN` (programs; TOKEN is never printed),
 *     else 401.
 *   - must have `Host: 127.0.0.1:PORT` or `Host: localhost:PORT` (DNS rebinding), else 421.
 *   - if it has an `Origin` header, it must be `http://127.0.0.1:PORT` or
 *     `http://localhost:PORT`, else 403; a `Sec-Fetch-Site` other than same-origin is 403.
 * Relative URLs from the page satisfy all of that: `fetch('/api/library')`.
 *
 * Responses are JSON (`application/json; charset=utf-8`). Failures of the request itself
 * are `{ "error": "<english detail>" }` with status 400 (bad argument), 401, 403, 404,
 * 405, 413, 415, 421 or 500. Failures of an article are NOT HTTP errors: they come back
 * as a 200 ReadResult with `ok: false`.
 *
 *   GET  /api/app-info                 → AppInfo            (host: 'web')
 *   GET  /api/library                  → LibrarySnapshot
 *   GET  /api/article?key=<urlencoded> → ReadResult         (400 if the key fails invalidKeyReason)
 *   POST /api/open-folder              → OpenFolderResult
 *        body `{"path": "/abs/folder"}` switches folder; `{"path": null}` returns to the
 *        bundled seeds; a missing/undefined path → `{ok:false, reason:'cancelled'}` (the
 *        browser has no folder dialog: the UI asks the user to type a path).
 *        Content-Type must be application/json (415 otherwise), body ≤ 64 KiB (413).
 *   POST /api/reload-library           → LibrarySnapshot    (empty body is fine)
 *   GET  /api/events                   → text/event-stream (Server-Sent Events)
 *        each message is the default event type with `data: <LibraryEvent JSON>`;
 *        after a folder switch a `{type:'reset', snapshot}` event is sent to every
 *        client. Lines starting with `:` are keep-alive comments.
 *        Use `new EventSource('/api/events')` and
 *        `es.onmessage = (m) => listener(JSON.parse(m.data))`.
 *
 *   GET  /api/snapshots                → SnapshotInfo[]     (backup snapshots in DATA_DIR/snapshots, newest first)
 *   POST /api/snapshots?reason=<reason> → { ok: true, snapshot: SnapshotInfo } | { ok: false, detail }
 *        the body IS the snapshot's JSON as UTF-8 bytes (not wrapped, taken as bytes), Content-Type
 *        application/json, up to MAX_SNAPSHOT_BYTES (413 beyond); 400 if the reason is not a
 *        SnapshotReason or the body is empty; bytes that are not a Pizhu backup are `{ ok: false, detail }`.
 *        The last 10 snapshots are kept.
 *   GET  /api/snapshot?name=<name>     → the snapshot's JSON text as it was written (not wrapped);
 *        400 if the name is not one listSnapshots gives (no paths), 404 if there is no such snapshot.
 *   GET  /api/pending-changes          → the pending changes' JSON text as kept, as a JSON string ('' for none)
 *   POST /api/pending-changes          → 204; the body IS the JSON text (empty: nothing pending,
 *        the file goes), up to MAX_PENDING_CHANGES_BYTES (413 beyond)
 *
 *   GET  /api/annotation-files/location → AnnotationFilesLocation (the library's `.pizhu/`, or the user-data fallback and why)
 *   GET  /api/annotation-files          → AnnotationFilesListing
 *   POST /api/annotation-files/read     → AnnotationFileRead[]; body `{"names": ["a.json", …]}` (up to
 *        MAX_ANNOTATION_READ_NAMES names; 400 for a name that is not a bare `.json`/`.jsonld` name)
 *   POST /api/annotation-file?name=<name> → WriteAnnotationFileResult; the body IS the file's text
 *        (Content-Type application/json), up to MAX_ANNOTATION_FILE_BYTES (413 beyond)
 *   POST /api/annotation-files/write    → WriteAnnotationFileResult[] in the order given; body
 *        `{"files": [{"name": "a.json", "text": "…"}, …]}` (up to MAX_ANNOTATION_WRITE_FILES files and
 *        MAX_ANNOTATION_WRITE_CHARS characters of text in all; 400 for a bad name or a name twice)
 *   POST /api/annotation-file/aside     → SetAnnotationFileAsideResult; body `{"name": "a.json"}`
 *   POST /api/annotation-file/remove-conflict-copy → RemoveConflictCopyResult; body
 *        `{"name": "<a sync tool's conflict copy>", "sha256": "<hex of the bytes read>"}`
 *        (400 for a name that is not a conflict copy)
 *   The event stream also carries AnnotationFilesEvents as `event: annotation-files` messages:
 *        `es.addEventListener('annotation-files', (m) => listener(JSON.parse(m.data)))`.
 *
 * onMenuCommand has no HTTP counterpart: the web UI has buttons instead of a native menu,
 * so the client's onMenuCommand registers nothing and returns a no-op unsubscribe.
 *
 * Static files: GET/HEAD only, no directory listing (a directory or unknown path → the
 * SPA's index.html only for `/`, otherwise 404), path traversal (including encoded
 * `%2e%2e`, `%2f`, backslashes, NUL) refused with 400/404. Every response carries the
 * same strict CSP as the Electron app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import type { AnnotationFilesEvent, AppInfo, LibraryEvent, ReadSnapshotResult } from '../api.ts';
import { checkedArgs, HOST_CALL_NAMES, HOST_CALLS, HostRefusal, HTTP_ANNOTATION_FILES_EVENT, HTTP_EVENTS_ROUTE, type HostCallName, type HttpParam } from '../hostApi.ts';
import { namedTextsBodyBytes, readNamedTextsBody } from '../namedTexts.ts';
import { hostCallBodies, runHostCall } from '../hostCalls.ts';
import { LibraryHost } from '../library/libraryHost.ts';
import { resolveSeedsDir } from '../library/seedsPath.ts';
import { SettingsFile, defaultDataDir } from '../settingsFile.ts';
import { PendingChangesFile } from '../pendingChanges.ts';
import { SnapshotStore, SNAPSHOTS_DIR_NAME } from '../snapshots.ts';
import { prepareUserData } from '../userData.ts';
import { WebSessions } from './webSession.ts';
import { CONTENT_SECURITY_POLICY, cacheControlFor, contentTypeFor, etagFor, lookupStatic } from '../staticFiles.ts';

export const DEFAULT_PORT = 47317;

/** path → method → call, from the host API table: the calls the page may make over HTTP. */
const routes = new Map<string, Map<string, HostCallName>>();
for (const name of HOST_CALL_NAMES) {
  const http = HOST_CALLS[name].http;
  if (!http || !HOST_CALLS[name].callers.includes('web-page')) continue;
  if (!routes.has(http.path)) routes.set(http.path, new Map());
  routes.get(http.path)!.set(http.method, name);
}
const MAX_BODY_BYTES = 64 * 1024;
const KEEPALIVE_MS = 20_000;
const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface WebHostOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  /** Open this folder instead of the remembered one (not remembered). */
  libraryRoot?: string | null;
  /** Where the remembered-folder settings file lives. */
  dataDir?: string;
  /** The built renderer (out/renderer). */
  rendererDir?: string;
  seedsDir?: string;
  quiet?: boolean;
  /** Library rescan debounce; tests shorten it. */
  debounceMs?: number;
}

export interface WebHost {
  /** The sign-in URL printed at start (its code is good once). */
  url: string;
  /** Another sign-in URL, for another browser or the same one after a restart. */
  signInUrl(): string;
  /** For programs, as the X-Pizhu-Token header. */
  token: string;
  port: number;
  /** What the socket is bound to, as the OS reports it: 127.0.0.1 only. */
  address(): AddressInfo;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function sendBytes(res: ServerResponse, body: Uint8Array): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.byteLength, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length, 'Cache-Control': 'no-store' });
  res.end(data);
}

async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  if (type !== 'application/json') throw new HttpError(415, 'body must be application/json');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

/** A body taken as bytes (a snapshot), up to `limit` of them. */
async function readBytesBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'body must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A body taken as text (pending changes), up to `limit` bytes. */
async function readTextBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBytesBody(req, limit)).toString('utf8');
}

/** The call's arguments from the request, in order, as its row's HTTP params say; a missing one is undefined. */
async function requestArgs(req: IncomingMessage, params: readonly HttpParam[], query: URLSearchParams): Promise<unknown[]> {
  const needsJson = params.some((p) => p.from === 'json');
  const text = params.find((p) => p.from === 'text');
  const bytes = params.find((p) => p.from === 'bytes');
  const namedTexts = params.find((p) => p.from === 'named-texts');
  let body: unknown = {};
  if (text) body = await readTextBody(req, text.limit);
  else if (bytes) body = await readBytesBody(req, bytes.limit);
  else if (namedTexts) {
    const read = readNamedTextsBody(await readTextBody(req, namedTexts.limit));
    if (!read.ok) throw new HttpError(400, `body is not named texts: ${read.error}`);
    body = read.files;
  }
  // Even a call without arguments reads its body: the size and type limits hold for every request.
  else if (req.method === 'POST') body = await readJsonBody(req, Math.max(MAX_BODY_BYTES, ...params.map((p) => (p.from === 'json' ? (p.limit ?? 0) : 0))));
  if (needsJson && (typeof body !== 'object' || body === null || Array.isArray(body))) throw new HttpError(400, 'body must be an object');
  return params.map((p) => {
    if (p.from === 'query') return query.get(p.name) ?? undefined;
    if (p.from === 'json') return (body as Record<string, unknown>)[p.name];
    return body;
  });
}

const gzipAsync = promisify(gzip);

/**
 * Answers of at least this many bytes go gzipped to a client that takes gzip. Chromium is slow
 * to move a response body from the socket into the page on a small machine, even on loopback,
 * and annotation files (JSON) compress well at gzip's fastest level.
 */
const GZIP_FROM_BYTES = 32 * 1024;

/**
 * Whether the request's Accept-Encoding takes gzip: gzip's own q where gzip is named, else `*`'s
 * (which stands for the codings not named), and a q of zero refuses.
 */
function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  const qualities = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    qualities.set(coding.trim(), q === undefined ? 1 : Number(q.slice(2)));
  }
  const q = qualities.get('gzip') ?? qualities.get('*') ?? 0;
  return q > 0;
}

async function sendNamedTexts(req: IncomingMessage, res: ServerResponse, data: Buffer): Promise<void> {
  const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' };
  if (data.length >= GZIP_FROM_BYTES && acceptsGzip(req)) {
    const zipped = await gzipAsync(data, { level: zlibConstants.Z_BEST_SPEED });
    res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': zipped.length });
    res.end(zipped);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': data.length });
  res.end(data);
}

/** `{ ok: true, json }` as the JSON text itself; `{ ok: false, detail }` as a 404. */
function sendTextResult(res: ServerResponse, result: ReadSnapshotResult): void {
  if (!result.ok) throw new HttpError(404, result.detail);
  const data = Buffer.from(result.json, 'utf8');
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length, 'Cache-Control': 'no-store' });
  res.end(data);
}

export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? resolve(REPO_ROOT, 'out/renderer');
  const dataDir = options.dataDir ?? defaultDataDir();
  const seedsDir = options.seedsDir ?? resolveSeedsDir({ isPackaged: false, appRoot: REPO_ROOT });
  await prepareUserData(dataDir);
  const settings = new SettingsFile(dataDir);
  const snapshots = new SnapshotStore(resolve(dataDir, SNAPSHOTS_DIR_NAME));
  const pending = new PendingChangesFile(dataDir);
  const host = new LibraryHost({ seedsDir, settings, overrideRoot: options.libraryRoot ?? null, debounceMs: options.debounceMs });
  await host.init();

  let port = 0;
  const sessions = new WebSessions(() => port);
  const version = readVersion();
  const sseClients = new Set<ServerResponse>();

  const appInfo = (): AppInfo => ({ name: 'Pizhu 批注', version, host: 'web', userDataPath: dataDir });
  // The browser has no view of the server's folders: openFolder without a path is cancelled, the UI asks for one.
  const bodies = hostCallBodies({ host, appInfo, chooseFolder: async () => null, snapshots, pending });

  const unsubscribeLibrary = host.onEvent((event: LibraryEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  const unsubscribeAnnotations = host.onAnnotationFilesEvent((event: AnnotationFilesEvent) => {
    const frame = `event: ${HTTP_ANNOTATION_FILES_EVENT}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const keepAlive = setInterval(() => {
    for (const client of sseClients) client.write(': keep-alive\n\n');
  }, KEEPALIVE_MS);
  keepAlive.unref();

  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) throw new HttpError(403, 'cross-origin request refused');
    const admitted = sessions.check(req);
    if (admitted === 'cross-site') throw new HttpError(403, 'cross-site request refused');
    if (admitted !== 'ok') throw new HttpError(401, 'not signed in: open the URL the web host printed');
    if (path === HTTP_EVENTS_ROUTE.path && req.method === HTTP_EVENTS_ROUTE.method) return openEventStream(req, res);
    const found = routes.get(path);
    if (!found) throw new HttpError(404, `no API ${path}`);
    const name = found.get(req.method ?? '');
    if (!name) throw new HttpError(405, `${req.method} not allowed on ${path}`);
    const http = HOST_CALLS[name].http!;
    let args: unknown[];
    try {
      args = checkedArgs(name, await requestArgs(req, http.params, query));
      if (http.response === 'named-texts') {
        // The one call answered so, and its files go out as the bytes they were read as:
        // decoding them here only to encode them again cost more than reading them.
        if (name !== 'readAnnotationFiles') throw new Error(`${name}: the web host has no named-texts answer for it`);
        return await sendNamedTexts(req, res, namedTextsBodyBytes(await host.annotationFiles.readUndecoded(args[0] as string[])));
      }
      const result = await runHostCall(bodies, name, args as never);
      if (http.response === 'text-or-404') return sendTextResult(res, result as ReadSnapshotResult);
      if (http.response === 'none') return void res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      if (http.response === 'bytes') return sendBytes(res, result as Uint8Array);
      return sendJson(res, 200, result);
    } catch (error) {
      if (error instanceof HostRefusal) throw new HttpError(400, error.message);
      throw error;
    }
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n: connected\n\n');
    sseClients.add(res);
    req.on('close', () => sseClients.delete(res));
  }

  /** The printed URL: spend its code, set the session cookie, and send the browser to `/` so no code stays in view. */
  function signIn(res: ServerResponse, code: string | null): void {
    const cookies = sessions.exchange(code);
    if (cookies) res.setHeader('Set-Cookie', cookies);
    res.writeHead(303, { Location: '/', 'Cache-Control': 'no-store' });
    res.end();
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET and HEAD');
    const found = await lookupStatic(rendererDir, rawPath);
    if (!found.ok) throw new HttpError(found.status, found.status === 400 ? 'bad path' : 'not found');
    const etag = etagFor(found);
    const headers = { 'Content-Type': contentTypeFor(found.file), 'Cache-Control': cacheControlFor(rawPath), ETag: etag };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  }

  const server = createServer((req, res) => {
    securityHeaders(res);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    const work = async (): Promise<void> => {
      // DNS rebinding: a page from another origin that resolves its name to 127.0.0.1 still sends its own Host.
      if (!allowedHosts().includes(req.headers.host ?? '')) throw new HttpError(421, 'unexpected Host header');
      if (rawPath === '/api' || rawPath.startsWith('/api/')) return handleApi(req, res, rawPath, query);
      // GET only: a HEAD (a link preview) must not spend the code.
      if (rawPath === '/' && query.has('code') && req.method === 'GET') return signIn(res, query.get('code'));
      return handleStatic(req, res, rawPath);
    };
    work().catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500 && !options.quiet) console.error('Pizhu web host:', error);
      if (res.headersSent) return void res.destroy();
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const signInUrl = (): string => `http://127.0.0.1:${port}/?code=${sessions.issueCode()}`;
  const url = signInUrl();
  if (!options.quiet) console.log(`Pizhu web host: ${url}`);

  return {
    url,
    signInUrl,
    token: sessions.token,
    port,
    address: () => server.address() as AddressInfo,
    async close() {
      clearInterval(keepAlive);
      unsubscribeLibrary();
      unsubscribeAnnotations();
      for (const client of sseClients) client.end();
      sseClients.clear();
      await host.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
