// One library folder: lists its articles, reads them, and watches it. Keys are
// library-relative `/` paths; nothing outside the folder's real path is ever read, even
// through a symlink that sits inside it.
import { constants as fsConstants } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import {
  MAX_ARTICLE_BYTES,
  invalidKeyReason,
  isUnread,
  type ArticleEntry,
  type ArticleError,
  type LibraryEvent,
  type LibraryInfo,
  type LibrarySnapshot,
  type ReadResult,
} from '../api.ts';
import { decodeBytes, fingerprintDecoded } from './decode.ts';
import { immediateFileCalls, pooledFileCalls, type FileCalls, type OpenFile } from './fileCalls.ts';
import type { ScanCacheFile, ScanCacheRecord } from './scanCache.ts';
import { statFiles, type StatOutcome } from './statFiles.ts';
import { watchFolder, watchTree, type TreeWatch } from './treeWatcher.ts';

export type LibraryAccessErrorCode = 'invalid-key' | 'outside-library';

/** A request the library refuses outright (a bad key, a path escaping the folder): not an article problem. */
export class LibraryAccessError extends Error {
  readonly code: LibraryAccessErrorCode;
  constructor(code: LibraryAccessErrorCode, message: string) {
    super(message);
    this.name = 'LibraryAccessError';
    this.code = code;
  }
}

export interface LibraryServiceOptions {
  isDefault: boolean;
  /** Quiet period after the last file-system event before rescanning. */
  debounceMs?: number;
  /** List only this file of the folder (a file opened from a folder too large to be the library). */
  singleFile?: string;
  /** Told once when the folder cannot be watched (its changes then show on Reload). */
  warn?: (message: string) => void;
  /** Where the scan results outlive the process, so a restart need not read every file. */
  scanCache?: ScanCacheFile;
  /** Opens a file for reading; tests inject errors the OS cannot be made to give (EBUSY, a Windows lock). Reads then always go through the thread pool. */
  openFile?: (path: string, flags: number) => Promise<OpenFile>;
}

/**
 * Non-blocking, so a FIFO cannot hang the scan (a file swapped for one between stat and open,
 * or one opened without a stat first); and never the controlling terminal, should a device
 * stand where a file was (both flags are POSIX-only).
 */
const READ_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0) | (fsConstants.O_NOCTTY ?? 0);

/** What opening a socket gives: it is no file, as its stat would have said. */
const OPEN_NOT_A_FILE = new Set(['ENXIO', 'EOPNOTSUPP']);

/** A name the scan found but no key can carry or no read can reach: listed with its reason instead of vanishing. */
interface Unlisted {
  key: string;
  error: ArticleError;
}

const ARTICLE_EXTENSIONS = ['.txt', '.md'];
const SKIPPED_DIRS = new Set(['node_modules']);

