// Lint: typescript-eslint + svelte, and DESIGN.md's layer rules enforced as import bans,
// so a layer violation fails `npm test` instead of waiting for a reviewer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url'];
// Globals that exist only in a browser page (not in the language, nor in Node): core may
// use none of them, so it runs the same in a worker, in Node tests and in the main process.
const domOnlyGlobals = Object.keys(globals.browser).filter((name) => !(name in globals.node) && !(name in globals.builtin));
const pageGlobals = [...new Set([...domOnlyGlobals, 'navigator', 'localStorage', 'sessionStorage'])];
const componentBans = [...nodeBuiltins, 'electron', 'dexie', '**/db/**', '**/platform*', '**/src-main/**'];
const componentBanMessage = 'components reach data and the host through state, never db tables, platform.ts or src-main';
const ban = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tests/artifacts/**', 'test-results/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src-renderer/core/**'],
    rules: ban(
      [...nodeBuiltins, 'electron', 'svelte', 'svelte/*', 'dexie', '**/db/**', '**/state/**', '**/dom/**', '**/components/**', '**/platform*'],
      'core is pure: no DOM, Node, Electron, Svelte or Dexie (DESIGN.md, Layers)',
    ),
  },
  {
    files: ['src-renderer/core/**'],
    rules: {
      'no-restricted-globals': ['error', ...pageGlobals.map((name) => ({ name, message: 'core is pure: no DOM or page globals (DESIGN.md, Layers)' }))],
    },
  },
  {
    files: ['src-renderer/db/**'],
    rules: ban([...nodeBuiltins, 'electron', '**/dom/**', '**/components/**', '**/state/**'], 'db may import core and Dexie only'),
  },
  {
    files: ['src-renderer/state/**'],
    rules: ban([...nodeBuiltins, 'electron', '**/components/**', '**/dom/**'], 'state may import core, db, platform: DOM code lives in dom/'),
  },
  {
    // Workers are platform: state is handed them (workers/spawn.ts, wired in app.ts), so it runs
    // in Node tests as it is and never decides where a script is loaded from.
    files: ['src-renderer/state/**'],
    rules: {
      'no-restricted-globals': ['error', ...['Worker', 'SharedWorker'].map((name) => ({ name, message: 'state is handed its workers (workers/spawn.ts): no Worker here' }))],
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'self', 'window'].flatMap((object) =>
          ['Worker', 'SharedWorker'].map((property) => ({ object, property, message: 'state is handed its workers (workers/spawn.ts): no Worker here' })),
        ),
      ],
    },
  },
  {
    files: ['src-renderer/dom/**'],
    rules: ban([...nodeBuiltins, 'electron', 'dexie', '**/db/**'], 'dom may import core only'),
  },
  {
    files: ['src-renderer/components/**', 'src-renderer/App.svelte'],
    rules: ban(componentBans, componentBanMessage),
  },
  {
    // App.svelte, the composition root, holds the AppState and hands each component the parts
    // it uses, so a component's props say what it reads and changes.
    files: ['src-renderer/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: componentBans, message: componentBanMessage },
            { group: ['**/state/app.svelte*'], message: 'components take narrow props, not the whole app: App.svelte passes each one the state it uses' },
          ],
        },
      ],
    },
  },
  {
    // The host's API object is reached through platform.ts alone, so the web host and Electron
    // stay interchangeable behind it.
    files: ['src-renderer/**'],
    ignores: ['src-renderer/platform.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='pizhu']", message: 'window.pizhu is read in platform.ts only' },
        { selector: "MemberExpression[property.value='pizhu']", message: 'window.pizhu is read in platform.ts only' },
      ],
    },
  },
  {
    files: ['src-main/**'],
    // api.ts is the contract both sides read; the menu is drawn from the renderer's command
    // table and catalogues (pure data), so that a command and its keys exist once.
    ignores: ['src-main/api.ts', 'src-main/menuTemplate.ts'],
    // Core is pure (its own rule below bans DOM, Node and Dexie), so the host may share it.
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src-renderer/(?!core/)',
              message: 'main imports nothing from the renderer but its pure core',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/preload/**'],
    rules: ban([...nodeBuiltins], 'the preload is one sandboxed bundle: electron only'),
  },
);
