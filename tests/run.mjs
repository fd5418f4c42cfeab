// `npm test`: every check CI runs, in order, with one summary line at the end.
// Lint and types first (fast, and a type error explains many test failures), then unit
// tests in Node, then the renderer built, then two real Syncthing instances on loopback (with
// two web hosts and browsers on their library copies), then the real renderer driven in
// Chromium through the web host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const artifacts = 'tests/artifacts';
rmSync(`${artifacts}/vitest.json`, { force: true });
rmSync(`${artifacts}/vitest-sync.json`, { force: true });
rmSync(`${artifacts}/playwright.json`, { force: true });
mkdirSync(artifacts, { recursive: true });

const steps = [
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['unit', 'npx', ['vitest', 'run', '--config', 'tests/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${artifacts}/vitest.json`]],
  ['build', 'npm', ['run', '--silent', 'build']],
  // Two real Syncthing instances on 127.0.0.1 (skipped, saying why, where syncthing is not
  // installed); after the build, as two web hosts serve the built renderer to two browsers.
  ['sync', 'npx', ['vitest', 'run', '--config', 'tests/sync/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${artifacts}/vitest-sync.json`]],
  ['e2e', 'npx', ['playwright', 'test', '--config', 'tests/playwright.config.ts']],
];

const failedSteps = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n── ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    failedSteps.push(name);
    // Later steps still run where they can say something useful; e2e needs the build.
    if (name === 'build') break;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of ['vitest.json', 'vitest-sync.json']) {
  if (!existsSync(`${artifacts}/${report}`)) continue;
  const v = JSON.parse(readFileSync(`${artifacts}/${report}`, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
}
if (existsSync(`${artifacts}/playwright.json`)) {
  const report = JSON.parse(readFileSync(`${artifacts}/playwright.json`, 'utf8'));
  const p = report.stats;
  passed += p.expected + (p.flaky ?? 0);
  failed += p.unexpected;
  skipped += p.skipped;
  // The list reporter hides why a test skipped; the Electron e2e's reason matters here.
  for (const { title, reason } of skippedWithReasons(report.suites ?? [])) console.log(`skipped: ${title} — ${reason}`);
}

function* skippedWithReasons(suites, path = []) {
  for (const suite of suites) {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const reason = (t.annotations ?? []).filter((a) => a.type === 'skip').map((a) => a.description).join('; ');
        yield { title: [...here, spec.title].join(' › '), reason: reason || 'no reason given' };
      }
    }
    yield* skippedWithReasons(suite.suites ?? [], here);
  }
}
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
// Steps that fail without counting a test (lint, types, build) still count as a failure.
const stepFailures = failedSteps.filter((s) => s !== 'unit' && s !== 'sync' && s !== 'e2e').length;
console.log(`\n${passed} passed, ${failed + stepFailures} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
