// The host's file of changes IndexedDB refused: replaced whole (never half written), gone when
// nothing is pending, and refused at the IPC boundary when it is not text.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIpcHandlers, type IpcDeps } from '../../src-main/ipcHandlers.ts';
import { PENDING_CHANGES_FILE_NAME, PendingChangesFile } from '../../src-main/pendingChanges.ts';
import { decodePendingChanges, encodePendingChanges } from '../../src-renderer/db/pendingChanges.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-pending-'));
  dirs.push(dir);
  return dir;
}

describe('PendingChangesFile', () => {
  it('reads "" when nothing is kept, keeps the latest text, and removes the file for ""', async () => {
    const dir = join(tempDir(), 'not-yet-made');
    const file = new PendingChangesFile(dir);
    expect(await file.read()).toBe('');
    await file.write('{"a":1}');
    await file.write('{"a":2}');
    expect(readFileSync(join(dir, PENDING_CHANGES_FILE_NAME), 'utf8')).toBe('{"a":2}');
    expect(await file.read()).toBe('{"a":2}');
    // No temporary file left beside it.
    expect(readdirSync(dir)).toEqual([PENDING_CHANGES_FILE_NAME]);
    await file.write('');
    expect(readdirSync(dir)).toEqual([]);
    expect(await file.read()).toBe('');
  });

  it('the IPC handler refuses anything but a string', async () => {
    const dir = tempDir();
    const handlers = createIpcHandlers({ pending: new PendingChangesFile(dir) } as unknown as IpcDeps, () => true);
    const caller = { sender: 1, senderFrame: { url: 'app://pizhu/' } };
    await expect(handlers.keepPendingChanges(caller, { json: 1 })).rejects.toThrow(/json must be a string/);
    await expect(handlers.keepPendingChanges(caller, 'x', 'y')).rejects.toThrow(/at most 1/);
    await handlers.keepPendingChanges(caller, '{"b":1}');
    expect(await handlers.readPendingChanges(caller)).toBe('{"b":1}');
  });
});

describe('pending changes format', () => {
  it('nothing pending is ""; what is written reads back; a file of another shape is refused', () => {
    expect(encodePendingChanges({ annotations: [], drafts: [] })).toBe('');
    expect(decodePendingChanges('')).toBeNull();
    const drafts = [{ annotationId: 'a1', note: '磁盘满时写的', typedAt: 5 }];
    expect(decodePendingChanges(encodePendingChanges({ annotations: [], drafts }))).toEqual({ annotations: [], drafts });
    // Handed over by a page going away: said so, and read back so.
    expect(decodePendingChanges(encodePendingChanges({ annotations: [], drafts, left: true }))).toEqual({ annotations: [], drafts, left: true });
    expect(() => decodePendingChanges('{"annotations":[],"drafts":[]}')).toThrow(/not a file Pizhu wrote/);
    expect(() => decodePendingChanges('{"format":"pizhu-pending-changes","version":1,"annotations":[{"record":{}}],"drafts":[]}')).toThrow(/damaged/);
  });
});
