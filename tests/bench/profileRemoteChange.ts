// `node --import tsx tests/bench/profileRemoteChange.ts [out.cpuprofile]`: CPU profiles of the
// page and its workers while one annotation file changes on disk (the open article's, 1,000
// highlights, replaced by one with a new highlight as a sync tool would: written aside, renamed
// over), from the rename until the frame that draws the new highlight; and the functions with
// the most self time. Where the "one remote change" figure of annotationSyncChromium.ts goes.
// `[filler]` more annotations on other articles are stored first (and their files written), as
// in that bench's database of 100,000: what of the change's cost grows with the database.
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { fingerprintText } from '../../src-main/library/decode.ts';
import { startWebHost } from '../../src-main/web/server.ts';
import { articleFileText, codebookFileText } from '../../src-renderer/core/annotationFiles.ts';
import { ANNOTATION_FOLDER, articleFileName, CODEBOOK_FILE_NAME } from '../../src-renderer/core/annotationFileNames.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { putRows } from '../support/rawIndexedDb.ts';
import { countRows, signedInPage } from './annotationSyncChromium.ts';
import { BENCH_KEY, benchAnnotations, ensureBuilt, rendererDir, settledRanges, writeBenchLibrary } from './chromium.ts';
import { profilePageAndWorkers } from './cpuProfiles.ts';
import { BENCH_THEMES, generateAnnotations, generateArticles } from './generateLibrary.ts';

const outFile = process.argv[2] ?? join(tmpdir(), 'pizhu-remote-change.cpuprofile');
const filler = Number(process.argv[3] ?? 0);
ensureBuilt();
const work = mkdtempSync(join(tmpdir(), 'pizhu-profile-remote-'));
const library = join(work, 'library');
const raw = writeBenchLibrary(library);
const fingerprint = fingerprintText(raw);
const rows: AnnotationRecord[] = benchAnnotations(raw);
const folder = join(library, ANNOTATION_FOLDER);
mkdirSync(folder, { recursive: true });
const fileName = join(folder, articleFileName(BENCH_KEY));
writeFileSync(join(folder, CODEBOOK_FILE_NAME), codebookFileText(BENCH_THEMES));
writeFileSync(fileName, articleFileText({ articleKey: BENCH_KEY, fingerprint, annotations: rows, title: null }, BENCH_THEMES));

const host = await startWebHost({ port: 0, libraryRoot: library, dataDir: join(work, 'data'), rendererDir: rendererDir(), quiet: true });
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
try {
  const page = await signedInPage(browser);
  const context = page.context();
  let base = 0;
  page.on('console', (m) => { const t = m.text(); if (t.startsWith('T ')) { const [a, b, c, ...rest] = t.split(' '); console.log(a, b, Number(c) - base, rest.join(' ')); } });
  await page.goto(host.signInUrl());
  if (filler > 0) {
    await page.locator('article h1').waitFor();
    const libraryId = realpathSync(library);
    const others = generateAnnotations(generateArticles(10_000), { total: filler, min: 20, max: 80 }).map((r) => ({ ...r, libraryIds: [libraryId] }));
    for (let i = 0; i < others.length; i += 10_000) await putRows(page, { annotations: others.slice(i, i + 10_000) });
    const files = new Set(others.map((r) => r.articleKey)).size + 2;
    await page.reload();
    const t0 = Date.now();
    while (readdirSync(folder).filter((f) => f.endsWith('.json')).length < files || (await countRows(page)) < others.length + rows.length) {
      if (Date.now() - t0 > 300_000) throw new Error('profile: the filler’s files were never all written');
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`${others.length} more annotations stored and written in ${Date.now() - t0} ms`);
    await new Promise((r) => setTimeout(r, 3000));
  }
  await page.locator(`a[href="?article=${encodeURIComponent(BENCH_KEY)}"]`).click();
  await page.locator('article h1').waitFor();
  await settledRanges(page);
  const canonical = loadArticle(raw, { fileName: BENCH_KEY }).clean.text;
  const travelling = rows.map((r) => ({ ...r }));
  for (let i = 0; i < 3; i++) {
    const start = 200 + i * 97;
    const stamp = Date.UTC(2026, 5, 1) + i;
    travelling.push({ id: `remote-${i}`, articleKey: BENCH_KEY, fingerprint, cleanVersion: CLEAN_VERSION, ...describeRange(canonical, { start, end: start + 5 }), color: 'purple', style: 'highlight', note: '', tagIds: [], createdAt: stamp, updatedAt: stamp, deletedAt: null });
    const want = (await settledRanges(page)) + 1;
    await page.evaluate((want) => {
      (window as unknown as { __drawnAt: Promise<number> }).__drawnAt = (async () => {
        for (;;) {
          await window.__bench.nextFrame();
          if (window.__bench.drawn().ranges >= want) return Date.now();
        }
      })();
    }, want);
    const profiles = i === 2 ? await profilePageAndWorkers(context, page) : null;
    writeFileSync(`${fileName}.incoming`, articleFileText({ articleKey: BENCH_KEY, fingerprint, annotations: travelling, title: null }, BENCH_THEMES));
    const at = Date.now();
    base = at;
    renameSync(`${fileName}.incoming`, fileName);
    const drawnAt = await page.evaluate(() => (window as unknown as { __drawnAt: Promise<number> }).__drawnAt);
    console.log(`change ${i}: drawn ${drawnAt - at} ms after the rename`);
    await profiles?.stop(outFile);
  }
} finally {
  await browser.close();
  await host.close();
  rmSync(work, { recursive: true, force: true });
}
