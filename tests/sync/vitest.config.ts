// `npm run test:sync`: the tests that run real Syncthing instances (on 127.0.0.1 only), kept
// apart from the unit tests because each starts processes and waits on real sync.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['tests/sync/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // Every wait inside the pair gives up sooner than this, with the logs in its message; a
    // hook that starts a pair sets its own timeout from the start's budget (startBudgetMs).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
