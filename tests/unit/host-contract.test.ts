// One contract, every implementation: the Electron IPC handlers (registered on a stub ipcMain
// the way index.ts registers them on Electron's), the web host over HTTP (spoken to by the
// page's own web client), and the tests' fake host. Over the same library they give the same
// answers and refuse the same arguments with the same reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PizhuApi } from '../../src-main/api.ts';
import { HOST_CALL_NAMES, HOST_CALLS, HostRefusal, type HostCallName } from '../../src-main/hostApi.ts';
import { decodeReadResults } from '../../src-main/readResults.ts';
import { createIpcHandlers, makeSenderCheck, registerIpcHandlers, type IpcCaller } from '../../src-main/ipcHandlers.ts';
import { LibraryHost } from '../../src-main/library/libraryHost.ts';
import { SettingsFile } from '../../src-main/settingsFile.ts';
import { PendingChangesFile } from '../../src-main/pendingChanges.ts';
import { SnapshotStore } from '../../src-main/snapshots.ts';
import { startWebHost, type WebHost } from '../../src-main/web/server.ts';
import { HostRequestError, webClient } from '../../src-renderer/platform.ts';
import { FakeHost } from '../support/fakeHost.ts';

type Call = (name: HostCallName, ...args: unknown[]) => Promise<unknown>;

const FILES: Record<string, string> = { 'a.txt': '营商环境持续优化', 'sub/b.txt': '招商引资，人才引进' };
const work = mkdtempSync(join(tmpdir(), 'pizhu-contract-'));
const library = join(work, 'library');
const closers: (() => Promise<void> | void)[] = [];
const hosts: Record<'electron' | 'web' | 'fake', Call> = {} as never;

async function electronHost(): Promise<Call> {
  const data = join(work, 'electron-data');
  const host = new LibraryHost({ seedsDir: library, settings: new SettingsFile(data), overrideRoot: library, warn: () => undefined });
  await host.init();
  closers.push(() => host.close());
  const window = { id: 1 };
  const handlers = createIpcHandlers(
    {
      host,
      appInfo: () => ({ name: 'Pizhu 批注', version: '0.0.0', host: 'electron', userDataPath: data }),
      // The user cancels the folder dialog.
      chooseFolder: async () => null,
      saveExport: async (request) => ({ ok: true, location: '/tmp/export', files: request.files.map((f) => f.path) }),
      snapshots: new SnapshotStore(join(data, 'snapshots')),
      pending: new PendingChangesFile(data),
    },
    makeSenderCheck(() => window, 'app://pizhu'),
  );
  const channels = new Map<string, (event: IpcCaller, ...args: unknown[]) => Promise<unknown>>();
  registerIpcHandlers({ handle: (channel, listener) => void channels.set(channel, listener) }, handlers);
  const event: IpcCaller = { sender: window, senderFrame: { url: 'app://pizhu/index.html' } };
  return (name, ...args) => channels.get(`pizhu:${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)!(event, ...args);
}

async function webHost(): Promise<Call> {
  const renderer = join(work, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  const web: WebHost = await startWebHost({ port: 0, libraryRoot: library, dataDir: join(work, 'web-data'), rendererDir: renderer, quiet: true });
  closers.push(() => web.close());
  const client = webClient({ token: web.token }, `http://127.0.0.1:${web.port}`) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  return (name, ...args) => client[name](...args);
}

let fakeInstance: FakeHost;

function fakeHost(): Call {
  const fake = (fakeInstance = new FakeHost());
  for (const [key, text] of Object.entries(FILES)) fake.files.set(key, { text });
  fake.snapshotNow = Date.now();
  fake.listsUnread = true;
  const api = fake as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  return (name, ...args) => api[name](...args);
}

beforeAll(async () => {
  mkdirSync(join(library, 'sub'), { recursive: true });
  for (const [key, text] of Object.entries(FILES)) writeFileSync(join(library, key), text);
  hosts.electron = await electronHost();
  hosts.web = await webHost();
  hosts.fake = fakeHost();
});

afterAll(async () => {
  for (const close of closers) await close();
  rmSync(work, { recursive: true, force: true });
});

/** The reason a call was refused, as each implementation says it: a HostRefusal, or the web host's 400. */
async function refusal(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof HostRefusal) return error.message;
    if (error instanceof HostRequestError) {
      expect(error.status).toBe(400);
      return error.message.replace(/^web host answered 400: /, '');
    }
    throw error;
  }
  throw new Error('the call was not refused');
}

