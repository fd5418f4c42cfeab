// Where a transaction's changes came from, told by the code that wrote them, for this window's
// change listeners (connection.ts onTablesChanged). Apart from connection.ts: the writers that
// tell it need no more of Dexie than its types.
import type { Transaction } from 'dexie';

/**
 * What a transaction of this window changed, told by its writer: `files`, the annotation files'
 * rows merged in (the files already say what the merge changed); `local-field`, only the field
 * that stays on this machine (which libraries hold a row), so nothing shown and no file changes.
 */
export type ChangeOrigin = 'files' | 'local-field';

// Keyed by the object Dexie fires its change event with: the transaction's own record of what
// it changed (its observability middleware keeps it on the IndexedDB transaction as
// `mutatedParts`). Dexie's event names the changed rows but never the transaction, and a flag
// set around the transaction would also catch a change another transaction committed meanwhile.
const origins = new WeakMap<object, ChangeOrigin>();

/**
 * Called inside `tx` after its writes: this window's change listeners are told where they came
 * from. Without Dexie's record (no writes yet, or another Dexie) nothing is told, and the
 * changes read as any other.
 */
export function tellChangesCameFrom(tx: Transaction, origin: ChangeOrigin): void {
  const parts = (tx.idbtrans as (IDBTransaction & { mutatedParts?: object }) | null)?.mutatedParts;
  if (parts !== undefined) origins.set(parts, origin);
}

/** What the writer of the changes Dexie fired as `parts` told of them; null: nothing. */
export function originOfChanges(parts: object): ChangeOrigin | null {
  return origins.get(parts) ?? null;
}
