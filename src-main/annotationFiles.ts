// One library's annotation files (see annotationFolderPlace.ts for where they live): listed,
// read in bulk, written whole or not at all, set aside when unreadable, conflict copies
// removed once merged, and watched for changes made by another hand.
//
// Names come from the renderer, which is not trusted: each is a bare name checked against
// annotationFileNameReason, joined to the folder's real path, and never followed through a
// link. Nothing here deletes a file except a sync tool's conflict copy whose bytes the caller
// has just read (it names their sha-256); an unreadable file is moved aside, never removed.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { constants as fsConstants, watch, type FSWatcher, type Stats } from 'node:fs';
import { link, lstat, mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  annotationFileNameReason,
  annotationFileTextReason,
  MAX_ANNOTATION_FILE_BYTES,
  MAX_ANNOTATION_READ_BYTES,
  sha256HexReason,
  type AnnotationFileInfo,
  type AnnotationFileRead,
  type AnnotationFileWrite,
  type AnnotationFilesEvent,
  type AnnotationFilesListing,
  type AnnotationFilesLocation,
  type RemoveConflictCopyResult,
  type SetAnnotationFileAsideResult,
  type WriteAnnotationFileResult,
} from './api.ts';
import { ANNOTATION_DIR_NAME, placeAnnotationFolder, type AnnotationPlaceRequest } from './annotationFolderPlace.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE, removeStaleTempFiles, syncDir, writeFileAtomically } from './privateFiles.ts';
import { snapshotStamp } from './snapshots.ts';
import { isConflictCopyName } from '../src-renderer/core/conflictCopies.ts';

export const ASIDE_DIR_NAME = 'aside';

/** What tells one version of a file from another without reading it: a rename keeps all three. */
interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** A file read whose text is still its UTF-8 bytes (readUndecoded). */
export type UndecodedAnnotationFileRead =
  | (Omit<Extract<AnnotationFileRead, { ok: true }>, 'text'> & { bytes: Buffer; textLength: number })
  | Extract<AnnotationFileRead, { ok: false }>;

/** Decodes bytes already checked to be UTF-8 without a byte-order mark. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

const hasUtf8Bom = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/**
 * The length in UTF-16 units of the text well-formed UTF-8 `bytes` hold: one unit for each byte
 * that starts a character, a second for each four-byte one (a surrogate pair).
 */
export function utf16Length(bytes: Uint8Array): number {
  let units = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
  }
  return units;
}

const sameFile = (a: FileIdentity, b: FileIdentity): boolean => a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/** Never through a link, never blocking on a FIFO (both flags are POSIX-only; lstat guards elsewhere). */
const READ_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/**
 * How long the files a watcher event names are left alone after the last event before they are
 * read: a sync tool's rename comes as one burst, and a file written in place is seldom read half
 * made (the renderer reads one that does not parse again before it sets it aside).
 */
const NAMED_QUIET_MS = 10;

/** Files read at once by one bulk read: overlaps the disk with decoding and hashing. */
const READERS = 8;

/** Files written at once by one bulk write: overlaps one file's flush with the next one's write. */
const WRITERS = 8;

/** `.pizhu` is the user's (and their teammates'): the usual modes, not user-data's private ones. */
const SHARED_FILE_MODE = 0o666;

const errnoCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/** What a folder entry is, as readdir's entries and lstat's answers both tell it. */
interface EntryKind {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

const AS_REGULAR_FILE: EntryKind = { isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false };

/**
 * Why an entry of the annotation folder is no annotation file (reported as such), null when it
 * is one, undefined when it is not reported at all. One rule for the whole-folder look and the
 * look at the names the watcher gave, so the two cannot find different files.
 */
function entryReason(name: string, kind: EntryKind): string | null | undefined {
  // Temporary files, this host's and the sync tools' (`.syncthing.*.tmp`), are half-written by definition.
  if (name.startsWith('.')) return undefined;
  if (name === ASIDE_DIR_NAME && kind.isDirectory()) return undefined;
  if (kind.isSymbolicLink()) return 'a link, which is not followed';
  if (kind.isDirectory()) return 'a folder';
  if (!kind.isFile()) return 'not a regular file';
  return annotationFileNameReason(name);
}

/** A regular file's bytes, opened without following a link or waiting on a pipe; null if it is not one, too large, or unreadable. */
async function readPlainFile(path: string): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch {
    return null;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_ANNOTATION_FILE_BYTES) return null;
    return await handle.readFile();
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/** Syncthing's form of a conflict copy's time, `YYYYMMDD-HHMMSS` (UTC). */
function conflictStamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/**
 * The name a read-only library's file is taken under beside this host's own of that name: a
 * Syncthing conflict copy's, which the renderer merges and then removes (the device part,
 * PIZHURO, says where it came from). A conflict copy in the library keeps its name.
 */
function readOnlyCopyName(name: string, stamp: string): string | null {
  if (isConflictCopyName(name)) return name;
  const dot = name.lastIndexOf('.');
  const copy = dot > 0 ? `${name.slice(0, dot)}.sync-conflict-${stamp}-PIZHURO${name.slice(dot)}` : `${name}.sync-conflict-${stamp}-PIZHURO`;
  return isConflictCopyName(copy) ? copy : null;
}

/** The annotation folder itself turned into a link, or vanished into one, after it was placed. */
export class AnnotationFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnnotationFolderError';
  }
}

export interface AnnotationFolderOptions extends AnnotationPlaceRequest {
  /** Quiet period after the last change in the folder before the whole folder is looked at. */
  debounceMs?: number;
  warn?: (message: string) => void;
  now?: () => number;
  /** What one bulk read returns at most; MAX_ANNOTATION_READ_BYTES unless a test wants less. */
  readBudgetBytes?: number;
}

interface ScannedFolder {
  files: Map<string, FileIdentity>;
  others: { name: string; reason: string }[];
}

export class AnnotationFolder {
  private readonly options: AnnotationFolderOptions;
  private readonly debounceMs: number;
  /** Quiet period before the files the watcher named are looked at (never longer than the whole folder's). */
  private readonly namedQuietMs: number;
  private readonly warn: (message: string) => void;
  private readonly now: () => number;
  private placed: Promise<AnnotationFilesLocation> | null = null;
  /** Per name, the host's own operations one after another (two writes of one file, a write and a set-aside). */
  private readonly queues = new Map<string, Promise<unknown>>();
  /**
   * What the host itself last did to each name: the identity of the file it wrote, or
   * 'removed'. A change the watcher finds that matches is the host's own, and not reported.
   */
  private readonly own = new Map<string, FileIdentity | 'removed'>();
  private readonly listeners = new Set<(event: AnnotationFilesEvent) => void>();
  /** What the listeners have been told the folder holds. */
  private known: Map<string, FileIdentity> | null = null;
  private watcher: FSWatcher | null = null;
  private watchedPath: string | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  /**
   * The files the watcher named since the last look: only they are looked at, a moment after
   * the last event, not every file of the folder a quiet period after. Null: the next look
   * takes the whole folder (an event without a name, the folder itself changed, a new watch).
   */
  private named: Set<string> | null = null;
  private scanChain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private warnedWatch = false;

  constructor(options: AnnotationFolderOptions) {
    this.options = options;
    this.debounceMs = options.debounceMs ?? 150;
    this.namedQuietMs = Math.min(NAMED_QUIET_MS, this.debounceMs);
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.now = options.now ?? Date.now;
  }

  location(): Promise<AnnotationFilesLocation> {
    this.placed ??= placeAnnotationFolder(this.options).catch((error: unknown) => {
      this.placed = null;
      throw error;
    });
    return this.placed;
  }

