// Changes the renderer could not store in IndexedDB (a full disk, an I/O error), kept in the
// user-data folder until the database takes them again: a reload or a restart of the browser
// replays them. One file, replaced atomically on every write, removed when nothing is pending.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomically } from './exportFiles.ts';

export const PENDING_CHANGES_FILE_NAME = 'pending-changes.json';

export class PendingChangesFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, PENDING_CHANGES_FILE_NAME);
  }

  /** The JSON last kept, or '' when nothing is pending. */
  async read(): Promise<string> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  /** Replaces what is kept; '' removes the file. */
  async write(json: string): Promise<void> {
    if (json === '') return rm(this.path, { force: true });
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomically(this.path, json);
  }
}
