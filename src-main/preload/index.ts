// window.pizhu for the sandboxed renderer. Only named functions cross the bridge: the page
// never gets ipcRenderer, a channel name or an Electron event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type LibraryEvent, type MenuCommand, type PizhuApi, type SaveExportRequest } from '../api.ts';

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api: PizhuApi = {
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo),
  getLibrary: () => ipcRenderer.invoke(CHANNELS.getLibrary),
  readArticle: (key: string) => ipcRenderer.invoke(CHANNELS.readArticle, key),
  // Omitted (not undefined-as-argument) so main can tell "show the dialog" from a path.
  openFolder: (path?: string | null) => (path === undefined ? ipcRenderer.invoke(CHANNELS.openFolder) : ipcRenderer.invoke(CHANNELS.openFolder, path)),
  reloadLibrary: () => ipcRenderer.invoke(CHANNELS.reloadLibrary),
  onLibraryEvent: (listener: (event: LibraryEvent) => void) => subscribe(CHANNELS.libraryEvent, listener),
  onMenuCommand: (listener: (command: MenuCommand) => void) => subscribe(CHANNELS.menuCommand, listener),
  saveExport: (request: SaveExportRequest) => ipcRenderer.invoke(CHANNELS.saveExport, request),
};

contextBridge.exposeInMainWorld('pizhu', api);
