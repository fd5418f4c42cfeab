// The browser's list of databases, with each one's version. A start asks for it once: whether
// this is the profile's first start and whether the database must be upgraded (after a snapshot)
// are both read from it, and the page's entry asks for it before the app's code has loaded. The
// browser answers it after the storage requests before it, and the database opens only after
// the answer.

/** The answer to come: the list, or undefined where the browser cannot tell; never rejects. */
export type ListedDatabases = Promise<readonly IDBDatabaseInfo[] | undefined>;

export function askListedDatabases(): ListedDatabases {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return Promise.resolve(undefined);
  try {
    return indexedDB.databases().then(
      (list) => list,
      () => undefined,
    );
  } catch {
    return Promise.resolve(undefined);
  }
}

/** The IndexedDB version of database `name` in `listed`: null, none of that name; undefined, the browser cannot tell. */
export async function listedVersion(name: string, listed: ListedDatabases = askListedDatabases()): Promise<number | null | undefined> {
  const list = await listed;
  if (list === undefined) return undefined;
  const stored = list.find((db) => db.name === name);
  return stored ? (stored.version ?? undefined) : null;
}
