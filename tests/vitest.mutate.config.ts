// The unit suite as mutation testing runs it: the same tests, minus those that measure the
// machine (idle CPU, file-system watching) rather than the code's answers, which a mutant
// cannot change and whose timing the instrumented code would disturb. MUTATE_TESTS (comma-
// separated test files) narrows the run to a module's own tests, for a score per module.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

const own = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

// Not mergeConfig: it concatenates arrays, and `include` must be replaced.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: own ?? base.test?.include,
    exclude: ['**/node_modules/**', 'tests/unit/watch-scale.test.ts', 'tests/unit/library.test.ts', 'tests/unit/bench-*.test.ts'],
  },
});
