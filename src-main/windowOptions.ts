// The main window's webPreferences, kept apart from index.ts so a unit test can hold every
// security flag to Electron's checklist without the runtime. Flags that already default to
// the safe value are still spelled out: a default that changes in a future Electron, or a
// stray edit, then shows up as a failing test instead of a silent loosening.
import type { WebPreferences } from 'electron';

export interface WindowPreferenceOptions {
  /** Absolute path of the sandboxed CommonJS preload bundle. */
  preload: string;
  /** Dev tools only in a development build; a packaged app has no console to open. */
  devTools: boolean;
}

export function secureWebPreferences({ preload, devTools }: WindowPreferenceOptions): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}
