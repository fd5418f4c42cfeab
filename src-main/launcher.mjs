#!/usr/bin/env node
// `npm start`: build what is stale, then run the Electron app. An offline install has the
// electron npm package but not its runtime binary (the postinstall download failed or was
// skipped); then the app is served by the web host instead, with one line saying why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { electronRuntime } from './electronRuntime.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

function isStale(outputs, inputs) {
  const built = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
  const source = Math.max(...inputs.map((p) => newestMtime(join(ROOT, p))));
  return built === 0 || source > built;
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function bin(name) {
  return join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const runtime = electronRuntime(ROOT);
// One build (electron-vite) serves both hosts: the web host serves the same out/renderer.
const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => join(ROOT, p));
if (isStale(outputs, ['src-main', 'src-renderer', 'electron.vite.config.ts', 'package.json'])) {
  run(bin('electron-vite'), ['build', '--logLevel', 'error']);
}

if (runtime.ok) {
  const child = spawn(runtime.executable, [ROOT, ...args], { cwd: ROOT, stdio: 'inherit' });
  forward(child);
} else {
  console.log(`Pizhu: ${runtime.reason} — serving the web host instead:`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/web/cli.ts'), ...args], { cwd: ROOT, stdio: 'inherit' });
  forward(child);
}