  /**
   * The folder's real path, or null while it does not exist. It must be exactly where it was
   * placed: a `.pizhu` swapped for a link since would lead the files out of the library.
   */
  private async realFolder(): Promise<string | null> {
    const { folder } = await this.location();
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    }
    const expected = join(await realpath(dirname(folder)), basename(folder));
    if (real !== expected) throw new AnnotationFolderError(`${folder} has become a link; annotation files are not followed out of it`);
    if (!(await stat(real)).isDirectory()) throw new AnnotationFolderError(`${folder} is not a folder`);
    return real;
  }

  /** Makes the folder on the first write; in user data it is private like the rest. */
  private async ensureFolder(): Promise<string> {
    const location = await this.location();
    if (location.place === 'user-data') await ensurePrivateDir(location.folder);
    else {
      try {
        await mkdir(location.folder);
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') throw error;
      }
    }
    const real = await this.realFolder();
    if (real === null) throw new AnnotationFolderError(`${location.folder} vanished as it was made`);
    return real;
  }

  private async scan(): Promise<ScannedFolder> {
    const files = new Map<string, FileIdentity>();
    const others: { name: string; reason: string }[] = [];
    const dir = await this.realFolder();
    if (dir === null) return { files, others };
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const reason = entryReason(entry.name, entry);
      if (reason === undefined) continue;
      if (reason !== null) {
        others.push({ name: entry.name, reason });
        continue;
      }
      try {
        const { ino, size, mtimeMs } = await lstat(join(dir, entry.name));
        files.set(entry.name, { ino, size, mtimeMs });
      } catch {
        // Gone between readdir and lstat: the next look reports it if it matters.
      }
    }
    return { files, others };
  }

  async list(): Promise<AnnotationFilesListing> {
    const location = await this.location();
    if (location.place === 'user-data' && location.fallback === 'read-only') await this.takeReadOnlyLibraryFiles(location.libraryRoot);
    const { files, others } = await this.scan();
    return { location, files: [...files].map(([name, { size, mtimeMs }]) => ({ name, size, mtimeMs })), others };
  }

  /**
   * A library this host cannot write may still hold annotation files another machine wrote
   * (a shared folder, read-only here). Each is taken into this library's folder in user data
   * as the renderer reads any other machine's file: as the file itself where there is none
   * yet, else as a conflict copy, which the renderer merges and then removes. Taken at every
   * listing (a start, a re-read), so what the library's folder gains later arrives too.
   */
  private async takeReadOnlyLibraryFiles(libraryRoot: string): Promise<void> {
    const source = join(libraryRoot, ANNOTATION_DIR_NAME);
    let entries;
    try {
      if (!(await lstat(source)).isDirectory()) return;
      entries = await readdir(source, { withFileTypes: true });
    } catch {
      // No folder, or one this user cannot list: nothing to take (the About dialog says where the files are).
      return;
    }
    const wanted = entries.filter((entry) => entryReason(entry.name, entry) === null).map((entry) => entry.name);
    if (wanted.length === 0) return;
    const dir = await this.ensureFolder();
    const stamp = conflictStamp(this.now());
    for (const name of wanted.sort()) {
      const bytes = await readPlainFile(join(source, name));
      if (bytes === null) continue;
      // Taken already this session, as it is: merged then, or still waiting as a copy.
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (this.takenFromLibrary.get(name) === sha256) continue;
      let held: Buffer | null;
      try {
        held = await readFile(join(dir, name));
      } catch (error) {
        // Only a file that is not there is no file: one this host cannot read is never replaced.
        if (errnoCode(error) !== 'ENOENT') continue;
        held = null;
      }
      this.takenFromLibrary.set(name, sha256);
      if (held !== null && held.equals(bytes)) continue;
      const target = held === null ? name : readOnlyCopyName(name, stamp);
      if (target === null) continue;
      await writeFileAtomically(join(dir, target), bytes, { mode: PRIVATE_FILE_MODE, folderSyncedByCaller: false }).catch((error: unknown) => {
        this.takenFromLibrary.delete(name);
        this.warn(`Pizhu: could not take ${join(source, name)} into ${dir}: ${(error as Error).message}`);
      });
    }
  }

  /** The read-only library's files taken this session, by name: the sha-256 of the bytes taken. */
  private readonly takenFromLibrary = new Map<string, string>();

  /**
   * Each name's text, in the order asked, a few files at a time. Once MAX_ANNOTATION_READ_BYTES
   * are taken, the files not yet begun come back `over-budget`, for another call.
   */
  async read(names: readonly string[]): Promise<AnnotationFileRead[]> {
    return (await this.readUndecoded(names)).map((read) => {
      if (!read.ok) return read;
      const { bytes, textLength: _length, ...fields } = read;
      return { ...fields, text: UTF8.decode(bytes) };
    });
  }

  /**
   * As read, each text left as the UTF-8 bytes it was read as (checked to be UTF-8, without a
   * byte-order mark) with its length in UTF-16 units: for an answer that is sent as UTF-8 (the
   * web host's), where decoding here and encoding again cost more than reading the file.
   */
  async readUndecoded(names: readonly string[]): Promise<UndecodedAnnotationFileRead[]> {
    for (const name of names) {
      const refused = annotationFileNameReason(name);
      if (refused) throw new AnnotationFolderError(`${name}: ${refused}`);
    }
    const dir = await this.realFolder();
    if (dir === null) return names.map((name) => ({ ok: false, name, code: 'missing', detail: 'the annotation folder does not exist yet' }));
    const budget = { left: this.options.readBudgetBytes ?? MAX_ANNOTATION_READ_BYTES };
    const results: UndecodedAnnotationFileRead[] = new Array<UndecodedAnnotationFileRead>(names.length);
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < names.length) {
        const i = next++;
        results[i] = await this.readOne(dir, names[i], budget);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READERS, names.length) }, reader));
    return results;
  }

  /** Reads one file, taking its size from `budget` (shared by the readers of one call). */
  private async readOne(dir: string, name: string, budget: { left: number }): Promise<UndecodedAnnotationFileRead> {
    const path = join(dir, name);
    const failed = (code: Exclude<AnnotationFileRead, { ok: true }>['code'], detail: string): UndecodedAnnotationFileRead => ({ ok: false, name, code, detail });
    let info;
    try {
      info = await lstat(path);
    } catch (error) {
      return errnoCode(error) === 'ENOENT' ? failed('missing', 'no such file') : failed('unreadable', (error as Error).message);
    }
    if (info.isSymbolicLink()) return failed('not-a-file', 'a link, which is not followed');
    if (!info.isFile()) return failed('not-a-file', 'not a regular file');
    if (info.size > MAX_ANNOTATION_FILE_BYTES) return failed('too-large', `${info.size} bytes is more than ${MAX_ANNOTATION_FILE_BYTES}`);
    if (info.size > budget.left) return failed('over-budget', 'this call has read as much as it may: ask for this file again');
    budget.left -= info.size;
    let handle;
    try {
      handle = await open(path, READ_FLAGS);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT') return failed('missing', 'no such file');
      if (code === 'ELOOP') return failed('not-a-file', 'a link, which is not followed');
      return failed('unreadable', (error as Error).message);
    }
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) return failed('not-a-file', 'not a regular file');
      if (opened.size > MAX_ANNOTATION_FILE_BYTES) return failed('too-large', `${opened.size} bytes is more than ${MAX_ANNOTATION_FILE_BYTES}`);
      const bytes = await handle.readFile();
      if (bytes.length > MAX_ANNOTATION_FILE_BYTES) return failed('too-large', `${bytes.length} bytes is more than ${MAX_ANNOTATION_FILE_BYTES}`);
      if (!isUtf8(bytes)) return failed('not-utf8', 'the bytes are not UTF-8');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // The text starts after a byte-order mark, as a decoder reads it.
      const text = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
      return { ok: true, name, bytes: text, textLength: utf16Length(text), sha256, size: bytes.length, mtimeMs: opened.mtimeMs };
    } catch (error) {
      return failed('unreadable', (error as Error).message);
    } finally {
      await handle.close();
    }
  }

  /** Runs `task` after the host's other operations on `name`. */
  private queued<T>(name: string, task: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(name) ?? Promise.resolve()).catch(() => undefined).then(task);
    const settled = run.catch(() => undefined);
    this.queues.set(name, settled);
    void settled.then(() => {
      if (this.queues.get(name) === settled) this.queues.delete(name);
    });
    return run;
  }

  /** Replaces `name` whole or not at all: a temporary file beside it, flushed, renamed over it. */
  async write(name: string, text: string): Promise<WriteAnnotationFileResult> {
    return this.writeOne(name, text, false);
  }

  /**
   * Replaces each file as write does, a few at a time, and flushes the folder once after the
   * last rename (rather than once per file) before answering: each result in the order given.
   */
  async writeMany(files: readonly AnnotationFileWrite[]): Promise<WriteAnnotationFileResult[]> {
    const results = new Array<WriteAnnotationFileResult>(files.length);
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < files.length) {
        const i = next++;
        results[i] = await this.writeOne(files[i].name, files[i].text, true);
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITERS, files.length) }, writer));
    if (results.some((r) => r.ok)) {
      try {
        await syncDir(await this.ensureFolder());
      } catch (error) {
        // The renames are done but not known durable: none is reported written.
        const detail = (error as Error).message;
        return results.map((r) => (r.ok ? { ok: false, code: 'failed', detail } : r));
      }
    }
    return results;
  }

  private writeOne(name: string, text: string, folderSyncedByCaller: boolean): Promise<WriteAnnotationFileResult> {
    const refused = annotationFileNameReason(name) ?? annotationFileTextReason(text);
    if (refused) return Promise.resolve({ ok: false, code: 'failed', detail: refused });
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > MAX_ANNOTATION_FILE_BYTES) return Promise.resolve({ ok: false, code: 'failed', detail: `${bytes.length} bytes is more than ${MAX_ANNOTATION_FILE_BYTES}` });
    return this.queued(name, async (): Promise<WriteAnnotationFileResult> => {
      const before = this.own.get(name);
      let written: FileIdentity | null = null;
      try {
        const dir = await this.ensureFolder();
        const { place } = await this.location();
        await writeFileAtomically(join(dir, name), bytes, {
          mode: place === 'library' ? SHARED_FILE_MODE : PRIVATE_FILE_MODE,
          folderSyncedByCaller,
          // Known as ours before the rename, so the watcher's event for it is recognised.
          beforePublish: (file) => {
            written = file;
            this.own.set(name, file);
          },
        });
      } catch (error) {
        if (before === undefined) this.own.delete(name);
        else this.own.set(name, before);
        const code = errnoCode(error);
        return { ok: false, code: code && NOT_WRITABLE.has(code) ? 'read-only' : 'failed', detail: (error as Error).message };
      }
      const file = written as FileIdentity | null;
      return { ok: true, file: { name, size: file?.size ?? bytes.length, mtimeMs: file?.mtimeMs ?? this.now() } };
    });
  }

  /**
   * Moves a file the renderer could not use into `aside/`, under a name no other file has
   * (`<UTC time>-<name>`, then `<UTC time>-2-<name>`…): kept for the user, never replaced.
   */
  setAside(name: string): Promise<SetAnnotationFileAsideResult> {
    const refused = annotationFileNameReason(name);
    if (refused) return Promise.resolve({ ok: false, code: 'failed', detail: refused });
    return this.queued(name, async (): Promise<SetAnnotationFileAsideResult> => {
      const before = this.own.get(name);
      try {
        const dir = await this.realFolder();
        if (dir === null) return { ok: false, code: 'missing', detail: 'the annotation folder does not exist' };
        const source = join(dir, name);
        try {
          const info = await lstat(source);
          if (info.isDirectory()) return { ok: false, code: 'failed', detail: `${name} is a folder` };
        } catch (error) {
          if (errnoCode(error) === 'ENOENT') return { ok: false, code: 'missing', detail: `no file ${name}` };
          throw error;
        }
        const asideDir = join(dir, ASIDE_DIR_NAME);
        await mkdir(asideDir, { recursive: true });
        const asideInfo = await lstat(asideDir);
        if (asideInfo.isSymbolicLink() || !asideInfo.isDirectory()) return { ok: false, code: 'failed', detail: `${ASIDE_DIR_NAME} in the annotation folder is not a folder` };
        const stamp = snapshotStamp(this.now());
        for (let n = 1; n <= 1000; n++) {
          const candidate = n === 1 ? `${stamp}-${name}` : `${stamp}-${n}-${name}`;
          this.own.set(name, 'removed');
          try {
            await moveWithoutReplacing(source, join(asideDir, candidate));
            return { ok: true, aside: `${ASIDE_DIR_NAME}/${candidate}` };
          } catch (error) {
            if (errnoCode(error) !== 'EEXIST') throw error;
          }
        }
        throw new Error(`no free name in ${ASIDE_DIR_NAME} for ${name}`);
      } catch (error) {
        if (before === undefined) this.own.delete(name);
        else this.own.set(name, before);
        return { ok: false, code: errnoCode(error) === 'ENOENT' ? 'missing' : 'failed', detail: (error as Error).message };
      }
    });
  }

  /**
   * Removes a sync tool's conflict copy the renderer has merged: only a conflict copy's name,
   * and only while its bytes are still the ones read (`sha256`), so nothing written to it
   * after the merge read it is lost.
   */
  removeConflictCopy(name: string, sha256: string): Promise<RemoveConflictCopyResult> {
    const refused = annotationFileNameReason(name) ?? (isConflictCopyName(name) ? null : 'not a conflict copy') ?? sha256HexReason(sha256);
    if (refused) return Promise.resolve({ ok: false, code: 'failed', detail: refused });
    return this.queued(name, async (): Promise<RemoveConflictCopyResult> => {
      const before = this.own.get(name);
      try {
        const dir = await this.realFolder();
        if (dir === null) return { ok: false, code: 'missing', detail: 'the annotation folder does not exist' };
        const current = await this.readOne(dir, name, { left: Number.POSITIVE_INFINITY });
        if (!current.ok) {
          if (current.code === 'missing' || current.code === 'not-a-file') return { ok: false, code: current.code, detail: current.detail };
          return { ok: false, code: 'failed', detail: current.detail };
        }
        if (current.sha256 !== sha256) return { ok: false, code: 'changed', detail: `${name} changed since it was read; read and merge it again` };
        this.own.set(name, 'removed');
        await unlink(join(dir, name));
        return { ok: true };
      } catch (error) {
        if (before === undefined) this.own.delete(name);
        else this.own.set(name, before);
        return { ok: false, code: errnoCode(error) === 'ENOENT' ? 'missing' : 'failed', detail: (error as Error).message };
      }
    });
  }

  /**
   * Reports changes made by another hand, a debounce after the last one. The folder is watched
   * once it exists; before that, the folder it will appear in.
   */
  watch(listener: (event: AnnotationFilesEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.known === null && !this.closed) {
      this.known = new Map();
      this.look(true);
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Looks at the folder now (after the pending debounce, if any); resolves when done. For tests and a "re-read" command. */
  settle(): Promise<unknown> {
    if (this.debounceTimer) {
      clearTimeout(this.debounceTimer);
      this.debounceTimer = null;
      this.look(false, this.takeNamed());
    }
    return this.scanChain;
  }

  /** A change to the file `name` of the folder, or (null) to something the watcher did not name. */
  private schedule(name: string | null = null): void {
    if (this.closed) return;
    if (name === null) this.named = null;
    else if (this.debounceTimer === null && this.named === null) this.named = new Set([name]);
    else this.named?.add(name);
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(
      () => {
        this.debounceTimer = null;
        this.look(false, this.takeNamed());
      },
      this.named === null ? this.debounceMs : this.namedQuietMs,
    );
  }

  private takeNamed(): Set<string> | null {
    const named = this.named;
    this.named = null;
    return named;
  }

  /** Serialised: two overlapping looks could report one change twice. */
  private look(baseline: boolean, names: ReadonlySet<string> | null = null): void {
    this.scanChain = this.scanChain
      .then(async () => {
        if (this.closed) return;
        if (baseline) await this.tidy();
        const { files } = await (names === null || this.known === null ? this.scan() : this.rescanNamed(names)).catch((error: unknown) => {
          this.warn(`Pizhu: cannot look at the annotation folder: ${(error as Error).message}`);
          return { files: this.known ?? new Map<string, FileIdentity>() };
        });
        const event = baseline ? null : this.diff(files);
        this.known = files;
        await this.arm();
        if (event && !this.closed) for (const listener of [...this.listeners]) listener(event);
      })
      .catch((error: unknown) => this.warn(`Pizhu: annotation folder watch: ${(error as Error).message}`));
  }

  /**
   * What the folder holds, as known, with `names` looked at again: a file is what scan would
   * find of it (a regular file of an acceptable name), anything else no file. The whole folder
   * is looked at when it is gone.
   */
  private async rescanNamed(names: ReadonlySet<string>): Promise<Pick<ScannedFolder, 'files'>> {
    const dir = await this.realFolder();
    if (dir === null) return this.scan();
    const files = new Map(this.known);
    for (const name of names) {
      files.delete(name);
      // A name that could not be an annotation file (a dot name, a refused one) is not looked up.
      if (entryReason(name, AS_REGULAR_FILE) !== null) continue;
      let info: Stats;
      try {
        info = await lstat(join(dir, name));
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
        continue;
      }
      if (entryReason(name, info) === null) files.set(name, { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs });
    }
    return { files };
  }

  /** Temporary files a crashed write of this host left (their writer is gone). */
  private async tidy(): Promise<void> {
    const dir = await this.realFolder().catch(() => null);
    if (dir) await removeStaleTempFiles(dir).catch(() => undefined);
  }

  private diff(now: Map<string, FileIdentity>): AnnotationFilesEvent | null {
    const before = this.known ?? new Map<string, FileIdentity>();
    const changed: AnnotationFileInfo[] = [];
    const removed: string[] = [];
    for (const [name, file] of now) {
      const was = before.get(name);
      // Unchanged, even if the host is about to move it aside: the removal is reported by the look after it.
      if (was && sameFile(was, file)) continue;
      const mine = this.own.get(name);
      if (mine !== undefined && mine !== 'removed' && sameFile(mine, file)) continue;
      // Made again by another hand after the host removed it.
      if (mine === 'removed') this.own.delete(name);
      changed.push({ name, size: file.size, mtimeMs: file.mtimeMs });
    }
    for (const name of before.keys()) {
      if (now.has(name)) continue;
      if (this.own.get(name) === 'removed') this.own.delete(name);
      else removed.push(name);
    }
    return changed.length > 0 || removed.length > 0 ? { changed, removed } : null;
  }

  /** Watches the folder if it exists, else the folder it will be made in; after every look, in case either changed. */
  private async arm(): Promise<void> {
    if (this.closed) return;
    const { folder, place } = await this.location();
    if (place === 'user-data') await ensurePrivateDir(folder).catch(() => undefined);
    const exists = await lstat(folder).then(
      (info) => info.isDirectory(),
      () => false,
    );
    const target = exists ? folder : dirname(folder);
    if (this.watcher && this.watchedPath === target) return;
    this.unarm();
    try {
      const watcher = watch(target, (_type, filename) => {
        // Watching the parent: only the annotation folder's own appearance matters.
        if (target !== folder && filename !== null && filename !== basename(folder)) return;
        this.schedule(target === folder ? filename : null);
      });
      watcher.on('error', () => {
        // The folder was removed or renamed: look again, which watches whatever is there now.
        if (this.watcher === watcher) this.unarm();
        this.schedule();
      });
      this.watcher = watcher;
      this.watchedPath = target;
      // What changed between the look that led here and the new watch is seen by one more look.
      this.schedule();
    } catch (error) {
      if (!this.warnedWatch) this.warn(`Pizhu: not watching ${target} for annotation changes (${(error as Error).message})`);
      this.warnedWatch = true;
    }
  }

  private unarm(): void {
    this.watcher?.close();
    this.watcher = null;
    this.watchedPath = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    this.unarm();
    await this.scanChain.catch(() => undefined);
    this.unarm();
    await Promise.all([...this.queues.values()]);
  }
}

/** link() refuses to replace; file systems without hard links (FAT, some network mounts) check, then rename. */
async function moveWithoutReplacing(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    const taken = await lstat(target).then(
      () => true,
      () => false,
    );
    if (taken) throw Object.assign(new Error(`EEXIST: ${target} already exists`), { code: 'EEXIST' });
    await rename(source, target);
    return;
  }
  await unlink(source);
}
