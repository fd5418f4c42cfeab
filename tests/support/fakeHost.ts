// An in-memory PizhuApi over the bundled seeds, for the state tests: counts reads and lets a
// test push library events the way the hosts do. Its calls are the host API table's: each
// checks its arguments with the row's schemas first, so it refuses what the real hosts refuse
// (tests/unit/host-contract.test.ts holds it to the same answers).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleEntry, ArticleError, LibraryEvent, LibrarySnapshot, MenuCommand, OpeningResult, PizhuApi, ReadResult, SaveExportRequest, SaveExportResult } from '../../src-main/api.ts';
import { invalidSnapshotBytesReason, type ReadSnapshotResult, type SnapshotBody, type SnapshotInfo, type SnapshotReason, type WriteSnapshotResult } from '../../src-main/api.ts';
import type { AnnotationFileRead, AnnotationFilesEvent, AnnotationFilesLocation } from '../../src-main/api.ts';
import { checkedArgs, HOST_CALL_NAMES, type HostCallFunctions, type HostCallName } from '../../src-main/hostApi.ts';
import { openingOf } from '../../src-main/hostCalls.ts';
import { encodeReadResults } from '../../src-main/readResults.ts';
import { nextWriteNumber, notABackupReason, snapshotName, SNAPSHOTS_KEPT } from '../../src-main/snapshots.ts';

export const SEEDS_DIR = join(import.meta.dirname, '../../seeds');

export interface FakeFile {
  text?: string;
  error?: ArticleError;
}

