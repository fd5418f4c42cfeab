// A Chromium page driven over the DevTools protocol's pipe, its Network domain never turned on.
//
// Playwright turns on the Network domain of every page it drives, and Chromium then copies each
// response body for the client, which slows reading a body in the page (a megabyte annotation
// file's, measured with the domain on and off: same page, same host). A person's browser has no
// such client. The figures that move megabytes through fetch (the annotation files read back, a
// remote change read again) are taken on this page instead, so that they are the app's and not
// the test client's.
//
// Hand-written rather than a CDP library: it needs a handful of commands (Target, Page, Runtime)
// over Chromium's own pipe (`--remote-debugging-pipe`, NUL-separated JSON on descriptors 3 and
// 4), nothing else.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium.ts';

/** How often waitUntil looks again. */
const POLL_MS = 50;

/** A command Chromium has not answered by then is taken as lost (the bench then fails, saying which). */
const COMMAND_TIMEOUT_MS = 120_000;

export interface NoNetworkDomainPage {
  /** As Playwright's, for a function only: it runs in the page with `arg` (JSON), its awaited result comes back as JSON. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Opens `url`; resolves once the navigation is under way (poll with waitUntil for what it shows). */
  goto(url: string): Promise<void>;
  /** Sends one DevTools command to the page's session (a profiler, say), and answers its result. */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Polls `fn(arg)` in the page, across navigations, until it returns true. */
  waitUntil<A>(fn: (arg: A) => boolean, arg: A, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * Starts a headless Chromium on `profileDir` (1600×1000, zh-CN) on a blank page, and runs
 * `initScripts` in every document opened after, before the page's own. Names resolve to
 * nothing but 127.0.0.1, so the page cannot reach any other address. Null when there is no
 * Chromium to start.
 */
export async function launchNoNetworkDomainPage({ profileDir, initScripts }: { profileDir: string; initScripts: string[] }): Promise<NoNetworkDomainPage | null> {
  const executable = chromiumExecutable() ?? chromium.executablePath();
  if (!executable) return null;
  const child = spawn(
    executable,
    [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${profileDir}`, '--window-size=1600,1000', '--lang=zh-CN', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--remote-debugging-pipe', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toChromium = child.stdio[3] as Writable;
  const fromChromium = child.stdio[4] as Readable;
  const waiting = new Map<number, (message: Message) => void>();
  let gone: Error | null = null;
  const fail = (error: Error): void => {
    gone ??= error;
    for (const answer of waiting.values()) answer({ error: { message: gone.message } });
    waiting.clear();
  };
  child.on('error', (error) => fail(new Error(`Chromium did not start: ${error.message}`)));
  child.on('exit', (code) => fail(new Error(`Chromium exited (${code})`)));
  toChromium.on('error', (error) => fail(new Error(`the pipe to Chromium broke: ${error.message}`)));
  let nextId = 0;
  let pending = '';
  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\0'); end >= 0; end = pending.indexOf('\0')) {
      const text = pending.slice(0, end);
      pending = pending.slice(end + 1);
      let message: Message;
      try {
        message = JSON.parse(text) as Message;
      } catch {
        fail(new Error(`Chromium sent what is not JSON: ${text.slice(0, 80)}`));
        return;
      }
      if (message.method === 'Runtime.exceptionThrown') {
        const details = message.params?.exceptionDetails as { text?: string; exception?: { description?: string } } | undefined;
        console.error('bench page error:', details?.exception?.description ?? details?.text);
      }
      if (message.id === undefined) continue;
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      if (gone) return reject(gone);
      const id = ++nextId;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${method}: no answer from Chromium`));
      }, COMMAND_TIMEOUT_MS);
      waiting.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      });
      toChromium.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const close = async (): Promise<void> => {
    if (gone) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await send('Browser.close').catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (!gone) child.kill('SIGKILL');
  };

  let sessionId: string;
  try {
    let targetId: string | undefined;
    for (let tries = 0; !targetId; tries++) {
      const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
      targetId = targetInfos.find((t) => t.type === 'page')?.targetId;
      if (!targetId && tries > 100) throw new Error('Chromium opened no page');
      if (!targetId) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    ({ sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string });
    // Scripts for new documents run only once the Page domain is on (it reports frames, not bodies);
    // the Runtime domain reports the page's uncaught errors.
    await send('Page.enable', {}, sessionId);
    await send('Runtime.enable', {}, sessionId);
    for (const source of initScripts) await send('Page.addScriptToEvaluateOnNewDocument', { source }, sessionId);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

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
    evaluate: evaluate as NoNetworkDomainPage['evaluate'],
    async goto(url) {
      const { errorText } = (await send('Page.navigate', { url }, sessionId)) as { errorText?: string };
      if (errorText) throw new Error(`bench: cannot open ${url}: ${errorText}`);
    },
    send: (method, params) => send(method, params, sessionId),
    async waitUntil(fn, arg, what, timeoutMs = 60_000) {
      const t0 = Date.now();
      for (;;) {
        // A navigation under way destroys the context the check ran in: that is "not yet".
        if ((await evaluate(fn, arg).catch(() => false)) === true) return;
        if (Date.now() - t0 > timeoutMs) throw new Error(`bench: timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    close,
  };
}

/** What the bench's page functions need of a page: this one's or Playwright's. */
export type Evaluates = Pick<NoNetworkDomainPage, 'evaluate'>;
