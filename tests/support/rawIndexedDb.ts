// Writes rows straight into the app's own `pizhu` IndexedDB database from a page, the way a
// long-used profile would hold them, so tests and benches seed data without test hooks in
// the product. The database is opened at whatever version the app created.
import type { Page } from '@playwright/test';

export type StoreRows = Record<string, unknown[]>;

/** Puts `rows` (store name → rows) in one transaction; `clear` empties those stores first. */
export async function putRows(page: Page, rows: StoreRows, options: { clear?: boolean } = {}): Promise<void> {
  await page.evaluate(
    async ({ rows, clear }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('pizhu');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(Object.keys(rows), 'readwrite');
        for (const [name, list] of Object.entries(rows)) {
          const store = tx.objectStore(name);
          if (clear) store.clear();
          for (const row of list) store.put(row);
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { rows, clear: options.clear ?? false },
  );
}
