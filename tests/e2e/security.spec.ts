// The renderer's side of the security checklist, in Chromium through the web host: a link in
// a note opens apart from the app (a new tab here, the user's browser in Electron, through
// window.open → setWindowOpenHandler → the allow-list) and never navigates the app's page; a
// script link is no link at all; and the app runs under its strict CSP without one violation.
import { expect, test } from '@playwright/test';
import { library, newProfileDir, offHostRequests, openBrowser, reader, startHost, type Host } from './harness.ts';

const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const LINK = 'https://example.com/zhengce/yingshang.html';

let host: Host;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host?.close();
});

test('a link in a note opens apart from the app and never navigates it; the app keeps its CSP', async () => {
  const session = await openBrowser(host, newProfileDir());
  const { context, page } = session;
  try {
    // The link's target is never fetched: the test has no network, and the point is where it opens.
    await context.route('https://example.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>external</title>' }));
    // Watch for CSP violations from the first byte: listen, then load the app again (the
    // session cookie survives a reload).
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const consoleCsp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text());
    });
    await page.reload();

    await library(page).getByRole('link', { name: new RegExp(TITLE.slice(0, 8)) }).click();
    await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
    const appUrl = page.url();

    // A highlight with a note holding an https link and a script link, keyboard only.
    await page.evaluate(() => {
      const nodes = [...document.querySelectorAll('article [data-v]')].map((el) => el.firstChild).filter((n): n is Text => n instanceof Text);
      const node = nodes.find((n) => n.data.includes('安吉'))!;
      node.parentElement!.scrollIntoView({ block: 'center' });
      document.getElementById('reader')!.focus({ preventScroll: true });
      document.getSelection()!.collapse(node, node.data.indexOf('安吉'));
    });
    for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('h');
    await page.keyboard.press('n');
    const pane = page.getByRole('complementary', { name: '标注' });
    await expect(pane.getByRole('textbox', { name: '笔记' })).toBeFocused();
    await page.keyboard.type(`见[政策原文](${LINK})与[脚本](javascript:alert(document.domain))`);
    await page.keyboard.press('Escape');

    const link = pane.getByRole('link', { name: '政策原文' });
    await expect(link).toHaveAttribute('href', LINK);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', /noopener/);
    // The script link is shown as its text, never as something to click.
    await expect(pane.getByRole('link', { name: '脚本' })).toHaveCount(0);
    await expect(pane).toContainText('脚本');

    const popup = context.waitForEvent('page');
    await link.click();
    const opened = await popup;
    await opened.waitForLoadState();
    expect(opened.url()).toBe(LINK);
    // noopener: the other page gets no handle back to the app.
    expect(await opened.evaluate(() => window.opener)).toBeNull();
    await opened.close();

    // The app's page is where it was, still showing the article.
    expect(page.url()).toBe(appUrl);
    await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(TITLE);
    await expect(pane.getByRole('link', { name: '政策原文' })).toBeVisible();

    // Search runs in the worker: the CSP must let it start and answer.
    await page.keyboard.press('Control+k');
    const search = page.getByRole('dialog', { name: '搜索文库' });
    await expect(search).toBeVisible();
    await search.getByRole('combobox', { name: '搜索文章、笔记和主题' }).fill('营商环境');
    await expect(search.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
    await expect(search.getByRole('option').first()).toBeVisible();
    await page.keyboard.press('Escape');

    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(consoleCsp).toEqual([]);
    expect(offHostRequests(session.requests, host.origin).filter((u) => u !== LINK)).toEqual([]);
  } finally {
    await session.close();
  }
});
