// Two "machines" on one host: two web hosts with their own --data folders (two databases,
// two browser profiles, two origins) on one copy of the seeds. What one writes to the
// library's annotation files reaches the other through its watcher.
import { expect, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost } from '../../src-main/web/server.ts';
import { REPO, newProfileDir, offHostRequests, openBrowser, type Host, type Session } from './harness.ts';

export interface TwoMachines {
  hostA: Host;
  hostB: Host;
  a: Session;
  b: Session;
  /** Neither browser asked anything of an address but its own host. */
  expectOnlyOwnHosts(): void;
  /** Closes both browsers and hosts and removes the folders. */
  close(): Promise<void>;
}

async function hostOn(libraryDir: string, dataDir: string): Promise<Host> {
  const host = await startWebHost({ port: 0, libraryRoot: libraryDir, dataDir, rendererDir: join(resolve(REPO, process.env.PIZHU_OUT_DIR ?? 'out'), 'renderer'), quiet: true });
  const origin = new URL(host.url).origin;
  return { url: `${origin}/`, signInUrl: () => host.signInUrl(), token: host.token, origin, libraryDir, close: () => host.close() };
}

/** Both machines signed in, their pages not loaded yet (a test may hold a clock first). */
export async function twoMachines(name: string): Promise<TwoMachines> {
  const work = mkdtempSync(join(tmpdir(), `pizhu-e2e-${name}-`));
  const libraryDir = join(work, 'library');
  cpSync(join(REPO, 'seeds'), libraryDir, { recursive: true });
  const hostA = await hostOn(libraryDir, join(work, 'data-a'));
  const hostB = await hostOn(libraryDir, join(work, 'data-b'));
  const a = await openBrowser(hostA, newProfileDir());
  const b = await openBrowser(hostB, newProfileDir());
  return {
    hostA,
    hostB,
    a,
    b,
    expectOnlyOwnHosts() {
      expect(offHostRequests(a.requests, hostA.origin)).toEqual([]);
      expect(offHostRequests(b.requests, hostB.origin)).toEqual([]);
    },
    async close() {
      await a.close();
      await b.close();
      await hostA.close();
      await hostB.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export const annotationPane = (page: Page) => page.getByRole('complementary', { name: '标注' });

export async function openAnnotationPane(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: '显示标注' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(annotationPane(page)).toBeVisible();
}

/** Writes of annotation files a browser has sent and the test holds back. */
export interface HeldWrites {
  /** How many writes arrived while held. */
  count(): number;
  /** Lets the held writes through, and every later one; resolves once the held ones have gone on. */
  release(): Promise<void>;
}

/**
 * Holds every annotation-file write of this browser until released: the machine goes on
 * editing its own database, but nothing it does reaches the shared folder, as when a sync
 * tool has not carried it yet. Edits made on two machines so held are concurrent for sure:
 * neither has read the other's before making its own.
 */
export async function holdAnnotationWrites(session: Session): Promise<HeldWrites> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  const going: Promise<void>[] = [];
  const isWrite = (url: URL) => url.pathname === '/api/annotation-files/write' || url.pathname === '/api/annotation-file';
  // The route stays for the browser's life (taking it away hands the held writes to Playwright's
  // default, which then refuses ours); once the gate is open every write passes at once.
  await session.context.route(isWrite, (route) => {
    held++;
    const go = gate.then(() => route.continue());
    going.push(go);
    return go;
  });
  return {
    count: () => held,
    async release() {
      open();
      await Promise.all(going);
    },
  };
}
