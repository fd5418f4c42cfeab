// What a webContents may do beyond showing the app: nothing. Kept apart from index.ts so the
// decisions run in unit tests against fakes of the few Electron methods they touch.
//   - navigation (will-navigate, will-frame-navigate, will-redirect): always cancelled; the
//     app is one page and moves between articles without leaving it;
//   - new windows (window.open, target=_blank, shift/middle-click): always denied; an
//     allow-listed https link (see externalLinks.ts) goes to the user's browser instead;
//   - <webview>: never attached;
//   - permissions (camera, microphone, notifications, geolocation, clipboard, HID, USB,
//     serial …): every request, check and device request answers no.
import { externalLinkTarget } from './externalLinks.ts';

export interface CancellableEvent {
  preventDefault(): void;
}

export const BLOCKED_CONTENTS_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'] as const;
export type BlockedContentsEvent = (typeof BLOCKED_CONTENTS_EVENTS)[number];

/** The parts of Electron's WebContents the guard uses. */
export interface GuardableContents {
  on(event: BlockedContentsEvent, listener: (event: CancellableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The parts of Electron's Session the guard uses. */
export interface GuardableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** A window.open or target=_blank request: never a window; maybe a link for the browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: string | null } {
  return { action: 'deny', openExternally: externalLinkTarget(url) };
}

/** Every permission is refused: a reader of local text files needs none of them. */
export function permissionGranted(_permission: string): boolean {
  return false;
}

export function guardContents(contents: GuardableContents, openExternal: (url: string) => void): void {
  for (const name of BLOCKED_CONTENTS_EVENTS) contents.on(name, (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) openExternal(decision.openExternally);
    return { action: decision.action };
  });
}

export function guardSession(session: GuardableSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionGranted(permission)));
  session.setPermissionCheckHandler((_contents, permission) => permissionGranted(permission));
  session.setDevicePermissionHandler(() => false);
}
