// `npm run web`: the web host from the command line.
//   --port N (or PIZHU_PORT; 0 = any free port)   --library DIR   --data DIR   --renderer DIR
// Prints a sign-in URL good once; Enter prints another.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startWebHost } from './server.ts';
import { defaultDataDir } from '../settingsFile.ts';

function fail(message: string): never {
  console.error(`Pizhu web host: ${message}`);
  process.exit(2);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) fail(`invalid port ${JSON.stringify(raw)}`);
  return Number(raw);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        library: { type: 'string' },
        data: { type: 'string' },
        renderer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

if (values.help) {
  console.log('usage: npm run web -- [--port N] [--library DIR] [--data DIR] [--renderer DIR]');
  process.exit(0);
}

const rendererDir = resolve(values.renderer ?? join(import.meta.dirname, '../../out/renderer'));
if (!existsSync(join(rendererDir, 'index.html'))) fail(`no built renderer in ${rendererDir}: run \`npm run build\` first`);
if (values.library !== undefined && !existsSync(values.library)) fail(`library folder ${values.library} does not exist`);

try {
  const host = await startWebHost({
    port: parsePort(values.port ?? process.env.PIZHU_PORT),
    libraryRoot: values.library ? resolve(values.library) : null,
    dataDir: values.data ? resolve(values.data) : defaultDataDir(),
    rendererDir,
  });
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  // A spent code signs no one in again: Enter prints a fresh sign-in URL (another browser, or this one restarted).
  createInterface({ input: process.stdin }).on('line', () => console.log(`Pizhu web host: ${host.signInUrl()}`));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') fail('the port is in use: pass --port N (or PIZHU_PORT), or --port 0 for any free port');
  fail((error as Error).message);
}
