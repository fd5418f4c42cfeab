// The library scan's batching and its one pass per file: batches keep the listing's order and
// stay within their file and byte limits; what a scan worker builds for the index is what the
// index would have built from the text itself; a batch the host fails is reported for its files.
import { describe, expect, it } from 'vitest';
import { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { listDetails } from '../../src-renderer/core/listDetails.ts';
import { scanArticle, scanHeader } from '../../src-renderer/core/scanArticle.ts';
import { readBatches, scanInOrder, type ScannedBatch } from '../../src-renderer/state/libraryScan.ts';
import { parseBatch } from '../../src-renderer/state/library.svelte.ts';
import { readApart } from '../../src-renderer/state/scanRead.ts';
import { InlineScanPool, scannerCount, WorkerScanPool, type ScanPool, type ScanWorkerApi } from '../../src-renderer/state/scanPool.ts';
import { WorkerFailed, type StartedWorker } from '../../src-renderer/state/workerStarter.ts';
import { FakeHost, readAnswer } from '../support/fakeHost.ts';

describe('readBatches', () => {
  it('cuts the entries in order by count and by bytes, a file larger than a batch alone', () => {
    const entries = [
      { key: 'a', size: 10 },
      { key: 'b', size: 10 },
      { key: 'c', size: 10 },
      { key: 'd', size: 95 },
      { key: 'e', size: 500 },
      { key: 'f', size: 1 },
    ];
    expect(readBatches(entries, 2, 100)).toEqual([['a', 'b'], ['c'], ['d'], ['e'], ['f']]);
    expect(readBatches(entries, 10, 1000)).toEqual([['a', 'b', 'c', 'd', 'e', 'f']]);
    expect(readBatches([], 2, 100)).toEqual([]);
    // A smaller first batch: the rows on screen are asked for alone.
    expect(readBatches(entries, 3, 1000, 1)).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
  });
});

describe('parseBatch', () => {
  it('shows a small pass 100 rows or a quarter second at a time, a large one in some 25 steps of at most a second', () => {
    expect(parseBatch(40)).toEqual({ rows: 100, ms: 250 });
    expect(parseBatch(1000)).toEqual({ rows: 100, ms: 250 });
    expect(parseBatch(5000)).toEqual({ rows: 200, ms: 500 });
    expect(parseBatch(10_000)).toEqual({ rows: 400, ms: 1000 });
    expect(parseBatch(100_000)).toEqual({ rows: 4000, ms: 1000 });
  });
});

describe('scannerCount', () => {
  it('leaves a core to the page, and has at least one worker', () => {
    expect([scannerCount(1), scannerCount(2), scannerCount(8), scannerCount(undefined)]).toEqual([1, 1, 7, 1]);
  });
});

describe('scanArticle', () => {
  // Lines from the Universal Declaration of Human Rights in Chinese (public text, OHCHR), traditional
  // script with inline pinyin and a half-width comma between CJK characters, as scrapers leave them.
  const raw = '世界人權宣言\n\n人人生而自由,在尊(zūn)嚴和權利上一律平等。\n\n他們賦有理性和良心，並應以兄弟關係的精神相對待。\n';

  it('gives the header the list would parse and the index entry the index would build', () => {
    const scanned = scanArticle({ key: 'udhr.txt', fingerprint: 'f1', raw });
    if (!scanned.ok) throw new Error(scanned.error);
    expect(scanned.details).toEqual(listDetails(raw, 'udhr.txt'));
    const index = new LibraryIndex();
    index.put('udhr.txt', 'f1', raw);
    expect(scanned.entry).toEqual(index.stored('udhr.txt'));
    // And the index takes it as it is: 人人生而自由 is found in either script.
    const adopted = new LibraryIndex();
    expect(adopted.restore('udhr.txt', scanned.entry!)).toBe(true);
    expect(adopted.search('人人生而自由').totalHits).toBe(1);
    expect(adopted.search('尊严').totalHits).toBe(1);
  });
});

describe('scanHeader', () => {
  // The same lines; and a long text of one line, which the list reads by its opening and end.
  const raw = '世界人權宣言\n\n人人生而自由,在尊(zūn)嚴和權利上一律平等。\n';

  it('gives the header the list would parse, and no index entry', () => {
    expect(scanHeader({ key: 'udhr.txt', fingerprint: 'f1', raw })).toEqual({ ok: true, key: 'udhr.txt', fingerprint: 'f1', details: listDetails(raw, 'udhr.txt'), entry: null });
    const long = '长文\n\n' + '县里优化营商环境。'.repeat(200_000);
    const header = scanHeader({ key: 'long.txt', fingerprint: 'f2', raw: long });
    expect(header.ok && header.details).toEqual(listDetails(long, 'long.txt'));
    expect(header.ok && header.details.meta.title).toBe('长文');
  });
});

describe('the scan in the page', () => {
  const files = Array.from({ length: 10 }, (_, i) => ({ key: `${i}.txt`, fingerprint: `f${i}`, raw: `${'东南西北中上下前后左'[i]}乡的新举措\n\n县里优化营商环境。\n` }));

  it('scans some milliseconds of files a turn, not one file', async () => {
    // Each look at the clock finds it 3 ms on: a turn before the first file, then one whenever a slice has gone by.
    let clock = 0;
    let turns = 0;
    const pool = new InlineScanPool(
      async () => void turns++,
      () => (clock += 3),
      8,
    );
    const { scanned } = await pool.scanHeaders(readAnswer(files));
    expect(scanned.map((s) => s.ok && s.details.meta.title)).toEqual(['东乡的新举措', '南乡的新举措', '西乡的新举措', '北乡的新举措', '中乡的新举措', '上乡的新举措', '下乡的新举措', '前乡的新举措', '后乡的新举措', '左乡的新举措']);
    // Before files 0, 3, 6 and 9.
    expect(turns).toBe(4);
  });

  it('gives the page a turn before each file that takes a slice alone', async () => {
    let clock = 0;
    let turns = 0;
    const pool = new InlineScanPool(
      async () => void turns++,
      () => (clock += 100),
      8,
    );
    const { scanned } = await pool.scan(readAnswer(files));
    expect(scanned).toHaveLength(10);
    expect(turns).toBe(10);
  });
});

/** A pool whose later batches finish first: the order handed on must still be the listing's. */
class ReversedPool implements ScanPool {
  readonly size = 3;
  private calls = 0;
  private readonly inline = new InlineScanPool();
  async scan(files: Parameters<ScanPool['scan']>[0]) {
    const delay = Math.max(0, 40 - 10 * this.calls++);
    await new Promise((r) => setTimeout(r, delay));
    return this.inline.scan(files);
  }
  async handOverTo(): Promise<void> {}
  dispose(): void {}
}

describe('the scan pool before its workers are up', () => {
  const file = { key: 'a.txt', fingerprint: 'fa', raw: '县里的新举措\n\n县里优化营商环境。\n' };

  it('scans a batch the list waits for in the page while no worker has answered; the others wait for a worker', async () => {
    const stuck: StartedWorker<ScanWorkerApi> = { call: () => new Promise(() => {}), terminate() {} };
    const pool = new WorkerScanPool([stuck]);
    const urgent = await pool.scan(readAnswer([file]), true);
    expect(urgent.scanned[0].ok && urgent.scanned[0].details.meta.title).toBe('县里的新举措');
    // No search worker to keep the entries: the page scans whole, entries in hand.
    expect(urgent.scanned[0].ok && urgent.scanned[0].entry).not.toBeNull();
    expect(urgent.handedOver).toBeNull();
    let answered = false;
    void pool.scan(readAnswer([file])).then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
  });

  it('with a search worker, the page reads the headers and the search worker is sent the same files to keep their entries under the ticket handed on', async () => {
    const sent: { keys: string[]; ticket: number | undefined }[] = [];
    // Still loading: it answers nothing yet, but takes every request in order.
    const remote = { scan: (bytes: Uint8Array, ticket?: number) => (sent.push({ keys: readApart(bytes).files.map((f) => f.key), ticket }), new Promise(() => {})) };
    const loading: StartedWorker<ScanWorkerApi> = { call: (use) => use(remote as never), terminate() {} };
    const pool = new WorkerScanPool([], loading);
    const other = { key: 'b.txt', fingerprint: 'fb', raw: '人才引进\n\n人才是第一资源。\n' };
    const urgent = await pool.scan(readAnswer([file, other]), true);
    expect(urgent.scanned.map((r) => r.ok && r.details.meta.title)).toEqual(['县里的新举措', '人才引进']);
    expect(urgent.scanned.map((r) => r.ok && r.entry)).toEqual([null, null]);
    expect(urgent.handedOver).toBe(1);
    // The empty batch that asks whether it is up, then the list's files under that ticket: none is read twice.
    expect(sent).toEqual([
      { keys: [], ticket: undefined },
      { keys: ['a.txt', 'b.txt'], ticket: 1 },
    ]);
  });

  it('sends every batch to a worker once one has answered', async () => {
    const sent: string[][] = [];
    const remote = { scan: async (bytes: Uint8Array) => (sent.push(readApart(bytes).files.map((f) => f.key)), { scanned: [], read: [], unreadable: [] }) };
    const ready: StartedWorker<ScanWorkerApi> = { call: (use) => use(remote as never), terminate() {} };
    const pool = new WorkerScanPool([ready]);
    await new Promise((r) => setTimeout(r));
    await pool.scan(readAnswer([file]), true);
    expect(sent).toEqual([[], ['a.txt']]);
  });
});

describe('a scan worker that fails', () => {
  it('is sent no more batches; with no worker left the page scans them', async () => {
    const calls: string[] = [];
    const dead: StartedWorker<ScanWorkerApi> = { call: () => (calls.push('dead'), Promise.reject(new WorkerFailed('scan worker failed: its script could not load'))), terminate() {} };
    const pool = new WorkerScanPool([dead]);
    // Its first, empty batch failed.
    await new Promise((r) => setTimeout(r));
    expect(calls).toEqual(['dead']);
    const batch = await pool.scan(readAnswer([{ key: 'a.txt', fingerprint: 'fa', raw: '县里的新举措\n\n县里优化营商环境。\n' }]));
    expect(calls).toEqual(['dead']);
    expect(batch.handedOver).toBeNull();
    expect(batch.scanned[0].ok && batch.scanned[0].details.meta.title).toBe('县里的新举措');
  });
});

describe('scanInOrder', () => {
  it('hands the batches on in the listing order whichever finishes first; unreadable files reported, the rest returned', async () => {
    const host = new FakeHost();
    const keys = Array.from({ length: 120 }, (_, i) => `f${String(i).padStart(3, '0')}.txt`);
    for (const key of keys) host.files.set(key, { text: `标题${key}\n\n正文。\n` });
    host.files.set('f007.txt', { error: { code: 'binary', detail: 'NUL bytes' } });
    const seen: ScannedBatch[] = [];
    await scanInOrder(host, new ReversedPool(), host.snapshot().entries, (b) => void seen.push(b));
    expect(seen.flatMap((b) => b.keys)).toEqual(keys);
    expect(seen.flatMap((b) => b.unreadable)).toEqual([{ key: 'f007.txt', error: { code: 'binary', detail: 'NUL bytes' } }]);
    expect(seen.flatMap((b) => b.scanned.map((s) => s.key))).toEqual(keys.filter((k) => k !== 'f007.txt'));
    // Each file asked for once.
    expect(host.reads.slice().sort()).toEqual(keys);
  });

  it('reads a batch again when its worker fails under it, and the page scans it: none of its files is a parse error', async () => {
    const host = new FakeHost();
    const keys = Array.from({ length: 30 }, (_, i) => `w${String(i).padStart(2, '0')}.txt`);
    for (const key of keys) host.files.set(key, { text: `标题${key}\n\n正文。\n` });
    let calls = 0;
    // Up (its first, empty batch answered), then gone under the first real one.
    const failing: StartedWorker<ScanWorkerApi> = {
      call: () => (++calls === 1 ? Promise.resolve({ scanned: [], read: [], unreadable: [] }) : Promise.reject(new WorkerFailed('scan worker failed: killed'))) as never,
      terminate() {},
    };
    const pool = new WorkerScanPool([failing]);
    await new Promise((r) => setTimeout(r));
    const seen: ScannedBatch[] = [];
    await scanInOrder(host, pool, host.snapshot().entries, (b) => void seen.push(b));
    // The batches sent before the failure came back: all of them were read again.
    expect(calls).toBeGreaterThan(1);
    expect(seen.map((b) => b.failed)).toEqual(seen.map(() => null));
    expect(seen.flatMap((b) => b.scanned.map((r) => r.ok && r.details.meta.title))).toEqual(keys.map((k) => `标题${k}`));
  });

  it('keeps several batches under way, but large files no more than 16 MB of them at once', async () => {
    const host = new FakeHost();
    let inFlight = 0;
    let most = 0;
    const counting = new Proxy(host, {
      get: (target, name) =>
        name === 'readArticles'
          ? async (ks: string[]) => {
              most = Math.max(most, ++inFlight);
              await new Promise((r) => setTimeout(r, 5));
              inFlight--;
              return target.readArticles(ks);
            }
          : Reflect.get(target, name),
    });
    const MB = 1024 * 1024;
    // Scans in the test's thread, sized as one worker.
    const oneWorker = Object.assign(new InlineScanPool(), { size: 1 });
    const entriesOf = (prefix: string, count: number, size: number) =>
      Array.from({ length: count }, (_, i) => {
        const key = `${prefix}${i}.txt`;
        host.files.set(key, { text: `第${i}篇\n` });
        return { key, size };
      });
    // Small files, 2 MB a batch after the first: four batches at once (two for the one worker, two being read).
    await scanInOrder(counting, oneWorker, entriesOf('s', 200, MB / 2), () => {});
    expect(most).toBe(4);
    // Books of 6 MB, a batch each: two at once (12 MB; a third would make 18).
    most = 0;
    await scanInOrder(counting, oneWorker, entriesOf('b', 6, 6 * MB), () => {});
    expect(most).toBe(2);
    // A file larger than the whole allowance still goes, alone.
    most = 0;
    await scanInOrder(counting, oneWorker, entriesOf('x', 3, 40 * MB), () => {});
    expect(most).toBe(1);
  });

  /** The host, whose first bulk read answers `first` instead; the reads after it are the host's own. */
  function firstReadAnswers(host: FakeHost, first: () => ReturnType<FakeHost['readArticles']>): FakeHost {
    let calls = 0;
    return new Proxy(host, {
      get: (target, name) => (name === 'readArticles' ? (ks: string[]) => (calls++ === 0 ? first() : target.readArticles(ks)) : Reflect.get(target, name)),
    });
  }

  it('reports a batch the host could not answer for its files, and goes on with the next', async () => {
    const host = new FakeHost();
    for (let i = 0; i < 60; i++) host.files.set(`g${String(i).padStart(2, '0')}.txt`, { text: `第${i}篇\n` });
    const failing = firstReadAnswers(host, () => Promise.reject(new Error('web host answered 500')));
    const seen: ScannedBatch[] = [];
    await scanInOrder(failing, new InlineScanPool(), host.snapshot().entries, (b) => void seen.push(b));
    expect(seen.map((b) => [b.keys.length, b.failed])).toEqual([
      [20, 'web host answered 500'],
      [40, null],
    ]);
    expect(seen[1].scanned.every((s) => s.ok)).toBe(true);
  });

  it('reports a batch whose answer is damaged for its files, with the reason, and goes on with the next', async () => {
    const host = new FakeHost();
    for (let i = 0; i < 30; i++) host.files.set(`h${String(i).padStart(2, '0')}.txt`, { text: `第${i}篇\n` });
    const damaged = firstReadAnswers(host, async () => new Uint8Array(Buffer.from('[{"name":"h00.txt","length":99}]\n第', 'utf16le')));
    const seen: ScannedBatch[] = [];
    await scanInOrder(damaged, new InlineScanPool(), host.snapshot().entries, (b) => void seen.push(b));
    expect(seen.map((b) => [b.keys.length, b.failed])).toEqual([
      [20, 'readArticles: the answer is not named texts: the texts are shorter than their lengths (at entry 0)'],
      [10, null],
    ]);
    expect(seen[0].scanned).toEqual([]);
  });
});
