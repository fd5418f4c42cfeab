// window.pizhu for the sandboxed renderer. Only named functions cross the bridge: the page
// never gets ipcRenderer, a channel name or an Electron event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type LibraryEvent, type MenuCommand, type PizhuApi, type SaveExportRequest, type SnapshotReason } from '../api.ts';
import { HeldMessages } from './heldMessages.ts';

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

// Listening from before the page runs, so a command sent while it starts waits for it.
const menuCommands = new HeldMessages<MenuCommand>();
ipcRenderer.on(CHANNELS.menuCommand, (_event: IpcRendererEvent, command: MenuCommand) => menuCommands.receive(command));

const api: PizhuApi = {
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo),
  getLibrary: () => ipcRenderer.invoke(CHANNELS.getLibrary),
  readArticle: (key: string) => ipcRenderer.invoke(CHANNELS.readArticle, key),
  // Omitted (not undefined-as-argument) so main can tell "show the dialog" from a path.
  openFolder: (path?: string | null) => (path === undefined ? ipcRenderer.invoke(CHANNELS.openFolder) : ipcRenderer.invoke(CHANNELS.openFolder, path)),
  reloadLibrary: () => ipcRenderer.invoke(CHANNELS.reloadLibrary),
  onLibraryEvent: (listener: (event: LibraryEvent) => void) => subscribe(CHANNELS.libraryEvent, listener),
  onMenuCommand: (listener: (command: MenuCommand) => void) => menuCommands.listen(listener, (l) => subscribe(CHANNELS.menuCommand, l)),
  saveExport: (request: SaveExportRequest) => ipcRenderer.invoke(CHANNELS.saveExport, request),
  writeSnapshot: (reason: SnapshotReason, json: string) => ipcRenderer.invoke(CHANNELS.writeSnapshot, reason, json),
  listSnapshots: () => ipcRenderer.invoke(CHANNELS.listSnapshots),
  readSnapshot: (name: string) => ipcRenderer.invoke(CHANNELS.readSnapshot, name),
  keepPendingChanges: (json: string) => ipcRenderer.invoke(CHANNELS.keepPendingChanges, json),
  readPendingChanges: () => ipcRenderer.invoke(CHANNELS.readPendingChanges),
};

contextBridge.exposeInMainWorld('pizhu', api);
