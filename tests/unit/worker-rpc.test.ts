// The state clients talking to the real worker modules through comlink, over a MessageChannel
// in this process: each worker module's exposed object is caught as it is exposed and served on
// one port, the client's StartedWorker (workers/spawn.ts wrapWorker) is made on the other. What
// is checked is the wiring (callbacks, transfers, errors, a worker that dies), not the work
// itself, which the core tests cover.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Endpoint } from 'comlink';
import type { ScriptViewWorkerApi } from '../../src-renderer/core/viewProtocol.ts';
import type { SearchWorkerApi } from '../../src-renderer/state/indexClient.ts';
import type { QdpxWorkerApi } from '../../src-renderer/state/qdpxJob.ts';
import type { ScanWorkerApi } from '../../src-renderer/state/scanPool.ts';
import type { WorkerStarter } from '../../src-renderer/state/workerStarter.ts';
import { readAnswer } from '../support/fakeHost.ts';

/** The objects the worker modules exposed, in the order they were imported. */
const exposed = vi.hoisted(() => [] as unknown[]);
vi.mock('comlink', async (importOriginal) => {
  const actual = await importOriginal<typeof import('comlink')>();
  // A worker module exposes on its global scope (no endpoint): caught here instead, to be served on a port.
  return { ...actual, expose: (object: unknown, endpoint?: Endpoint) => (endpoint ? actual.expose(object, endpoint) : void exposed.push(object)) };
});

const { expose } = await import('comlink');
const { wrapWorker } = await import('../../src-renderer/workers/spawn.ts');
const { WorkerViewBuilder } = await import('../../src-renderer/state/viewClient.ts');
const { WorkerIndexClient } = await import('../../src-renderer/state/indexClient.ts');
const { WorkerScanPool, createScanPool } = await import('../../src-renderer/state/scanPool.ts');
const { qdpxBytes } = await import('../../src-renderer/state/qdpxJob.ts');
const { readApart } = await import('../../src-renderer/state/scanRead.ts');

const objects = new Map<string, unknown>();
/** What the worker module exposes (a module runs once: later asks get the same object). */
async function workerObject<T>(module: string): Promise<T> {
  if (!objects.has(module)) {
    const before = exposed.length;
    await import(module);
    expect(exposed.length).toBe(before + 1);
    objects.set(module, exposed[before]);
  }
  return objects.get(module) as T;
}

const openPorts: MessagePort[] = [];
afterEach(() => {
  for (const port of openPorts.splice(0)) port.close();
});

/** `object` served as a worker would serve it; the page's end of it, wrapped as spawn.ts wraps a Worker. */
function served<T>(label: string, object: T) {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  expose(object, port1);
  const end = Object.assign(port2, { terminate: () => port2.close() });
  return { worker: wrapWorker<T>(label, end), end };
}

describe('the long-article worker through comlink', () => {
  it('sends the piece in view ahead of the whole view, through a proxied callback', async () => {
    const api = await workerObject<ScriptViewWorkerApi>('../../src-renderer/workers/scriptView.worker.ts');
    const builder = new WorkerViewBuilder(served('script view worker', api).worker);
    const pieces: string[] = [];
    const whole = await builder.build('发展和后来', 't', undefined, { start: 0, end: 2 }, (view) => pieces.push(view.text));
    expect(whole.text).toBe('發展和後來');
    // Only the range in view (发展) is converted in the piece; the rest stays as written.
    expect(pieces).toEqual(['發展和后来']);
    expect(whole.map.toTarget(3)).toBe(3);
  });

  it('parses a long file whole, the edits staying in the worker', async () => {
    const api = await workerObject<ScriptViewWorkerApi>('../../src-renderer/workers/scriptView.worker.ts');
    const builder = new WorkerViewBuilder(served('script view worker', api).worker);
    // One line of 960,000 characters, with a scraped double comma that clean makes one full-width comma (edits).
    const raw = '句子在这里结束,,然后。'.repeat(80_000);
    const whole = await builder.parse(raw, 'long.txt');
    expect(whole.clean.text).toBe('句子在这里结束，然后。'.repeat(80_000));
    // The page has no use for the edits: they stay in the worker.
    expect(whole.clean.edits).toEqual([]);
  });

  it('rejects a failing view with the worker’s message', async () => {
    const api = await workerObject<ScriptViewWorkerApi>('../../src-renderer/workers/scriptView.worker.ts');
    const builder = new WorkerViewBuilder(served('script view worker', api).worker);
    await expect(builder.build('发展', 'no-such-script' as 't')).rejects.toThrow('opencc-js has no config');
  });
});

