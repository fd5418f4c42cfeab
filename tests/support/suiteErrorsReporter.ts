// Vitest's errors outside any test, written where `npm test`'s summary reads them
// (tests/run.mjs, PIZHU_SUITE_ERRORS names the file): a hook that threw or timed out, a file
// that did not load, an error nobody caught. Its JSON report leaves them out (a describe's
// hook has no place there, and the tests under it are only said to be skipped), so a log cut
// to its last lines showed a failed step with nothing failed.
import { writeFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

interface SuiteError {
  where: string;
  message: string;
}

/** The message, then the stack's first three frames (a stack repeats the message first, over as many lines as it has). */
const described = (error: SerializedError): string => [error.message ?? String(error), ...(error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 3)].join('\n').trim();

/** Where an unhandled error came from: vitest tags one raised while a test file ran with its path and test. */
function whereUnhandled(error: SerializedError): string {
  const path = typeof error.VITEST_TEST_PATH === 'string' ? error.VITEST_TEST_PATH : null;
  const test = typeof error.VITEST_TEST_NAME === 'string' ? error.VITEST_TEST_NAME : null;
  const kind = typeof error.type === 'string' ? error.type : 'unhandled error';
  if (path === null) return kind;
  return `${path}${test ? ` › ${test}` : ''} (${kind})`;
}

export default class SuiteErrorsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const file = process.env.PIZHU_SUITE_ERRORS;
    if (!file) return;
    const errors: SuiteError[] = [];
    for (const module of modules) {
      for (const error of module.errors()) errors.push({ where: module.relativeModuleId, message: described(error) });
      for (const suite of module.children.allSuites()) for (const error of suite.errors()) errors.push({ where: `${module.relativeModuleId} › ${suite.fullName}`, message: described(error) });
    }
    for (const error of unhandled) errors.push({ where: whereUnhandled(error), message: described(error) });
    writeFileSync(file, `${JSON.stringify(errors, null, 2)}\n`);
  }
}