export function isArticleName(name: string): boolean {
  const lower = name.toLowerCase();
  return !name.startsWith('.') && ARTICLE_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

function isHiddenSegment(segment: string): boolean {
  return segment.startsWith('.') || SKIPPED_DIRS.has(segment);
}

/** Why a key cannot name an article of a library, beyond the shape rules of the API contract. */
export function libraryKeyReason(key: unknown): string | null {
  const shape = invalidKeyReason(key);
  if (shape) return shape;
  const parts = (key as string).split('/');
  if (parts.some(isHiddenSegment)) return 'key names a hidden or skipped folder';
  if (!isArticleName(parts[parts.length - 1])) return 'key is not a .txt or .md file';
  return null;
}

type CacheEntry = ScanCacheRecord;

/**
 * How a scan treats a file the cache has no fresh record of. `list`: from its stat alone,
 * unread (the first listing: the renderer reads every new file for its header anyway, and the
 * fingerprint comes with that read). `changed`: read, unless the listing before had it unread
 * with the same stat (it has not changed since, and it is read when it is wanted). `all`: read.
 */
type ScanMode = 'list' | 'changed' | 'all';

/** A listed entry and the inode it was listed with: a file swapped for another of the same size and mtime is still a change. */
interface Listed {
  entry: ArticleEntry;
  ino: number | null;
}

/** What a scan found; a file is never read twice for it. */
type Loaded = { entry: ArticleEntry; ino: number | null; text?: string; error?: ArticleError };

/** Whether `after` is a change from `before`: by fingerprint where both were read, else by size, mtime and inode. */
function listedChanged(before: Listed, after: Listed): boolean {
  if (before.entry.error?.code !== after.entry.error?.code) return true;
  if (isUnread(before.entry) || isUnread(after.entry)) return before.entry.size !== after.entry.size || before.entry.mtimeMs !== after.entry.mtimeMs || before.ino !== after.ino;
  return before.entry.fingerprint !== after.entry.fingerprint;
}

/** After this quiet time, fingerprints learned from reads are written to the scan cache. */
const CACHE_SAVE_DELAY_MS = 2000;

/** Files stat'ed and decoded at once: overlaps the disk with the hashing without flooding the thread pool. */
const SCAN_CONCURRENCY = 8;

/**
 * A name whose bytes are not UTF-8 (a GBK-named file from an old zip) reaches us with U+FFFD
 * in place of those bytes, and no path built from it leads back to the file.
 */
async function undecodableName(dir: string, name: string): Promise<boolean> {
  if (!name.includes('\uFFFD')) return false;
  try {
    await lstat(join(dir, name));
    return false;
  } catch {
    return true;
  }
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

function errorFor(error: unknown): ArticleError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'vanished', detail: 'the file is no longer there' };
  return { code: 'unreadable', detail: `${code ?? 'error'}: ${(error as Error).message}` };
}

export class LibraryService {
  readonly root: string;
  readonly info: LibraryInfo;
  private readonly debounceMs: number;
  private readonly warn: (message: string) => void;
  private readonly singleFile: string | null;
  private realRoot: Promise<string> | null = null;
  private cache = new Map<string, CacheEntry>();
  private readonly keptText = new KeptText();
  /** What the listeners were last told: the baseline for add/change/remove. */
  private current: Map<string, Listed> | null = null;
  private readonly listeners = new Set<(event: LibraryEvent) => void>();
  private watching = false;
  /** The recursive watch, once it is set up; null before, after it broke, and after close. */
  private treeWatch: TreeWatch | null = null;
  private treeWatchStarting: Promise<void> = Promise.resolve();
  private debounceTimer: NodeJS.Timeout | null = null;
  /** Scans asked for and not finished. */
  private scansPending = 0;
  /** Scans finished: how often the folder was walked (for tests and diagnostics). */
  scanCount = 0;
  /** The entries of the last finished scan, sorted by key, and each key's place among them. */
  private lastEntries: ArticleEntry[] | null = null;
  private lastIndex = new Map<string, number>();
  private scanChain: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Its files answered a stat or a read slowly once (a network share): from then on they are stat'ed and read through the thread pool (statFiles, fileCalls.ts). */
  private slowDisk = false;
  private readonly scanCache: ScanCacheFile | null;
  private readonly pooledCalls: FileCalls;
  /** Null where the open is injected: every read then goes through it. */
  private readonly immediateCalls: FileCalls | null;
  private scanCacheLoaded = false;
  /** A file was decoded since the cache file was last written. */
  private scanCacheDirty = false;
  private scanCacheSaved: Promise<void> = Promise.resolve();
  private scanCacheTimer: NodeJS.Timeout | null = null;

  constructor(root: string, options: LibraryServiceOptions) {
    this.root = root;
    this.singleFile = options.singleFile ?? null;
    this.info = { root, name: basename(root) || root, isDefault: options.isDefault, ...(this.singleFile ? { singleFile: this.singleFile } : {}) };
    this.debounceMs = options.debounceMs ?? 150;
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.scanCache = options.scanCache ?? null;
    this.pooledCalls = pooledFileCalls(options.openFile);
    this.immediateCalls = options.openFile ? null : immediateFileCalls(() => (this.slowDisk = true));
  }

