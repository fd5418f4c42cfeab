// DESIGN.md's layer table, enforced: each forbidden import or global is put in a file of the
// layer it is forbidden in and ESLint (the project's own config) must fail on it with the
// rule that carries the ban; one ordinary file per layer must pass clean. The file path given
// to lintText decides which rules apply, so the fixtures never exist on disk.
import { resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: resolve(root, 'build/eslint.config.js') });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result.messages;
}

const ruleIds = (messages: Linter.LintMessage[]) => messages.filter((m) => m.severity === 2).map((m) => m.ruleId);

const svelteFile = (script: string) => `<script lang="ts">\n${script}\n</script>\n\n<p>{String(x)}</p>\n`;

describe('layer rules fail on a forbidden import or global', () => {
  const forbidden: [string, string, string, string][] = [
    ['core imports dom', 'src-renderer/core/fixture.ts', "import { x } from '../dom/readingSpot.ts';\nexport const y = x;\n", 'no-restricted-imports'],
    ['core reads window', 'src-renderer/core/fixture.ts', 'export const width = () => window.innerWidth;\n', 'no-restricted-globals'],
    ['core reads document', 'src-renderer/core/fixture.ts', "export const body = () => document.querySelector('body');\n", 'no-restricted-globals'],
    ['core measures an element', 'src-renderer/core/fixture.ts', 'export const style = (el: Element) => getComputedStyle(el).fontSize;\n', 'no-restricted-globals'],
    ['state imports dom', 'src-renderer/state/fixture.svelte.ts', "import { x } from '../dom/highlightPainter.ts';\nexport const y = x;\n", 'no-restricted-imports'],
    ['a component imports platform', 'src-renderer/components/Fixture.svelte', svelteFile("  import { platform as x } from '../platform.ts';"), 'no-restricted-imports'],
    ['App.svelte imports platform', 'src-renderer/App.svelte', svelteFile("  import { platform as x } from './platform.ts';"), 'no-restricted-imports'],
    ['a component imports src-main', 'src-renderer/components/Fixture.svelte', svelteFile("  import { SNAPSHOT_REASONS as x } from '../../src-main/api.ts';"), 'no-restricted-imports'],
    ['a component imports src-main types only', 'src-renderer/components/Fixture.svelte', svelteFile("  import type { AppInfo } from '../../src-main/api.ts';\n  const x: AppInfo | null = null;"), 'no-restricted-imports'],
    ['state starts a worker', 'src-renderer/state/fixture.ts', "export const start = () => new Worker(new URL('../workers/scan.worker.ts', import.meta.url), { type: 'module' });\n", 'no-restricted-globals'],
    ['state asks whether workers exist', 'src-renderer/state/fixture.svelte.ts', "export const canStart = () => typeof Worker !== 'undefined';\n", 'no-restricted-globals'],
    ['state starts a worker through globalThis', 'src-renderer/state/fixture.ts', "export const start = () => new globalThis.Worker('scan.js');\n", 'no-restricted-properties'],
    ['state reads window.pizhu', 'src-renderer/state/fixture.svelte.ts', 'export const api = () => window.pizhu;\n', 'no-restricted-syntax'],
    ['a component reads window.pizhu', 'src-renderer/components/Fixture.svelte', svelteFile('  const x = window.pizhu;'), 'no-restricted-syntax'],
    ['dom reads globalThis["pizhu"]', 'src-renderer/dom/fixture.ts', "export const api = () => (globalThis as Record<string, unknown>)['pizhu'];\n", 'no-restricted-syntax'],
  ];
  it.each(forbidden)('%s', async (_name, filePath, code, rule) => {
    expect(ruleIds(await lint(filePath, code))).toContain(rule);
  });
});

describe('components take narrow props, not the whole app', () => {
  const wholeApp: [string, string][] = [
    ['the AppState type', svelteFile("  import type { AppState } from '../state/app.svelte.ts';\n  const x: AppState | null = null;")],
    ['the module, without its extension', svelteFile("  import * as app from '../state/app.svelte';\n  const x = app;")],
  ];
  // The reader pane, the last component to take the whole app, is held to it as well.
  const components = ['src-renderer/components/Fixture.svelte', 'src-renderer/components/ReaderPane.svelte'];
  it.each(components.flatMap((filePath) => wholeApp.map(([name, code]) => [filePath, name, code])))('%s importing %s fails', async (filePath, _name, code) => {
    const errors = (await lint(filePath, code)).filter((m) => m.severity === 2);
    expect(errors.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
    expect(errors[0].message).toContain('components take narrow props, not the whole app');
  });

  it('App.svelte, the composition root, may take the app', async () => {
    expect(await lint('src-renderer/App.svelte', svelteFile("  import type { AppState } from './state/app.svelte.ts';\n  const x: AppState | null = null;"))).toEqual([]);
  });
});

describe('each layer may import what DESIGN.md allows', () => {
  const allowed: [string, string, string][] = [
    ['core imports core and uses the language and Node-common globals', 'src-renderer/core/fixture.ts', "import { codePointLength as codePoints } from './codePoints.ts';\nexport const n = (s: string) => codePoints(s) + new TextEncoder().encode(s).length + performance.now();\n"],
    ['dom imports core and reads the page', 'src-renderer/dom/fixture.ts', "import { codePointLength as codePoints } from '../core/codePoints.ts';\nexport const n = () => codePoints(document.title) + window.innerWidth;\n"],
    ['state imports core, db and platform', 'src-renderer/state/fixture.svelte.ts', "import { codePointLength as codePoints } from '../core/codePoints.ts';\nimport { readAnnotations as openDatabase } from '../db/annotations.ts';\nimport { platform } from '../platform.ts';\nexport const all = [codePoints, openDatabase, platform];\n"],
    ['a component imports state, dom and core', 'src-renderer/components/Fixture.svelte', svelteFile("  import { codePointLength as codePoints } from '../core/codePoints.ts';\n  import { HighlightPainter } from '../dom/highlightPainter.ts';\n  import type { ReaderState } from '../state/reader.svelte.ts';\n  const x: [unknown, unknown, ReaderState | null] = [codePoints, HighlightPainter, null];")],
    ['the worker starter starts workers', 'src-renderer/workers/spawn.ts', "export const start = () => new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module' });\n"],
    ['platform.ts reads window.pizhu', 'src-renderer/platform.ts', 'export const api = () => window.pizhu;\n'],
  ];
  it.each(allowed)('%s', async (_name, filePath, code) => {
    expect(await lint(filePath, code)).toEqual([]);
  });
});
