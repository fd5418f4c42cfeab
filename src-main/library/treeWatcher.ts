// One recursive watch over a whole library folder, by @parcel/watcher: FSEvents on macOS,
// ReadDirectoryChangesW on Windows, inotify on Linux, with the walk and the bookkeeping in
// native code. Node's own recursive fs.watch on Linux walks the tree in JavaScript and puts a
// watch on every file; one fs.watch per folder runs out of descriptors on a big tree. Its
// limit on Linux is the inotify watch count (fs.inotify.max_user_watches, one per folder):
// past it, subscribing fails and the library is simply not watched (no timer walks it
// instead); Reload still lists it.
import { subscribe, type AsyncSubscription, type Event } from '@parcel/watcher';
import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';
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
  let subscription: AsyncSubscription | null = null;
  let renewing: Promise<void> | null = null;
  const subscribeTree = () =>
    subscribe(
      root,
      (error: Error | null, events: Event[]) => {
        if (closed) return;
        if (error) return onError(error);
        const ours = events.filter((event) => concernsLibrary(root, event.path));
        if (ours.length === 0) return;
        onChange();
        if (ours.some((event) => event.type === 'create')) void renewIfFolderCreated(ours);
      },
      { ignore: UNWATCHED_GLOBS },
    );
  // The inotify backend watches a new folder only once it has seen it created, so the
  // folders inside a tree made in one go (mkdir -p, a folder copied or unpacked in) are never
  // watched, and later edits in them go unseen. A new subscription walks the tree as it is
  // now. @parcel/watcher shares one native watcher among subscriptions of the same folder, so
  // the old subscription goes first (else the new one reuses the old watch and walks nothing);
  // the library then scans again, which finds whatever changed between the two.
  const renewIfFolderCreated = async (events: Event[]) => {
    const created = await Promise.all(events.filter((e) => e.type === 'create').map((e) => stat(e.path).then((s) => s.isDirectory(), () => false)));
    if (!created.some(Boolean) || closed || renewing) return;
    renewing = (async () => {
      try {
        const old = subscription;
        subscription = null;
        await old?.unsubscribe();
        if (closed) return;
        const fresh = await subscribeTree();
        if (closed) return void (await fresh.unsubscribe());
        subscription = fresh;
        onChange();
      } catch (error) {
        if (!closed) onError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        renewing = null;
      }
    })();
  };
  subscription = await subscribeTree();
  return {
    async close() {
      if (closed) return;
      closed = true;
      await renewing;
      const last = subscription;
      subscription = null;
      await last?.unsubscribe();
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
