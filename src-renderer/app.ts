// The app proper, loaded by the page's entry (main.ts) once the entry has asked for what the
// first screen needs.
import { mount } from 'svelte';
import App from './App.svelte';
import type { EarlyStart } from './earlyStart.ts';
import { hostKind, missingToken, platform } from './platform.ts';
import { AppState } from './state/app.svelte.ts';
import { pageWorkers } from './workers/spawn.ts';

export function startApp(target: HTMLElement, early: EarlyStart | null): void {
  const app = new AppState(platform, undefined, hostKind, pageWorkers);
  if (!missingToken) app.prefetch(early ?? undefined);
  mount(App, { target, props: { app, missingToken } });
}
