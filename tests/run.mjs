// `npm test`: every check CI runs, in order, with one summary line at the end.
// Lint and types first (fast, and a type error explains many test failures), then unit
// tests in Node, then the renderer built, then two real Syncthing instances on loopback (with
// two web hosts and browsers on their library copies), then the real renderer driven in
// Chromium through the web host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const artifacts = 'tests/artifacts';
/** The vitest steps: their JSON report, and the file of their errors outside any test (tests/support/suiteErrorsReporter.ts). */
const vitestReports = {
  unit: { report: `${artifacts}/vitest.json`, suiteErrors: `${artifacts}/vitest-errors.json` },
  sync: { report: `${artifacts}/vitest-sync.json`, suiteErrors: `${artifacts}/vitest-sync-errors.json` },
};
const playwrightReport = `${artifacts}/playwright.json`;
for (const { report, suiteErrors } of Object.values(vitestReports)) {
  rmSync(report, { force: true });
  rmSync(suiteErrors, { force: true });
}
rmSync(playwrightReport, { force: true });
mkdirSync(artifacts, { recursive: true });

const vitest = (config, step) => [
  'npx',
  ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReports[step].report}`, '--reporter=./tests/support/suiteErrorsReporter.ts'],
  { PIZHU_SUITE_ERRORS: vitestReports[step].suiteErrors },
];

const steps = [
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['unit', ...vitest('tests/vitest.config.ts', 'unit')],
  ['build', 'npm', ['run', '--silent', 'build']],
  // Two real Syncthing instances on 127.0.0.1 (skipped, saying why, where syncthing is not
  // installed); after the build, as two web hosts serve the built renderer to two browsers.
  ['sync', ...vitest('tests/sync/vitest.config.ts', 'sync')],
  ['e2e', 'npx', ['playwright', 'test', '--config', 'tests/playwright.config.ts']],
];

const failedSteps = [];
for (const [name, cmd, args, env = {}] of steps) {
  console.log(`\n── ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    failedSteps.push(name);
    // Later steps still run where they can say something useful; e2e needs the build.
    if (name === 'build') break;
  }
}

let passed = 0;
let skipped = 0;
// Every failure again, at the end, where a log cut to its last lines still shows why; by step.
const failures = [];
const fail = (step, title, message) => failures.push({ step, title, message: message || 'no message in the report; see the step’s output above' });

/** A report as written, or null where there is none; a report that cannot be read is a failure of its step. */
function readReport(step, file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(step, `the report ${file} could not be read`, String(error));
    return null;
  }
}

for (const [step, { report, suiteErrors }] of Object.entries(vitestReports)) {
  const v = readReport(step, report);
  const outside = readReport(step, suiteErrors);
  if (v) {
    passed += v.numPassedTests ?? 0;
    skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
    for (const file of v.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of failedTests) fail(step, `${relative(file.name)} › ${t.fullName}`, (t.failureMessages ?? []).join('\n'));
      // A file failed with no test failed: a hook that threw or timed out (its tests then
      // reported skipped), or a file that did not load. The errors file says what it was, where it names the file.
      const named = Array.isArray(outside) && outside.some(({ where }) => String(where).startsWith(relative(file.name)));
      if (file.status === 'failed' && failedTests.length === 0 && !named) fail(step, `${relative(file.name)} (outside its tests: a hook, or the file itself)`, file.message);
    }
  }
  if (Array.isArray(outside)) for (const { where, message } of outside) fail(step, `${where}, outside its tests`, message);
}
const p = readReport('e2e', playwrightReport);
if (p) {
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  skipped += p.stats?.skipped ?? 0;
  for (const { title, test } of playwrightTests(p.suites ?? [])) {
    // The list reporter hides why a test skipped; the Electron e2e's reason matters here.
    if (test.status === 'skipped') console.log(`skipped: ${title} — ${skipReason(test)}`);
    else if (test.status === 'unexpected') fail('e2e', title, lastFailure(test));
  }
  // Errors outside any test: global setup, the web server, a spec that did not load.
  for (const error of p.errors ?? []) fail('e2e', 'outside its tests', error.message ?? error.value);
}
// A step that failed with nothing counted (lint, types, the build, a runner that died) counts once.
for (const step of failedSteps) if (!failures.some((f) => f.step === step)) fail(step, `the ${step} step failed`, 'see its output above');

function relative(file) {
  const cwd = `${process.cwd()}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

/** Every test of a Playwright report, with its title path. */
function* playwrightTests(suites, path = []) {
  for (const suite of suites) {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) for (const test of spec.tests ?? []) yield { title: [...here, spec.title].join(' › '), test };
    yield* playwrightTests(suite.suites ?? [], here);
  }
}

function skipReason(test) {
  const reason = (test.annotations ?? []).filter((a) => a.type === 'skip').map((a) => a.description).join('; ');
  return reason || 'no reason given';
}

/** The messages of a failed test's last run, each once. */
function lastFailure(test) {
  const last = (test.results ?? []).at(-1);
  const messages = [last?.error?.message ?? last?.error?.value, ...(last?.errors ?? []).map((e) => e.message ?? e.value)].filter(Boolean);
  return [...new Set(messages)].join('\n');
}

// Colours stripped, one message said once for every test that failed with it (a failed hook
// fails each of its tests alike), and a long message cut: the step's own output above has it whole.
const MESSAGE_LINES = 25;
const MESSAGES_SHOWN = 20;
const plain = (text) => stripVTControlCharacters(String(text)).trimEnd();
if (failures.length) {
  const byMessage = new Map();
  for (const { step, title, message } of failures) {
    const key = plain(message);
    byMessage.set(key, [...(byMessage.get(key) ?? []), `${step}: ${title}`]);
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
console.log(`\n${passed} passed, ${failures.length} failed, ${skipped} skipped`);
// A failure counted in a step that itself passed (a report it left unreadable) fails the run too.
process.exit(failedSteps.length || failures.length ? 1 : 0);
