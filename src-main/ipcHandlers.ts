// Every IPC entry point of the main process, without Electron, made from the host API table:
// index.ts registers these with ipcMain.handle, and tests call them directly. Each handler
// first checks who is calling, then the arguments (the row's schemas), before touching the library.
import { CHANNELS, checkedArgs, HOST_CALL_NAMES, HOST_CALLS, HostRefusal, type HostCallName } from './hostApi.ts';
import { invalidFolderArgReason } from './api.ts';
import { hostCallBodies, runHostCall, type HostDeps } from './hostCalls.ts';

/** The part of Electron's IpcMainInvokeEvent the checks look at. */
export interface IpcCaller {
  sender: unknown;
  senderFrame: { url: string } | null;
}

export interface IpcDeps extends HostDeps {
  saveExport: NonNullable<HostDeps['saveExport']>;
}

/** A call refused before it reached the library: the renderer sees a rejected promise. */
export { HostRefusal as IpcRefusal };

/** The calls our window may make over IPC. */
export type InvokeChannel = HostCallName;
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

/**
 * Electron's openFolder takes nothing (the dialog) or null (the bundled articles): a path
 * named by the renderer would let a compromised page point the library at any folder, so a
 * folder comes only from the dialog. The web host has no dialog and takes the path typed.
 */
export function electronFolderArgReason(path: unknown): string | null {
  if (path === undefined || path === null) return null;
  return invalidFolderArgReason(path) ?? 'a folder path is not accepted from the window: the folder dialog chooses';
}

export function createIpcHandlers(deps: IpcDeps, isTrusted: (caller: IpcCaller) => boolean): Record<InvokeChannel, IpcHandler> {
  const bodies = hostCallBodies(deps);
  const handler =
    (name: HostCallName): IpcHandler =>
    async (caller, ...args) => {
      if (!isTrusted(caller)) throw new HostRefusal(`${CHANNELS[name]}: untrusted sender ${caller.senderFrame?.url ?? '(no frame)'}`);
      if (name === 'openFolder' && args.length <= 1) {
        const reason = electronFolderArgReason(args[0]);
        if (reason) throw new HostRefusal(`openFolder: ${reason}`);
      }
      return runHostCall(bodies, name, checkedArgs(name, args));
    };
  const ipcCalls = HOST_CALL_NAMES.filter((name) => HOST_CALLS[name].callers.includes('electron-window'));
  return Object.fromEntries(ipcCalls.map((name) => [name, handler(name)])) as Record<InvokeChannel, IpcHandler>;
}

/** The part of Electron's ipcMain the registration uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcCaller, ...args: unknown[]) => Promise<unknown>): void;
}

/** Registers every handler on its channel: what index.ts does with Electron's ipcMain, and the tests with a stub. */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: Record<InvokeChannel, IpcHandler>): void {
  for (const [name, handler] of Object.entries(handlers) as [InvokeChannel, IpcHandler][]) {
    ipcMain.handle(CHANNELS[name], (event, ...args) => handler(event, ...args));
  }
}
