// What each call of the host API table does, once, for both real hosts: the Electron IPC
// handlers and the web host's router run these after the caller and the arguments have been
// checked (hostApi.ts), so the two answer alike.
import type { AppInfo, OpeningResult, ReadResult, SaveExportRequest, SaveExportResult } from './api.ts';
import { HostRefusal, type HostCallArgs, type HostCallFunctions, type HostCallName, type HostCallResult } from './hostApi.ts';
import type { LibraryHost } from './library/libraryHost.ts';
import type { PendingChangesFile } from './pendingChanges.ts';
import type { SnapshotStore } from './snapshots.ts';
import { encodeReadResults } from './readResults.ts';
import { leadingCut } from '../src-renderer/core/leadingSlice.ts';

export interface HostDeps {
  host: Pick<LibraryHost, 'snapshot' | 'read' | 'openFolder' | 'reload' | 'annotationFiles'>;
  appInfo(): AppInfo;
  /** A folder dialog; resolves null when the user cancels, or where there is none (the web host). */
  chooseFolder(): Promise<string | null>;
  /** Asks where and writes the files there (Electron); called only with a checked request. Absent on the web host. */
  saveExport?(request: SaveExportRequest): Promise<SaveExportResult>;
  snapshots: Pick<SnapshotStore, 'writeSnapshot' | 'listSnapshots' | 'readSnapshot'>;
  /** Changes the renderer could not store yet, in the user-data folder. */
  pending: Pick<PendingChangesFile, 'read' | 'write'>;
}

/** A file's read as readArticleOpening answers it: the text up to its leading cut, or none. */
export function openingOf(read: ReadResult): OpeningResult {
  if (!read.ok) return read;
  const { key, text, fingerprint } = read.file;
  const cut = leadingCut(text, key);
  return { ok: true, key, opening: cut > 0 ? text.slice(0, cut) : null, fingerprint };
}

/** The bodies of the calls, taking arguments that have already been checked. */
export function hostCallBodies(deps: HostDeps): HostCallFunctions {
  const readRefusingOutside = async (call: HostCallName, key: string): Promise<ReadResult> => {
    try {
      return await deps.host.read(key);
    } catch (error) {
      // A key that leads out of the library (a symlink): refused like a bad argument.
      if ((error as Error).name === 'LibraryAccessError') throw new HostRefusal(`${call}: ${(error as Error).message}`);
      throw error;
    }
  };
  return {
    appInfo: async () => deps.appInfo(),
    getLibrary: () => deps.host.snapshot(),
    readArticle: (key) => readRefusingOutside('readArticle', key),
    readArticleOpening: async (key) => openingOf(await readRefusingOutside('readArticleOpening', key)),
    async readArticles(keys) {
      const results = await readInParallel(keys, BULK_READERS, async (key): Promise<ReadResult> => {
        try {
          return await deps.host.read(key);
        } catch (error) {
          // A key leading out of the library (a symlink) is that file's answer, not the whole request's.
          if ((error as Error).name === 'LibraryAccessError') return { ok: false, key, error: { code: 'unreadable', detail: (error as Error).message } };
          return { ok: false, key, error: { code: 'unreadable', detail: error instanceof Error ? error.message : String(error) } };
        }
      });
      return encodeReadResults(results);
    },
    async openFolder(...args) {
      if (args.length === 0 || args[0] === undefined) {
        const chosen = await deps.chooseFolder();
        if (chosen === null) return { ok: false, reason: 'cancelled' };
        return deps.host.openFolder(chosen);
      }
      return deps.host.openFolder(args[0]);
    },
    reloadLibrary: () => deps.host.reload(),
    async saveExport(request) {
      if (!deps.saveExport) throw new HostRefusal('saveExport: this host saves no files (the page downloads them)');
      return deps.saveExport(request);
    },
    async writeSnapshot(reason, body) {
      // A Blob is the page's to send as bytes (over HTTP, or read into bytes for IPC): a host takes bytes only.
      if (!(body instanceof Uint8Array)) throw new HostRefusal('writeSnapshot: snapshot must be bytes (a Uint8Array)');
      return deps.snapshots.writeSnapshot(reason, body);
    },
    listSnapshots: () => deps.snapshots.listSnapshots(),
    readSnapshot: (name) => deps.snapshots.readSnapshot(name),
    keepPendingChanges: (json) => deps.pending.write(json),
    readPendingChanges: () => deps.pending.read(),
    annotationFilesLocation: () => deps.host.annotationFiles.location(),
    listAnnotationFiles: () => deps.host.annotationFiles.list(),
    readAnnotationFiles: (names) => deps.host.annotationFiles.read(names),
    writeAnnotationFile: (name, text) => deps.host.annotationFiles.write(name, text),
    writeAnnotationFiles: (files) => deps.host.annotationFiles.writeMany(files),
    setAnnotationFileAside: (name) => deps.host.annotationFiles.setAside(name),
    removeConflictCopy: (name, sha256) => deps.host.annotationFiles.removeConflictCopy(name, sha256),
  };
}

/** Runs call `name` of `bodies` with checked arguments. */
export function runHostCall<K extends HostCallName>(bodies: HostCallFunctions, name: K, args: HostCallArgs<K>): Promise<HostCallResult<K>> {
  return (bodies[name] as (...a: HostCallArgs<K>) => Promise<HostCallResult<K>>)(...args);
}

/** Files a bulk read has open at once: enough to keep a disk's queue full, few enough for the fd limit. */
const BULK_READERS = 16;

/**
 * `read` over `keys` with at most `width` in flight, results in the order of `keys`. Ten lines
 * of our own rather than a dependency (p-map and the like) for the one place that needs it.
 */
export async function readInParallel<T>(keys: readonly string[], width: number, read: (key: string) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(keys.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const at = next++;
      results[at] = await read(keys[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, keys.length) }, worker));
  return results;
}
