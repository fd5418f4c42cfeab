// `node --import tsx tests/bench/profileAnnotationFiles.ts [--read-back] [annotations] [out.cpuprofile]`:
// CPU profiles of the page and its workers over the first start that writes the annotation
// files (annotationSyncChromium.ts's "first start" figure, at a size of choice, 100,000 there):
// from the page's load, with the rows already in its database and no files, until every
// article's file and the codebook are on disk; and the functions with the most self time.
// With `--read-back`, over its "read back" instead: a second host on a copy of the library and
// a fresh profile, from its page's load until its database holds every row.
import { chromium } from 'playwright-core';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src-main/web/server.ts';
import { ANNOTATION_FOLDER } from '../../src-renderer/core/annotationFileNames.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { putRows } from '../support/rawIndexedDb.ts';
import { countRows, signedInPage } from './annotationSyncChromium.ts';
import { benchAnnotations, ensureBuilt, rendererDir, writeBenchLibrary } from './chromium.ts';
import { profilePageAndWorkers } from './cpuProfiles.ts';
import { BENCH_THEMES, generateAnnotations, generateArticles } from './generateLibrary.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const readBack = process.argv.includes('--read-back');
const total = Number(args[0] ?? 20_000);
const outFile = args[1] ?? join(tmpdir(), 'pizhu-annotation-files.cpuprofile');
ensureBuilt();
const work = mkdtempSync(join(tmpdir(), 'pizhu-profile-files-'));
const library = join(work, 'library');
const raw = writeBenchLibrary(library);
const libraryId = realpathSync(library);
const benchRows = benchAnnotations(raw);
const rows: AnnotationRecord[] = [...generateAnnotations(generateArticles(Math.max(100, total / 10)), { total: total - benchRows.length, min: 20, max: 80 }), ...benchRows].map((r) => ({ ...r, libraryIds: [libraryId] }));
const articleFiles = new Set(rows.map((r) => r.articleKey)).size;
const host = await startWebHost({ port: 0, libraryRoot: library, dataDir: join(work, 'data'), rendererDir: rendererDir(), quiet: true });
const hosts = [host];
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
try {
  const page = await signedInPage(browser);
  const context = page.context();
  await page.goto(host.signInUrl());
  await page.locator('article h1').waitFor();
  const url = page.url();
  for (let i = 0; i < rows.length; i += 10_000) await putRows(page, { annotations: rows.slice(i, i + 10_000) });
  await putRows(page, { tags: [...BENCH_THEMES] });
  rmSync(join(library, ANNOTATION_FOLDER), { recursive: true, force: true });
  const folder = join(library, ANNOTATION_FOLDER);
  const filesIn = () => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')).length : 0);
  const profiles = readBack ? null : await profilePageAndWorkers(context, page);
  const t0 = Date.now();
  await page.goto(url);
  while (filesIn() < articleFiles + 1 && Date.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 50));
  console.log(`${rows.length.toLocaleString('en-US')} annotations in ${articleFiles.toLocaleString('en-US')} files written ${Date.now() - t0} ms after the page load began`);
  await profiles?.stop(outFile);
  if (readBack) {
    await page.waitForTimeout(1000);
    const copy = join(work, 'library-b');
    cpSync(library, copy, { recursive: true });
    const hostB = await startWebHost({ port: 0, libraryRoot: copy, dataDir: join(work, 'data-b'), rendererDir: rendererDir(), quiet: true });
    hosts.push(hostB);
    const pageB = await signedInPage(browser);
    const profilesB = await profilePageAndWorkers(pageB.context(), pageB);
    const t1 = Date.now();
    await pageB.goto(hostB.signInUrl());
    while ((await countRows(pageB)) < rows.length && Date.now() - t1 < 600_000) await new Promise((r) => setTimeout(r, 100));
    console.log(`read back: ${rows.length.toLocaleString('en-US')} rows stored ${Date.now() - t1} ms after the page load began`);
    await profilesB.stop(outFile);
  }
} finally {
  await browser.close();
  for (const h of hosts) await h.close();
  rmSync(work, { recursive: true, force: true });
}

