// What happens to the database connection from outside this window: another window's
// upgrade (versionchange), our own upgrade held up by another window (blocked), data made
// by a newer Pizhu, and rows another window (or another part of this one) changed.
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import { originOfChanges, type ChangeOrigin } from './changeOrigins.ts';
import type { PizhuDatabase } from './database.ts';
import { CURRENT_VERSION } from './schema.ts';

export interface ConnectionEvents {
  /** Our upgrade waits for another connection to close. */
  blocked(): void;
  /** The wait is over: the database opened. */
  opened(): void;
  /** Another window upgrades or deletes the database: this connection is closed for good. */
  closedByOther(): void;
  /** The stored database has a schema newer than this build knows. */
  newer(storedVersion: number): void;
}

/**
 * Listens to the connection. On versionchange the connection is closed without reopening:
 * staying open would block the other window's upgrade, and reopening would read rows in a
 * shape this build may not know. Returns the unsubscribe.
 */
export function watchConnection(db: PizhuDatabase, events: ConnectionEvents): () => void {
  const onBlocked = () => events.blocked();
  const onVersionChange = () => {
    db.close({ disableAutoOpen: true });
    events.closedByOther();
    // Stops Dexie's own handler, which would close but reopen on the next query.
    return false;
  };
  const onReady = () => {
    events.opened();
    const stored = Math.floor(db.backendDB().version / 10);
    if (stored > CURRENT_VERSION) events.newer(stored);
  };
  db.on('blocked', onBlocked);
  db.on('versionchange', onVersionChange);
  // Sticky: called on every (re)open, and at once if already open.
  db.on('ready', onReady, true);
  return () => {
    db.on('blocked').unsubscribe(onBlocked);
    db.on('versionchange').unsubscribe(onVersionChange);
    db.on('ready').unsubscribe(onReady);
  };
}

/**
 * Opens `db` again after the browser closed it (the disk was full, the store failed). Just
 * after the disk has room again Chromium may refuse an open or two with an UnknownError
 * ("Internal error opening backing store") while it lets go of the store it closed: such a
 * refusal is tried again after each of `waits`; any other error, or the last refusal, is thrown.
 */
export async function reopenDatabase(db: { isOpen(): boolean; open(): PromiseLike<unknown> }, waits: readonly number[] = REOPEN_WAITS_MS): Promise<void> {
  for (let attempt = 0; !db.isOpen(); attempt++) {
    try {
      await db.open();
    } catch (error) {
      if (attempt >= waits.length || !refusedByStore(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, waits[attempt]));
    }
  }
}

// Up to a quarter of a minute in all: how long Chromium takes to let go of the store it closed
// is not ours to bound, an open that succeeds sooner ends the waits, and a Retry given up too
// early only sends the user to click it again.
const REOPEN_WAITS_MS = [250, 500, 1000, 2000, 4000, 8000];

/** An UnknownError from IndexedDB, as such or inside Dexie's OpenFailedError. */
function refusedByStore(error: unknown): boolean {
  const named = (e: unknown) => e instanceof Error || (typeof e === 'object' && e !== null) ? (e as { name?: unknown }).name : undefined;
  return named(error) === 'UnknownError' || named((error as { inner?: unknown } | null)?.inner) === 'UnknownError';
}

export type ChangedTable = 'annotations' | 'tags' | 'libraryTitles' | 'settings';
const WATCHED: readonly ChangedTable[] = ['annotations', 'tags', 'libraryTitles', 'settings'];

export interface TableChanges {
  tables: ReadonlySet<ChangedTable>;
  /** The annotation rows written, when Dexie named each one; null: unknown (a bulk write, a clear, another window's upgrade). */
  annotationIds: ReadonlySet<string> | null;
  /** Where the writing transaction said its changes came from; null: it said nothing (or it ran in another window). */
  origin: ChangeOrigin | null;
}

/**
 * Calls `listener` with the tables of `db` some committed transaction changed: this window's
 * own writes and, through Dexie's BroadcastChannel, other windows' of the same origin.
 */
export function onTablesChanged(db: PizhuDatabase, listener: (changes: TableChanges) => void): () => void {
  const prefix = `idb://${db.name}/`;
  const handler = (parts: ObservabilitySet) => {
    const tables = new Set<ChangedTable>();
    let all = false;
    for (const part of Object.keys(parts)) {
      if (part === 'all') {
        all = true;
        for (const t of WATCHED) tables.add(t);
        continue;
      }
      if (!part.startsWith(prefix)) continue;
      const table = part.slice(prefix.length).split('/')[0] as ChangedTable;
      if (WATCHED.includes(table)) tables.add(table);
    }
    if (tables.size === 0) return;
    const primary = parts[`${prefix}annotations/`];
    listener({ tables, annotationIds: all || !primary ? null : singleKeys(primary), origin: originOfChanges(parts) });
  };
  Dexie.on('storagemutated', handler);
  return () => Dexie.on('storagemutated').unsubscribe(handler);
}

/**
 * The keys of an interval tree (Dexie's ObservabilitySet format, documented in its types)
 * if it holds single string keys only; null if it holds a range, which stands for rows
 * Dexie did not name (bulk writes of 50 rows or more, deletes by range).
 */
export function singleKeys(tree: IntervalTree): Set<string> | null {
  const keys = new Set<string>();
  const stack: IntervalTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('from' in node)) continue;
    if (typeof node.from !== 'string' || node.from !== node.to) return null;
    keys.add(node.from);
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys;
}
