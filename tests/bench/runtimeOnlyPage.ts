// A Chromium page driven over the DevTools protocol's pipe, its Network domain never turned on.
//
// Playwright turns on the Network domain of every page it drives, and Chromium then copies each
// response body for the client: on this machine that made reading a megabyte annotation file's
// body in the page take nearly twice as long (same page, same host, with the domain on and
// off). A person's browser has no such client. The figures that move megabytes through fetch
// (the annotation files read back, a remote change read again)
// are taken on this page instead, so that they are the app's and not the test client's.
//
// Hand-written rather than a CDP library: it needs a handful of commands (Target, Page, Runtime)
// over Chromium's own pipe (`--remote-debugging-pipe`, NUL-separated JSON on descriptors 3 and
// 4), nothing else.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';

export interface RuntimeOnlyPage {
  /** As Playwright's: `fn` runs in the page with `arg` (JSON), its awaited result comes back as JSON. */
  evaluate: Page['evaluate'];
  /** Opens `url`; resolves once the navigation is under way (poll with waitUntil for what it shows). */
  goto(url: string): Promise<void>;
  /** Sends one DevTools command to the page's session (a profiler, say), and answers its result. */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Polls `fn(arg)` in the page (every 50 ms, across navigations) until it returns true. */
  waitUntil<A>(fn: (arg: A) => boolean, arg: A, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * Starts a headless Chromium on `profileDir` (1600×1000, zh-CN) on a blank page, and runs
 * `initScripts` in every document opened after, before the page's own. Null when there is no
 * Chromium to start.
 */
export async function launchRuntimeOnly({ profileDir, initScripts }: { profileDir: string; initScripts: string[] }): Promise<RuntimeOnlyPage | null> {
  const executable = chromiumExecutable();
  if (!executable) return null;
  const child: ChildProcess = spawn(executable, [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${profileDir}`, '--window-size=1600,1000', '--lang=zh-CN', '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const toChromium = child.stdio[3] as Writable;
  const fromChromium = child.stdio[4] as Readable;
  const waiting = new Map<number, (reply: Reply) => void>();
  let exited: Error | null = null;
  let nextId = 0;
  let pending = '';
  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\0'); end >= 0; end = pending.indexOf('\0')) {
      const reply = JSON.parse(pending.slice(0, end)) as Reply;
      pending = pending.slice(end + 1);
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id ?? -1);
    }
  });
  child.on('exit', (code) => {
    exited = new Error(`Chromium exited (${code})`);
    for (const resolve of waiting.values()) resolve({ error: { message: exited.message } });
    waiting.clear();
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(exited);
      const id = ++nextId;
      waiting.set(id, (reply) => (reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result ?? {})));
      toChromium.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  let targetId: string | undefined;
  for (let tries = 0; !targetId; tries++) {
    const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    targetId = targetInfos.find((t) => t.type === 'page')?.targetId;
    if (!targetId && tries > 100) throw new Error('Chromium opened no page');
    if (!targetId) await new Promise((r) => setTimeout(r, 50));
  }
  const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  // Scripts for new documents are only run once the Page domain is on (it reports frames, not bodies).
  await send('Page.enable', {}, sessionId);
  for (const source of initScripts) await send('Page.addScriptToEvaluateOnNewDocument', { source }, sessionId);

  const evaluate = async (fn: unknown, arg?: unknown): Promise<unknown> => {
    const expression = `(${String(fn)})(${arg === undefined ? '' : JSON.stringify(arg)})`;
    const answer = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId)) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (answer.exceptionDetails) throw new Error(answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text);
    return answer.result.value;
  };
  return {
    evaluate: evaluate as Page['evaluate'],
    send: (method, params) => send(method, params, sessionId),
    async goto(url) {
      const { errorText } = (await send('Page.navigate', { url }, sessionId)) as { errorText?: string };
      if (errorText) throw new Error(`bench: cannot open ${url}: ${errorText}`);
    },
    async waitUntil(fn, arg, what, timeoutMs = 60_000) {
      const t0 = Date.now();
      for (;;) {
        // A navigation under way destroys the context the check ran in: that is "not yet".
        if ((await evaluate(fn, arg).catch(() => false)) === true) return;
        if (Date.now() - t0 > timeoutMs) throw new Error(`bench: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      await send('Browser.close').catch(() => undefined);
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