  private rootReal(): Promise<string> {
    this.realRoot ??= realpath(this.root).catch((error) => {
      this.realRoot = null;
      throw error;
    });
    return this.realRoot;
  }

  /**
   * Lists the folder (cheaply: unchanged files come from the cache) and tells watchers what
   * changed. While every listed folder is watched and nothing has stirred since the last
   * scan, that scan is the folder now and is answered at once: a start on 10,000 files
   * would otherwise stat them all a second time, right after the watchers' own first scan.
   */
  snapshot(): Promise<LibrarySnapshot> {
    if (this.quietUnderWatch()) {
      // A scan under way began before this request, and nothing has stirred since it began.
      if (this.scansPending > 0) return this.scanChain.catch(() => undefined).then(() => this.snapshot());
      if (this.lastEntries) return Promise.resolve({ library: { ...this.info }, entries: [...this.lastEntries] });
    }
    // A change waiting for its debounce is covered by the scan asked for now.
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    return this.rescan();
  }

  /** Watched, and no change waiting for its debounce. */
  private quietUnderWatch(): boolean {
    return this.watching && !this.closed && this.debounceTimer === null && this.treeWatch !== null;
  }

  /** Forgets every cached decoding and lists again: the user asked to reload. */
  reload(): Promise<LibrarySnapshot> {
    this.lastEntries = null;
    this.cache.clear();
    this.realRoot = null;
    return this.rescan('all');
  }

  async read(key: string): Promise<ReadResult> {
    const reason = libraryKeyReason(key);
    if (reason) throw new LibraryAccessError('invalid-key', reason);
    if (this.singleFile !== null && key !== this.singleFile) throw new LibraryAccessError('outside-library', `only ${this.singleFile} is open from this folder`);
    let root: string;
    try {
      root = await this.rootReal();
    } catch (error) {
      return { ok: false, key, error: errorFor(error) };
    }
    let real: string;
    try {
      real = await this.fileCalls().realpath(join(root, ...key.split('/')));
    } catch (error) {
      return { ok: false, key, error: errorFor(error) };
    }
    if (!isInside(root, real) || real === root) throw new LibraryAccessError('outside-library', `${key} resolves outside the library`);
    const loaded = await this.load(key, real, 'text');
    if (loaded.error) return { ok: false, key, error: loaded.error };
    if (loaded.entry.error) return { ok: false, key, error: loaded.entry.error };
    const { entry, text } = loaded;
    return { ok: true, file: { key, text: text!, fingerprint: entry.fingerprint!, encoding: entry.encoding!, size: entry.size, mtimeMs: entry.mtimeMs } };
  }

  /** Receive add/change/remove events; watching starts with the first listener. */
  subscribe(listener: (event: LibraryEvent) => void): () => void {
    this.listeners.add(listener);
    this.startWatching();
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.keptText.clear();
    this.listeners.clear();
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    await this.treeWatchStarting;
    await this.stopWatch();
    await this.scanChain.catch(() => undefined);
    // Fingerprints learned from reads since the last write are kept for the next start.
    if (this.scanCacheTimer) clearTimeout(this.scanCacheTimer);
    this.scanCacheTimer = null;
    this.saveScanCache();
    await this.scanCacheSaved;
  }

  /**
   * One recursive watch of the whole folder, then the baseline scan, so a change made while
   * the watch was being set up is in the baseline. The folder is never walked on a timer.
   */
  private startWatching(): void {
    if (this.closed || this.watching) return;
    this.watching = true;
    this.treeWatchStarting = (async () => {
      try {
        const onError = (error: Error): void => this.watchBroke(error);
        // The real path: events come back under the path watched, and the scan walks the real one.
        const root = await this.rootReal();
        const watch = this.singleFile ? watchFolder(root, () => this.schedule(), onError) : await watchTree(root, () => this.schedule(), onError);
        if (this.closed) await watch.close();
        else this.treeWatch = watch;
      } catch (error) {
        this.warn(`Pizhu: not watching ${this.root} for changes (${(error as Error).message}); Reload lists it again`);
      }
    })();
    void this.treeWatchStarting.then(() => (this.closed ? undefined : this.rescan().catch(() => undefined)));
  }