describe('the search worker through comlink', () => {
  it('answers requests in order and passes an error back as a rejection', async () => {
    const api = await workerObject<SearchWorkerApi>('../../src-renderer/workers/search.worker.ts');
    const client = new WorkerIndexClient(served('search worker', api).worker);
    expect(await client.request({ type: 'put', key: 'a.txt', fingerprint: 'f1', raw: '优化营商环境。' })).toBe(true);
    expect(await client.request({ type: 'fingerprints' })).toEqual({ 'a.txt': 'f1' });
    const found = await client.request({ type: 'search', query: '營商環境' });
    expect(found.totalHits).toBe(1);
    await expect(client.request({ type: 'put', key: 'b.txt', fingerprint: 'f2', raw: null as unknown as string })).rejects.toThrow();
    // The failure did not stop the queue.
    expect(await client.request({ type: 'fingerprints' })).toEqual({ 'a.txt': 'f1' });
  });
});

describe('the scan workers through comlink', () => {
  it('keeps each batch’s order whichever worker answers', async () => {
    const api = await workerObject<ScanWorkerApi>('../../src-renderer/workers/scan.worker.ts');
    const pool = new WorkerScanPool([served('scan worker', api).worker, served('scan worker', api).worker]);
    expect(pool.size).toBe(2);
    const batches = await Promise.all([
      pool.scan(
        readAnswer([
          { key: 'a.txt', fingerprint: 'fa', raw: '甲文。' },
          { key: 'b.txt', fingerprint: 'fb', raw: '乙文。' },
        ]),
      ),
      pool.scan(readAnswer([{ key: 'c.txt', fingerprint: 'fc', raw: '丙文。' }])),
    ]);
    expect(batches.map((batch) => batch.scanned.map((r) => r.key))).toEqual([['a.txt', 'b.txt'], ['c.txt']]);
    // Not linked to a search worker: the entries come back with the headers.
    expect(batches.flatMap((batch) => batch.scanned.map((r) => r.ok && r.entry !== null))).toEqual([true, true, true]);
    expect(batches.map((batch) => batch.handedOver)).toEqual([null, null]);
  });

  it('moves the host’s answer to the worker, not a copy: the page is left holding no bytes of it', async () => {
    const api = await workerObject<ScanWorkerApi>('../../src-renderer/workers/scan.worker.ts');
    const pool = new WorkerScanPool([served('scan worker', api).worker]);
    const answer = readAnswer([{ key: 'a.txt', fingerprint: 'fa', raw: '县里的新举措\n\n正文。\n' }]);
    expect(answer.byteLength).toBeGreaterThan(0);
    const batch = await pool.scan(answer);
    expect(answer.byteLength).toBe(0);
    expect(batch.read).toEqual([{ key: 'a.txt', fingerprint: 'fa', encoding: 'utf-8', size: 12, mtimeMs: 0 }]);
    expect(batch.scanned.map((r) => r.ok && r.details.meta.title)).toEqual(['县里的新举措']);
  });

  it('hands the index entries to the search worker itself, kept there until the page adopts or drops them', async () => {
    const scan = await workerObject<ScanWorkerApi>('../../src-renderer/workers/scan.worker.ts');
    const search = await workerObject<SearchWorkerApi>('../../src-renderer/workers/search.worker.ts');
    const pool = new WorkerScanPool([served('scan worker', scan).worker]);
    const index = new WorkerIndexClient(served('search worker', search).worker);
    await pool.handOverTo(index, () => {
      const { port1, port2 } = new MessageChannel();
      openPorts.push(port1, port2);
      return [port1, port2];
    });
    const kept = await pool.scan(readAnswer([{ key: 'handed.txt', fingerprint: 'fh', raw: '县里的新举措\n\n县里优化营商环境。\n' }]));
    const left = await pool.scan(readAnswer([{ key: 'left.txt', fingerprint: 'fl', raw: '招商引资的项目。' }]));
    expect([kept.handedOver, left.handedOver]).toEqual([1, 2]);
    // The page gets the header only.
    expect(kept.scanned[0]).toMatchObject({ ok: true, key: 'handed.txt', entry: null });
    expect(kept.scanned[0].ok && kept.scanned[0].details.meta.title).toBe('县里的新举措');
    // Held, not yet in the index.
    expect(await index.request({ type: 'fingerprints' })).not.toHaveProperty('handed.txt');
    expect(await index.request({ type: 'adoptHandedOver', ticket: 1 })).toBe(1);
    expect(await index.request({ type: 'dropHandedOver', ticket: 2 })).toBeNull();
    const have = await index.request({ type: 'fingerprints' });
    expect(have['handed.txt']).toBe('fh');
    expect(have).not.toHaveProperty('left.txt');
    expect((await index.request({ type: 'search', query: '營商環境' })).articles.map((a) => a.key)).toContain('handed.txt');
  });
});

