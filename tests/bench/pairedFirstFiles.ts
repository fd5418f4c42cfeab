// `node --import tsx tests/bench/pairedFirstFiles.ts <build> <build> [...] [--pairs 4] [--annotations 100000]`:
// the annotation files' first start (annotationSyncChromium.ts's "first start"), the renderer
// builds given taking turns, each round in the other order than the one before, after one start
// that is not counted. The rows are put into one profile once; each start gets a copy of that
// profile and of the host's data folder, an empty `.pizhu/` folder, and a Chromium no test client
// watches (annotationSyncChromium.ts says why), and is timed from that Chromium's start until the
// folder holds every article's file and the codebook. One such start differs from the next by
// more than most changes measured here, so a change shows only beside the build before it.
//
// Builds are output folders made beforehand and used as they are; the build before a change
// comes from its commit, checked out beside this one (pairedColdStarts.ts says how). Every build
// is served by this checkout's web host, always on one port: the profile's database belongs to
// that origin.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src-main/web/server.ts';
import { ANNOTATION_FOLDER } from '../../src-renderer/core/annotationFileNames.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { fillProfile } from './annotationSyncChromium.ts';
import { benchAnnotations, writeBenchLibrary } from './chromium.ts';
import { generateAnnotations, generateArticles } from './generateLibrary.ts';
import { freePort } from './libraryStart.ts';
import { pairedArgs, runPairs, wholeNumberArg } from './pairedRounds.ts';

const { builds, pairs, values } = pairedArgs('pairedFirstFiles', 4, { annotations: '100000' });
const total = wholeNumberArg('pairedFirstFiles', 'annotations', values.annotations, 1_000, 'a whole number, 1,000 or more');

/** A start gives up after this long: one that never writes every file is a failure, not a figure. */
const RUN_LIMIT_MS = 300_000;

const work = mkdtempSync(join(tmpdir(), 'pizhu-paired-files-'));
const library = join(work, 'library');
const folder = join(library, ANNOTATION_FOLDER);
const filesInFolder = () => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')).length : 0);
const port = await freePort();
const hostOn = (build: string, dataDir: string) => startWebHost({ port, libraryRoot: library, dataDir, rendererDir: join(build, 'renderer'), quiet: true });

/** Writes the library and fills the profile with its rows; the number of article files a start writes. */
async function libraryWithRows(): Promise<number> {
  const raw = writeBenchLibrary(library);
  const libraryId = realpathSync(library);
  const benchRows = benchAnnotations(raw);
  const rows = [...generateAnnotations(generateArticles(10_000), { total: total - benchRows.length, min: 20, max: 80 }), ...benchRows].map((r) => ({ ...r, libraryIds: [libraryId] }));
  const host = await hostOn(builds[0], join(work, 'data'));
  try {
    await fillProfile(join(work, 'profile'), host, rows);
  } finally {
    await host.close();
  }
  return new Set(rows.map((r) => r.articleKey)).size;
}

async function firstStart(build: string, articleFiles: number): Promise<number> {
  const run = mkdtempSync(join(work, 'run-'));
  try {
    cpSync(join(work, 'profile'), join(run, 'profile'), { recursive: true });
    cpSync(join(work, 'data'), join(run, 'data'), { recursive: true });
    rmSync(folder, { recursive: true, force: true });
    const host = await hostOn(build, join(run, 'data'));
    try {
      const t0 = Date.now();
      const browser = spawn(chromiumExecutable() ?? 'chromium', [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${join(run, 'profile')}`, '--window-size=1600,1000', host.signInUrl()], { stdio: 'ignore', detached: true });
      try {
        while (filesInFolder() < articleFiles + 1) {
          if (Date.now() - t0 > RUN_LIMIT_MS) throw new Error(`pairedFirstFiles: ${build} wrote ${filesInFolder()} of ${articleFiles + 1} files`);
          await new Promise((r) => setTimeout(r, 50));
        }
        return Date.now() - t0;
      } finally {
        await stopProcessGroup(browser.pid);
      }
    } finally {
      await host.close();
    }
  } finally {
    rmSync(run, { recursive: true, force: true });
  }
}

/**
 * Stops Chromium and every process it started (its own process group: it was spawned detached),
 * and waits until none is left: a helper outliving the browser still writes into the profile.
 */
async function stopProcessGroup(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  const alive = (): boolean => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(-pid, 'SIGTERM');
  for (let waited = 0; alive(); waited += 100) {
    if (waited >= 10_000) process.kill(-pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  const articleFiles = await libraryWithRows();
  await runPairs(builds, pairs, async (build) => ({ ms: await firstStart(build, articleFiles) }));
} finally {
  rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
}
