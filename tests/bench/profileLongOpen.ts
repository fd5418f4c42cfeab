// `node --import tsx tests/bench/profileLongOpen.ts [--whole] [out.cpuprofile]`: CPU profiles of the page
// and its workers over the first open of the 10 MB one-line article in a fresh profile (the
// bench's "open" figure, longArticle.ts), and the functions with the most self time: where
// that figure's time goes.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost } from '../../src-main/web/server.ts';
import { convertText } from '../../src-renderer/core/scriptText.ts';
import { chromiumExecutable } from '../support/chromium.ts';
import { largeArticle, LARGE_FIRST } from '../support/largeArticle.ts';
import { ensureBuilt, launchForBench, rendererDir } from './chromium.ts';
import { profilePageAndWorkers } from './cpuProfiles.ts';
import { freshPage, LONG_KEY, setStart, shownInView, watchLongTasks } from './longArticle.ts';

const outFile = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(tmpdir(), 'pizhu-long-open.cpuprofile');
ensureBuilt();
const work = mkdtempSync(join(tmpdir(), 'pizhu-profile-long-'));
const libraryDir = join(work, 'library');
cpSync(resolve(import.meta.dirname, '../../seeds'), libraryDir, { recursive: true });
writeFileSync(join(libraryDir, LONG_KEY), largeArticle({ oneLine: true }).text);
const host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir: join(work, 'data'), rendererDir: rendererDir(), quiet: true });
const browser = await launchForBench(chromiumExecutable());
try {
  if (browser) {
    const page = await freshPage(browser, host);
    page.on('console', (m) => { if (m.text().startsWith('T ')) console.log(m.text()); });
    const switching = process.argv.includes('--switch');
    let profiles = switching ? null : await profilePageAndWorkers(page.context(), page);
    await watchLongTasks(page);
    await setStart(page, { link: `?article=${encodeURIComponent(LONG_KEY)}` });
    console.log('T click', await page.evaluate(() => performance.now().toFixed(0)));
    const opened = await shownInView(page, LARGE_FIRST.slice(0, 12));
    console.log(`opening sentence in view after ${opened.ms.toFixed(0)} ms; longest main-thread task ${opened.longest.toFixed(0)} ms`);
    if (process.argv.includes('--switch')) {
      await page.evaluate(() => new Promise((done) => setTimeout(done, 500)));
      await setStart(page, { script: 't' });
      profiles = await profilePageAndWorkers(page.context(), page);
      console.log('T switch', await page.evaluate(() => performance.now().toFixed(0)));
      const switched = await shownInView(page, convertText(LARGE_FIRST, 't').slice(0, 12));
      console.log(`繁體 in view after ${switched.ms.toFixed(0)} ms; longest task ${switched.longest.toFixed(0)} ms`);
    }
    // With `--whole`, on until the whole text is in (the sign that the rest is being read gone).
    if (process.argv.includes('--whole')) {
      await page.locator('.converting-sign', { hasText: '正在读入全文' }).waitFor({ state: 'detached', timeout: 120_000 });
      console.log(`whole text in; longest main-thread task since the click ${(await page.evaluate(() => Math.max(0, ...window.__longTasks!))).toFixed(0)} ms`);
    }
    await profiles!.stop(outFile);
  }
} finally {
  await browser?.close();
  await host.close();
  rmSync(work, { recursive: true, force: true });
}