describe('the search worker as a scanner', () => {
  it('keeps the entries of the batches it scans, with no port and no copy to another worker; scan workers make up the rest of the cores', async () => {
    const search = await workerObject<SearchWorkerApi>('../../src-renderer/workers/search.worker.ts');
    const scan = await workerObject<ScanWorkerApi>('../../src-renderer/workers/scan.worker.ts');
    const asked: number[] = [];
    const starter = { scan: (count: number) => (asked.push(count), Array.from({ length: count }, () => served('scan worker', scan).worker)) } as Pick<WorkerStarter, 'scan'> as WorkerStarter;
    // Two cores: the page's, and the search worker's, which scans alone.
    const index = new WorkerIndexClient(served('search worker', search).worker);
    const pool = createScanPool(starter, index, 2);
    expect(pool.size).toBe(1);
    const kept = await pool.scan(readAnswer([{ key: 'kept-here.txt', fingerprint: 'fk', raw: '县里的新举措\n\n县里优化营商环境。\n' }]));
    expect(kept.handedOver).toBe(1);
    expect(kept.scanned[0]).toMatchObject({ ok: true, key: 'kept-here.txt', entry: null });
    expect(await index.request({ type: 'fingerprints' })).not.toHaveProperty('kept-here.txt');
    expect(await index.request({ type: 'adoptHandedOver', ticket: 1 })).toBe(1);
    expect((await index.request({ type: 'search', query: '營商環境' })).articles.map((a) => a.key)).toContain('kept-here.txt');
    // Four cores: the search worker and two scan workers, three scanners beside the page.
    expect(createScanPool(starter, new WorkerIndexClient(served('search worker', search).worker), 4).size).toBe(3);
    // No search worker (the index in the page): scan workers only, one a core less the page's.
    expect(createScanPool(starter, null, 4).size).toBe(3);
    // Two cores asked the starter for no scan worker.
    expect(asked).toEqual([0, 2, 3]);
  });

  it('while it is still loading, the list’s first rows get their headers from the page and the search worker the same files, read once', async () => {
    const search = await workerObject<SearchWorkerApi>('../../src-renderer/workers/search.worker.ts');
    const real = served('search worker', search).worker;
    // A worker whose script is loading takes every message, in order, and answers none yet.
    let loaded!: () => void;
    const loading = new Promise<void>((resolve) => (loaded = resolve));
    const index = new WorkerIndexClient({ call: (use) => loading.then(() => real.call(use)), terminate: () => real.terminate() });
    const none = { scan: () => [] } as Pick<WorkerStarter, 'scan'> as WorkerStarter;
    const pool = createScanPool(none, index, 2);
    const first = await pool.scan(readAnswer([{ key: 'top-row.txt', fingerprint: 'ft', raw: '县里的新举措\n\n县里优化营商环境。\n' }]), true);
    expect(first.scanned[0]).toMatchObject({ ok: true, key: 'top-row.txt', entry: null, details: { meta: { title: '县里的新举措' } } });
    expect(first.handedOver).toBe(1);
    // The page adopts as the list does, before the worker is up: the worker's scan came first.
    const adopted = index.request({ type: 'adoptHandedOver', ticket: 1 });
    loaded();
    expect(await adopted).toBe(1);
    expect((await index.request({ type: 'search', query: '營商環境' })).articles.map((a) => a.key)).toContain('top-row.txt');
  });

  it('leaves a batch to an idle scan worker before the search worker; a batch no one takes is let go in either', async () => {
    const search = await workerObject<SearchWorkerApi>('../../src-renderer/workers/search.worker.ts');
    const scan = await workerObject<ScanWorkerApi>('../../src-renderer/workers/scan.worker.ts');
    const scannedBy: string[] = [];
    const index = new WorkerIndexClient(served('search worker', { ...search, scan: (bytes: Uint8Array, ticket?: number) => (scannedBy.push(`search worker: ${readApart(bytes).files.map((f) => f.key)}`), search.scan(bytes, ticket)) }).worker);
    const scanWorker = served('scan worker', { ...scan, scan: (bytes: Uint8Array, ticket?: number) => (scannedBy.push(`scan worker: ${readApart(bytes).files.map((f) => f.key)}`), scan.scan(bytes, ticket)) }).worker;
    const pool = new WorkerScanPool([scanWorker], index.scanner());
    await pool.handOverTo(index, () => {
      const { port1, port2 } = new MessageChannel();
      openPorts.push(port1, port2);
      return [port1, port2];
    });
    // Each worker's first, empty batch (its script is up) came before the port.
    expect(scannedBy.sort()).toEqual(['scan worker: ', 'search worker: ']);
    scannedBy.length = 0;
    const [first, second] = await Promise.all([
      pool.scan(readAnswer([{ key: 'by-scan-worker.txt', fingerprint: 'fs', raw: '招商引资的项目。' }])),
      pool.scan(readAnswer([{ key: 'by-search-worker.txt', fingerprint: 'fw', raw: '人才引进的政策。' }])),
    ]);
    expect(scannedBy.sort()).toEqual(['scan worker: by-scan-worker.txt', 'search worker: by-search-worker.txt']);
    expect([first.handedOver, second.handedOver]).toEqual([1, 2]);
    expect([first.scanned[0], second.scanned[0]]).toMatchObject([{ entry: null }, { entry: null }]);
    // The scan worker's entries came over its port, the search worker's were kept where it scanned them.
    expect(await index.request({ type: 'adoptHandedOver', ticket: 1 })).toBe(1);
    expect(await index.request({ type: 'dropHandedOver', ticket: 2 })).toBeNull();
    const have = await index.request({ type: 'fingerprints' });
    expect(have['by-scan-worker.txt']).toBe('fs');
    expect(have).not.toHaveProperty('by-search-worker.txt');
  });
});