const IMPLEMENTATIONS = ['electron', 'web', 'fake'] as const;
const eachHost = async <T>(run: (call: Call) => Promise<T>): Promise<Record<string, T>> => {
  const out: Record<string, T> = {};
  for (const name of IMPLEMENTATIONS) out[name] = await run(hosts[name]);
  return out;
};
const allEqual = (answers: Record<string, unknown>, expected: unknown) => expect(answers).toEqual({ electron: expected, web: expected, fake: expected });

describe('the host contract', () => {
  it('the implementations offer the calls of the table, no more', () => {
    const fake = new FakeHost();
    const web = webClient({ token: 'token' });
    const api = (x: PizhuApi) => Object.keys(x).concat(Object.getOwnPropertyNames(x)).filter((k) => k in HOST_CALLS);
    expect(new Set(api(web))).toEqual(new Set(HOST_CALL_NAMES));
    expect(new Set(api(fake))).toEqual(new Set(HOST_CALL_NAMES));
    const ipc = createIpcHandlers({} as never, () => true);
    expect(Object.keys(ipc).sort()).toEqual(HOST_CALL_NAMES.filter((n) => HOST_CALLS[n].callers.includes('electron-window')).sort());
  });

  it('list the same new library unread, and with the same fingerprints once its files are read', async () => {
    const listed = async (call: Call) => {
      const snapshot = (await call('getLibrary')) as { entries: { key: string; fingerprint: string | null; error: unknown }[] };
      return snapshot.entries.map(({ key, fingerprint, error }) => ({ key, fingerprint, error })).sort((a, b) => a.key.localeCompare(b.key));
    };
    const answers = await eachHost(async (call) => {
      const before = await listed(call);
      await call('readArticles', ['a.txt', 'sub/b.txt']);
      return { before, after: await listed(call) };
    });
    expect(answers.web.before).toEqual([
      { key: 'a.txt', fingerprint: null, error: null },
      { key: 'sub/b.txt', fingerprint: null, error: null },
    ]);
    // sha-256 of the UTF-8 text, computed apart: `printf '招商引资，人才引进' | sha256sum`.
    expect(answers.web.after.map((e) => e.key)).toEqual(['a.txt', 'sub/b.txt']);
    expect(answers.web.after[1].fingerprint).toBe('f66dcf65c98ffb5ea1972655178f0eaaaa26af36dcedeae0e34e218dec543c17');
    allEqual(answers, answers.web);
  });

  it('read the same article, and give the same answer for one that is not there', async () => {
    const read = await eachHost(async (call) => {
      const result = (await call('readArticle', 'sub/b.txt')) as { ok: true; file: { key: string; text: string; encoding: string } };
      return { ok: result.ok, key: result.file.key, text: result.file.text, encoding: result.file.encoding };
    });
    allEqual(read, { ok: true, key: 'sub/b.txt', text: '招商引资，人才引进', encoding: 'utf-8' });
    const missing = await eachHost(async (call) => {
      const result = (await call('readArticle', 'nope.txt')) as { ok: false; key: string; error: { code: string } };
      return { ok: result.ok, key: result.key, code: result.error.code };
    });
    allEqual(missing, { ok: false, key: 'nope.txt', code: 'vanished' });
  });

  it('give the same opening of a long one-line file, cut after the first sentence end from 32,000 characters on, and none of a short one', async () => {
    // 8,000 sentences of 9 characters: the first 。 at or past index 32,000 is the 3,556th's (index 32,003).
    const sentence = '营商环境持续优化。';
    const long = sentence.repeat(8000);
    writeFileSync(join(library, 'long.txt'), long);
    fakeInstance.files.set('long.txt', { text: long });
    try {
      const answers = await eachHost(async (call) => {
        const whole = (await call('readArticle', 'long.txt')) as { ok: true; file: { fingerprint: string } };
        const opening = (await call('readArticleOpening', 'long.txt')) as { ok: true; opening: string | null; fingerprint: string };
        const short = (await call('readArticleOpening', 'sub/b.txt')) as { ok: true; opening: string | null };
        const missing = (await call('readArticleOpening', 'nope.txt')) as { ok: false; error: { code: string } };
        return { opening: opening.opening, sameFingerprint: opening.fingerprint === whole.file.fingerprint, short: [short.ok, short.opening], missing: [missing.ok, missing.error.code] };
      });
      allEqual(answers, { opening: sentence.repeat(3556), sameFingerprint: true, short: [true, null], missing: [false, 'vanished'] });
    } finally {
      rmSync(join(library, 'long.txt'));
      fakeInstance.files.delete('long.txt');
    }
  });

  it('read many articles in one call alike: in the order asked, a file that cannot be read answered as such and the rest returned', async () => {
    const answers = await eachHost(async (call) => {
      const answer = await call('readArticles', ['sub/b.txt', 'nope.txt', 'a.txt']);
      // Bytes from every host, for the scan worker to decode.
      expect(answer).toBeInstanceOf(Uint8Array);
      const results = decodeReadResults(answer as Uint8Array);
      return results.map((r) => (r.ok ? [r.file.key, r.file.text] : [r.key, r.error.code]));
    });
    allEqual(answers, [
      ['sub/b.txt', '招商引资，人才引进'],
      ['nope.txt', 'vanished'],
      ['a.txt', '营商环境持续优化'],
    ]);
    allEqual(await eachHost(async (call) => decodeReadResults((await call('readArticles', [])) as Uint8Array)), []);
  });

  it('answer openFolder without a path as cancelled: nobody chose a folder', async () => {
    allEqual(await eachHost((call) => call('openFolder')), { ok: false, reason: 'cancelled' });
  });

  it('keep a snapshot, list it and read it back; a snapshot that is not there is a result, not an error', async () => {
    const json = '{"type":"AnnotationCollection","pizhu:format":1,"total":0}';
    const answers = await eachHost(async (call) => {
      const written = (await call('writeSnapshot', 'manual', new TextEncoder().encode(json))) as { ok: true; snapshot: { name: string; reason: string; size: number } };
      const listed = (await call('listSnapshots')) as { name: string }[];
      const read = await call('readSnapshot', written.snapshot.name);
      const gone = (await call('readSnapshot', 'pizhu-2020-01-01T00-00-00Z-daily.json')) as { ok: boolean };
      return { reason: written.snapshot.reason, size: written.snapshot.size, listed: listed.map((s) => s.name === written.snapshot.name), read, gone: gone.ok };
    });
    allEqual(answers, { reason: 'manual', size: 58, listed: [true], read: { ok: true, json }, gone: false });
  });

  it('the web client sends a Blob the page holds as the request body: the host gets its bytes', async () => {
    const json = '{"type":"AnnotationCollection","pizhu:format":1,"label":"批注"}';
    for (const name of ['web', 'fake'] as const) {
      const written = (await hosts[name]('writeSnapshot', 'daily', new Blob([json], { type: 'application/json' }))) as { ok: true; snapshot: { name: string; size: number } };
      expect(written.snapshot.size, name).toBe(65);
      expect(await hosts[name]('readSnapshot', written.snapshot.name), name).toEqual({ ok: true, json });
    }
  });

  it('answer bytes that are not a Pizhu backup with the reason, keeping nothing', async () => {
    const answers = await eachHost(async (call) => {
      const before = (await call('listSnapshots')) as unknown[];
      const notJson = await call('writeSnapshot', 'daily', new TextEncoder().encode('{"cut": '));
      const foreign = await call('writeSnapshot', 'daily', new TextEncoder().encode('{"type":"AnnotationCollection","total":0}'));
      return { notJson, foreign, added: ((await call('listSnapshots')) as unknown[]).length - before.length };
    });
    allEqual(answers, {
      notJson: { ok: false, detail: expect.stringMatching(/^snapshot is not JSON: /) },
      foreign: { ok: false, detail: 'snapshot is not a Pizhu backup (an AnnotationCollection with pizhu:format)' },
      added: 0,
    });
  });

  it('keep pending changes and give them back; keeping nothing leaves nothing', async () => {
    const json = '{"format":"pizhu-pending-changes","annotations":[{"id":"甲"}]}';
    const answers = await eachHost(async (call) => {
      const before = await call('readPendingChanges');
      const kept = await call('keepPendingChanges', json);
      const read = await call('readPendingChanges');
      await call('keepPendingChanges', '');
      return { before, kept, read, after: await call('readPendingChanges') };
    });
    allEqual(answers, { before: '', kept: undefined, read: json, after: '' });
  });

  it('write, list, read and set aside annotation files alike', async () => {
    const text = '{"type":"AnnotationCollection","total":1}';
    const answers = await eachHost(async (call) => {
      const written = (await call('writeAnnotationFile', 'contract.json', text)) as { ok: boolean; file: { name: string; size: number } };
      const listed = (await call('listAnnotationFiles')) as { files: { name: string }[] };
      const read = (await call('readAnnotationFiles', ['contract.json', 'gone.json'])) as { ok: boolean; name: string; text?: string; code?: string }[];
      const aside = (await call('setAnnotationFileAside', 'contract.json')) as { ok: boolean; aside: string };
      const after = (await call('listAnnotationFiles')) as { files: { name: string }[] };
      const changed = await call('removeConflictCopy', 'contract.sync-conflict-20261203-101500-ABCDEFG.json', 'a'.repeat(64));
      return {
        written: [written.ok, written.file.name, written.file.size],
        listed: listed.files.map((f) => f.name).includes('contract.json'),
        read: read.map((r) => (r.ok ? [r.name, r.text] : [r.name, r.code])),
        aside: [aside.ok, /^aside\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-contract\.json$/.test(aside.aside)],
        after: after.files.map((f) => f.name).includes('contract.json'),
        changed: (changed as { code: string }).code,
      };
    });
    allEqual(answers, {
      written: [true, 'contract.json', 41],
      listed: true,
      read: [
        ['contract.json', text],
        ['gone.json', 'missing'],
      ],
      aside: [true, true],
      after: false,
      changed: 'missing',
    });
  });

  it('read back a large annotation file of CJK and astral characters alike (the web host answers it zipped)', async () => {
    // 𠀀 (U+20000) is one character of two UTF-16 units; past 32 KB the web host gzips its answer.
    const text = JSON.stringify({ items: Array.from({ length: 4000 }, (_, i) => ({ id: `n${i}`, note: '营商环境𠀀' })) });
    const answers = await eachHost(async (call) => {
      await call('writeAnnotationFile', 'large-contract.json', text);
      const read = (await call('readAnnotationFiles', ['large-contract.json'])) as { ok: boolean; text?: string; size?: number }[];
      return read.map((r) => [r.ok, r.text === text, r.size]);
    });
    // UTF-8 bytes by hand: per item {"id":"n","note":"营商环境𠀀"} is 20 ASCII bytes, the id’s digits,
    // 4 CJK characters of 3 bytes and one of 4; commas between; {"items":[ and ]} around.
    const digits = Array.from({ length: 4000 }, (_, i) => String(i).length).reduce((a, b) => a + b, 0);
    allEqual(answers, [[true, true, 4000 * (20 + 12 + 4) + digits + 3999 + 12]]);
  });

  it('write several annotation files in one call alike, each with its own result, in order', async () => {
    const first = '{"type":"AnnotationCollection","total":0}';
    const second = '{"pizhu:kind":"codebook","文":"批注"}';
    const answers = await eachHost(async (call) => {
      const written = (await call('writeAnnotationFiles', [
        { name: 'many-b.json', text: first },
        { name: 'many-a.jsonld', text: second },
      ])) as { ok: boolean; file: { name: string; size: number } }[];
      const read = (await call('readAnnotationFiles', ['many-a.jsonld', 'many-b.json'])) as { ok: boolean; name: string; text?: string }[];
      const again = (await call('writeAnnotationFiles', [{ name: 'many-b.json', text: second }])) as { ok: boolean }[];
      const reread = (await call('readAnnotationFiles', ['many-b.json'])) as { ok: boolean; text?: string }[];
      const none = await call('writeAnnotationFiles', []);
      return {
        written: written.map((w) => [w.ok, w.file.name, w.file.size]),
        read: read.map((r) => [r.name, r.text]),
        again: again.map((w) => w.ok),
        reread: reread.map((r) => r.text),
        none,
      };
    });
    allEqual(answers, {
      // Sizes are UTF-8 bytes, counted by hand: 41 ASCII; 31 ASCII + 3 CJK characters of 3 bytes.
      written: [
        [true, 'many-b.json', 41],
        [true, 'many-a.jsonld', 40],
      ],
      read: [
        ['many-a.jsonld', second],
        ['many-b.json', first],
      ],
      again: [true],
      reread: [second],
      none: [],
    });
  });

  const REFUSED: [HostCallName, unknown[], string][] = [
    ['readArticle', ['../secret.txt'], 'readArticle: key has an empty, . or .. segment'],
    ['readArticle', [''], 'readArticle: key is empty'],
    ['readArticle', ['/etc/passwd'], 'readArticle: key must be library-relative with / separators'],
    ['readArticle', ['sub\\b.txt'], 'readArticle: key must be library-relative with / separators'],
    ['readArticle', ['a.txt\0'], 'readArticle: key contains NUL'],
    ['readArticles', ['a.txt'], 'readArticles: keys must be an array'],
    ['readArticles', [['a.txt', 'a.txt']], 'readArticles: keys[1]: repeats an earlier key'],
    ['readArticles', [['a.txt', '../secret.txt']], 'readArticles: keys[1]: key has an empty, . or .. segment'],
    ['readArticles', [['a.txt', 7]], 'readArticles: keys[1]: key must be a string'],
    ['readArticles', [Array.from({ length: 1001 }, (_, i) => `f${i}.txt`)], 'readArticles: more than 1000 keys'],
    ['openFolder', ['/tmp/x\0y'], 'openFolder: path contains NUL'],
    ['openFolder', [''], 'openFolder: path length out of range'],
    ['writeSnapshot', ['weekly', new TextEncoder().encode('{}')], 'writeSnapshot: reason must be one of daily, upgrade, before-restore, manual'],
    ['writeSnapshot', ['manual', new Uint8Array(0)], 'writeSnapshot: snapshot is empty'],
    ['writeSnapshot', ['manual', '{"type":"AnnotationCollection","pizhu:format":1}'], 'writeSnapshot: snapshot must be bytes (a Uint8Array or a Blob)'],
    ['readSnapshot', ['../pizhu-2026-11-22T03-04-05Z-daily.json'], 'readSnapshot: not a snapshot name'],
    ['readSnapshot', ['settings.json'], 'readSnapshot: not a snapshot name'],
    ['keepPendingChanges', [{ annotations: [] }], 'keepPendingChanges: json must be a string'],
    ['readAnnotationFiles', [['a.json', '../a.json']], 'readAnnotationFiles: names[1]: name contains a reserved character or a folder separator'],
    ['writeAnnotationFile', ['..', '{}'], 'writeAnnotationFile: name starts with a dot or ends with a dot or space'],
    ['writeAnnotationFile', ['a.json', ''], 'writeAnnotationFile: text is empty'],
    ['writeAnnotationFiles', [[{ name: 'a.json', text: '{}' }, { name: '../b.json', text: '{}' }]], 'writeAnnotationFiles: files[1]: name contains a reserved character or a folder separator'],
    ['writeAnnotationFiles', [[{ name: 'a.json', text: '{}' }, { name: 'a.json', text: '[]' }]], 'writeAnnotationFiles: files[1]: a.json is named twice'],
    ['setAnnotationFileAside', ['/etc/passwd.json'], 'setAnnotationFileAside: name contains a reserved character or a folder separator'],
    ['removeConflictCopy', ['a.json', 'a'.repeat(64)], 'removeConflictCopy: name is not a sync conflict copy'],
  ];

  it.each(REFUSED)('refuse %s(%j) alike: %s', async (name, args, reason) => {
    allEqual(await eachHost((call) => refusal(call(name, ...args))), reason);
  });

  it('refuse a bad export alike where the call exists (Electron and the fake; the web page downloads instead)', async () => {
    expect(HOST_CALLS.saveExport.http).toBeNull();
    const bad = { suggestedName: 'export', files: [{ path: '../escape.md', content: '' }] };
    for (const host of [hosts.electron, hosts.fake]) {
      expect(await refusal(host('saveExport', bad))).toBe('saveExport: files[0].path: name contains a reserved character or a folder separator');
    }
  });
});
