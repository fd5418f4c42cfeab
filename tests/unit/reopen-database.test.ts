// The Retry of the storage banner opens the database again: a store Chromium has just let go
// of refuses an open or two with an UnknownError, which is tried again a moment later; any other
// refusal is the user's to see at once.
import { describe, expect, it } from 'vitest';
import { reopenDatabase } from '../../src-renderer/db/connection.ts';

/** A database that refuses `refusals` opens with the errors given, then opens. */
function database(refusals: unknown[]) {
  let open = false;
  const calls: number[] = [];
  return {
    calls,
    isOpen: () => open,
    async open() {
      calls.push(calls.length + 1);
      const refusal = refusals.shift();
      if (refusal !== undefined) throw refusal;
      open = true;
      return this as never;
    },
  };
}

const named = (name: string, message = '') => Object.assign(new Error(message), { name });
const backingStore = named('UnknownError', 'Internal error opening backing store for indexedDB.open.');

describe('reopenDatabase', () => {
  it('tries again after a backing-store refusal, bare or inside Dexie’s OpenFailedError', async () => {
    const db = database([backingStore, Object.assign(named('OpenFailedError'), { inner: backingStore })]);
    await reopenDatabase(db, [0, 0, 0]);
    expect(db.calls).toEqual([1, 2, 3]);
    expect(db.isOpen()).toBe(true);
  });

  it('gives up after its waits, with the last refusal', async () => {
    const db = database([backingStore, backingStore, backingStore]);
    await expect(reopenDatabase(db, [0, 0])).rejects.toBe(backingStore);
    expect(db.calls).toEqual([1, 2, 3]);
  });

  it('throws any other refusal at once', async () => {
    const quota = named('QuotaExceededError');
    const db = database([quota]);
    await expect(reopenDatabase(db, [0, 0, 0])).rejects.toBe(quota);
    expect(db.calls).toEqual([1]);
  });

  it('does nothing to a database that is open', async () => {
    const db = database([]);
    await db.open();
    await reopenDatabase(db, [0]);
    expect(db.calls).toEqual([1]);
  });
});
