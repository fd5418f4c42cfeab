// `node --import tsx tests/bench/profileAnnotationFiles.ts [annotations] [out.cpuprofile]`: CPU
// profiles of the page and its workers over the first start that writes the annotation files
// (annotationSyncChromium.ts's "first start" figure, at a size of choice, 100,000 there): from
// the page's load, with the rows already in its database and no files, until every article's
// file and the codebook are on disk; and the functions with the most self time.
import { chromium } from 'playwright-core';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost } from '../../src-main/web/server.ts';
import { ANNOTATION_FOLDER } from '../../src-renderer/core/annotationFileNames.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { putRows } from '../support/rawIndexedDb.ts';
import { BENCH_KEY, benchAnnotations, benchArticle, ensureBuilt, pageHelpers, rendererDir } from './chromium.ts';
import { profilePageAndWorkers } from './cpuProfiles.ts';
import { BENCH_THEMES, generateAnnotations, generateArticles } from './generateLibrary.ts';

const total = Number(process.argv[2] ?? 20_000);
const outFile = process.argv[3] ?? join(tmpdir(), 'pizhu-annotation-files.cpuprofile');
ensureBuilt();
const work = mkdtempSync(join(tmpdir(), 'pizhu-profile-files-'));
const library = join(work, 'library');
cpSync(resolve(import.meta.dirname, '../../seeds'), library, { recursive: true });
const raw = benchArticle();
writeFileSync(join(library, BENCH_KEY), raw);
const libraryId = realpathSync(library);
const benchRows = benchAnnotations(raw);
const rows: AnnotationRecord[] = [...generateAnnotations(generateArticles(Math.max(100, total / 10)), { total: total - benchRows.length, min: 20, max: 80 }), ...benchRows].map((r) => ({ ...r, libraryIds: [libraryId] }));
const articleFiles = new Set(rows.map((r) => r.articleKey)).size;
const host = await startWebHost({ port: 0, libraryRoot: library, dataDir: join(work, 'data'), rendererDir: rendererDir(), quiet: true });
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
try {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1600, height: 1000 } });
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await context.addInitScript(pageHelpers);
  const page = await context.newPage();
  await page.goto(host.signInUrl());
  await page.locator('article h1').waitFor();
  const url = page.url();
  for (let i = 0; i < rows.length; i += 10_000) await putRows(page, { annotations: rows.slice(i, i + 10_000) });
  await putRows(page, { tags: [...BENCH_THEMES] });
  rmSync(join(library, ANNOTATION_FOLDER), { recursive: true, force: true });
  const folder = join(library, ANNOTATION_FOLDER);
  const filesIn = () => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')).length : 0);
  const profiles = await profilePageAndWorkers(context, page);
  const t0 = Date.now();
  await page.goto(url);
  while (filesIn() < articleFiles + 1 && Date.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 50));
  console.log(`${rows.length.toLocaleString('en-US')} annotations in ${articleFiles.toLocaleString('en-US')} files written ${Date.now() - t0} ms after the page load began`);
  await profiles.stop(outFile);
} finally {
  await browser.close();
  await host.close();
  rmSync(work, { recursive: true, force: true });
}
