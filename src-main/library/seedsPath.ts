// Where the bundled seeds live. In a packaged app electron-builder copies `seeds/` into
// the resources folder (extraResources), next to app.asar; in development (and for the
// web host) it is the repository's own `seeds/`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface SeedsLocation {
  /** app.isPackaged in Electron; always false for the web host. */
  isPackaged: boolean;
  /** process.resourcesPath in Electron. */
  resourcesPath?: string;
  /** The repository root (app.getAppPath() in dev, or derived from the module's location). */
  appRoot: string;
}

export function resolveSeedsDir(location: SeedsLocation): string {
  const candidates = seedsDirCandidates(location);
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

export function seedsDirCandidates({ isPackaged, resourcesPath, appRoot }: SeedsLocation): string[] {
  const packaged = resourcesPath ? [join(resourcesPath, 'seeds')] : [];
  const dev = [join(appRoot, 'seeds')];
  return isPackaged ? [...packaged, ...dev] : [...dev, ...packaged];
}
