// Two machines, as the reader has them: on each a web host with its own data folder and a
// browser profile of its own, reading its own copy of the library; the two copies kept in step
// by two real Syncthing instances on 127.0.0.1 (the pair's loopback-only config, checked by its
// guard before either serves). A highlight and a note made in A reach B's pane through
// Syncthing and B's watcher; edits made on both sides while the link is paused come back
// together after it resumes: Syncthing's conflict copy is merged by the app and removed, and
// both sides end with every edit and the same files.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';
import { startBudgetMs, startSyncthingPair, syncthingBinary, within, type StartOptions, type SyncthingNode, type SyncthingPair } from './syncthingPair.ts';

const REPO = resolve(import.meta.dirname, '../..');
const RENDERER = join(resolve(REPO, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer');
const binary = syncthingBinary();
const NOT_INSTALLED = 'syncthing is not installed (Debian: apt-get install syncthing; .ci/run installs it)';

// A seed article (a news report in the repository's seeds) and three passages of it.
const SEED = '000_5cd884f326e428d3.txt';
const TITLE = '快多好省 敢为争先 安吉';
const FIRST = '安吉入选';
const ON_A = '绿水青山环绕';
const ON_B = '安吉县城航拍图';
const NOTE_FIRST = '甲机写的笔记：营商环境的排名出处';
const NOTE_A = '断网时甲机写的：生态与产业';
const NOTE_B = '断网时乙机写的：航拍图的作者';

/** Every wait of this file gives up after this long, well inside the test's own timeout. */
const WAIT_MS = 60_000;
const START: StartOptions = { waitTimeoutMs: WAIT_MS };
/**
 * The setup: the pair's start, the library carried to B, two hosts and browsers. The hook fails
 * itself (with a message) before vitest would time it out.
 */
const SETUP_HOOK_MS = startBudgetMs(START) + 4 * WAIT_MS;

interface Machine {
  node: SyncthingNode;
  host: WebHost;
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for. */
  requests: string[];
}

async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, nudge?: () => Promise<void>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let lastNudge = 0;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    // Syncthing's watcher batches changes for a second or more; a scan asked for now is sooner.
    if (nudge && Date.now() - lastNudge > 2_000) {
      lastNudge = Date.now();
      await nudge().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Text of every range painted under the highlight `name` (the renderer paints with the CSS Custom Highlight API). */
const painted = (page: Page, name = 'pizhu-yellow') =>
  page.evaluate((name) => {
    const h = CSS.highlights.get(name);
    return h
      ? [...h].map((r) => {
          const s = r as AbstractRange;
          const live = document.createRange();
          live.setStart(s.startContainer, s.startOffset);
          live.setEnd(s.endContainer, s.endOffset);
          return live.toString();
        })
      : [];
  }, name);

const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });

async function openPane(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await pane(page).waitFor({ state: 'visible' });
}

/** Caret before `passage`, Shift+→ over it, H, then N and the note typed, as a keyboard user does. */
async function highlightWithNote(page: Page, passage: string, note: string): Promise<void> {
  await page.evaluate((passage) => {
    const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes(passage));
    if (!node) throw new Error(`not in the body: ${passage}`);
    node.parentElement!.scrollIntoView({ block: 'center' });
    document.getElementById('reader')!.focus({ preventScroll: true });
    document.getSelection()!.collapse(node, node.data.indexOf(passage));
  }, passage);
  for (let i = 0; i < passage.length; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await page.evaluate(() => document.getSelection()!.toString())).toBe(passage);
  await page.keyboard.press('h');
  await until(`${passage} painted`, async () => (await painted(page)).includes(passage));
  await page.keyboard.press('n');
  const editor = pane(page).getByRole('textbox', { name: '笔记' });
  await editor.waitFor({ state: 'visible' });
  await page.keyboard.type(note);
  await page.keyboard.press('Escape');
  await until(`the note “${note}” shown`, async () => (await pane(page).textContent())?.includes(note));
}

/** The files of a side's .pizhu folder (Syncthing's own temporary files left out: they come and go). */
const pizhuFiles = (node: SyncthingNode): string[] => {
  const dir = join(node.library, '.pizhu');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.syncthing.'))
    .map((e) => e.name)
    .sort();
};
const articleFile = (node: SyncthingNode): string | undefined => pizhuFiles(node).find((f) => f.startsWith('000_') && !f.includes('.sync-conflict-'));
const readPizhu = (node: SyncthingNode, name: string): string => readFileSync(join(node.library, '.pizhu', name), 'utf8');

