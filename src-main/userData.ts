// The user-data folder as a host finds it at start: owner-only, and rid of the temporary
// files a crash left half-written in it (a snapshot, the settings, a scan cache).
import { join } from 'node:path';
import { LIBRARY_CACHE_DIR_NAME } from './library/scanCache.ts';
import { ensurePrivateDir, removeStaleTempFiles } from './privateFiles.ts';
import { SNAPSHOTS_DIR_NAME } from './snapshots.ts';

/** The folders Pizhu writes its own files into, the data folder first. */
export function userDataFolders(dataDir: string): string[] {
  return [dataDir, join(dataDir, SNAPSHOTS_DIR_NAME), join(dataDir, LIBRARY_CACHE_DIR_NAME)];
}

/** Makes the data folder 0700 and removes stale temporary files; returns the paths removed. */
export async function prepareUserData(dataDir: string, warn: (message: string) => void = (message) => console.warn(message)): Promise<string[]> {
  await ensurePrivateDir(dataDir);
  const removed: string[] = [];
  for (const dir of userDataFolders(dataDir)) {
    try {
      for (const name of await removeStaleTempFiles(dir)) removed.push(join(dir, name));
    } catch (error) {
      warn(`Pizhu: could not tidy ${dir}: ${(error as Error).message}`);
    }
  }
  return removed;
}
