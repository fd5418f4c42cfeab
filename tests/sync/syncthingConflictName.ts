// The name Syncthing gives the losing side of a conflict, written out by hand from its
// documentation so that the app's own recogniser can be checked against it.
//
// Syncthing 1.19's docs (https://docs.syncthing.net/v1.19.2/users/syncing.html#conflicting-changes,
// and the FAQ "What if there is a conflict?"): one of the files is renamed to
// `<filename>.sync-conflict-<date>-<time>-<modifiedBy>.<ext>`. <date> is YYYYMMDD, <time> HHMMSS
// (the local time of the device that resolved it), <modifiedBy> seven characters of a device ID
// (base32: A–Z, 2–7). <ext> is the part after the last dot, so `a.annotations.json` becomes
// `a.annotations.sync-conflict-…-XXXXXXX.json`; a name without a dot keeps none; and a dot-file
// is all extension (Go's filepath.Ext), so `.codebook` becomes `.sync-conflict-…-XXXXXXX.codebook`
// — seen on the real pair as well.
//
// Whose ID: the device of the *incoming, winning* change, not the author of the copy. Syncthing's
// lib/model/folder_sendrecv.go moves the local file aside with
// `moveForConflict(name, file.ModifiedBy.String(), …)`, `file` being the version that arrived, and
// tests/sync/syncthing-pair.test.ts sees it on a real pair: the copy holds the losing edit and
// carries the winner's ID. Who wrote a copy must come from its content, never from its name.

export const SYNCTHING_CONFLICT_NAME =
  /^(?<stem>.*)\.sync-conflict-(?<date>(?<year>\d{4})(?<month>0[1-9]|1[0-2])(?<day>0[1-9]|[12]\d|3[01]))-(?<time>(?<hour>[01]\d|2[0-3])(?<minute>[0-5]\d)(?<second>[0-5]\d))-(?<modifiedBy>[A-Z2-7]{7})(?<ext>\.[^.]*)?$/;

export interface SyncthingConflictName {
  /** The name of the file the copy conflicts with. */
  original: string;
  /** When the conflict was resolved, as written in the name (local time of the resolving device). */
  stamp: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  /** The first seven characters of the ID of the device whose change won (not the copy's author). */
  modifiedBy: string;
}

/** The parts of a Syncthing conflict-copy file name, or null if `fileName` is not one. */
export function parseSyncthingConflictName(fileName: string): SyncthingConflictName | null {
  const g = SYNCTHING_CONFLICT_NAME.exec(fileName)?.groups;
  if (!g) return null;
  return {
    original: g.stem + (g.ext ?? ''),
    stamp: { year: +g.year, month: +g.month, day: +g.day, hour: +g.hour, minute: +g.minute, second: +g.second },
    modifiedBy: g.modifiedBy,
  };
}
