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

const described = (error: SerializedError): string => [error.message ?? String(error), ...(error.stack ?? '').split('\n').slice(1, 4)].join('\n').trim();

export default class SuiteErrorsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const file = process.env.PIZHU_SUITE_ERRORS;
    if (!file) return;
    const errors: SuiteError[] = [];
    for (const module of modules) {
      for (const error of module.errors()) errors.push({ where: module.relativeModuleId, message: described(error) });
      for (const suite of module.children.allSuites()) for (const error of suite.errors()) errors.push({ where: `${module.relativeModuleId} › ${suite.fullName}`, message: described(error) });
    }
    for (const error of unhandled) errors.push({ where: 'an error outside any test file', message: described(error) });
    writeFileSync(file, `${JSON.stringify(errors, null, 2)}\n`);
  }
}
