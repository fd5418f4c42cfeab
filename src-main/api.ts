// The contract between the OS boundary (Electron main or the web host) and the renderer.
// Types only plus the argument validators both hosts share, so the renderer can import it
// with `import type` and the hosts validate every call the same way.

/** Why a file in the library cannot be read as an article. */
export type ArticleErrorCode =
  | 'empty' // zero bytes, or only whitespace
  | 'binary' // NUL bytes / control-character soup: not text at all
  | 'undecodable' // bytes that fit no supported encoding
  | 'too-large' // beyond MAX_ARTICLE_BYTES
  | 'unreadable' // permission denied, locked, I/O error
  | 'vanished'; // listed, then gone before we could read it

export interface ArticleError {
  code: ArticleErrorCode;
  /** English detail for logs; the UI shows its own localised message by code. */
  detail: string;
}

/** Encodings the library service can decode. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

/** One file of the library as the host sees it (no text). */
export interface ArticleEntry {
  /** Library-relative path with `/` separators: the article's identity. */
  key: string;
  size: number;
  mtimeMs: number;
  /** sha-256 (hex) of the decoded, LF-normalised text; null when it could not be read. */
  fingerprint: string | null;
  encoding: TextEncoding | null;
  error: ArticleError | null;
}

/** One file's decoded text. `text` has LF line endings and no BOM. */
export interface ArticleFile {
  key: string;
  text: string;
  fingerprint: string;
  encoding: TextEncoding;
  size: number;
  mtimeMs: number;
}

export type ReadResult = { ok: true; file: ArticleFile } | { ok: false; key: string; error: ArticleError };

export interface LibraryInfo {
  /** Absolute folder path (shown to the user, never used by the renderer to read). */
  root: string;
  /** Folder name for display. */
  name: string;
  /** True when this is the bundled seeds folder. */
  isDefault: boolean;
}

export interface LibrarySnapshot {
  library: LibraryInfo;
  entries: ArticleEntry[];
}

export type LibraryEvent =
  | { type: 'add' | 'change'; entry: ArticleEntry }
  | { type: 'remove'; key: string }
  | { type: 'reset'; snapshot: LibrarySnapshot };

/** Commands the native menu sends to the renderer (Electron only; the web UI has buttons). */
export type MenuCommand =
  | { type: 'open-folder' }
  | { type: 'reload-library' }
  | { type: 'script'; script: string }
  | { type: 'font-size'; delta: -1 | 0 | 1 }
  | { type: 'theme'; theme: 'light' | 'sepia' | 'dark' }
  | { type: 'about' };

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  /** Where user data lives (IndexedDB profile, remembered settings). */
  userDataPath: string;
}

export type OpenFolderResult =
  | { ok: true; snapshot: LibrarySnapshot }
  | { ok: false; reason: 'cancelled' | 'not-a-folder' | 'unreadable'; detail?: string };

/**
 * `window.pizhu` in Electron (preload) and the web-host client in a browser.
 * Every function is named; there is no generic `invoke(channel)`.
 */
export interface PizhuApi {
  appInfo(): Promise<AppInfo>;
  getLibrary(): Promise<LibrarySnapshot>;
  readArticle(key: string): Promise<ReadResult>;
  /**
   * Switch to another folder. Electron: `path` omitted shows the native folder dialog.
   * Web host: the browser cannot show the server's folders, so the UI asks for a path.
   * `null` returns to the bundled seeds.
   */
  openFolder(path?: string | null): Promise<OpenFolderResult>;
  reloadLibrary(): Promise<LibrarySnapshot>;
  onLibraryEvent(listener: (event: LibraryEvent) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names, one per function; the preload and main both use these constants. */
export const CHANNELS = {
  appInfo: 'pizhu:app-info',
  getLibrary: 'pizhu:get-library',
  readArticle: 'pizhu:read-article',
  openFolder: 'pizhu:open-folder',
  reloadLibrary: 'pizhu:reload-library',
  libraryEvent: 'pizhu:library-event',
  menuCommand: 'pizhu:menu-command',
} as const;

/** Articles beyond this are refused with a clear message rather than freezing the reader. */
export const MAX_ARTICLE_BYTES = 64 * 1024 * 1024;
/** Longest library key or folder path we accept over IPC / HTTP. */
export const MAX_PATH_CHARS = 4096;

/** Validates a library key coming from an untrusted caller. Returns null if acceptable. */
export function invalidKeyReason(key: unknown): string | null {
  if (typeof key !== 'string') return 'key must be a string';
  if (key.length === 0) return 'key is empty';
  if (key.length > MAX_PATH_CHARS) return 'key is too long';
  if (key.includes('\0')) return 'key contains NUL';
  if (key.startsWith('/') || /^[a-zA-Z]:/.test(key) || key.includes('\\')) return 'key must be library-relative with / separators';
  if (key.split('/').some((part) => part === '..' || part === '.' || part === '')) return 'key has an empty, . or .. segment';
  return null;
}

/** Validates an optional folder path argument. Returns null if acceptable. */
export function invalidFolderArgReason(path: unknown): string | null {
  if (path === undefined || path === null) return null;
  if (typeof path !== 'string') return 'path must be a string or null';
  if (path.length === 0 || path.length > MAX_PATH_CHARS) return 'path length out of range';
  if (path.includes('\0')) return 'path contains NUL';
  return null;
}
