// Opening the `pizhu` database so that no schema upgrade runs before the data it upgrades has
// been saved. The stored database is first opened at its own version (Dexie's dynamic mode:
// no schema declared, nothing upgraded); when that version is older than SCHEMA_VERSIONS'
// newest, its rows go into a backup snapshot, and only then does the full schema open it.
//
// The gate sits in `open()` itself, which Dexie also calls for the first query, so a query
// made early (a component mounting before start) waits for the snapshot instead of
// upgrading past it.
import { Dexie } from 'dexie';
import { toAnnotationCollection, type BackupData } from '../core/webAnnotation.ts';
import { createDatabase, DATABASE_NAME, type PizhuDatabase } from './database.ts';
import { listedVersion, type ListedDatabases } from './listedDatabases.ts';
import { CURRENT_VERSION } from './schema.ts';

/**
 * Tables a backup carries (db/backup.ts reads the same ones), under every name they have had:
 * titles and reading positions were `titles` and `reading` until version 5 kept them per library.
 */
const BACKUP_TABLES = ['annotations', 'tags', 'titles', 'libraryTitles', 'settings', 'reading', 'libraryReading'] as const;

export type UpgradeSnapshotOutcome =
  /** No database yet, or it is up to date, or it holds nothing: no upgrade can lose anything. */
  | { kind: 'none' }
  | { kind: 'written'; fromVersion: number; name: string }
  | { kind: 'failed'; fromVersion: number; detail: string };

/** Takes the backup's JSON as UTF-8 bytes, as the host's writeSnapshot does. */
export type SnapshotWriter = (bytes: Uint8Array<ArrayBuffer>) => Promise<{ ok: true; snapshot: { name: string } } | { ok: false; detail: string }>;

/**
 * When the stored database is older than the current schema and holds anything, writes a
 * snapshot of it as it is (its rows in their old shape, read without upgrading).
 */
export async function snapshotBeforeUpgrade(write: SnapshotWriter, options: { name?: string; now?: () => number; listed?: ListedDatabases } = {}): Promise<UpgradeSnapshotOutcome> {
  const name = options.name ?? DATABASE_NAME;
  // The browser's list of databases has each one's version: a start on an up-to-date database
  // (nearly every start) skips opening it twice, once just to read its version.
  const version = await listedVersion(name, options.listed);
  if (version === null || (version !== undefined && Math.floor(version / 10) >= CURRENT_VERSION)) return { kind: 'none' };
  const old = new Dexie(name);
  let data: BackupData;
  let fromVersion: number;
  try {
    try {
      await old.open();
    } catch (error) {
      if ((error as Error).name === 'NoSuchDatabaseError') return { kind: 'none' };
      throw error;
    }
    // Dexie stores version n as IndexedDB version 10n (a little more after it patched a
    // schema in place); verno is that divided by 10.
    fromVersion = Math.floor(old.verno);
    if (fromVersion >= CURRENT_VERSION) return { kind: 'none' };
    const present = old.tables.map((t) => t.name).filter((t): t is (typeof BACKUP_TABLES)[number] => (BACKUP_TABLES as readonly string[]).includes(t));
    // Rows as the old version wrote them; a table it did not have yet is empty.
    const rows = await old.transaction('r', present, () => Promise.all(present.map(async (table) => [table, await old.table(table).toArray()] as const)));
    const byTable = Object.fromEntries(rows) as Partial<Record<(typeof BACKUP_TABLES)[number], unknown[]>>;
    data = {
      annotations: (byTable.annotations ?? []) as BackupData['annotations'],
      tags: (byTable.tags ?? []) as BackupData['tags'],
      // Rows from before version 5 name no library; the backup reader takes that as NO_LIBRARY.
      titles: (byTable.libraryTitles ?? byTable.titles ?? []) as BackupData['titles'],
      settings: (byTable.settings ?? []) as BackupData['settings'],
      reading: (byTable.libraryReading ?? byTable.reading ?? []) as BackupData['reading'],
    };
  } finally {
    // Closed before the upgrade asks for a new version, which an open connection would block.
    old.close();
  }
  if (Object.values(data).every((list) => list.length === 0)) return { kind: 'none' };
  const now = options.now?.() ?? Date.now();
  try {
    const result = await write(new TextEncoder().encode(JSON.stringify(toAnnotationCollection(data, now, crypto.randomUUID()))));
    return result.ok ? { kind: 'written', fromVersion, name: result.snapshot.name } : { kind: 'failed', fromVersion, detail: result.detail };
  } catch (error) {
    return { kind: 'failed', fromVersion, detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The database with the full schema, opened (explicitly or by the first query) only after
 * `beforeOpen` has settled. `beforeOpen` failing does not keep the app from its data: the
 * failure is logged and the database opens.
 */
export function createGuardedDatabase(beforeOpen: () => Promise<void>, name: string = DATABASE_NAME): PizhuDatabase {
  const db = createDatabase(name);
  const open = db.open.bind(db);
  let guarded: Promise<void> | null = null;
  db.open = (() => {
    guarded ??= beforeOpen().catch((error: unknown) => console.error('pizhu: snapshot before upgrade failed', error));
    return guarded.then(() => open());
  }) as typeof db.open;
  return db;
}

/**
 * Whether this profile has no database of this name yet (a first start): then it holds no
 * settings, titles or cached headers to wait for. False where the browser cannot tell.
 * `listed`: the browser's list, when the caller asked for it already.
 */
export async function noDatabaseYet(name: string, listed?: ListedDatabases): Promise<boolean> {
  return (await listedVersion(name, listed)) === null;
}
