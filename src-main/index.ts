// Electron main: the OS boundary. One locked-down window showing the renderer from app://,
// the library behind checked IPC handlers, and a native menu that only sends commands.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { menuTemplate } from './menuTemplate.ts';
import type { AppInfo, MenuCommand, SaveExportRequest, SaveExportResult } from './api.ts';
import { CHANNELS } from './hostApi.ts';
import { writeExportFiles, writeFileAtomically } from './exportFiles.ts';
import { createIpcHandlers, makeSenderCheck, registerIpcHandlers } from './ipcHandlers.ts';
import { LibraryHost } from './library/libraryHost.ts';
import { resolveSeedsDir } from './library/seedsPath.ts';
import { SettingsFile } from './settingsFile.ts';
import { PendingChangesFile } from './pendingChanges.ts';
import { SnapshotStore, SNAPSHOTS_DIR_NAME } from './snapshots.ts';
import { articleFromArgv, isLargeFolder, libraryTargetFor } from './openFileArgs.ts';
import { APP_ORIGIN, mainWindowOptions, secureBeforeReady, secureWhenReady } from './appSecurity.ts';
import { prepareUserData } from './userData.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(HERE, '../renderer');
const PRELOAD = join(HERE, '../preload/index.cjs');
// `electron-vite dev` serves the renderer over HTTP with hot reload; never in a packaged app.
const DEV_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Same folder as the web host's default (~/.config/pizhu on Linux), so both remember one
// library; PIZHU_USER_DATA gives tests (and portable setups) a profile of their own.
app.setPath('userData', process.env.PIZHU_USER_DATA || join(app.getPath('appData'), 'pizhu'));

// Sandbox, app:// and the guards of every webContents: these must be in place before ready.
secureBeforeReady({ app, protocol, shell });

let mainWindow: BrowserWindow | null = null;
let host: LibraryHost | null = null;

function send(channel: string, payload: unknown): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
}

function sendMenu(command: MenuCommand): void {
  send(CHANNELS.menuCommand, command);
}

// Articles the OS asks us to open (file association, "Open with", a drop on the macOS dock
// icon). A file that arrives before the library is up waits in `pendingFile`; an article
// whose window does not exist yet rides in its URL; one whose window is still loading waits
// in `pendingArticle` for did-finish-load (the preload then holds it until the page listens).
let pendingFile: string | null = null;
let pendingArticle: string | null = null;
let windowsAllowed = false;

async function openArticleFile(file: string): Promise<void> {
  if (!host) {
    pendingFile = file;
    return;
  }
  const target = libraryTargetFor(file, host.current.root);
  if (!target.inCurrent) {
    // A file from ~/Downloads must not make the whole folder the library: it is shown alone.
    const opened = (await isLargeFolder(target.root)) ? await host.openSingleFile(target.root, target.key) : await host.openFolder(target.root);
    if (!opened.ok) {
      dialog.showErrorBox('Pizhu 批注', `无法打开 / Cannot open ${file}\n${opened.detail ?? opened.reason}`);
      return;
    }
  }
  showArticle(target.key);
}

function showArticle(key: string): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    pendingArticle = key;
    // macOS keeps running without a window; a file opened then gets a new one.
    if (windowsAllowed) openMainWindow();
    return;
  }
  if (mainWindow.webContents.isLoading()) pendingArticle = key;
  else sendMenu({ type: 'open-article', key });
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function openMainWindow(): void {
  mainWindow = createWindow();
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

// macOS sends files as events, the launching one before 'ready': listen from the start.
app.on('open-file', (event, path) => {
  event.preventDefault();
  void openArticleFile(path);
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preload: PRELOAD, devTools: !app.isPackaged }));
  win.once('ready-to-show', () => win.show());
  // The article a launch was asked for rides in the URL: the page reads ?article= as it starts.
  const url = new URL(DEV_URL ?? `${APP_ORIGIN}/index.html`);
  if (pendingArticle) url.searchParams.set('article', pendingArticle);
  pendingArticle = null;
  win.webContents.on('did-finish-load', () => {
    if (!pendingArticle) return;
    win.webContents.send(CHANNELS.menuCommand, { type: 'open-article', key: pendingArticle } satisfies MenuCommand);
    pendingArticle = null;
  });
  void win.loadURL(url.toString());
  return win;
}

function buildMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ lang: 'zh-Hans', platform: process.platform, isPackaged: app.isPackaged, send: sendMenu })));
}

/** The save dialog's file type, by the suggested name's extension. */
function saveFilter(name: string): { name: string; extensions: string[] } {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1].toLowerCase() ?? 'md';
  const known: Record<string, { name: string; extensions: string[] }> = {
    json: { name: 'JSON-LD', extensions: ['json', 'jsonld'] },
    csv: { name: 'CSV', extensions: ['csv'] },
    xlsx: { name: 'Excel', extensions: ['xlsx'] },
    qdc: { name: 'REFI-QDA Codebook', extensions: ['qdc'] },
    qdpx: { name: 'REFI-QDA Project', extensions: ['qdpx'] },
  };
  return known[ext] ?? { name: 'Markdown', extensions: ['md'] };
}

/**
 * One file: the save dialog, then an atomic write to the path the user chose. Several: a
 * folder dialog, and the files go into a folder of the suggested name inside it, so a
 * re-export to the same place replaces them.
 */
async function saveExport(request: SaveExportRequest): Promise<SaveExportResult> {
  try {
    if (request.files.length === 1) {
      const options = { title: '导出', defaultPath: request.suggestedName, filters: [saveFilter(request.suggestedName)] };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { ok: false, reason: 'cancelled' };
      await writeFileAtomically(result.filePath, request.files[0].content);
      return { ok: true, location: result.filePath, files: [basename(result.filePath)] };
    }
    const options = { title: '导出到文件夹', properties: ['openDirectory' as const, 'createDirectory' as const] };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    if (result.canceled || result.filePaths.length === 0) return { ok: false, reason: 'cancelled' };
    const dir = join(result.filePaths[0], request.suggestedName);
    const written = await writeExportFiles(dir, request.files);
    return { ok: true, location: dir, files: written.map((p) => basename(p)) };
  } catch (error) {
    return { ok: false, reason: 'failed', detail: (error as Error).message };
  }
}

async function start(): Promise<void> {
  await app.whenReady();

  secureWhenReady({ session: session.defaultSession, protocol }, RENDERER_DIR);

  const userData = app.getPath('userData');
  await prepareUserData(userData);
  host = new LibraryHost({
    seedsDir: resolveSeedsDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot: app.getAppPath() }),
    settings: new SettingsFile(userData),
  });
  await host.init();
  host.onEvent((event) => send(CHANNELS.libraryEvent, event));
  host.onAnnotationFilesEvent((event) => send(CHANNELS.annotationFilesEvent, event));

  const appInfo = (): AppInfo => ({ name: 'Pizhu 批注', version: app.getVersion(), host: 'electron', userDataPath: userData });
  const trustedOrigin = DEV_URL ? new URL(DEV_URL).origin : APP_ORIGIN;
  const handlers = createIpcHandlers(
    {
      host,
      appInfo,
      chooseFolder: async () => {
        const options = { title: '打开文库文件夹', properties: ['openDirectory' as const] };
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
      },
      saveExport,
      snapshots: new SnapshotStore(join(userData, SNAPSHOTS_DIR_NAME)),
      pending: new PendingChangesFile(userData),
    },
    makeSenderCheck(() => mainWindow?.webContents, trustedOrigin),
  );
  registerIpcHandlers(ipcMain, handlers);

  buildMenu();
  const launchFile = pendingFile ?? articleFromArgv(process.argv, process.cwd());
  pendingFile = null;
  if (launchFile) await openArticleFile(launchFile);
  windowsAllowed = true;
  openMainWindow();

  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void host?.close();
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    const file = articleFromArgv(argv, cwd);
    if (file) void openArticleFile(file);
  });
  start().catch((error: unknown) => {
    dialog.showErrorBox('Pizhu 批注', `启动失败 / Failed to start:\n${(error as Error).stack ?? String(error)}`);
    app.exit(1);
  });
}
