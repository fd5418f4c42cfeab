// Driving AppState in unit tests: wait for a state to be reached (polling, as the state
// layer settles through promises and timers of its own) and start the app on an article.
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import type { FakeHost } from './fakeHost.ts';

/** Resolves once `condition` holds; fails naming `what` after `tries` polls 5 ms apart. */
export async function until(condition: () => boolean | Promise<boolean>, what = 'condition', tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A disk that takes seconds to store a row: once `hold()` is called, `db`'s transactions wait
 * before they begin (waiting inside one would let IndexedDB commit it early) until `release()`.
 * With `writesOnly`, read-only ones go on. Table reads outside a transaction are never held.
 */
export function transactionHold(db: PizhuDatabase, { writesOnly = false } = {}): { hold(): void; release(): void } {
  let holding = false;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = async (...args: unknown[]) => {
    if (holding && (!writesOnly || String(args[0]).includes('w'))) await held;
    return transaction(...args);
  };
  return {
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      release();
    },
  };
}

/** An AppState on `host` and `db`, started on `key`, with that article read and its annotations loaded. */
export async function startedApp(host: FakeHost, db: PizhuDatabase, key: string): Promise<AppState> {
  const app = new AppState(host, db);
  await app.start(key);
  await until(() => app.reader.status === 'ready' && app.annotations.model.loadedKey === key, 'article');
  return app;
}
