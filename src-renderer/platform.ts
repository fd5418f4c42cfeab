// The renderer's only door to the host. In Electron the preload exposes `window.pizhu`;
// in a browser served by the web host (src-main/web/server.ts) the same API is spoken over
// loopback HTTP with the per-run token from the URL the host printed.
import type {
  AppInfo,
  LibraryEvent,
  LibrarySnapshot,
  MenuCommand,
  OpenFolderResult,
  PizhuApi,
  ReadResult,
  SaveExportRequest,
  SaveExportResult,
  ReadSnapshotResult,
  SnapshotInfo,
  SnapshotReason,
  WriteSnapshotResult,
} from '../src-main/api.ts';

declare global {
  interface Window {
    pizhu?: PizhuApi;
  }
}

const TOKEN_STORAGE_KEY = 'pizhu.webToken';

/** Thrown (and shown) when the page was opened without the host's token. */
export class MissingTokenError extends Error {
  constructor() {
    super('No access token: open the URL printed by `npm run web`.');
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

/**
 * Takes the token from `#token=…` (then hides it from the address bar, so it does not end
 * up in screenshots or history) or from this tab's sessionStorage after a reload.
 */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]);
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Storage can be disabled; the token still works for this page's life.
    }
    history.replaceState(null, '', location.pathname + location.search);
    return token;
  }
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

function forgetToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

function webClient(token: string | null): PizhuApi {
  /** `rawBody`: already JSON text, sent as it is (a snapshot is too big to wrap in another JSON). */
  async function send(method: 'GET' | 'POST', path: string, body?: unknown, rawBody?: string): Promise<Response> {
    if (token === null) throw new MissingTokenError();
    const headers: Record<string, string> = { 'X-Pizhu-Token': token };
    if (body !== undefined || rawBody !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      cache: 'no-store',
    });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const parsed = (await response.json()) as { error?: string };
        if (parsed.error) detail = parsed.error;
      } catch {
        // Not JSON: keep the status text.
      }
      // A refused token will not get better: forget it so a reload shows the "open the URL" message.
      if (response.status === 401) forgetToken();
      throw new HostRequestError(response.status, detail);
    }
    return response;
  }

  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return (await (await send(method, path, body)).json()) as T;
  }

  async function readSnapshot(name: string): Promise<ReadSnapshotResult> {
    try {
      return { ok: true, json: await (await send('GET', `/api/snapshot?name=${encodeURIComponent(name)}`)).text() };
    } catch (error) {
      // A snapshot pruned since the list was read is a result, like a vanished article.
      if (error instanceof HostRequestError && error.status === 404) return { ok: false, detail: error.message };
      throw error;
    }
  }

  return {
    appInfo: () => request<AppInfo>('GET', '/api/app-info'),
    getLibrary: () => request<LibrarySnapshot>('GET', '/api/library'),
    readArticle: (key) => request<ReadResult>('GET', `/api/article?key=${encodeURIComponent(key)}`),
    openFolder: (path) => request<OpenFolderResult>('POST', '/api/open-folder', { path: path ?? null }),
    reloadLibrary: () => request<LibrarySnapshot>('POST', '/api/reload-library'),
    onLibraryEvent(listener: (event: LibraryEvent) => void) {
      if (token === null) return () => {};
      // EventSource reconnects by itself after a host restart or a sleep.
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message) => {
        try {
          listener(JSON.parse(message.data as string) as LibraryEvent);
        } catch (error) {
          console.error('pizhu: bad library event', error);
        }
      };
      return () => source.close();
    },
    // The web UI has buttons for everything the native menu does.
    onMenuCommand(_listener: (command: MenuCommand) => void) {
      return () => {};
    },
    saveExport: download,
    writeSnapshot: async (reason: SnapshotReason, json: string) =>
      (await (await send('POST', `/api/snapshots?reason=${encodeURIComponent(reason)}`, undefined, json)).json()) as WriteSnapshotResult,
    listSnapshots: () => request<SnapshotInfo[]>('GET', '/api/snapshots'),
    readSnapshot,
    keepPendingChanges: async (json: string) => void (await send('POST', '/api/pending', undefined, json)),
    readPendingChanges: async () => (await send('GET', '/api/pending')).text(),
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
    const type = name.endsWith('.json') ? 'application/ld+json' : 'text/markdown';
    const url = URL.createObjectURL(new Blob([file.content], { type: `${type};charset=utf-8` }));
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

function isElectron(): boolean {
  return typeof window !== 'undefined' && window.pizhu !== undefined;
}

const webToken = isElectron() ? null : takeToken();

/** True when the page runs in a browser without the host's token: nothing can be loaded. */
export const missingToken = !isElectron() && webToken === null;

/** The host API: Electron's preload bridge, or the loopback web client. */
export const platform: PizhuApi = isElectron() ? (window.pizhu as PizhuApi) : webClient(webToken);

/** Which host we run in, known before appInfo() answers (the open-folder UI differs). */
export const hostKind: 'electron' | 'web' = isElectron() ? 'electron' : 'web';
