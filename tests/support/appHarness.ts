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

/** An AppState on `host` and `db`, started on `key`, with that article read and its annotations loaded. */
export async function startedApp(host: FakeHost, db: PizhuDatabase, key: string): Promise<AppState> {
  const app = new AppState(host, db);
  await app.start(key);
  await until(() => app.reader.status === 'ready' && app.annotations.model.loadedKey === key, 'article');
  return app;
}