// The calls are put on each instance from the table (see the constructor); this says they are there.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface FakeHost extends HostCallFunctions {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class FakeHost implements PizhuApi {
  files = new Map<string, FakeFile>();
  /**
   * Lists a file it has not read yet unread (no fingerprint, no error), as a host does on its
   * first start on a folder; off, it lists every file as a host whose scan cache knows them all.
   */
  listsUnread = false;
  reads: string[] = [];
  /** Keys whose opening was asked for (readArticleOpening). */
  openingReads: string[] = [];
  /** The keys of each readArticles call, in order. */
  bulkReads: string[][] = [];
  /** What saveExport was asked to save, in order. */
  saved: SaveExportRequest[] = [];
  /** Snapshots kept in memory, oldest first, named and pruned as the real store does. */
  snapshots: (SnapshotInfo & { json: string })[] = [];
  /** The snapshot clock (ms); tests move it. */
  snapshotNow = Date.UTC(2026, 10, 22, 3, 4, 5);
  /** When set, writeSnapshot fails with this detail (a full disk). */
  snapshotFailure: string | null = null;
  /** The annotation folder's files by name, and those set aside (by their name in `aside/`). */
  annotationFiles = new Map<string, string>();
  annotationFilesAside = new Map<string, string>();
  /** Files there but not readable (as with no permission): a read of one fails. */
  annotationFilesUnreadable = new Set<string>();
  annotationLocation: AnnotationFilesLocation = { folder: '/tmp/pizhu-test/library/.pizhu', place: 'library', libraryRoot: '/tmp/pizhu-test/library' };
  private annotationListeners = new Set<(event: AnnotationFilesEvent) => void>();
  private libraryListeners = new Set<(event: LibraryEvent) => void>();
  private menuListeners = new Set<(command: MenuCommand) => void>();

  constructor() {
    const memory = this.memory();
    for (const name of HOST_CALL_NAMES) {
      const body = memory[name] as (...args: unknown[]) => Promise<unknown>;
      Object.defineProperty(this, name, { value: async (...args: unknown[]) => body(...checkedArgs(name as HostCallName, args)), writable: true, configurable: true });
    }
  }

  static withSeeds(): FakeHost {
    const host = new FakeHost();
    for (const name of readdirSync(SEEDS_DIR).filter((n) => n.endsWith('.txt')).sort()) {
      host.files.set(name, { text: readFileSync(join(SEEDS_DIR, name), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') });
    }
    return host;
  }

  entry(key: string): ArticleEntry {
    const file = this.files.get(key)!;
    if (this.listsUnread && !this.reads.includes(key)) return { key, size: file.text?.length ?? 0, mtimeMs: 0, fingerprint: null, encoding: null, error: null };
    return {
      key,
      size: file.text?.length ?? 0,
      mtimeMs: 0,
      fingerprint: file.text === undefined ? null : createHash('sha256').update(file.text).digest('hex'),
      encoding: file.text === undefined ? null : 'utf-8',
      error: file.error ?? null,
    };
  }

  snapshot(): LibrarySnapshot {
    return { library: { root: SEEDS_DIR, name: 'seeds', isDefault: true }, entries: [...this.files.keys()].map((k) => this.entry(k)) };
  }

  emit(event: LibraryEvent): void {
    for (const listener of this.libraryListeners) listener(event);
  }

  menu(command: MenuCommand): void {
    for (const listener of this.menuListeners) listener(command);
  }

  onLibraryEvent(listener: (event: LibraryEvent) => void) {
    this.libraryListeners.add(listener);
    return () => this.libraryListeners.delete(listener);
  }
  onMenuCommand(listener: (command: MenuCommand) => void) {
    this.menuListeners.add(listener);
    return () => this.menuListeners.delete(listener);
  }
  onAnnotationFilesEvent(listener: (event: AnnotationFilesEvent) => void) {
    this.annotationListeners.add(listener);
    return () => this.annotationListeners.delete(listener);
  }

  /** As the host does when another hand changed the annotation files. */
  emitAnnotationFiles(event: AnnotationFilesEvent): void {
    for (const listener of this.annotationListeners) listener(event);
  }

  /** The calls' bodies, in memory; reached through the table's checks only. */
  /** What keepPendingChanges kept ('' when nothing is pending). */
  pendingChanges = '';

  private readFile(key: string): ReadResult {
    const file = this.files.get(key);
    if (!file) return { ok: false, key, error: { code: 'vanished', detail: 'gone' } };
    if (file.error || file.text === undefined) return { ok: false, key, error: file.error ?? { code: 'unreadable', detail: '' } };
    return { ok: true, file: { key, text: file.text, fingerprint: createHash('sha256').update(file.text).digest('hex'), encoding: 'utf-8', size: file.text.length, mtimeMs: 0 } };
  }

  private memory(): HostCallFunctions {
    return {
      appInfo: async () => ({ name: 'Pizhu', version: '0.0.0-test', host: 'web' as const, userDataPath: '/tmp/pizhu-test' }),
      getLibrary: async () => this.snapshot(),
      reloadLibrary: async () => this.snapshot(),
      // No dialog here: left out, the path is "ask the user", and nobody answers.
      openFolder: async (...args: [path?: string | null]) => (args[0] === undefined ? { ok: false as const, reason: 'cancelled' as const } : { ok: true as const, snapshot: this.snapshot() }),
      readArticle: async (key: string): Promise<ReadResult> => {
        this.reads.push(key);
        return this.readFile(key);
      },
      readArticleOpening: async (key: string): Promise<OpeningResult> => {
        this.openingReads.push(key);
        return openingOf(this.readFile(key));
      },
      readArticles: async (keys: string[]) => {
        this.bulkReads.push(keys);
        const one = this.memory().readArticle;
        return encodeReadResults(await Promise.all(keys.map((key) => one(key))));
      },
      saveExport: async (request: SaveExportRequest): Promise<SaveExportResult> => {
        this.saved.push(structuredClone(request));
        return { ok: true, location: '/tmp/export', files: request.files.map((f) => f.path) };
      },
      writeSnapshot: async (reason: SnapshotReason, body: SnapshotBody): Promise<WriteSnapshotResult> => {
        if (this.snapshotFailure !== null) return { ok: false, detail: this.snapshotFailure };
        // A Blob as the web client sends it: its bytes arrive.
        const bytes = body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : body;
        // Refused as the real store refuses (src-main/snapshots.ts).
        const refused = invalidSnapshotBytesReason(bytes) ?? notABackupReason(bytes);
        if (refused) return { ok: false, detail: refused };
        const json = new TextDecoder().decode(bytes);
        const snapshot: SnapshotInfo = {
          name: snapshotName(this.snapshotNow, reason, nextWriteNumber(this.snapshots.map((s) => s.name))),
          reason,
          createdAt: new Date(this.snapshotNow).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          size: bytes.byteLength,
        };
        this.snapshots.push({ ...snapshot, json });
        this.snapshots.splice(0, Math.max(0, this.snapshots.length - SNAPSHOTS_KEPT));
        return { ok: true, snapshot };
      },
      listSnapshots: async (): Promise<SnapshotInfo[]> => this.snapshots.map(({ name, reason, createdAt, size }) => ({ name, reason, createdAt, size })).reverse(),
      readSnapshot: async (name: string): Promise<ReadSnapshotResult> => {
        const found = this.snapshots.find((s) => s.name === name);
        return found ? { ok: true, json: found.json } : { ok: false, detail: `no snapshot ${name}` };
      },
      keepPendingChanges: async (json: string) => {
        this.pendingChanges = json;
      },
      readPendingChanges: async () => this.pendingChanges,
      annotationFilesLocation: async () => ({ ...this.annotationLocation }),
      listAnnotationFiles: async () => ({
        location: { ...this.annotationLocation },
        files: [...this.annotationFiles.keys()].sort().map((name) => ({ name, size: Buffer.byteLength(this.annotationFiles.get(name)!), mtimeMs: 0 })),
        others: [],
      }),
      readAnnotationFiles: async (names: string[]): Promise<AnnotationFileRead[]> =>
        names.map((name) => {
          const text = this.annotationFiles.get(name);
          if (text === undefined) return { ok: false, name, code: 'missing', detail: 'no such file' };
          if (this.annotationFilesUnreadable.has(name)) return { ok: false, name, code: 'unreadable', detail: `EACCES: permission denied, open '${name}'` };
          return { ok: true, name, text, sha256: createHash('sha256').update(text).digest('hex'), size: Buffer.byteLength(text), mtimeMs: 0 };
        }),
      writeAnnotationFile: async (name: string, text: string) => {
        this.annotationFiles.set(name, text);
        return { ok: true as const, file: { name, size: Buffer.byteLength(text), mtimeMs: 0 } };
      },
      // One file after another through writeAnnotationFile, so a test that replaces that call sees every write.
      writeAnnotationFiles: async (files: { name: string; text: string }[]) => {
        const results = [];
        for (const { name, text } of files) results.push(await this.writeAnnotationFile(name, text));
        return results;
      },
      setAnnotationFileAside: async (name: string) => {
        const text = this.annotationFiles.get(name);
        if (text === undefined) return { ok: false as const, code: 'missing' as const, detail: `no file ${name}` };
        let aside = `aside/2026-01-01T00-00-00Z-${name}`;
        for (let n = 2; this.annotationFilesAside.has(aside); n++) aside = `aside/2026-01-01T00-00-00Z-${n}-${name}`;
        this.annotationFilesAside.set(aside, text);
        this.annotationFiles.delete(name);
        return { ok: true as const, aside };
      },
      removeConflictCopy: async (name: string, sha256: string) => {
        const text = this.annotationFiles.get(name);
        if (text === undefined) return { ok: false as const, code: 'missing' as const, detail: 'no such file' };
        if (createHash('sha256').update(text).digest('hex') !== sha256) return { ok: false as const, code: 'changed' as const, detail: `${name} changed since it was read; read and merge it again` };
        this.annotationFiles.delete(name);
        return { ok: true as const };
      },
    };
  }
}

export const SEED = {
  s000: '000_5cd884f326e428d3.txt',
  s001: '001_95138ed665849f79.txt',
  s002: '002_28af22508236589b.txt',
  s003: '003_8e5f95533d67e5a9.txt',
  s004: '004_aae446356b5cda58.txt',
} as const;

/** A readArticles answer holding `files` as read (UTF-8, size and time of no interest). */
export function readAnswer(files: readonly { key: string; fingerprint: string; raw: string }[]): Uint8Array<ArrayBuffer> {
  return encodeReadResults(files.map(({ key, fingerprint, raw }) => ({ ok: true, file: { key, fingerprint, text: raw, encoding: 'utf-8', size: raw.length, mtimeMs: 0 } })));
}

/** The host now shows the library `root`, whose annotation folder holds `files`. */
export function showLibrary(host: FakeHost, root: string, files: Map<string, string>): void {
  host.snapshot = () => ({ ...FakeHost.prototype.snapshot.call(host), library: { root, name: root, isDefault: false } });
  host.annotationFiles = files;
  host.annotationLocation = { folder: `${root}/.pizhu`, place: 'library', libraryRoot: root };
}
