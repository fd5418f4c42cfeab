// Writing an export to disk: each file goes to a temporary name in the same folder, is
// flushed, then renamed over the target. A reader (Obsidian watching its vault, a sync
// client) sees the old file or the new one, never half of one, and a re-export replaces a
// file instead of appending to it. Names were validated by the caller (api.ts).
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExportFileArg } from './api.ts';

export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.pizhu-${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
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
