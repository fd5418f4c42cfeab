// What Pizhu keeps in the user-data folder (snapshots holding every note, the remembered
// folder, the scan cache) is readable by its owner only: folders 0700, files 0600. On
// Windows the modes mean little; the user's profile folder ACLs already keep others out.
//
// Every file is written to a temporary name beside it, flushed, renamed over the target,
// and the folder is flushed too, so a crash or power cut leaves the old file or the new
// one. A crash between open and rename leaves the temporary file, which the next start
// removes (removeStaleTempFiles): its name carries the writing process id.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/** `.<target name>.<pid>.<8 hex>.tmp`: hidden, never a snapshot or settings name, and it says who wrote it. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** Names earlier versions gave their temporary files: `.pizhu-<uuid>.tmp` and `<target>.<pid>.<8 hex>.tmp`. */
const OLD_TEMP_NAMES = [/^\.pizhu-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/, /^[^.].*\.(\d+)\.[0-9a-f]{8}\.tmp$/];

export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Makes `dir` (and missing parents) and narrows `dir` itself to 0700 if it already existed wider. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!POSIX) return;
  const info = await stat(dir);
  if ((info.mode & 0o777) !== PRIVATE_DIR_MODE) await chmod(dir, PRIVATE_DIR_MODE);
}

/** fsync on a folder makes a rename in it durable; Windows cannot open folders, and its renames are journaled. */
export async function syncDir(dir: string): Promise<void> {
  if (!POSIX) return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (certain network mounts) refuse fsync on a folder: the rename stands.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL' && (error as NodeJS.ErrnoException).code !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}

export interface AtomicWriteOptions {
  /** Mode of the new file; 0600 unless the file is meant for others (an export). */
  mode?: number;
  /** Fail with EEXIST instead of replacing a file already at `path`. */
  exclusive?: boolean;
  /**
   * Told the new file's identity once it is flushed and before it takes the target's name (a
   * rename keeps both), so a watcher can tell this write from another process's.
   */
  beforePublish?: (file: { ino: number; size: number; mtimeMs: number }) => void;
  /**
   * Leaves the folder's flush to the caller, who writes several files into one folder and
   * flushes it once (syncDir) before telling anyone they are written.
   */
  folderSyncedByCaller?: boolean;
}

/**
 * Writes `content` to `path` whole or not at all: temp file (created with `mode`), flush,
 * rename (or, `exclusive`, a hard link that refuses to replace), then a flush of the folder.
 */
export async function writeFileAtomically(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempNameFor(path);
  try {
    const handle = await open(temp, 'wx', options.mode ?? PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(content);
      await handle.sync();
      if (options.beforePublish) {
        const { ino, size, mtimeMs } = await handle.stat();
        options.beforePublish({ ino, size, mtimeMs });
      }
    } finally {
      await handle.close();
    }
    if (options.exclusive) await publishExclusively(temp, path);
    else await rename(temp, path);
    if (!options.folderSyncedByCaller) await syncDir(dirname(path));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** link() never replaces: two writers that picked one name cannot overwrite each other. */
async function publishExclusively(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links (FAT, some network mounts): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    const taken = await stat(path).then(
      () => true,
      () => false,
    );
    if (taken) throw Object.assign(new Error(`EEXIST: ${path} already exists`), { code: 'EEXIST' });
    await rename(temp, path);
    return;
  }
  await unlink(temp);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `name` is a temporary file Pizhu left behind: its writer is gone (or it predates the pid in names). */
export function isStaleTempName(name: string, alive: (pid: number) => boolean = processAlive): boolean {
  const current = TEMP_NAME.exec(name);
  if (current) return !alive(Number(current[2]));
  const [uuidForm, pidForm] = OLD_TEMP_NAMES;
  if (uuidForm.test(name)) return true;
  const old = pidForm.exec(name);
  return old !== null && !alive(Number(old[1]));
}

/** Removes the temporary files a crashed write left in `dir`; returns their names. A missing folder has none. */
export async function removeStaleTempFiles(dir: string, alive?: (pid: number) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStaleTempName(name, alive)) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
