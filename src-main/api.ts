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
  /**
   * sha-256 (hex) of the decoded, LF-normalised text; null when it could not be read (`error`
   * says why) or, with `error` null, when the host has not read it yet (isUnread): a first
   * listing of a folder is made from names, sizes and mtimes, and each file's fingerprint comes
   * with its first read (ReadResult), never from a second pass over it.
   */
  fingerprint: string | null;
  encoding: TextEncoding | null;
  error: ArticleError | null;
}

/** Listed but not read yet: no fingerprint and no error. Such a file is neither changed nor missing. */
export function isUnread(entry: ArticleEntry): boolean {
  return entry.fingerprint === null && entry.error === null;
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

/**
 * The start of a long file, to show while the whole travels (megabytes cost the page more to
 * receive than the host to read): `opening` is the decoded text up to where core/leadingSlice.ts
 * cuts the whole, or null where it has no such cut (short, Markdown, no safe place), with the
 * whole's fingerprint as readArticle gives it.
 */
export type OpeningResult = { ok: true; key: string; opening: string | null; fingerprint: string } | { ok: false; key: string; error: ArticleError };

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
  /** A command of the renderer's command table, by id (checked there against the table). */
  | { type: 'command'; id: string }
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
 * host API table (src-main/hostApi.ts, where each is documented) and three subscriptions.
 * Every function is named; there is no generic `invoke(channel)`.
 */
export type PizhuApi = HostCallFunctions & {
  onLibraryEvent(listener: (event: LibraryEvent) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Annotation files changed on disk by another hand (a sync tool): never the host's own writes. */
  onAnnotationFilesEvent(listener: (event: AnnotationFilesEvent) => void): () => void;
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

/**
 * Files one readArticles call may ask for. The renderer asks for far fewer at a time (a batch
 * is a few megabytes at most); this only stops a runaway caller.
 */
export const MAX_READ_ARTICLES = 1_000;
/** Every key at its longest, as JSON escapes could make it, with room to spare. */
export const READ_ARTICLES_BODY_BYTES = MAX_READ_ARTICLES * (MAX_PATH_CHARS * 6 + 8) + 1024;

/** Validates the keys of a bulk read: an array of library keys, none repeated. Returns null if acceptable. */
export function invalidKeysReason(keys: unknown): string | null {
  if (!Array.isArray(keys)) return 'keys must be an array';
  if (keys.length > MAX_READ_ARTICLES) return `more than ${MAX_READ_ARTICLES} keys`;
  const seen = new Set<string>();
  for (const [i, key] of keys.entries()) {
    const reason = invalidKeyReason(key);
    if (reason) return `keys[${i}]: ${reason}`;
    // Each file is read once: a repeated key is a caller's mistake, not a second read.
    if (seen.has(key as string)) return `keys[${i}]: repeats an earlier key`;
    seen.add(key as string);
  }
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

// ---- Annotation files: the shareable record in the library's `.pizhu/` folder ----

/** Why the annotation files are kept in the user-data folder rather than in the library. */
export type AnnotationFolderFallback =
  | 'bundled' // the articles that come with the app: their folder belongs to the app, not the user
  | 'read-only' // the library folder (or its `.pizhu/`) cannot be written
  | 'single-file' // one file shown from a folder too large to be the library: that folder is not made a library
  | 'blocked'; // `.pizhu` in the library is not a plain folder (a file, or a link, which is never followed)

export interface AnnotationFilesLocation {
  /** Absolute path of the folder holding the files (shown to the user; the renderer never reads by path). */
  folder: string;
  /** `library`: `<library>/.pizhu`, carried by whatever syncs the library. `user-data`: this machine only. */
  place: 'library' | 'user-data';
  /** Why the files are not in the library; present only for `user-data`. */
  fallback?: AnnotationFolderFallback;
  /** English detail for logs (what could not be written, what `.pizhu` is instead of a folder). */
  detail?: string;
  /** The library the files belong to. */
  libraryRoot: string;
}

/** One regular file of the annotation folder. */
export interface AnnotationFileInfo {
  /** Bare name (no folders): the file's identity in every call. */
  name: string;
  size: number;
  mtimeMs: number;
}

export interface AnnotationFilesListing {
  location: AnnotationFilesLocation;
  /**
   * Every regular file whose name the host accepts (annotationFileNameReason), conflict copies
   * included, oldest name first. Hidden files (temporary files of this app and of sync tools)
   * and the `aside/` folder are not listed.
   */
  files: AnnotationFileInfo[];
  /** What else is in the folder and cannot be read through the host: a name it refuses, a folder, a link. */
  others: { name: string; reason: string }[];
}

export type AnnotationFileReadError =
  | 'missing' // not there (removed since it was listed)
  | 'not-a-file' // a folder, a link (never followed), a device
  | 'too-large' // beyond MAX_ANNOTATION_FILE_BYTES
  | 'not-utf8' // bytes that are not UTF-8: a damaged or foreign file, to be set aside
  | 'unreadable' // permission, I/O
  | 'over-budget'; // this call already returned MAX_ANNOTATION_READ_BYTES: ask for it again

export type AnnotationFileRead =
  | { ok: true; name: string; text: string; /** sha-256 (hex) of the bytes, as removeConflictCopy wants it. */ sha256: string; size: number; mtimeMs: number }
  | { ok: false; name: string; code: AnnotationFileReadError; detail: string };

export type WriteAnnotationFileResult =
  | { ok: true; file: AnnotationFileInfo }
  | { ok: false; code: 'read-only' | 'failed'; detail: string };

/** One file of a writeAnnotationFiles call: its bare name and its whole new text. */
export interface AnnotationFileWrite {
  name: string;
  text: string;
}

export type SetAnnotationFileAsideResult =
  | { ok: true; /** Where it went, relative to the annotation folder: `aside/<name>`. */ aside: string }
  | { ok: false; code: 'missing' | 'failed'; detail: string };

export type RemoveConflictCopyResult =
  | { ok: true }
  | { ok: false; code: 'missing' | 'changed' | 'not-a-file' | 'failed'; detail: string };

/**
 * Files of the annotation folder that changed on disk by another hand (a sync tool, another
 * app): never the host's own writes, set-asides or removals.
 */
export interface AnnotationFilesEvent {
  changed: AnnotationFileInfo[];
  removed: string[];
}

/** One article's annotations with notes stay far below this; a runaway file does not. */
export const MAX_ANNOTATION_FILE_BYTES = 64 * 1024 * 1024;
/** What one readAnnotationFiles call returns at most; the files beyond come back `over-budget`. */
export const MAX_ANNOTATION_READ_BYTES = 128 * 1024 * 1024;
/** Files one writeAnnotationFiles call may carry. */
export const MAX_ANNOTATION_WRITE_FILES = 20_000;
/** Text (UTF-16 units) one writeAnnotationFiles call may carry in all: the largest file fits alone. */
export const MAX_ANNOTATION_WRITE_CHARS = MAX_ANNOTATION_FILE_BYTES;
/** Names one readAnnotationFiles call may ask for. */
export const MAX_ANNOTATION_READ_NAMES = 20_000;
/** Leaves room under the file systems' 255 bytes for the prefix a set-aside name gets. */
export const MAX_ANNOTATION_FILE_NAME_BYTES = 200;

/**
 * Why `name` is not a file the host reads or writes in the annotation folder, or null: a bare
 * name (no separators, no `..`, nothing absolute, not hidden) that is safe on every system,
 * at most MAX_ANNOTATION_FILE_NAME_BYTES, ending `.json` or `.jsonld`.
 */
export function annotationFileNameReason(name: unknown): string | null {
  const unsafe = unsafeFileNameReason(name);
  if (unsafe) return unsafe;
  if (new TextEncoder().encode(name as string).length > MAX_ANNOTATION_FILE_NAME_BYTES) return `name is longer than ${MAX_ANNOTATION_FILE_NAME_BYTES} bytes`;
  if (!/\.json(?:ld)?$/i.test(name as string)) return 'name must end with .json or .jsonld';
  return null;
}

export function annotationFileNamesReason(names: unknown): string | null {
  if (!Array.isArray(names)) return 'names must be an array';
  if (names.length > MAX_ANNOTATION_READ_NAMES) return `more than ${MAX_ANNOTATION_READ_NAMES} names`;
  for (const [i, name] of names.entries()) {
    const reason = annotationFileNameReason(name);
    if (reason) return `names[${i}]: ${reason}`;
  }
  return null;
}

export function annotationFileTextReason(text: unknown): string | null {
  if (typeof text !== 'string') return 'text must be a string';
  if (text.length === 0) return 'text is empty';
  // n UTF-16 units are at least n UTF-8 bytes; the host checks the bytes when it writes.
  if (text.length > MAX_ANNOTATION_FILE_BYTES) return `text is larger than ${MAX_ANNOTATION_FILE_BYTES} bytes`;
  return null;
}

export function annotationFileWritesReason(files: unknown): string | null {
  if (!Array.isArray(files)) return 'files must be an array';
  if (files.length > MAX_ANNOTATION_WRITE_FILES) return `more than ${MAX_ANNOTATION_WRITE_FILES} files`;
  let chars = 0;
  const names = new Set<string>();
  for (const [i, file] of files.entries()) {
    if (typeof file !== 'object' || file === null || Array.isArray(file)) return `files[${i}] must be an object with name and text`;
    const { name, text } = file as Record<string, unknown>;
    const reason = annotationFileNameReason(name) ?? annotationFileTextReason(text);
    if (reason) return `files[${i}]: ${reason}`;
    // Two texts for one name in one call: which one the disk ends with would be a race.
    if (names.has(name as string)) return `files[${i}]: ${name as string} is named twice`;
    names.add(name as string);
    chars += (text as string).length;
    if (chars > MAX_ANNOTATION_WRITE_CHARS) return `the texts are larger than ${MAX_ANNOTATION_WRITE_CHARS} characters in all`;
  }
  return null;
}

export function sha256HexReason(hash: unknown): string | null {
  return typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash) ? null : 'sha256 must be 64 lowercase hex digits';
}
