// The contract between the OS boundary (Electron main or the web host) and the renderer:
// the types and the argument rules. The calls themselves are one table, in hostApi.ts.
import type { HostCallFunctions } from './hostApi.ts';

/** Why a file in the library cannot be read as an article. */
export type ArticleErrorCode =
  | 'empty' // zero bytes, or only whitespace
  | 'binary' // NUL bytes / control-character soup: not text at all
  | 'undecodable' // bytes that fit no supported encoding
  | 'unsupported-encoding' // text in an encoding recognised but not read (Shift_JIS, EUC-KR, EUC-TW…): `encoding` names it
  | 'too-large' // beyond MAX_ARTICLE_BYTES
  | 'unreadable' // permission denied, locked, I/O error
  | 'vanished' // listed, then gone before we could read it (or a symlink to nothing)
  | 'not-a-file' // a pipe, socket or device named like an article: never opened, so never blocks
  | 'bad-name'; // a name no key can carry (a backslash, bytes that are not UTF-8): rename it

export interface ArticleError {
  code: ArticleErrorCode;
  /** English detail for logs; the UI shows its own localised message by code. */
  detail: string;
  /** The encoding's name, for 'unsupported-encoding'. */
  encoding?: string;
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
  /**
   * The key of the one file shown, when a file was opened from a folder too large to become
   * the library (a home or Downloads folder): only that file is listed and watched.
   */
  singleFile?: string;
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
  | { type: 'about' }
  /** A .txt/.md file opened from the OS (file association, "Open with"): show it; its library is already open. */
  | { type: 'open-article'; key: string };

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

/** One file of an export: a bare, safe file name (no folders) and its text, or its bytes (XLSX, a ZIP). */
export interface ExportFileArg {
  path: string;
  content: string | Uint8Array;
}

/**
 * What the renderer asks to save. One file: a save dialog offering `suggestedName`. Several
 * (a folder export): a folder dialog, and the files go into a folder `suggestedName` inside
 * the chosen one, replacing files of the same names.
 */
export interface SaveExportRequest {
  suggestedName: string;
  files: ExportFileArg[];
}

export type SaveExportResult =
  | { ok: true; /** Where it went: a file or folder path (Electron), or 'downloads' (web). */ location: string; files: string[] }
  | { ok: false; reason: 'cancelled' | 'failed'; detail?: string };

/** Why a backup snapshot was written: the daily one, before a schema upgrade, before a restore, or on request. */
export type SnapshotReason = 'daily' | 'upgrade' | 'before-restore' | 'manual';

export interface SnapshotInfo {
  /** The file's bare name (`pizhu-2026-11-22T03-04-05Z-daily.json`): the snapshot's identity. */
  name: string;
  reason: SnapshotReason;
  /** ISO time, whole seconds, from the name. */
  createdAt: string;
  /** Bytes on disk. */
  size: number;
}

export type WriteSnapshotResult = { ok: true; snapshot: SnapshotInfo } | { ok: false; detail: string };
export type ReadSnapshotResult = { ok: true; json: string } | { ok: false; detail: string };

/**
 * `window.pizhu` in Electron (preload) and the web-host client in a browser: the calls of the
 * host API table (src-main/hostApi.ts, where each is documented) and two subscriptions.
 * Every function is named; there is no generic `invoke(channel)`.
 */
export type PizhuApi = HostCallFunctions & {
  onLibraryEvent(listener: (event: LibraryEvent) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
};

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

/** A whole-library export of 10,000 articles fits; a runaway caller does not. */
export const MAX_EXPORT_FILES = 20_000;
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

// The same rules as src-renderer/core/fileNames.ts (which makes the names), checked again at
// the OS boundary because the renderer is not trusted to have used it.
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Why `name` is not a safe bare file name on Windows, macOS and Linux, or null. */
export function unsafeFileNameReason(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'name must be a non-empty string';
  if (UNSAFE_NAME_CHARS.test(name)) return 'name contains a reserved character or a folder separator';
  if (name.startsWith('.') || /[. ]$/.test(name) || name !== name.trim()) return 'name starts with a dot or ends with a dot or space';
  if (DEVICE_NAME.test(name.split('.')[0])) return 'name is a reserved device name';
  if (new TextEncoder().encode(name).length > 255) return 'name is longer than 255 bytes';
  return null;
}

/** Validates a saveExport request from an untrusted caller. Returns null if acceptable. */
export function invalidExportReason(request: unknown): string | null {
  if (typeof request !== 'object' || request === null) return 'request must be an object';
  const { suggestedName, files } = request as Partial<SaveExportRequest>;
  const nameReason = unsafeFileNameReason(suggestedName);
  if (nameReason) return `suggestedName: ${nameReason}`;
  if (!Array.isArray(files) || files.length === 0) return 'files must be a non-empty array';
  if (files.length > MAX_EXPORT_FILES) return `more than ${MAX_EXPORT_FILES} files`;
  const seen = new Set<string>();
  let bytes = 0;
  for (const [i, file] of files.entries()) {
    if (typeof file !== 'object' || file === null) return `files[${i}] must be an object`;
    const reason = unsafeFileNameReason(file.path);
    if (reason) return `files[${i}].path: ${reason}`;
    if (typeof file.content !== 'string' && !(file.content instanceof Uint8Array)) return `files[${i}].content must be a string or bytes`;
    // Case-folding file systems (macOS, Windows) would let one overwrite another.
    const folded = file.path.toLowerCase();
    if (seen.has(folded)) return `files[${i}].path repeats another name`;
    seen.add(folded);
    bytes += typeof file.content === 'string' ? file.content.length * 3 : file.content.byteLength;
    if (bytes > MAX_EXPORT_BYTES) return 'export is too large';
  }
  return null;
}

export const SNAPSHOT_REASONS: readonly SnapshotReason[] = ['daily', 'upgrade', 'before-restore', 'manual'];
/**
 * A snapshot of 100,000 annotations with notes is about 120 MB; twice that leaves room and
 * still fits a JavaScript string. The renderer's backup reader (MAX_BACKUP_BYTES) accepts as much.
 */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;
/**
 * `pizhu-<UTC time>-<reason>-w<n>.json`: `n` counts writes and only grows, so names never
 * repeat and write order survives a clock that jumps. Earlier versions wrote
 * `pizhu-<UTC time>-<reason>[-<n>].json` (`-n` within one second); those are still read.
 */
export const SNAPSHOT_NAME = /^pizhu-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z-(daily|upgrade|before-restore|manual)(?:-([1-9]\d{0,3})|-w([1-9]\d{0,14}))?\.json$/;

export function invalidSnapshotReason(reason: unknown): string | null {
  return typeof reason === 'string' && (SNAPSHOT_REASONS as readonly string[]).includes(reason) ? null : `reason must be one of ${SNAPSHOT_REASONS.join(', ')}`;
}

/**
 * A snapshot travels as the UTF-8 bytes of its JSON, never as one string. The page hands over
 * a Blob the backup worker made (the web client sends it as the request body as it is;
 * Electron's bridge reads it into bytes for IPC) or the bytes themselves; the host always
 * receives bytes. A backup of 100,000 highlights is tens of megabytes: made into a string,
 * encoded or copied in the page, it would hold the page for seconds.
 */
export type SnapshotBody = Uint8Array | Blob;

/** The host's side: bytes only, checked for type and size (the store checks that they are a backup). */
export function invalidSnapshotBytesReason(bytes: unknown): string | null {
  if (!(bytes instanceof Uint8Array)) return 'snapshot must be bytes (a Uint8Array)';
  return invalidSnapshotSizeReason(bytes.byteLength);
}

/** What a caller may pass to writeSnapshot: bytes or a Blob, of a size a snapshot may have. */
export function invalidSnapshotBodyReason(body: unknown): string | null {
  if (body instanceof Uint8Array) return invalidSnapshotSizeReason(body.byteLength);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return invalidSnapshotSizeReason(body.size);
  return 'snapshot must be bytes (a Uint8Array or a Blob)';
}

function invalidSnapshotSizeReason(size: number): string | null {
  if (size === 0) return 'snapshot is empty';
  if (size > MAX_SNAPSHOT_BYTES) return `snapshot is larger than ${MAX_SNAPSHOT_BYTES} bytes`;
  return null;
}

/** Only names of the form listSnapshots gives: no folders, no `..`, nothing else in that folder. */
export function invalidSnapshotNameReason(name: unknown): string | null {
  if (typeof name !== 'string') return 'name must be a string';
  return SNAPSHOT_NAME.test(name) ? null : 'not a snapshot name';
}

/** Unsaved changes are notes and highlights typed while the disk was full: far less than a snapshot. */
export const MAX_PENDING_CHANGES_BYTES = 32 * 1024 * 1024;

export function invalidPendingChangesReason(json: unknown): string | null {
  if (typeof json !== 'string') return 'json must be a string';
  if (json.length > MAX_PENDING_CHANGES_BYTES) return `pending changes are larger than ${MAX_PENDING_CHANGES_BYTES} bytes`;
  return null;
}
