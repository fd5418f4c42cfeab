// Backup snapshots in the user-data folder (`<userData>/snapshots/`): the renderer hands over
// the backup JSON as UTF-8 bytes (before a schema upgrade, once a day, before a restore, on
// request), which are checked to be a backup before they are written, and
// this keeps the newest few. Each name carries a write number that only grows: names never
// repeat, and "newest" means last written, whatever the clock said (a clock set back, a
// dual-boot offset, a VM revert). A write answers ok only once its file has been read back
// and parsed; pruning runs after that, and never takes the snapshot just written. Names are
// the only way in (readSnapshot takes nothing else), so no caller can reach another file.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  invalidSnapshotBytesReason,
  invalidSnapshotNameReason,
  invalidSnapshotReason,
  SNAPSHOT_NAME,
  type ReadSnapshotResult,
  type SnapshotInfo,
  type SnapshotReason,
  type WriteSnapshotResult,
} from './api.ts';
import { ensurePrivateDir, writeFileAtomically } from './privateFiles.ts';

export const SNAPSHOTS_DIR_NAME = 'snapshots';
export const SNAPSHOTS_KEPT = 10;

/** `2026-11-22T03-04-05Z`: ISO time without the characters Windows refuses in names. */
export function snapshotStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** The name of the `write`-th snapshot written (1, 2, …). */
export function snapshotName(ms: number, reason: SnapshotReason, write: number): string {
  return `pizhu-${snapshotStamp(ms)}-${reason}-w${write}.json`;
}

interface ParsedName {
  reason: SnapshotReason;
  createdAt: string;
  /** The write number; 0 for names of earlier versions, which were all written before any numbered one. */
  write: number;
  /** Earlier versions' order within one second: 0 for the first, 1 for `-2`, … */
  sequence: number;
}

export function parseSnapshotName(name: string): ParsedName | null {
  const match = SNAPSHOT_NAME.exec(name);
  if (!match) return null;
  const [, date, hh, mm, ss, reason, n, w] = match;
  const createdAt = `${date}T${hh}:${mm}:${ss}Z`;
  if (Number.isNaN(Date.parse(createdAt))) return null;
  return { reason: reason as SnapshotReason, createdAt, write: w === undefined ? 0 : Number(w), sequence: n === undefined ? 0 : Number(n) - 1 };
}

/** The next write number: one past every number in the folder. */
export function nextWriteNumber(names: readonly string[]): number {
  let highest = 0;
  for (const name of names) highest = Math.max(highest, parseSnapshotName(name)?.write ?? 0);
  return highest + 1;
}

/** Newest first: last written first; earlier versions' names by their time, then their order within one second. */
function newestFirst(a: SnapshotInfo & ParsedName, b: SnapshotInfo & ParsedName): number {
  if (a.write !== b.write) return b.write - a.write;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.sequence - a.sequence;
}

/** Two writers (the web host and the desktop app on one data folder) may pick one number: the loser takes the next. */
const NAME_ATTEMPTS = 20;

export interface SnapshotStoreOptions {
  now?: () => number;
  keep?: number;
  /** Writes a new file, failing with EEXIST rather than replacing one; tests make it fail. */
  write?: (path: string, content: Uint8Array) => Promise<void>;
}

