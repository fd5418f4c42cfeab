// `npm test`: every check CI runs, in order, with one summary line at the end.
// Lint and types first (fast, and a type error explains many test failures), then unit
// tests in Node, then the renderer built, then two real Syncthing instances on loopback (with
// two web hosts and browsers on their library copies), then the real renderer driven in
// Chromium through the web host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

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
// Every failure again, at the end, where a log cut to its last lines still shows why.
const failures = [];
for (const report of ['vitest.json', 'vitest-sync.json']) {
  if (!existsSync(`${artifacts}/${report}`)) continue;
  const v = JSON.parse(readFileSync(`${artifacts}/${report}`, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  for (const file of v.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) failures.push({ title: `${relative(file.name)} › ${t.fullName}`, message: (t.failureMessages ?? []).join('\n') });
    // A file can fail with no test failed: a hook that threw or timed out (its tests are then
    // reported skipped), or a file that did not load. That counts as a failure too.
    if (file.status === 'failed' && failedTests.length === 0) {
      failed += 1;
      failures.push({ title: `${relative(file.name)} (outside its tests: a hook, or the file itself)`, message: file.message || 'no message in the report; see the step’s output above' });
    }
  }
}
if (existsSync(`${artifacts}/playwright.json`)) {
  const report = JSON.parse(readFileSync(`${artifacts}/playwright.json`, 'utf8'));
  const p = report.stats;
  passed += p.expected + (p.flaky ?? 0);
  failed += p.unexpected;
  skipped += p.skipped;
  // The list reporter hides why a test skipped; the Electron e2e's reason matters here.
  for (const { title, reason } of skippedWithReasons(report.suites ?? [])) console.log(`skipped: ${title} — ${reason}`);
  for (const { title, message } of unexpectedResults(report.suites ?? [])) failures.push({ title, message });
}

function relative(file) {
  const cwd = `${process.cwd()}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
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
function* unexpectedResults(suites, path = []) {
  for (const suite of suites) {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const last = (t.results ?? []).at(-1);
        yield { title: [...here, spec.title].join(' › '), message: last?.error?.message ?? last?.errors?.map((e) => e.message).join('\n') ?? 'no message in the report' };
      }
    }
    yield* unexpectedResults(suite.suites ?? [], here);
  }
}

// Colours stripped, one message said once for every test that failed with it (a failed hook
// fails each of its tests alike), and a long message cut: the step's own output above has it whole.
const MESSAGE_LINES = 25;
const MESSAGES_SHOWN = 20;
const plain = (text) => stripVTControlCharacters(text).trimEnd();
if (failures.length) {
  const byMessage = new Map();
  for (const { title, message } of failures) {
    const key = plain(message);
    byMessage.set(key, [...(byMessage.get(key) ?? []), title]);
  }
  console.log(`\nFailures (${failures.length}):`);
  for (const [message, titles] of [...byMessage].slice(0, MESSAGES_SHOWN)) {
    for (const title of titles) console.log(`✗ ${title}`);
    const lines = message.split('\n');
    for (const line of lines.slice(0, MESSAGE_LINES)) console.log(`    ${line}`);
    if (lines.length > MESSAGE_LINES) console.log(`    … ${lines.length - MESSAGE_LINES} more lines in the step’s output`);
  }
  if (byMessage.size > MESSAGES_SHOWN) console.log(`… and ${byMessage.size - MESSAGES_SHOWN} more messages in the steps’ output`);
}
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
// Steps that fail without counting a test (lint, types, build) still count as a failure.
const stepFailures = failedSteps.filter((s) => s !== 'unit' && s !== 'sync' && s !== 'e2e').length;
console.log(`\n${passed} passed, ${failed + stepFailures} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