describe('the .qdpx worker through comlink', () => {
  it('moves the archive’s buffer to the page instead of copying it', async () => {
    const api = await workerObject<QdpxWorkerApi>('../../src-renderer/workers/qdpx.worker.ts');
    const built: Uint8Array[] = [];
    const watched: QdpxWorkerApi = {
      build(request) {
        const answer = api.build(request);
        built.push(answer.bytes);
        return answer;
      },
    };
    const { worker } = served('.qdpx worker', watched);
    const { bytes, skipped } = await qdpxBytes({ articles: [], annotations: [], themes: [] }, 0, { qdpx: () => worker } as Pick<WorkerStarter, 'qdpx'> as WorkerStarter);
    // A zip archive starts with the local file header signature "PK".
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    expect(skipped).toBe(0);
    // Transferred: the worker's copy is detached.
    expect(built[0].byteLength).toBe(0);
  });
});

describe('a worker that dies', () => {
  it('fails the calls under way instead of leaving them waiting', async () => {
    const { port1, port2 } = new MessageChannel();
    openPorts.push(port1, port2);
    // A worker that never answers: its script did not load.
    const end = Object.assign(port2, { terminate: () => port2.close() });
    const builder = new WorkerViewBuilder(wrapWorker<ScriptViewWorkerApi>('script view worker', end));
    const waiting = builder.build('发展', 't');
    end.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }));
    await expect(waiting).rejects.toThrow('script view worker failed: boom');
  });
});
