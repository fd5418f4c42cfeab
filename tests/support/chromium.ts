import { existsSync } from 'node:fs';

/** Flags that keep Chromium quiet on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-default-browser-check',
  // Headless Chromium starts its omnibox popups' WebUI in a renderer of their own at launch,
  // whose CPU competes with the page under test; an Electron window has no omnibox at all.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

/**
 * Which Chromium to drive: PIZHU_CHROMIUM, then Debian's, then Playwright's own download
 * (undefined lets Playwright find it), so `npm test` works on CI and on a laptop alike.
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PIZHU_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PIZHU_CHROMIUM points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
