// The host's own small settings (which library folder is open), kept apart from the
// renderer's IndexedDB so the web host and Electron can share them. Reading never throws:
// a damaged file costs the user a remembered folder, not a working app.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomically } from './privateFiles.ts';

export interface HostSettings {
  /** Absolute path of the library folder the user chose; null = the bundled seeds. */
  libraryRoot: string | null;
}

export const DEFAULT_SETTINGS: HostSettings = { libraryRoot: null };
export const SETTINGS_FILE_NAME = 'pizhu-host.json';

export class SettingsFile {
  readonly path: string;
  private readonly warn: (message: string) => void;

  constructor(dataDir: string, options: { warn?: (message: string) => void } = {}) {
    this.path = join(dataDir, SETTINGS_FILE_NAME);
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  async load(): Promise<HostSettings> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`Pizhu: cannot read ${this.path}: ${(error as Error).message}; using defaults`);
      return { ...DEFAULT_SETTINGS };
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      const root = (parsed as { libraryRoot?: unknown }).libraryRoot;
      if (root !== null && root !== undefined && typeof root !== 'string') throw new Error('libraryRoot is not a string');
      return { libraryRoot: typeof root === 'string' && root.length > 0 ? root : null };
    } catch (error) {
      this.warn(`Pizhu: ignoring damaged settings file ${this.path}: ${(error as Error).message}`);
      return { ...DEFAULT_SETTINGS };
    }
  }

  /** Whole or not at all (privateFiles.ts), readable by this user only. */
  async save(settings: HostSettings): Promise<void> {
    await ensurePrivateDir(join(this.path, '..'));
    await writeFileAtomically(this.path, JSON.stringify(settings, null, 2) + '\n');
  }
}

/** ~/.config/pizhu on Linux (XDG), the platform's app-data folder elsewhere; Electron uses the same folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return join(appDataDir(env, platform), 'pizhu');
}

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
}
