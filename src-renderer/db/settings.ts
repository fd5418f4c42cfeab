import type { PizhuDatabase } from './database.ts';

/** All stored settings as key → raw value; the settings state validates each one. */
export async function readSettings(db: PizhuDatabase): Promise<Map<string, unknown>> {
  const rows = await db.settings.toArray();
  return new Map(rows.map((row) => [row.key, row.value]));
}

export async function writeSetting(db: PizhuDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

export async function deleteSetting(db: PizhuDatabase, key: string): Promise<void> {
  await db.settings.delete(key);
}

/**
 * Reads the rows `keys` and writes what `rewrite` returns (undefined deletes a row), in one
 * transaction: a value moved from one row to another is never in neither, nor in both.
 */
export async function rewriteSettings(db: PizhuDatabase, keys: readonly string[], rewrite: (rows: ReadonlyMap<string, unknown>) => [key: string, value: unknown][]): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const found = await db.settings.bulkGet([...keys]);
    const rows = new Map<string, unknown>();
    found.forEach((row) => row && rows.set(row.key, row.value));
    for (const [key, value] of rewrite(rows)) {
      if (value === undefined) await db.settings.delete(key);
      else await db.settings.put({ key, value });
    }
  });
}
