// Where a library's annotation files live: `<library>/.pizhu/`, so that whatever carries the
// library (Syncthing, Dropbox, git) carries them too; or, when that folder cannot be used, a
// folder of this library's own in the user-data folder, and the host says why.
import { createHash } from 'node:crypto';
import { lstat, open, realpath, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { AnnotationFilesLocation, AnnotationFolderFallback } from './api.ts';
import { tempNameFor } from './privateFiles.ts';

export const ANNOTATION_DIR_NAME = '.pizhu';
/** In the user-data folder: one subfolder per library that cannot hold its own files. */
export const ANNOTATION_FALLBACK_DIR_NAME = 'annotation-files';
/**
 * The bundled articles' fallback folder, by a fixed name: their path changes with the app's
 * install place and version (an AppImage mounts at a new path on every start).
 */
export const BUNDLED_FALLBACK_NAME = 'bundled-seeds';

export interface AnnotationPlaceRequest {
  libraryRoot: string;
  userDataDir: string;
  /** The articles that come with the app: their files go to user data even where the folder could be written (a development checkout). */
  bundled: boolean;
  /** One file shown from a folder too large to be the library. */
  singleFile: boolean;
}

/** `<name>-<12 hex of the root's path>`: one folder per library, recognisable by eye, never two libraries in one. */
export async function fallbackFolderName(libraryRoot: string): Promise<string> {
  const real = await realpath(libraryRoot).catch(() => resolve(libraryRoot));
  const slug = Array.from(basename(real).normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '-'))
    .slice(0, 40)
    .join('')
    .replace(/^-+|-+$/g, '');
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 12);
  return slug ? `${slug}-${hash}` : hash;
}

/**
 * Whether a file can be made in `dir`, found by making one (and removing it at once). access()
 * would answer for the real user rather than the effective one, and cannot know an ACL, a
 * read-only mount seen through a network share, or a sync tool's locked folder.
 */
async function writable(dir: string): Promise<boolean> {
  const probe = tempNameFor(join(dir, 'pizhu-write-probe'));
  try {
    await (await open(probe, 'wx', 0o600)).close();
  } catch {
    return false;
  }
  await rm(probe, { force: true }).catch(() => undefined);
  return true;
}

/**
 * Decides once per library opened. `.pizhu` need not exist yet (the first write makes it);
 * the library must then be writable. A `.pizhu` that is a link is never followed: annotation
 * files might land anywhere it points.
 */
export async function placeAnnotationFolder(request: AnnotationPlaceRequest): Promise<AnnotationFilesLocation> {
  const { libraryRoot, userDataDir } = request;
  const fallback = async (reason: AnnotationFolderFallback, detail: string): Promise<AnnotationFilesLocation> => {
    const name = reason === 'bundled' ? BUNDLED_FALLBACK_NAME : await fallbackFolderName(libraryRoot);
    return { folder: join(userDataDir, ANNOTATION_FALLBACK_DIR_NAME, name), place: 'user-data', fallback: reason, detail, libraryRoot };
  };
  if (request.bundled) return fallback('bundled', 'the bundled articles belong to the app');
  if (request.singleFile) return fallback('single-file', 'a single file is shown from this folder; the folder is not a library');
  const inLibrary = join(libraryRoot, ANNOTATION_DIR_NAME);
  try {
    const info = await lstat(inLibrary);
    if (info.isSymbolicLink()) return fallback('blocked', `${inLibrary} is a link, which is not followed`);
    if (!info.isDirectory()) return fallback('blocked', `${inLibrary} is not a folder`);
    if (!(await writable(inLibrary))) return fallback('read-only', `${inLibrary} cannot be written`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return fallback('blocked', `${inLibrary}: ${code ?? (error as Error).message}`);
    if (!(await writable(libraryRoot))) return fallback('read-only', `${libraryRoot} cannot be written`);
  }
  return { folder: inLibrary, place: 'library', libraryRoot };
}
