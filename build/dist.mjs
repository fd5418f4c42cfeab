#!/usr/bin/env node
// `npm run dist [-- electron-builder arguments]`: check that an Electron runtime can be had
// for the target, build with electron-vite into out/, then package with electron-builder
// (build/electron-builder.config.cjs) into out/dist. With no argument it packages for this
// platform (Linux: AppImage + deb, macOS: dmg, Windows: nsis); `-- --linux AppImage` and
// the like pass through. Failures end in one line and exit code 1, never a stack trace;
// electron-builder's full output is kept in out/dist/electron-builder.log.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { condenseBuilderFailure, electronCacheRoots, preflight, probeUrl, targetsFromArgs } from './distPreflight.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIST = join(ROOT, 'out', 'dist');
const LOG = join(OUT_DIST, 'electron-builder.log');
const args = process.argv.slice(2);
const require = createRequire(join(ROOT, 'package.json'));

function fail(message) {
  console.error(message);
  process.exit(1);
}

let electronPackageDir;
let version;
try {
  electronPackageDir = dirname(require.resolve('electron/package.json'));
  version = JSON.parse(readFileSync(join(electronPackageDir, 'package.json'), 'utf8')).version;
} catch {
  fail('Pizhu dist: the electron package is not installed (run npm install); nothing was packaged.');
}

const host = { platform: process.platform, arch: process.arch };
const decision = await preflight({
  version,
  targets: targetsFromArgs(args, host),
  cacheRoots: electronCacheRoots(process.env, process.platform),
  electronPackageDir,
  host,
  env: process.env,
  probe: (url) => probeUrl(url),
});
if (!decision.ok) fail(decision.message);
for (const { target, kind, path } of decision.sources) {
  const where = kind === 'download' ? 'will be downloaded' : `from ${relative(ROOT, path).startsWith('..') ? path : relative(ROOT, path)}`;
  console.log(`Pizhu dist: Electron v${version} for ${target.platform}-${target.arch} ${where}`);
}

// The packaged app is exactly out/ (electron-builder.config.cjs `files`): never another build's folder.
const buildEnv = { ...process.env };
delete buildEnv.PIZHU_OUT_DIR;
const viteCli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const built = spawnSync(process.execPath, [viteCli, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: buildEnv });
if (built.status !== 0) fail('Pizhu dist: electron-vite build failed (see above); nothing was packaged.');

mkdirSync(OUT_DIST, { recursive: true });
const log = createWriteStream(LOG);
const builderCli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
const builderEnv = { ...buildEnv, ...(decision.electronDist ? { PIZHU_ELECTRON_DIST: decision.electronDist } : {}) };
const child = spawn(process.execPath, [builderCli, '--config', 'build/electron-builder.config.cjs', ...args], {
  cwd: ROOT,
  env: builderEnv,
  stdio: ['inherit', 'pipe', 'pipe'],
});

let output = '';
let pending = '';
function collect(chunk) {
  const text = chunk.toString();
  output += text;
  log.write(text);
  // Progress lines (• building target=AppImage …) show as they come; the rest waits in the log.
  pending += text;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) if (line.trimStart().startsWith('•')) console.log(line);
}
child.stdout.on('data', collect);
child.stderr.on('data', collect);

const code = await new Promise((done) => {
  child.on('error', (error) => {
    output += `\nError: ${error.message}`;
    done(1);
  });
  child.on('close', (status) => done(status ?? 1));
});
await new Promise((done) => log.end(done));
if (code !== 0) fail(`${condenseBuilderFailure(output)} (full log: ${relative(ROOT, LOG)})`);
console.log(`Pizhu dist: packages are in ${relative(ROOT, OUT_DIST)}/`);
