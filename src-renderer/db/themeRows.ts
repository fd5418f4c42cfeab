// Theme rows as the rest of the app sees them: live ones only (a deleted theme is a tombstone
// row, kept for undo and import), and one live theme per search key. The `key` index is not
// unique (a tombstone keeps its key while a new theme takes the name), so the writers check it
// here, inside their own read-write transaction, where no other writer can come between.
import type { PizhuDatabase } from './database.ts';
import type { TagRecord } from './records.ts';

/** The live theme with this search key, if there is one. Call inside a transaction on tags. */
export async function liveTagWithKey(db: PizhuDatabase, key: string): Promise<TagRecord | undefined> {
  const rows = await db.tags.where('key').equals(key).toArray();
  return rows.find((t) => t.deletedAt === null);
}

/** Thrown (aborting the transaction) when a write would leave two live themes with one key. */
export class DuplicateThemeKeyError extends Error {
  constructor(readonly key: string) {
    super(`two themes would have the search key ${JSON.stringify(key)}`);
    this.name = 'DuplicateThemeKeyError';
  }
}

/** Throws when more than one live theme has any of `keys` (run after the writes, before commit). */
export async function checkOneLivePerKey(db: PizhuDatabase, keys: Iterable<string>): Promise<void> {
  for (const key of new Set(keys)) {
    const live = (await db.tags.where('key').equals(key).toArray()).filter((t) => t.deletedAt === null);
    if (live.length > 1) throw new DuplicateThemeKeyError(key);
  }
}
