// Where the Electron runtime binary is, or why there is none. Shared by `npm start` and the
// Electron e2e test. Never `require('electron')` to find out: with the binary missing,
// that call tries to download it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @param {string} root the project folder (holding package.json)
 * @returns {{ ok: true, executable: string } | { ok: false, reason: string }}
 */
export function electronRuntime(root) {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const platformPath = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform] ?? 'electron';
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformPath;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
  const executable = join(dist, relative);
  if (!existsSync(executable)) return { ok: false, reason: `the Electron runtime is not installed here (offline install: ${relative} missing in ${dist})` };
  return { ok: true, executable };
}