  private watchBroke(error: Error): void {
    this.warn(`Pizhu: stopped watching ${this.root} (${error.message}); Reload lists it again`);
    void this.stopWatch();
    // The folder itself may be gone: one scan tells the listeners.
    this.schedule();
  }

  private async stopWatch(): Promise<void> {
    const watch = this.treeWatch;
    this.treeWatch = null;
    await watch?.close().catch(() => undefined);
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.rescan().catch(() => undefined);
    }, this.debounceMs);
  }

  /** How a read makes its calls: at once while the disk answers at once, else through the thread pool. */
  private fileCalls(): FileCalls {
    return this.slowDisk || this.immediateCalls === null ? this.pooledCalls : this.immediateCalls;
  }

  /** Scans are serialised: two overlapping scans could report the same change twice. */
  private rescan(mode?: ScanMode): Promise<LibrarySnapshot> {
    this.scansPending++;
    const next = this.scanChain
      .catch(() => undefined)
      // The first listing reads nothing; later ones read what changed, so events carry fingerprints.
      .then(() => this.scanAndDiff(mode ?? (this.current === null ? 'list' : 'changed')))
      .finally(() => this.scansPending--);
    this.scanChain = next;
    return next;
  }

  private async scanAndDiff(mode: ScanMode): Promise<LibrarySnapshot> {
    const { entries, inos } = await this.scan(mode);
    const next = new Map(entries.map((entry): [string, Listed] => [entry.key, { entry, ino: inos.get(entry.key) ?? null }]));
    const previous = this.current;
    this.current = next;
    if (previous && !this.closed && this.listeners.size > 0) {
      const events: LibraryEvent[] = [];
      for (const [key, after] of next) {
        const before = previous.get(key);
        if (!before) events.push({ type: 'add', entry: after.entry });
        else if (listedChanged(before, after)) events.push({ type: 'change', entry: after.entry });
      }
      for (const key of previous.keys()) if (!next.has(key)) events.push({ type: 'remove', key });
      for (const event of events) for (const listener of [...this.listeners]) listener(event);
    }
    this.lastEntries = entries;
    this.lastIndex = new Map(entries.map((entry, i) => [entry.key, i]));
    this.scanCount++;
    return { library: { ...this.info }, entries: [...entries] };
  }

  /**
   * A file listed unread has just been read: the listing takes its fingerprint (or its
   * error), so the next snapshot has it and the next scan does not report it as changed.
   */
  private learned(key: string, ino: number, entry: ArticleEntry): void {
    const listed = this.current?.get(key);
    if (!listed || !isUnread(listed.entry) || listed.ino !== ino || listed.entry.size !== entry.size || listed.entry.mtimeMs !== entry.mtimeMs) return;
    this.current!.set(key, { entry, ino });
    const at = this.lastIndex.get(key);
    if (this.lastEntries && at !== undefined && this.lastEntries[at].key === key) this.lastEntries[at] = entry;
  }

  /** Whether the last listing had `key` unread with this very stat: nothing has changed it since. */
  private stillUnread(key: string, info: { size: number; mtimeMs: number; ino: number }): boolean {
    const listed = this.current?.get(key);
    return listed !== undefined && isUnread(listed.entry) && listed.ino === info.ino && listed.entry.size === info.size && listed.entry.mtimeMs === info.mtimeMs;
  }

  private async scan(mode: ScanMode): Promise<{ entries: ArticleEntry[]; inos: Map<string, number> }> {
    let root: string;
    try {
      root = await this.rootReal();
    } catch {
      // The folder itself is gone or unreadable: it has no articles now.
      return { entries: [], inos: new Map() };
    }
    const found: { key: string; real: string }[] = [];
    const unlisted: Unlisted[] = [];
    const visited = new Set<string>([root]);
    const walk = async (dirReal: string, prefix: string): Promise<void> => {
      let names;
      try {
        names = await readdir(dirReal, { withFileTypes: true });
      } catch {
        return;
      }
      for (const dirent of names) {
        if (isHiddenSegment(dirent.name)) continue;
        const key = prefix ? `${prefix}/${dirent.name}` : dirent.name;
        let real = join(dirReal, dirent.name);
        let isDir = dirent.isDirectory();
        let isFile = dirent.isFile();
        if (dirent.isSymbolicLink()) {
          try {
            real = await realpath(real);
            if (!isInside(root, real)) continue;
            const target = await stat(real);
            isDir = target.isDirectory();
            isFile = target.isFile();
          } catch (error) {
            // A link to nothing still names an article the user expects to see; one we may not follow stays hidden.
            const code = (error as NodeJS.ErrnoException).code;
            if ((code === 'ENOENT' || code === 'ENOTDIR') && isArticleName(dirent.name) && invalidKeyReason(key) === null) {
              unlisted.push({ key, error: { code: 'vanished', detail: 'the link points to a file that is not there' } });
            }
            continue;
          }
        }
        if (isDir) {
          if (visited.has(real)) continue;
          visited.add(real);
          await walk(real, key);
        } else if (!isArticleName(dirent.name)) {
          continue;
        } else if (invalidKeyReason(key) !== null || (await undecodableName(dirReal, dirent.name))) {
          unlisted.push({ key, error: { code: 'bad-name', detail: `the name ${JSON.stringify(dirent.name)} cannot be used as a library key` } });
        } else if (isFile) {
          found.push({ key, real });
        } else {
          // A FIFO, socket or device: opening it could block or have side effects, so it is never opened.
          unlisted.push({ key, error: { code: 'not-a-file', detail: 'not a regular file' } });
        }
      }
    };
    if (this.singleFile === null) await walk(root, '');
    else if (libraryKeyReason(this.singleFile) === null) found.push({ key: this.singleFile, real: join(root, ...this.singleFile.split('/')) });
    await this.loadScanCache();
    const entries: ArticleEntry[] = [];
    const inos = new Map<string, number>();
    const seen = new Set<string>();
    const moved = mode === 'list' ? this.movedFiles(new Set(found.map((f) => f.key))) : null;
    const { outcomes: stats, slow } = await statFiles(found.map((f) => f.real), { slow: this.slowDisk });
    // A read may have found the disk slow while these stats ran: slow stays slow.
    this.slowDisk ||= slow;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < found.length) {
        const at = next++;
        const { key, real } = found[at];
        const loaded = await this.load(key, real, mode === 'list' ? 'stat' : mode === 'all' ? 'read' : 'read-changed', moved, stats[at]);
        if (loaded.error?.code === 'vanished') continue;
        seen.add(key);
        entries.push(loaded.entry);
        if (loaded.ino !== null) inos.set(key, loaded.ino);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, found.length) }, worker));
    for (const { key, error } of unlisted) entries.push({ key, size: 0, mtimeMs: 0, fingerprint: null, encoding: null, error });
    for (const key of this.cache.keys()) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.scanCacheDirty = true;
      }
    }
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.saveScanCache();
    return { entries, inos };
  }

  /**
   * Cached records of files no longer found under their key, by inode: a file renamed or moved
   * inside the folder while the app was closed keeps its inode, size and mtime, so its
   * fingerprint is known without reading it (and its annotations follow it at once).
   */
  private movedFiles(found: ReadonlySet<string>): Map<number, CacheEntry> {
    const byIno = new Map<number, CacheEntry>();
    for (const [key, record] of this.cache) if (!found.has(key) && record.entry.error === null) byIno.set(record.ino, record);
    return byIno;
  }

  /** Once per service: what a previous run learned, for files this run has not looked at yet. */
  private async loadScanCache(): Promise<void> {
    if (this.scanCacheLoaded || !this.scanCache) return;
    this.scanCacheLoaded = true;
    for (const [key, record] of await this.scanCache.load()) if (!this.cache.has(key)) this.cache.set(key, record);
  }

  /** Fingerprints learned from reads reach the cache file once the reads pause: a first start reads thousands one batch at a time. */
  private saveScanCacheSoon(): void {
    if (!this.scanCache || this.scanCacheTimer || this.closed) return;
    this.scanCacheTimer = setTimeout(() => {
      this.scanCacheTimer = null;
      this.saveScanCache();
    }, CACHE_SAVE_DELAY_MS);
    this.scanCacheTimer.unref?.();
  }

  private saveScanCache(): void {
    if (!this.scanCache || !this.scanCacheDirty) return;
    this.scanCacheDirty = false;
    const cache = this.scanCache;
    const records = [...this.cache.values()];
    this.scanCacheSaved = this.scanCacheSaved
      .then(() => cache.save(records))
      .catch((error: unknown) => console.warn(`Pizhu: library cache not saved: ${(error as Error).message}`));
  }

  /**
   * Stats one file and decodes it unless the cache (size, mtime, inode) says the entry is
   * still right. `text`: read, the caller wants the text itself. `stat`: never read; a file the
   * cache does not know (nor `moved`, by inode) is listed unread. `read-changed`: read, unless
   * the last listing had it unread with this stat. `statted`: the scan's stat of it, just taken.
   */
  private async load(key: string, real: string, how: 'text' | 'read' | 'read-changed' | 'stat', moved: ReadonlyMap<number, CacheEntry> | null = null, statted?: StatOutcome): Promise<Loaded> {
    const failed = (error: ArticleError): Loaded => ({
      entry: { key, size: 0, mtimeMs: 0, fingerprint: null, encoding: null, error },
      ino: null,
      error,
    });
    const cached = this.cache.get(key);
    // A read of a file the cache does not know, with no stat of the scan's: nothing to compare
    // a stat with, so the file is opened at once and the open file's own stat below is the only
    // one (a first start reads every file this way). The open is non-blocking wherever FIFOs
    // exist, so one cannot hang it.
    const openAtOnce = how === 'text' && cached === undefined && statted === undefined && fsConstants.O_NONBLOCK !== undefined;
    // Otherwise stat before open: an unchanged file costs no open at all.
    let info;
    if (!openAtOnce) {
      try {
        if (statted?.error !== undefined) throw statted.error;
        info = statted?.stats ?? (await this.fileCalls().stat(real));
      } catch (error) {
        return failed(errorFor(error));
      }
      if (!info.isFile()) return failed({ code: 'not-a-file', detail: 'not a regular file' });
      const fresh = cached !== undefined && cached.size === info.size && cached.mtimeMs === info.mtimeMs && cached.ino === info.ino;
      if (fresh && (how !== 'text' || cached.entry.error !== null)) return { entry: cached.entry, ino: info.ino };
      const kept = how === 'text' && fresh ? this.keptText.take(key, info) : null;
      if (kept !== null) return { entry: cached!.entry, ino: info.ino, text: kept };
    }
    if (info !== undefined && (how === 'stat' || (how === 'read-changed' && this.stillUnread(key, info)))) {
      const base = { key, size: info.size, mtimeMs: info.mtimeMs };
      const was = moved?.get(info.ino);
      if (was && was.size === info.size && was.mtimeMs === info.mtimeMs) {
        const entry = { ...was.entry, ...base };
        this.cache.set(key, { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, entry });
        this.scanCacheDirty = true;
        return { entry, ino: info.ino };
      }
      if (info.size > MAX_ARTICLE_BYTES) return { entry: { ...base, fingerprint: null, encoding: null, error: tooLarge(info.size) }, ino: info.ino };
      return { entry: { ...base, fingerprint: null, encoding: null, error: null }, ino: info.ino };
    }
    let handle;
    try {
      handle = await this.fileCalls().open(real, READ_FLAGS);
    } catch (error) {
      if (OPEN_NOT_A_FILE.has((error as NodeJS.ErrnoException).code ?? '')) return failed({ code: 'not-a-file', detail: 'not a regular file' });
      return failed(errorFor(error));
    }
    try {
      // Stat the open file again: it may have been replaced between the two calls.
      info = await handle.stat();
      if (!info.isFile()) return failed({ code: 'not-a-file', detail: 'not a regular file' });
      const base = { key, size: info.size, mtimeMs: info.mtimeMs };

      let entry: ArticleEntry;
      let text: string | undefined;
      if (info.size > MAX_ARTICLE_BYTES) {
        entry = { ...base, fingerprint: null, encoding: null, error: tooLarge(info.size) };
      } else {
        const decoded = decodeBytes(await readOpenFile(handle, info.size));
        if (decoded.ok) {
          text = decoded.text;
          entry = { ...base, fingerprint: fingerprintDecoded(decoded), encoding: decoded.encoding, error: null };
        } else {
          entry = { ...base, fingerprint: null, encoding: null, error: decoded.error };
        }
      }
      this.cache.set(key, { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, entry });
      this.scanCacheDirty = true;
      this.learned(key, info.ino, entry);
      this.saveScanCacheSoon();
      if (how === 'text' && text !== undefined) this.keptText.keep(key, info, text);
      return { entry, ino: info.ino, text };
    } catch (error) {
      return failed(errorFor(error));
    } finally {
      await handle.close();
    }
  }
}

