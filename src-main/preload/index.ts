// window.pizhu for the sandboxed renderer, made from the host API table. Only named functions
// cross the bridge: the page never gets ipcRenderer, a channel name or an Electron event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AnnotationFilesEvent, LibraryEvent, MenuCommand, PizhuApi } from '../api.ts';
import { CHANNELS, HOST_CALL_NAMES, HOST_CALLS, type HostCallFunctions } from '../hostApi.ts';
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

// Arguments are passed on as given: a left-out argument stays left out, so main can tell
// openFolder() ("show the dialog") from a path.
const calls = Object.fromEntries(
  HOST_CALL_NAMES.filter((name) => HOST_CALLS[name].callers.includes('electron-window')).map((name) => [name, (...args: unknown[]) => ipcRenderer.invoke(CHANNELS[name], ...args)]),
) as unknown as HostCallFunctions;

const api: PizhuApi = {
  ...calls,
  onLibraryEvent: (listener: (event: LibraryEvent) => void) => subscribe(CHANNELS.libraryEvent, listener),
  onMenuCommand: (listener: (command: MenuCommand) => void) => menuCommands.listen(listener, (l) => subscribe(CHANNELS.menuCommand, l)),
  onAnnotationFilesEvent: (listener: (event: AnnotationFilesEvent) => void) => subscribe(CHANNELS.annotationFilesEvent, listener),
};

contextBridge.exposeInMainWorld('pizhu', api);
