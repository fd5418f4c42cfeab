// The renderer's only door to the host. In Electron the preload exposes `window.pizhu`;
// in a browser served by the web host (src-main/web/server.ts) the same API is spoken over
// loopback HTTP, signed in by the HttpOnly cookie the host's printed URL set (the page never
// holds a secret).
import type { AnnotationFilesEvent, LibraryEvent, MenuCommand, PizhuApi, SaveExportRequest, SaveExportResult } from '../src-main/api.ts';
import { checkedArgs, HOST_CALL_NAMES, HOST_CALLS, HTTP_ANNOTATION_FILES_EVENT, HTTP_EVENTS_ROUTE, type HostCallFunctions, type HostCallName, type HttpRoute } from '../src-main/hostApi.ts';
import { namedTextsBodyParts, readNamedTextsBody, type NamedEntry } from '../src-main/namedTexts.ts';

/** The largest body sent with keepalive: under Chromium's 64 KiB for all keepalive requests in flight, headers included. */
const KEEPALIVE_BYTES = 60_000;

/** The page is going away (pagehide, until a pageshow brings it back from the back-forward cache). */
let leaving = false;
if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  window.addEventListener('pagehide', () => (leaving = true));
  window.addEventListener('pageshow', () => (leaving = false));
}

const bodyBytes = (body: string | Uint8Array | Blob): number => (typeof body === 'string' ? new TextEncoder().encode(body).byteLength : body instanceof Blob ? body.size : body.byteLength);

declare global {
  interface Window {
    pizhu?: PizhuApi;
  }
}

/** Thrown (and shown) when the page was opened without signing in through the host's URL. */
export class MissingTokenError extends Error {
  constructor() {
    super('Not signed in: open the URL printed by `npm run web`.');
    this.name = 'MissingTokenError';
  }
}

/** An HTTP failure of the web host, kept apart from article failures (which are ReadResults). */
export class HostRequestError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`web host answered ${status}: ${detail}`);
    this.name = 'HostRequestError';
  }
}

/** The host's marker cookie (not the session itself, which scripts cannot read): set when this browser signed in. */
function signInMarker(): string {
  return `pizhu-signed-in-${location.port || '80'}`;
}

function signedIn(): boolean {
  return document.cookie.split(';').some((part) => part.trim() === `${signInMarker()}=1`);
}

/** A refused session will not get better: drop the marker so a reload shows the sign-in message. */
function forgetSignIn(): void {
  document.cookie = `${signInMarker()}=; Path=/; Max-Age=0; SameSite=Strict`;
}

/**
 * How the client is admitted: the page's session cookie (sent by the browser itself), a
 * program's token header (the contract tests), or nothing yet (every call refuses).
 */
export type WebAuth = { cookie: true } | { token: string } | null;

/**
 * The host API over the web host's HTTP routes. `origin` is empty in the page (relative URLs);
 * the contract tests give the host's origin, to run this very client against a real server.
 */
