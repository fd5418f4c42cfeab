// Writing an export to disk: each file goes to a temporary name in the same folder, is
// flushed, then renamed over the target. A reader (Obsidian watching its vault, a sync
// client) sees the old file or the new one, never half of one, and a re-export replaces a
// file instead of appending to it. Names were validated by the caller (api.ts).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFileArg } from './api.ts';
import { writeFileAtomically as writeAtomically } from './privateFiles.ts';

/** An export is the user's own document: the usual mode (0666 less the umask), not user-data's 0600. */
export function writeFileAtomically(path: string, content: string | Uint8Array): Promise<void> {
  return writeAtomically(path, content, { mode: 0o666 });
}

/** Writes every file into `dir` (made if missing); returns the paths written. */
export async function writeExportFiles(dir: string, files: readonly ExportFileArg[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.path);
    await writeFileAtomically(path, file.content);
    written.push(path);
  }
  return written;
}
