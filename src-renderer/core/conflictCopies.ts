// Copies sync tools make when two machines changed one file. The host removes only such
// files (after the renderer has merged them), and the merge reads them as another replica;
// one recogniser serves both, so they never disagree on what is a copy.

export type SyncTool = 'syncthing' | 'dropbox' | 'nextcloud';

// The forms the tools document (tests/unit/annotationFileNames.test.ts cites each):
// Syncthing  name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext (the first 7 characters of the device ID)
// Dropbox    name (Someone's conflicted copy YYYY-MM-DD).ext, and … YYYY-MM-DD (1)).ext for another on one day
// Nextcloud  name (conflicted copy YYYY-MM-DD HHMMSS).ext
const CONFLICT_FORMS: readonly { tool: SyncTool; pattern: RegExp }[] = [
  { tool: 'syncthing', pattern: /^(.+)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(\.[^.]*)?$/ },
  { tool: 'dropbox', pattern: /^(.+) \([^()]+['’]s conflicted copy \d{4}-\d{2}-\d{2}(?: \(\d+\))?\)(\.[^.]*)?$/ },
  { tool: 'nextcloud', pattern: /^(.+) \(conflicted copy \d{4}-\d{2}-\d{2} \d{6}\)(\.[^.]*)?$/ },
];

/**
 * The name a sync tool's conflict copy was made from, and which tool made it; null when
 * `name` is not a conflict copy. A copy of a copy is followed back to the first name.
 */
export function conflictCopyOriginal(name: string): { original: string; tool: SyncTool } | null {
  const outer = CONFLICT_FORMS.find((f) => f.pattern.test(name));
  if (!outer) return null;
  let current = name;
  for (let form = outer as (typeof CONFLICT_FORMS)[number] | undefined; form; form = CONFLICT_FORMS.find((f) => f.pattern.test(current))) {
    const [, base, ext] = form.pattern.exec(current)!;
    current = `${base}${ext ?? ''}`;
  }
  return { original: current, tool: outer.tool };
}

export const isConflictCopyName = (name: string): boolean => conflictCopyOriginal(name) !== null;
