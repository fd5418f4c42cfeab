// Whether a file name is a copy a sync tool made when two machines changed one file: the
// host removes only such files (after the renderer merged them), never an original.
//
// A minimal recogniser for the host's own check: the renderer's merge has a fuller one in
// its core; this one should be replaced by it once both live on one branch. Pure, so the
// host API table (which the preload bundles) can use it.

/** Syncthing: `notes.sync-conflict-20260101-120000-ABCDEFG.json` (the device id's first 7 characters). */
const SYNCTHING = /\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(?:\.|$)/;
/**
 * Dropbox: `notes (Ann's conflicted copy 2026-01-01).json`, `notes (conflicted copy 2026-01-01 (1)).json`;
 * Nextcloud: `notes (conflicted copy 2026-01-01 120000).json`.
 */
const CONFLICTED_COPY = / \((?:[^()]*['’]s )?conflicted copy \d{4}-\d{2}-\d{2}(?: \d{6})?(?: \(\d+\))?\)(?:\.|$)/i;
/** ownCloud and older Nextcloud clients: `notes_conflict-20260101-120000.json`. */
const OWNCLOUD = /_conflict-\d{8}-\d{6}(?:\.|$)/;

export function isSyncConflictCopyName(name: string): boolean {
  return SYNCTHING.test(name) || CONFLICTED_COPY.test(name) || OWNCLOUD.test(name);
}
