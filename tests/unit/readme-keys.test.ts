// The README's key tables against the command table: every key a command has is documented,
// and every key the README documents is a command's (or one of the few keys that belong to
// the browser's own focus handling, listed here by hand).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, displayKeys } from '../../src-renderer/core/commandTable.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
/** Keys the README documents that no command owns: the platform's focus order. */
const NOT_COMMANDS = ['Tab'];

/** Backticked keys of the first column of every `| key | what it does |` table; `A1` … `A5` expanded. */
function readmeKeys(markdown: string): string[] {
  const keys: string[] = [];
  for (const table of markdown.split('| key | what it does |').slice(1)) {
    const rows = table.split('\n').slice(2);
    for (const row of rows) {
      if (!row.startsWith('|')) break;
      const cell = row.split('|')[1];
      const tokens = [...cell.matchAll(/`([^`]+)`|…/g)].map((m) => m[1] ?? '…');
      for (let i = 0; i < tokens.length; i++) {
        if (tokens[i] !== '…') keys.push(tokens[i]);
        else {
          const from = /^(.*?)(\d)$/.exec(tokens[i - 1]);
          const to = /^(.*?)(\d)$/.exec(tokens[i + 1]);
          if (!from || !to || from[1] !== to[1]) throw new Error(`cannot expand ${tokens[i - 1]} … ${tokens[i + 1]}`);
          for (let n = Number(from[2]) + 1; n < Number(to[2]); n++) keys.push(`${from[1]}${n}`);
        }
      }
    }
  }
  return keys;
}

describe('README key tables', () => {
  const documented = new Set(readmeKeys(README));

  it('reads ranges and alternatives the way they are written', () => {
    const sample = '| key | what it does |\n|---|---|\n| `Alt+1` … `Alt+3` or `F1` | x |\n| `Esc` | y |\n\nprose `Q`\n';
    expect(readmeKeys(sample)).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'F1', 'Esc']);
  });

  it('documents every key of every command', () => {
    const missing = COMMANDS.flatMap((command) => command.keys.map((binding) => ({ id: command.id, key: displayKeys(binding) }))).filter(({ key }) => !documented.has(key));
    expect(missing).toEqual([]);
  });

  it('documents no key that no command has', () => {
    const shown = new Set(COMMANDS.flatMap((command) => command.keys.map((binding) => displayKeys(binding))));
    expect([...documented].filter((key) => !shown.has(key) && !NOT_COMMANDS.includes(key))).toEqual([]);
  });
});
