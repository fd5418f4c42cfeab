// Watches the requests a database makes of its annotations table, below Dexie (a DBCore
// middleware): what a test counts is what reached IndexedDB, whichever code asked.
import type { DBCoreTable } from 'dexie';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';

/** Wraps the annotations table of `db` (before it opens) in `wrap`, which returns the methods it replaces. */
export function spyOnAnnotationsTable(db: PizhuDatabase, name: string, wrap: (table: DBCoreTable) => Partial<DBCoreTable>): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return tableName === 'annotations' ? { ...table, ...wrap(table) } : table;
      },
    }),
  });
}