export function webClient(auth: WebAuth, origin = ''): PizhuApi {
  /**
   * `rawBody`: already JSON, as text, UTF-8 bytes or a Blob of them, sent as it is (a snapshot
   * is too big to wrap in another JSON; a Blob the worker made is sent without the page
   * copying a byte of it).
   */
  async function send(method: 'GET' | 'POST', path: string, body?: unknown, rawBody?: string | Uint8Array<ArrayBuffer> | Blob, outlivesPage = false): Promise<Response> {
    if (auth === null) throw new MissingTokenError();
    const headers: Record<string, string> = 'token' in auth ? { 'X-Pizhu-Token': auth.token } : {};
    if (body !== undefined || rawBody !== undefined) headers['Content-Type'] = 'application/json';
    const sent = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    const request = (keepalive: boolean) => fetch(origin + path, { method, headers, body: sent, cache: 'no-store', keepalive });
    // Only while the page goes, and only under the budget every keepalive request shares: a
    // body over it is refused outright, and then goes as usual, for what that is worth.
    const keepalive = outlivesPage && leaving && (sent === undefined || bodyBytes(sent) < KEEPALIVE_BYTES);
    let response: Response;
    try {
      response = await request(keepalive);
    } catch (error) {
      if (!keepalive) throw error;
      response = await request(false);
    }
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const parsed = (await response.json()) as { error?: string };
        if (parsed.error) detail = parsed.error;
      } catch {
        // Not JSON: keep the status text.
      }
      if (response.status === 401 && auth !== null && 'cookie' in auth) forgetSignIn();
      throw new HostRequestError(response.status, detail);
    }
    return response;
  }

  /** One call as its row's HTTP route says: query parameters, a JSON object body, or the body as text or bytes. */
  async function callOverHttp(name: HostCallName, http: HttpRoute, args: unknown[]): Promise<unknown> {
    // A body sent as text or bytes could not carry anything else faithfully (an object would
    // arrive as "[object Object]"): such calls are checked here, with the table's own schemas.
    if (http.params.some((p) => p.from === 'text' || p.from === 'bytes' || p.from === 'named-texts')) checkedArgs(name, args);
    const query = new URLSearchParams();
    const fields: Record<string, unknown> = {};
    let raw: string | Uint8Array<ArrayBuffer> | Blob | undefined;
    http.params.forEach((param, i) => {
      const value = args[i];
      if (param.from === 'query') {
        if (value !== undefined) query.set(param.name, String(value));
      } else if (param.from === 'json') {
        // A left-out argument stays out of the body (openFolder(): "ask the user").
        if (value !== undefined) fields[param.name] = value;
      } else if (param.from === 'named-texts') {
        // A Blob of the parts: made and handed to fetch in a quarter of the page’s time that bytes
        // encoded here first (TextEncoder) or one string cost, for a body of megabytes.
        raw = new Blob(namedTextsBodyParts(value as NamedEntry[]));
      } else raw = value as string | Uint8Array<ArrayBuffer> | Blob;
    });
    const search = query.size > 0 ? `?${query}` : '';
    const hasFields = http.params.some((p) => p.from === 'json');
    const response = await send(http.method, http.path + search, hasFields ? fields : undefined, raw, http.outlivesPage);
    if (http.response === 'json') return response.json();
    if (http.response === 'none') return undefined;
    if (http.response === 'bytes') return new Uint8Array(await response.arrayBuffer());
    if (http.response === 'named-texts') {
      const read = readNamedTextsBody(await response.text());
      // The request succeeded and its answer is damaged: no HTTP status tells that, so not a HostRequestError.
      if (!read.ok) throw new Error(`${name}: the host's answer is not named texts: ${read.error}`);
      return read.files;
    }
    return { ok: true, json: await response.text() };
  }

  async function textOr404(name: HostCallName, http: HttpRoute, args: unknown[]): Promise<unknown> {
    try {
      return await callOverHttp(name, http, args);
    } catch (error) {
      // Gone since it was listed (a pruned snapshot): a result, like a vanished article.
      if (error instanceof HostRequestError && error.status === 404) return { ok: false, detail: error.message };
      throw error;
    }
  }

  const calls = Object.fromEntries(
    HOST_CALL_NAMES.flatMap((name) => {
      const http = HOST_CALLS[name].http;
      if (!http || !HOST_CALLS[name].callers.includes('web-page')) return [];
      return [[name, (...args: unknown[]) => (http.response === 'text-or-404' ? textOr404(name, http, args) : callOverHttp(name, http, args))]];
    }),
  ) as Partial<HostCallFunctions>;

  return {
    ...(calls as Omit<HostCallFunctions, 'saveExport'>),
    saveExport: download,
    onLibraryEvent(listener: (event: LibraryEvent) => void) {
      if (auth === null) return () => {};
      // EventSource reconnects by itself after a host restart or a sleep; it sends the session cookie.
      const source = new EventSource(origin + HTTP_EVENTS_ROUTE.path);
      source.onmessage = (message) => {
        try {
          listener(JSON.parse(message.data as string) as LibraryEvent);
        } catch (error) {
          console.error('pizhu: bad library event', error);
        }
      };
      return () => source.close();
    },
    onAnnotationFilesEvent(listener: (event: AnnotationFilesEvent) => void) {
      if (auth === null) return () => {};
      // The same stream as the library's events, its annotation messages named apart.
      const source = new EventSource(origin + HTTP_EVENTS_ROUTE.path);
      source.addEventListener(HTTP_ANNOTATION_FILES_EVENT, (message) => {
        try {
          listener(JSON.parse((message as MessageEvent).data as string) as AnnotationFilesEvent);
        } catch (error) {
          console.error('pizhu: bad annotation files event', error);
        }
      });
      return () => source.close();
    },
    // The web UI has buttons for everything the native menu does.
    onMenuCommand(_listener: (command: MenuCommand) => void) {
      return () => {};
    },
  };
}

/**
 * The web host saves nothing on the server's disk: the browser downloads each file (a folder
 * export arrives as its files, the folder's name in front of each). The server stays
 * read-only, and the files land where the user's browser puts downloads.
 */
async function download(request: SaveExportRequest): Promise<SaveExportResult> {
  const names: string[] = [];
  for (const file of request.files) {
    // The app names a folder export's files for side-by-side saving itself (links included);
    // a request that did not is named the same way here.
    const prefix = `${request.suggestedName} - `;
    const name = request.files.length === 1 || file.path.startsWith(prefix) ? file.path : `${prefix}${file.path}`;
    const url = URL.createObjectURL(new Blob([file.content as BlobPart], { type: downloadType(name) }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked later, not now: the download starts after this task.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    names.push(name);
    // Browsers drop some of many downloads started in one task.
    if (request.files.length > 1) await new Promise((resolve) => setTimeout(resolve, 120));
  }
  return { ok: true, location: 'downloads', files: names };
}

/** The MIME type a download is offered as, by its extension. */
function downloadType(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1].toLowerCase() ?? '';
  const types: Record<string, string> = {
    json: 'application/ld+json;charset=utf-8',
    csv: 'text/csv;charset=utf-8',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    qdc: 'application/xml;charset=utf-8',
    qdpx: 'application/zip',
  };
  return types[ext] ?? 'text/markdown;charset=utf-8';
}

function isBrowserPage(): boolean {
  return typeof location !== 'undefined';
}

function isElectron(): boolean {
  return typeof window !== 'undefined' && window.pizhu !== undefined;
}

const webSignedIn = !isElectron() && isBrowserPage() && signedIn();

/** True when the page runs in a browser that has not signed in to the host: nothing can be loaded. */
export const missingToken = !isElectron() && !webSignedIn;

/**
 * Electron's bridge, taking snapshots as Blobs too: IPC carries bytes, so a Blob is read into
 * them here (the read runs off the page's thread; only the bytes' copy for IPC is on it).
 */
function electronApi(bridge: PizhuApi): PizhuApi {
  return {
    ...bridge,
    writeSnapshot: async (reason, body) => bridge.writeSnapshot(reason, body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : body),
  };
}

/** The host API: Electron's preload bridge, or the loopback web client. */
export const platform: PizhuApi = isElectron() ? electronApi(window.pizhu as PizhuApi) : webClient(webSignedIn ? { cookie: true } : null);

/** Which host we run in, known before appInfo() answers (the open-folder UI differs). */
export const hostKind: 'electron' | 'web' = isElectron() ? 'electron' : 'web';