/**
 * The bytes of an open file whose stat gave `size`, as FileHandle.readFile reads them (up to
 * that size, or to an earlier end), without the stat readFile takes again of its own. A size
 * of 0 may be a file whose length its stat does not tell: read to its end.
 */
async function readOpenFile(handle: OpenFile, size: number): Promise<Buffer> {
  if (size === 0) return handle.readFile();
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

/** How long a large file's text read for the reader waits for the next read of it. */
const KEPT_TEXT_MS = 10_000;
/** Texts from this size on are kept: under it, reading again costs little. */
const KEPT_TEXT_FROM_BYTES = 1024 * 1024;

/**
 * The text of the last large file read for the reader, for its next read while the file is
 * unchanged (same size, mtime and inode): the reader asks for a long file's opening and then
 * its whole, and decoding and hashing megabytes twice was most of that second answer. One
 * file, one use, a short while: a whole never asked for is let go.
 */
class KeptText {
  private kept: { key: string; size: number; mtimeMs: number; ino: number; text: string; timer: ReturnType<typeof setTimeout> } | null = null;

  keep(key: string, info: { size: number; mtimeMs: number; ino: number }, text: string): void {
    this.clear();
    if (info.size < KEPT_TEXT_FROM_BYTES) return;
    const timer = setTimeout(() => this.clear(), KEPT_TEXT_MS);
    timer.unref?.();
    this.kept = { key, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, text, timer };
  }

  /** The text kept for `key` if the file is as it was then; taken either way. */
  take(key: string, info: { size: number; mtimeMs: number; ino: number }): string | null {
    const kept = this.kept;
    if (!kept || kept.key !== key) return null;
    this.clear();
    return kept.size === info.size && kept.mtimeMs === info.mtimeMs && kept.ino === info.ino ? kept.text : null;
  }

  clear(): void {
    if (this.kept) clearTimeout(this.kept.timer);
    this.kept = null;
  }
}

function tooLarge(size: number): ArticleError {
  return { code: 'too-large', detail: `${size} bytes is more than the ${MAX_ARTICLE_BYTES} an article may have` };
}
