// The Electron security wiring, as functions index.ts calls with Electron's own objects and the
// tests call with fakes they then inspect: the main window's options, the sandbox, the app://
// scheme and its handler, the permission handlers, and the guards every webContents gets.
import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';
import { APP_ORIGIN, serveAppRequest } from './appProtocol.ts';
import { guardContents, guardSession, type GuardableContents, type GuardableSession } from './navigationPolicy.ts';
import { secureWebPreferences, type WindowPreferenceOptions } from './windowOptions.ts';

/** The one window: its size and look, and the preferences of windowOptions.ts. */
export function mainWindowOptions(preferences: WindowPreferenceOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    title: 'Pizhu 批注',
    show: false,
    backgroundColor: '#faf8f3',
    webPreferences: secureWebPreferences(preferences),
  };
}

/** app:// is a standard, secure origin that fetch may read; nothing that steps around the CSP or the sandbox. */
export const APP_SCHEME: CustomScheme = { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } };

/** The parts of Electron the wiring before `ready` uses. */
export interface ElectronBeforeReady {
  app: {
    enableSandbox(): void;
    on(event: 'web-contents-created', listener: (event: unknown, contents: GuardableContents) => void): unknown;
  };
  protocol: { registerSchemesAsPrivileged(schemes: CustomScheme[]): void };
  shell: { openExternal(url: string): Promise<void> };
}

/**
 * Before `ready`: every renderer sandboxed whatever its window says, app:// registered, and
 * every webContents (the main window's included) guarded; links reach the user's browser only
 * through the allow-list.
 */
export function secureBeforeReady({ app, protocol, shell }: ElectronBeforeReady, warn: (message: string) => void = console.warn): void {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME]);
  // No browser, or it refused: nothing the app can do, but not an unhandled rejection either.
  const openExternally = (url: string) => void shell.openExternal(url).catch((error: unknown) => warn(`Pizhu: could not open ${url}: ${(error as Error).message}`));
  app.on('web-contents-created', (_event, contents) => guardContents(contents, openExternally));
}

/** The parts of Electron the wiring at `ready` uses. */
export interface ElectronWhenReady {
  session: GuardableSession;
  protocol: { handle(scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>): void };
}

/** At `ready`: the default session refuses every permission, and app:// serves the built renderer only. */
export function secureWhenReady({ session, protocol }: ElectronWhenReady, rendererDir: string): void {
  guardSession(session);
  protocol.handle(APP_SCHEME.scheme, (request) => serveAppRequest(request.url, request.method, rendererDir));
}

export { APP_ORIGIN };
