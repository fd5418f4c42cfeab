// An article file handed to the app by the OS (a double-click on a .txt/.md file, "Open
// with", a drop on the dock icon): which file, and which library shows it. Pure path logic,
// so the main process only wires events to it.
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isArticleName, libraryKeyReason } from './library/libraryService.ts';

/** The library to show and the article in it; `inCurrent`: that library is already open. */
export interface ArticleTarget {
  root: string;
  key: string;
  inCurrent: boolean;
}

/**
 * The first article file named on a command line, as an absolute path. argv[0] is the
 * executable; flags (Chromium's `--no-sandbox`, `--user-data-dir=…`) and the app path
 * (`.` in development) are not articles. Linux desktop entries pass `file://` URLs (%U).
 */
export function articleFromArgv(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv.slice(1)) {
    if (!arg || arg.startsWith('-')) continue;
    const path = toPath(arg, cwd);
    if (path && isArticleName(basename(path))) return path;
  }
  return null;
}

function toPath(arg: string, cwd: string): string | null {
  if (/^file:\/\//i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  // Other URLs (a browser handing over an https link) are not files.
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(arg)) return null;
  return isAbsolute(arg) ? resolve(arg) : resolve(cwd, arg);
}

/**
 * The current library when the file lies inside it (its annotations and themes stay in
 * view), else the file's own folder. A file the library would not list (inside a hidden
 * folder or node_modules) gets its own folder too, so the article is always found.
 */
export function libraryTargetFor(file: string, currentRoot: string | null): ArticleTarget {
  const path = resolve(file);
  if (currentRoot) {
    const rel = relative(resolve(currentRoot), path);
    const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
    if (rel && !outside) {
      const key = rel.split(sep).join('/');
      if (libraryKeyReason(key) === null) return { root: resolve(currentRoot), key, inCurrent: true };
    }
  }
  return { root: dirname(path), key: basename(path), inCurrent: false };
}

/** Folders people keep everything in: a file opened from one is shown alone, not with the whole folder as the library. */
const CATCH_ALL_FOLDERS = ['Downloads', 'Desktop', 'Documents', 'Download', '下载', '桌面', '文档', '下載', '文件'];
/** A folder with more entries than this at its top is too large to list and watch for one file's sake. */
export const LARGE_FOLDER_ENTRIES = 500;

/**
 * Whether `dir` is too large to become the library of a file opened from it: the home
 * folder or one above it, a catch-all folder in it (Downloads, Desktop, Documents), or a
 * folder with more than LARGE_FOLDER_ENTRIES entries. Only the top level is read.
 */
export async function isLargeFolder(dir: string, home: string = homedir()): Promise<boolean> {
  const folder = resolve(dir);
  const rel = relative(folder, resolve(home));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return true;
  if (CATCH_ALL_FOLDERS.some((name) => folder === join(resolve(home), name))) return true;
  try {
    return (await readdir(folder)).length > LARGE_FOLDER_ENTRIES;
  } catch {
    return false;
  }
}
