// `npm run mutate`: StrykerJS over the pure core and the host's request checks, with the
// vitest runner. Not part of `npm test` (it runs the unit suite once per mutant group).
// One module against its own tests:
//   MUTATE_TESTS=tests/unit/mentions.test.ts npm run mutate -- --mutate src-renderer/core/mentions.ts
// Scores are recorded in MUTATION.md with the command that produced them.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'tests/vitest.mutate.config.ts', related: false },
  mutate: ['src-renderer/core/**/*.ts', 'src-main/api.ts', 'src-main/hostApi.ts', '!**/*.d.ts'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 1,
  timeoutFactor: 3,
  tempDirName: 'tests/artifacts/stryker-tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'tests/artifacts/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  cleanTempDir: 'always',
};
