// Every IPC entry point of the main process, without Electron: index.ts registers these
// with ipcMain.handle, and tests call them directly. Each handler first checks who is
// calling, then the arguments, before touching the library.
import {
  CHANNELS,
  invalidExportReason,
  invalidFolderArgReason,
  invalidKeyReason,
  invalidPendingChangesReason,
  invalidSnapshotJsonReason,
  invalidSnapshotNameReason,
  invalidSnapshotReason,
  type AppInfo,
  type LibrarySnapshot,
  type OpenFolderResult,
  type ReadResult,
  type SaveExportRequest,
  type SaveExportResult,
  type SnapshotInfo,
  type SnapshotReason,
  type ReadSnapshotResult,
  type WriteSnapshotResult,
} from './api.ts';
import type { LibraryHost } from './library/libraryHost.ts';
import type { PendingChangesFile } from './pendingChanges.ts';
import type { SnapshotStore } from './snapshots.ts';

/** The part of Electron's IpcMainInvokeEvent the checks look at. */
export interface IpcCaller {
  sender: unknown;
  senderFrame: { url: string } | null;
}

export interface IpcDeps {
  host: LibraryHost;
  appInfo(): AppInfo;
  /** The native folder dialog; resolves null when the user cancels. */
  chooseFolder(): Promise<string | null>;
  /** Asks where (native dialog) and writes the files there; called only with a validated request. */
  saveExport(request: SaveExportRequest): Promise<SaveExportResult>;
  /** Backup snapshots in the user-data folder. */
  snapshots: Pick<SnapshotStore, 'writeSnapshot' | 'listSnapshots' | 'readSnapshot'>;
  /** Changes the renderer could not store yet, in the user-data folder. */
  pending: Pick<PendingChangesFile, 'read' | 'write'>;
}

/** A call refused before it reached the library: the renderer sees a rejected promise. */
export class IpcRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcRefusal';
  }
}

export type InvokeChannel = 'appInfo' | 'getLibrary' | 'readArticle' | 'openFolder' | 'reloadLibrary' | 'saveExport' | 'writeSnapshot' | 'listSnapshots' | 'readSnapshot' | 'keepPendingChanges' | 'readPendingChanges';
export type IpcHandler = (caller: IpcCaller, ...args: unknown[]) => Promise<unknown>;

/**
 * Trusted = our window's own webContents, showing a page of our own origin. The frame URL
 * check keeps out anything the window might have navigated to despite the navigation guard.
 */
export function makeSenderCheck(trustedSender: () => unknown, trustedOrigin: string): (caller: IpcCaller) => boolean {
  const prefix = trustedOrigin.endsWith('/') ? trustedOrigin : `${trustedOrigin}/`;
  return (caller) => {
    const expected = trustedSender();
    return expected !== null && expected !== undefined && caller.sender === expected && caller.senderFrame !== null && caller.senderFrame.url.startsWith(prefix);
  };
}

function arity(args: unknown[], max: number, channel: string): void {
  if (args.length > max) throw new IpcRefusal(`${channel}: expected at most ${max} argument(s), got ${args.length}`);
}

export function createIpcHandlers(deps: IpcDeps, isTrusted: (caller: IpcCaller) => boolean): Record<InvokeChannel, IpcHandler> {
  const guard =
    (channel: InvokeChannel, body: (...args: unknown[]) => Promise<unknown>): IpcHandler =>
    async (caller, ...args) => {
      if (!isTrusted(caller)) throw new IpcRefusal(`${CHANNELS[channel]}: untrusted sender ${caller.senderFrame?.url ?? '(no frame)'}`);
      return body(...args);
    };

  return {
    appInfo: guard('appInfo', async (...args): Promise<AppInfo> => {
      arity(args, 0, 'appInfo');
      return deps.appInfo();
    }),
    getLibrary: guard('getLibrary', async (...args): Promise<LibrarySnapshot> => {
      arity(args, 0, 'getLibrary');
      return deps.host.snapshot();
    }),
    readArticle: guard('readArticle', async (...args): Promise<ReadResult> => {
      arity(args, 1, 'readArticle');
      const reason = invalidKeyReason(args[0]);
      if (reason) throw new IpcRefusal(`readArticle: ${reason}`);
      try {
        return await deps.host.read(args[0] as string);
      } catch (error) {
        if ((error as Error).name === 'LibraryAccessError') throw new IpcRefusal(`readArticle: ${(error as Error).message}`);
        throw error;
      }
    }),
    openFolder: guard('openFolder', async (...args): Promise<OpenFolderResult> => {
      arity(args, 1, 'openFolder');
      const reason = invalidFolderArgReason(args[0]);
      if (reason) throw new IpcRefusal(`openFolder: ${reason}`);
      const path = args[0] as string | null | undefined;
      if (path === undefined) {
        const chosen = await deps.chooseFolder();
        if (chosen === null) return { ok: false, reason: 'cancelled' };
        return deps.host.openFolder(chosen);
      }
      return deps.host.openFolder(path);
    }),
    reloadLibrary: guard('reloadLibrary', async (...args): Promise<LibrarySnapshot> => {
      arity(args, 0, 'reloadLibrary');
      return deps.host.reload();
    }),
    saveExport: guard('saveExport', async (...args): Promise<SaveExportResult> => {
      arity(args, 1, 'saveExport');
      const reason = invalidExportReason(args[0]);
      if (reason) throw new IpcRefusal(`saveExport: ${reason}`);
      const { suggestedName, files } = args[0] as SaveExportRequest;
      // Only the validated fields travel on, never whatever else the object carried.
      return deps.saveExport({ suggestedName, files: files.map(({ path, content }) => ({ path, content })) });
    }),
    writeSnapshot: guard('writeSnapshot', async (...args): Promise<WriteSnapshotResult> => {
      arity(args, 2, 'writeSnapshot');
      const reason = invalidSnapshotReason(args[0]) ?? invalidSnapshotJsonReason(args[1]);
      if (reason) throw new IpcRefusal(`writeSnapshot: ${reason}`);
      return deps.snapshots.writeSnapshot(args[0] as SnapshotReason, args[1] as string);
    }),
    listSnapshots: guard('listSnapshots', async (...args): Promise<SnapshotInfo[]> => {
      arity(args, 0, 'listSnapshots');
      return deps.snapshots.listSnapshots();
    }),
    readSnapshot: guard('readSnapshot', async (...args): Promise<ReadSnapshotResult> => {
      arity(args, 1, 'readSnapshot');
      const reason = invalidSnapshotNameReason(args[0]);
      if (reason) throw new IpcRefusal(`readSnapshot: ${reason}`);
      return deps.snapshots.readSnapshot(args[0] as string);
    }),
    keepPendingChanges: guard('keepPendingChanges', async (...args): Promise<void> => {
      arity(args, 1, 'keepPendingChanges');
      const reason = invalidPendingChangesReason(args[0]);
      if (reason) throw new IpcRefusal(`keepPendingChanges: ${reason}`);
      return deps.pending.write(args[0] as string);
    }),
    readPendingChanges: guard('readPendingChanges', async (...args): Promise<string> => {
      arity(args, 0, 'readPendingChanges');
      return deps.pending.read();
    }),
  };
}
