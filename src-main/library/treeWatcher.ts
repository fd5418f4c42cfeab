// One recursive watch over a whole library folder, by @parcel/watcher: FSEvents on macOS,
// ReadDirectoryChangesW on Windows, inotify on Linux, with the walk and the bookkeeping in
// native code. Node's own recursive fs.watch on Linux walks the tree in JavaScript and puts a
// watch on every file; one fs.watch per folder runs out of descriptors on a big tree. Its
// limit on Linux is the inotify watch count (fs.inotify.max_user_watches, one per folder):
// past it, subscribing fails and the library is simply not watched (no timer walks it
// instead); Reload still lists it.
import { subscribe, type AsyncSubscription, type Event } from '@parcel/watcher';
import { watch } from 'node:fs';
import { relative, sep } from 'node:path';

/** Folders the library never lists are not watched either: dot-folders (.git, .pizhu) and node_modules. */
export const UNWATCHED_GLOBS = ['**/.*', '**/.*/**', '**/node_modules', '**/node_modules/**'];

export interface TreeWatch {
  close(): Promise<void>;
}

/** Whether an event under `root` can change what the library lists. */
export function concernsLibrary(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..')) return rel === '';
  return !rel.split(sep).some((segment) => segment.startsWith('.') || segment === 'node_modules');
}

/**
 * Calls `onChange` after file-system events under `root` that the library could list, and
 * `onError` if the watch breaks (the folder removed, the OS out of watches).
 */
export async function watchTree(root: string, onChange: () => void, onError: (error: Error) => void): Promise<TreeWatch> {
  let closed = false;
  const subscription: AsyncSubscription = await subscribe(
    root,
    (error: Error | null, events: Event[]) => {
      if (closed) return;
      if (error) return onError(error);
      if (events.some((event) => concernsLibrary(root, event.path))) onChange();
    },
    { ignore: UNWATCHED_GLOBS },
  );
  return {
    async close() {
      if (closed) return;
      closed = true;
      await subscription.unsubscribe();
    },
  };
}

/** One folder, not its subfolders (node:fs, one watch): for a single file shown from a folder too large to watch whole. */
export function watchFolder(dir: string, onChange: () => void, onError: (error: Error) => void): TreeWatch {
  const watcher = watch(dir, () => onChange());
  watcher.on('error', onError);
  return {
    async close() {
      watcher.close();
    },
  };
}
