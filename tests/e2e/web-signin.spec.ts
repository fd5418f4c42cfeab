// Signing in to the web host leaves no reusable secret in the browser profile: the printed
// URL's code is spent on first use, the session cookie is HttpOnly and ends with the browser,
// and neither it nor the host's token is in History, the saved session or page storage.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { library, newProfileDir, openBrowser, reader, startHost, type Host } from './harness.ts';

let host: Host;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return [];
    return info.isDirectory() ? filesUnder(path) : [path];
  });
}

test('after a session the profile holds neither the session cookie nor the token; the code signs in once', async () => {
  // Three browser starts on one profile.
  test.setTimeout(180_000);
  const profile = newProfileDir();
  const signIn = host.signInUrl();
  const code = new URL(signIn).searchParams.get('code')!;
  const session = await openBrowser(host, profile);
  const { context, page } = session;
  let secret: string;
  try {
    await library(page).getByRole('link').first().click();
    await expect(reader(page).getByRole('heading', { level: 1 })).toBeVisible();
    expect(page.url()).toBe(host.url);
    const cookies = await context.cookies(host.origin);
    const cookie = cookies.find((c) => c.name === `pizhu-session-${new URL(host.origin).port}`)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', expires: -1 });
    secret = cookie.value;
    expect(await page.evaluate(() => document.cookie)).not.toContain(secret);
    // The code printed for another browser is still unspent here; this one was spent by openBrowser.
    await page.goto(signIn);
    await expect(reader(page)).toBeVisible();
  } finally {
    await session.close();
  }
  expect(secret.length).toBeGreaterThanOrEqual(32);

  const files = filesUnder(profile);
  expect(files.some((f) => /History$/.test(f))).toBe(true);
  // The session cookie itself is the browser's to keep in memory; everything else is searched.
  const searched = files.filter((f) => !/[\\/]Cookies(-journal)?$/.test(f));
  for (const file of searched) {
    const bytes = readFileSync(file);
    for (const [label, needle] of [['session cookie', secret], ['token', host.token]] as const) {
      expect(bytes.includes(Buffer.from(needle)), `${label} in ${file.slice(profile.length)}`).toBe(false);
    }
  }

  // The same profile after a restart: the session ended with the browser, and a spent code signs no one in.
  const again = await openBrowser({ ...host, signInUrl: () => signIn }, profile);
  try {
    await expect(again.page.getByRole('alert')).toContainText('尚未登录');
    expect(code.length).toBeGreaterThan(20);
  } finally {
    await again.close();
  }
  const fresh = await openBrowser(host, profile);
  try {
    await expect(library(fresh.page).getByRole('link').first()).toBeVisible();
  } finally {
    await fresh.close();
  }
});
