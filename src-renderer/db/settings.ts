import type { PizhuDatabase } from './database.ts';

/** All stored settings as key → raw value; the settings state validates each one. */
export async function readSettings(db: PizhuDatabase): Promise<Map<string, unknown>> {
  const rows = await db.settings.toArray();
  return new Map(rows.map((row) => [row.key, row.value]));
}

export async function writeSetting(db: PizhuDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}
