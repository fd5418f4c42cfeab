import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach } from 'vitest';
import { createDatabase, type PizhuDatabase } from '../../src-renderer/db/database.ts';
import { listDigestName } from '../../src-renderer/db/listDigest.ts';

/**
 * Databases a test file opens on fake-indexeddb, closed and deleted after each test so no
 * test sees another's rows. Opening the same name twice is how a test "restarts" the app.
 */
export function testDatabases(prefix: string) {
  let n = 0;
  const opened: PizhuDatabase[] = [];
  afterEach(async () => {
    const closing = opened.splice(0);
    for (const db of closing) db.close();
    // The list's digest lives in a database of its own beside each one.
    for (const name of new Set(closing.map((d) => d.name))) await Promise.all([Dexie.delete(name), Dexie.delete(listDigestName(name))]);
  });
  return {
    freshName: (): string => `${prefix}-${n++}`,
    open(name: string = `${prefix}-${n++}`): PizhuDatabase {
      const db = createDatabase(name);
      opened.push(db);
      return db;
    },
  };
}
