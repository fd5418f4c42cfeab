// Backup snapshots in the user-data folder (`<userData>/snapshots/`): the renderer hands over
// the backup JSON (before a schema upgrade, once a day, before a restore, on request) and
// this keeps the newest few. Each file is written to a temporary name and renamed, so a
// crash leaves whole snapshots only; pruning runs after a write succeeded, so a full disk
// never costs the snapshots already kept. Names carry the UTC time and the reason; they are
// the only way in (readSnapshot takes nothing else), so no caller can reach another file.
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  invalidSnapshotJsonReason,
  invalidSnapshotNameReason,
  invalidSnapshotReason,
  MAX_SNAPSHOT_BYTES,
  SNAPSHOT_NAME,
  type ReadSnapshotResult,
  type SnapshotInfo,
  type SnapshotReason,
  type WriteSnapshotResult,
} from './api.ts';
import { writeFileAtomically } from './exportFiles.ts';

export const SNAPSHOTS_DIR_NAME = 'snapshots';
export const SNAPSHOTS_KEPT = 10;

/** `2026-11-22T03-04-05Z`: ISO time without the characters Windows refuses in names. */
export function snapshotStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

export function snapshotName(ms: number, reason: SnapshotReason, sequence = 0): string {
  return `pizhu-${snapshotStamp(ms)}-${reason}${sequence > 0 ? `-${sequence + 1}` : ''}.json`;
}

interface ParsedName {
  reason: SnapshotReason;
  createdAt: string;
  /** 0 for the first of its second, 1 for `-2`, … */
  sequence: number;
}

export function parseSnapshotName(name: string): ParsedName | null {
  const match = SNAPSHOT_NAME.exec(name);
  if (!match) return null;
  const [, date, hh, mm, ss, reason, n] = match;
  const createdAt = `${date}T${hh}:${mm}:${ss}Z`;
  if (Number.isNaN(Date.parse(createdAt))) return null;
  return { reason: reason as SnapshotReason, createdAt, sequence: n === undefined ? 0 : Number(n) - 1 };
}

/**
 * The first sequence number no snapshot of the same second has, whatever its reason, so the
 * order of writes within a second survives in the names.
 */
export function freeSequence(names: readonly string[], ms: number): number {
  const createdAt = parseSnapshotName(snapshotName(ms, 'daily'))!.createdAt;
  const taken = new Set(names.map(parseSnapshotName).flatMap((p) => (p && p.createdAt === createdAt ? [p.sequence] : [])));
  let sequence = 0;
  while (taken.has(sequence)) sequence++;
  return sequence;
}

/** Newest first: by time, then by the sequence within one second. */
function newestFirst(a: SnapshotInfo & ParsedName, b: SnapshotInfo & ParsedName): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.sequence - a.sequence;
}

export interface SnapshotStoreOptions {
  now?: () => number;
  keep?: number;
  /** The write itself; tests make it fail. */
  write?: (path: string, content: string) => Promise<void>;
}

export class SnapshotStore {
  private readonly now: () => number;
  private readonly keep: number;
  private readonly write: (path: string, content: string) => Promise<void>;
  /** Writes one at a time: picking a free name and pruning must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    options: SnapshotStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.keep = options.keep ?? SNAPSHOTS_KEPT;
    this.write = options.write ?? writeFileAtomically;
  }

  /** Arguments are checked again here: the store is the last line before the disk. */
  writeSnapshot(reason: unknown, json: unknown): Promise<WriteSnapshotResult> {
    const refused = invalidSnapshotReason(reason) ?? invalidSnapshotJsonReason(json);
    if (refused) return Promise.resolve({ ok: false, detail: refused });
    if (Buffer.byteLength(json as string, 'utf8') > MAX_SNAPSHOT_BYTES) return Promise.resolve({ ok: false, detail: `snapshot is larger than ${MAX_SNAPSHOT_BYTES} bytes` });
    const task = this.queue.then(() => this.writeNow(reason as SnapshotReason, json as string));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async writeNow(reason: SnapshotReason, json: string): Promise<WriteSnapshotResult> {
    let name: string;
    try {
      await mkdir(this.dir, { recursive: true });
      const ms = this.now();
      name = snapshotName(ms, reason, freeSequence(await readdir(this.dir), ms));
      await this.write(join(this.dir, name), json);
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
    const parsed = parseSnapshotName(name)!;
    // A failed prune leaves one snapshot too many, which the next write prunes.
    await this.prune().catch(() => undefined);
    return { ok: true, snapshot: { name, reason, createdAt: parsed.createdAt, size: Buffer.byteLength(json, 'utf8') } };
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

  /** Removes all but the newest `keep`. */
  private async prune(): Promise<void> {
    const all = await this.listSnapshots();
    for (const old of all.slice(this.keep)) await rm(join(this.dir, old.name), { force: true });
  }
}
