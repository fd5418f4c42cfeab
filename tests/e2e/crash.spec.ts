// Notes are never lost: the browser is killed (SIGKILL, no unload, no flush) while a note is
// being typed, then started again on the same profile. Once after the editor's save delay,
// once inside it: each keystroke is kept in IndexedDB as a crash draft first (db/drafts.ts),
// so the second survives too.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { holdTypingDelays, library, newProfileDir, reader, storedRows, useWebHost, chooseScript } from './harness.ts';

const web = useWebHost();
const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const pane = (page: Page) => page.getByRole('complementary', { name: '标注' });

/** The Chromium that Playwright launched from this process for `profileDir` (its process group leader). */
function browserPid(profileDir: string): number {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(profileDir)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no browser for ${profileDir}`);
}

/** A crash: the whole browser, renderer included, is gone at once; nothing gets to save. */
async function killBrowser(profileDir: string): Promise<void> {
  const pid = browserPid(profileDir);
  process.kill(-pid, 'SIGKILL');
  await expect.poll(() => readdirSync('/proc').includes(String(pid))).toBe(false);
}

/** Selects 安吉入选 with the keyboard, then N: a highlight and its note editor, focused. */
async function startNote(page: Page): Promise<void> {
  await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await chooseScript(page, '简体');
  await expect(reader(page)).toContainText('安吉入选');
  await page.evaluate(() => {
    const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
    const node = nodes.find((n) => n.data.includes('安吉入选'))!;
    node.parentElement!.scrollIntoView({ block: 'center' });
    document.getElementById('reader')!.focus({ preventScroll: true });
    document.getSelection()!.collapse(node, node.data.indexOf('安吉入选'));
  });
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('n');
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
}

async function noteAfterRestart(profile: string): Promise<Page> {
  const { page } = await web.open(profile);
  // The last article read opens by itself.
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  return page;
}

test('a note typed a second before the browser is killed is there after a restart, whole', async () => {
  const profile = newProfileDir();
  const { page } = await web.open(profile);
  await startNote(page);
  const note = '崩溃之前写下的笔记：营商环境是安吉的口碑。';
  await page.keyboard.type(note, { delay: 20 });
  // Longer than the editor's save delay, with focus still in the editor: no blur has saved it.
  await page.waitForTimeout(1000);
  await expect(pane(page).getByRole('textbox', { name: '笔记' })).toBeFocused();
  await killBrowser(profile);

  const after = await noteAfterRestart(profile);
  await expect(pane(after).getByRole('list', { name: '本文标注' })).toContainText(note);
});

test('a note whose last keystrokes came just before the kill (inside the save delay) is there, whole', async () => {
  const profile = newProfileDir();
  const { page } = await web.open(profile);
  await startNote(page);
  await page.keyboard.type('前半句已经存过，', { delay: 20 });
  await page.waitForTimeout(1000);
  // The last keystrokes: killed inside the save delay, which is held so that a slow machine
  // cannot let it run out first; only the crash draft, written at each keystroke, holds them.
  await holdTypingDelays(page);
  await page.keyboard.type('后半句还在等保存', { delay: 20 });
  await expect
    .poll(async () => (await storedRows<{ note: string }>(page, 'drafts')).map((d) => d.note))
    .toEqual(['前半句已经存过，后半句还在等保存']);
  await killBrowser(profile);

  const after = await noteAfterRestart(profile);
  await expect(pane(after).getByRole('list', { name: '本文标注' })).toContainText('前半句已经存过，后半句还在等保存');
});