export class SnapshotStore {
  private readonly now: () => number;
  private readonly keep: number;
  private readonly write: (path: string, content: Uint8Array) => Promise<void>;
  /** Writes one at a time: picking a number and pruning must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    options: SnapshotStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.keep = options.keep ?? SNAPSHOTS_KEPT;
    this.write = options.write ?? ((path, content) => writeFileAtomically(path, content, { exclusive: true }));
  }

  /** Arguments are checked again here: the store is the last line before the disk. */
  writeSnapshot(reason: unknown, bytes: unknown): Promise<WriteSnapshotResult> {
    const refused = invalidSnapshotReason(reason) ?? invalidSnapshotBytesReason(bytes) ?? notABackupReason(bytes as Uint8Array);
    if (refused) return Promise.resolve({ ok: false, detail: refused });
    // A copy of its own, taken now: the caller's buffer may change while the write waits its turn.
    const copy = Buffer.from(bytes as Uint8Array);
    const task = this.queue.then(() => this.writeNow(reason as SnapshotReason, copy));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async writeNow(reason: SnapshotReason, bytes: Buffer): Promise<WriteSnapshotResult> {
    let name: string | null = null;
    try {
      await ensurePrivateDir(this.dir);
      const ms = this.now();
      let write = nextWriteNumber(await readdir(this.dir));
      for (let attempt = 0; name === null; attempt++) {
        const candidate = snapshotName(ms, reason, write);
        try {
          await this.write(join(this.dir, candidate), bytes);
          name = candidate;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt + 1 >= NAME_ATTEMPTS) throw error;
          write = Math.max(write + 1, nextWriteNumber(await readdir(this.dir)));
        }
      }
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
    const unreadable = await this.verify(name, bytes);
    if (unreadable) {
      await rm(join(this.dir, name), { force: true }).catch(() => undefined);
      return { ok: false, detail: `the snapshot did not read back whole: ${unreadable}` };
    }
    const parsed = parseSnapshotName(name)!;
    // A failed prune leaves one snapshot too many, which the next write prunes.
    await this.prune(name).catch(() => undefined);
    return { ok: true, snapshot: { name, reason, createdAt: parsed.createdAt, size: bytes.byteLength } };
  }

  /** Why the file as stored is not the snapshot handed over (checked to be a backup before it was written), or null. */
  private async verify(name: string, bytes: Buffer): Promise<string | null> {
    let stored: Buffer;
    try {
      stored = await readFile(join(this.dir, name));
    } catch (error) {
      return (error as Error).message;
    }
    if (!stored.equals(bytes)) return `${stored.byteLength} bytes on disk, ${bytes.byteLength} written`;
    return null;
  }

  /** The snapshots kept, newest first; a missing folder is an empty list. */
  async listSnapshots(): Promise<SnapshotInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: (SnapshotInfo & ParsedName)[] = [];
    for (const name of names) {
      const parsed = parseSnapshotName(name);
      if (!parsed) continue;
      try {
        const info = await stat(join(this.dir, name));
        if (info.isFile()) found.push({ name, size: info.size, ...parsed });
      } catch {
        // Pruned or removed between readdir and stat.
      }
    }
    return found.sort(newestFirst).map(({ name, reason, createdAt, size }) => ({ name, reason, createdAt, size }));
  }

  async readSnapshot(name: unknown): Promise<ReadSnapshotResult> {
    const refused = invalidSnapshotNameReason(name);
    if (refused) return { ok: false, detail: refused };
    try {
      return { ok: true, json: await readFile(join(this.dir, name as string), 'utf8') };
    } catch (error) {
      return { ok: false, detail: (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no snapshot ${name as string}` : (error as Error).message };
    }
  }

  /** Removes all but the `keep` written last; `written` stays whatever the listing says. */
  private async prune(written: string): Promise<void> {
    const others = (await this.listSnapshots()).filter((s) => s.name !== written);
    for (const old of others.slice(Math.max(0, this.keep - 1))) await rm(join(this.dir, old.name), { force: true });
  }
}

/**
 * Why `bytes` are not a Pizhu backup (UTF-8 JSON of an AnnotationCollection carrying
 * `pizhu:format`, as the renderer's backup reader requires), or null. Only that outline is
 * checked: restoring reads the rest, and says what is wrong with it.
 */
export function notABackupReason(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'snapshot is not UTF-8 text';
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `snapshot is not JSON: ${(error as Error).message}`;
  }
  const outline = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  if (!outline || outline.type !== 'AnnotationCollection' || !('pizhu:format' in outline)) return 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)';
  return null;
}