describe('two machines: web hosts and browsers on two library copies kept in step by Syncthing', () => {
  let pair: SyncthingPair | undefined;
  const machines: Machine[] = [];
  const profiles: string[] = [];
  let a: Machine;
  let b: Machine;
  // A setup that fails is each test's failure, with its message, rather than tests skipped
  // because their hook failed.
  let setupFailure: unknown;
  const nudge = async () => {
    if (!pair) return;
    await Promise.all([pair.scan(pair.a), pair.scan(pair.b)]);
  };

  // What a setup cut short by its limit goes on to start is left to the process's exit (the pair's
  // exit handler, Playwright's own): the tests have failed by then.
  async function setUp(): Promise<void> {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error(`the renderer is not built (${RENDERER}): run \`npm run build\` first (npm test builds before this step)`);
    pair = await startSyncthingPair(START);
    // The library is made on A and carried to B by Syncthing, as a reader's second machine gets it.
    cpSync(join(REPO, 'seeds', SEED), join(pair.a.library, SEED));
    await pair.scan(pair.a);
    await pair.waitForFile(pair.b, SEED);
    await pair.waitInSync();
    for (const node of [pair.a, pair.b]) {
      const host = await startWebHost({ port: 0, libraryRoot: node.library, dataDir: join(pair.root, node.name, 'data'), rendererDir: RENDERER, quiet: true });
      const profile = mkdtempSync(join(tmpdir(), 'pizhu-sync-profile-'));
      profiles.push(profile);
      const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
      const requests: string[] = [];
      context.on('request', (r) => requests.push(r.url()));
      const page = context.pages()[0] ?? (await context.newPage());
      machines.push({ node, host, context, page, requests });
      await page.goto(host.signInUrl());
      await page.getByRole('navigation', { name: '文章列表' }).getByRole('link', { name: new RegExp(TITLE) }).click();
      await page.getByRole('main').getByRole('heading', { level: 1 }).filter({ hasText: TITLE }).waitFor();
      await openPane(page);
    }
    [a, b] = machines;
  }

  beforeAll(async () => {
    if (!binary) return;
    try {
      await within('the two machines’ setup', SETUP_HOOK_MS - 10_000, setUp);
    } catch (error) {
      setupFailure = error;
    }
  }, SETUP_HOOK_MS);

  afterAll(async () => {
    for (const m of machines) {
      // Nothing either browser asked for left its own web host.
      const origin = new URL(m.host.url).origin;
      expect(m.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
      await m.context.close();
      await m.host.close();
    }
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
    if (!pair) return;
    const children = [pair.a.process, pair.b.process];
    await pair.stop();
    for (const child of children) expect(() => process.kill(child!.pid!, 0)).toThrow();
  }, WAIT_MS);

  beforeEach((ctx) => {
    if (!binary) ctx.skip(NOT_INSTALLED);
    if (setupFailure) throw setupFailure;
  });

  it('a highlight and a note made in A arrive in B’s pane', async () => {
    await highlightWithNote(a.page, FIRST, NOTE_FIRST);
    await until('A’s annotation file holding the note', () => {
      const name = articleFile(a.node);
      return name !== undefined && readPizhu(a.node, name).includes(NOTE_FIRST);
    });
    await until('the highlight painted in B', async () => (await painted(b.page)).includes(FIRST), nudge);
    await until('the note in B’s pane', async () => (await pane(b.page).textContent())?.includes(NOTE_FIRST), nudge);
  }, 2 * WAIT_MS);

  it('edits made on both sides while the link is paused converge after it resumes: the conflict copy merged and gone, nothing lost', async () => {
    const p = pair!;
    const fileName = articleFile(a.node)!;
    await until('B’s annotation file as A wrote it', () => existsSync(join(b.node.library, '.pizhu', fileName)) && readPizhu(b.node, fileName) === readPizhu(a.node, fileName), nudge);
    await p.waitInSync();
    await p.pauseLink();

    // Both sides change the same article's file: Syncthing can only keep one under its name.
    await highlightWithNote(a.page, ON_A, NOTE_A);
    await highlightWithNote(b.page, ON_B, NOTE_B);
    await until('each side’s file holding its own edit', () => readPizhu(a.node, fileName).includes(NOTE_A) && readPizhu(b.node, fileName).includes(NOTE_B));
    await p.scan(p.a);
    await p.scan(p.b);

    // Every conflict copy that appears, on either side, however briefly.
    const copiesSeen = new Set<string>();
    const watchers: FSWatcher[] = [p.a, p.b].map((node) =>
      watch(join(node.library, '.pizhu'), (_event, name) => {
        if (name && String(name).includes('.sync-conflict-')) copiesSeen.add(`${node.name}:${String(name)}`);
      }),
    );
    try {
      await p.resumeLink();
      const all = [FIRST, ON_A, ON_B].sort();
      for (const m of [a, b]) {
        await until(`all three highlights painted in ${m.node.name}`, async () => (await painted(m.page)).sort().join() === all.join(), nudge);
        for (const note of [NOTE_FIRST, NOTE_A, NOTE_B]) await until(`“${note}” in ${m.node.name}’s pane`, async () => (await pane(m.page).textContent())?.includes(note), nudge);
      }
      // The copies are merged and removed, and both sides hold the same files, with every edit.
      await until(
        'the same annotation files on both sides, no conflict copy left',
        async () => {
          await p.waitInSync();
          const [fa, fb] = [pizhuFiles(p.a), pizhuFiles(p.b)];
          if (fa.some((f) => f.includes('.sync-conflict-')) || fb.some((f) => f.includes('.sync-conflict-'))) return false;
          try {
            return fa.join() === fb.join() && fa.every((f) => readPizhu(p.a, f) === readPizhu(p.b, f));
          } catch {
            // A file replaced between the listing and the read: look again.
            return false;
          }
        },
        nudge,
      );
    } finally {
      for (const w of watchers) w.close();
    }
    expect(copiesSeen.size).toBeGreaterThan(0);
    const merged = readPizhu(p.a, fileName);
    for (const note of [NOTE_FIRST, NOTE_A, NOTE_B]) expect(merged).toContain(note);
    // Neither app set anything aside as unreadable: Syncthing's copy was read as a copy.
    for (const node of [p.a, p.b]) expect(existsSync(join(node.library, '.pizhu', 'aside'))).toBe(false);
  }, 4 * WAIT_MS);
});
