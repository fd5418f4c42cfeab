// Every IPC handler, table-driven over the handlers the main process really registers: each
// refuses a stranger and every malformed argument before it touches the library, a dialog or
// the disk, and serves a well-formed call. A channel added without a row in CASES fails the
// first test, so a new handler cannot ship unchecked.
import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATION_FILE_BYTES, MAX_ANNOTATION_READ_NAMES, MAX_ANNOTATION_WRITE_CHARS, MAX_ANNOTATION_WRITE_FILES, MAX_EXPORT_FILES, MAX_PATH_CHARS, MAX_PENDING_CHANGES_BYTES, MAX_SNAPSHOT_BYTES } from '../../src-main/api.ts';
import { CHANNELS } from '../../src-main/hostApi.ts';
import { createIpcHandlers, IpcRefusal, makeSenderCheck, type IpcCaller, type IpcDeps } from '../../src-main/ipcHandlers.ts';

const ourContents = { id: 1 };
const trusted: IpcCaller = { sender: ourContents, senderFrame: { url: 'app://pizhu/index.html' } };

const STRANGERS: [string, IpcCaller][] = [
  ['another webContents', { sender: { id: 2 }, senderFrame: { url: 'app://pizhu/index.html' } }],
  ['no sender', { sender: null, senderFrame: { url: 'app://pizhu/index.html' } }],
  ['a remote page in our window', { sender: ourContents, senderFrame: { url: 'https://evil.example/' } }],
  ['a look-alike origin', { sender: ourContents, senderFrame: { url: 'app://pizhuevil/index.html' } }],
  ['a sub-domain origin', { sender: ourContents, senderFrame: { url: 'app://pizhu.evil.example/index.html' } }],
  ['the origin with no path', { sender: ourContents, senderFrame: { url: 'app://pizhu' } }],
  ['a file:// page', { sender: ourContents, senderFrame: { url: 'file:///etc/passwd' } }],
  ['a data: page', { sender: ourContents, senderFrame: { url: 'data:text/html,<script>1</script>' } }],
  ['about:blank', { sender: ourContents, senderFrame: { url: 'about:blank' } }],
  ['dev tools', { sender: ourContents, senderFrame: { url: 'devtools://devtools/bundled/inspector.html' } }],
  ['a disposed frame', { sender: ourContents, senderFrame: null }],
];

const exportFile = (path: string, content = '# 标题\n') => ({ path, content });
const exportOf = (...files: unknown[]) => ({ suggestedName: 'pizhu-export', files });
// One shared string: the request is over the byte limit without the test holding 512 MB.
const BIG = 'x'.repeat(10_000_000);

interface ChannelCases {
  /** Argument lists a well-behaved renderer sends. */
  valid: unknown[][];
  /** Each must be refused before anything is touched. */
  invalid: [label: string, args: unknown[]][];
}

const NO_ARGUMENTS: ChannelCases = {
  valid: [[]],
  invalid: [
    ['an unexpected argument', [1]],
    ['an unexpected string', ['../../etc']],
    ['an unexpected object', [{ path: '/' }]],
    ['undefined passed explicitly', [undefined]],
  ],
};

/** Names an annotation file may not have: each leads out of the folder, hides, or is not one of its files. */
const BAD_ANNOTATION_NAMES: [string, unknown][] = [
  ['parent folder', '../codebook.json'],
  ['a sub-folder', 'aside/a.json'],
  ['an absolute path', '/etc/passwd.json'],
  ['a Windows path', 'C:\\a.json'],
  ['backslashes', '..\\a.json'],
  ['dot-dot', '..'],
  ['a hidden name (a temporary file)', '.a.json.123.0badc0de.tmp'],
  ['NUL', 'a.json\0.json'],
  ['not JSON', 'a.txt'],
  ['empty', ''],
  ['a number', 42],
  ['null', null],
  ['too long', `${'文'.repeat(67)}.json`],
];
const CONFLICT_COPY = 'a.sync-conflict-20261203-101500-ABCDEFG.json';
const SHA = 'ab'.repeat(32);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A call taking one library key: the article reads. */
const LIBRARY_KEY_CASES: ChannelCases = {
  valid: [['000_5cd884f326e428d3.txt'], ['文件夹/文章.md']],
  invalid: [
    ['no key', []],
    ['undefined', [undefined]],
    ['null', [null]],
    ['a number', [42]],
    ['an object', [{ key: 'a.txt' }]],
    ['an array', [['a.txt']]],
    ['a String object', [new String('a.txt')]],
    ['empty', ['']],
    ['parent folder', ['../outside.txt']],
    ['parent folder in the middle', ['a/../../outside.txt']],
    ['dot segment', ['./a.txt']],
    ['empty segment', ['a//b.txt']],
    ['absolute POSIX path', ['/etc/passwd']],
    ['absolute Windows path', ['C:/Windows/win.ini']],
    ['backslashes', ['a\\..\\..\\b.txt']],
    ['NUL', ['a.txt\0.png']],
    ['too long', ['a/'.repeat(MAX_PATH_CHARS / 2) + 'b.txt']],
    ['two arguments', ['a.txt', 'b.txt']],
  ],
};

const CASES: Record<string, ChannelCases> = {
  annotationFilesLocation: NO_ARGUMENTS,
  listAnnotationFiles: NO_ARGUMENTS,
  readAnnotationFiles: {
    valid: [[['a.json', '营商环境-1a2b.json', CONFLICT_COPY]], [[]]],
    invalid: [
      ['nothing', []],
      ['a name, not a list', ['a.json']],
      ['an object', [{ names: ['a.json'] }]],
      ...BAD_ANNOTATION_NAMES.map(([label, name]): [string, unknown[]] => [`a list holding ${label}`, [['a.json', name]]]),
      ['too many names', [Array.from({ length: MAX_ANNOTATION_READ_NAMES + 1 }, (_, i) => `${i}.json`)]],
      ['two arguments', [['a.json'], 'b.json']],
    ],
  },
  writeAnnotationFile: {
    valid: [['a.json', '{"type":"AnnotationCollection"}'], ['codebook.jsonld', '{}']],
    invalid: [
      ['nothing', []],
      ['no text', ['a.json']],
      ...BAD_ANNOTATION_NAMES.map(([label, name]): [string, unknown[]] => [label, [name, '{}']]),
      ['text that is not a string', ['a.json', { type: 'AnnotationCollection' }]],
      ['empty text', ['a.json', '']],
      ['too large', ['a.json', 'x'.repeat(MAX_ANNOTATION_FILE_BYTES + 1)]],
      ['three arguments', ['a.json', '{}', 'b.json']],
    ],
  },
  writeAnnotationFiles: {
    valid: [[[{ name: 'a.json', text: '{"type":"AnnotationCollection"}' }, { name: 'codebook.jsonld', text: '{}' }]], [[]]],
    invalid: [
      ['nothing', []],
      ['one file, not a list', [{ name: 'a.json', text: '{}' }]],
      ...BAD_ANNOTATION_NAMES.map(([label, name]): [string, unknown[]] => [`a list holding ${label}`, [[{ name: 'a.json', text: '{}' }, { name, text: '{}' }]]]),
      ['empty text', [[{ name: 'a.json', text: '' }]]],
      ['text that is not a string', [[{ name: 'a.json', text: { type: 'AnnotationCollection' } }]]],
      ['one name twice', [[{ name: 'a.json', text: '{}' }, { name: 'a.json', text: '[]' }]]],
      ['too many files', [Array.from({ length: MAX_ANNOTATION_WRITE_FILES + 1 }, (_, i) => ({ name: `${i}.json`, text: '{}' }))]],
      ['too much text in all', [[{ name: 'a.json', text: 'x'.repeat(MAX_ANNOTATION_WRITE_CHARS) }, { name: 'b.json', text: '{}' }]]],
      ['two arguments', [[{ name: 'a.json', text: '{}' }], 'b.json']],
    ],
  },
  setAnnotationFileAside: {
    valid: [['a.json'], [CONFLICT_COPY]],
    invalid: [['nothing', []], ...BAD_ANNOTATION_NAMES.map(([label, name]): [string, unknown[]] => [label, [name]]), ['two arguments', ['a.json', 'b.json']]],
  },
  removeConflictCopy: {
    valid: [[CONFLICT_COPY, SHA], ["a (Ann's conflicted copy 2026-12-03).json", SHA]],
    invalid: [
      ['nothing', []],
      ['no hash', [CONFLICT_COPY]],
      ['an original, not a conflict copy', ['a.json', SHA]],
      ['a conflict copy in another folder', [`../${CONFLICT_COPY}`, SHA]],
      ...BAD_ANNOTATION_NAMES.map(([label, name]): [string, unknown[]] => [label, [name, SHA]]),
      ['a hash that is not hex', [CONFLICT_COPY, 'x'.repeat(64)]],
      ['a short hash', [CONFLICT_COPY, 'ab']],
      ['three arguments', [CONFLICT_COPY, SHA, 'extra']],
    ],
  },

  appInfo: NO_ARGUMENTS,
  getLibrary: NO_ARGUMENTS,
  reloadLibrary: NO_ARGUMENTS,
  listSnapshots: NO_ARGUMENTS,
  writeSnapshot: {
    // The bytes' content is the store's to judge (snapshots.test.ts); the boundary checks type and size.
    valid: [['manual', utf8('{"type":"AnnotationCollection","pizhu:format":1}')], ['daily', utf8('{}')], ['before-restore', Buffer.from('[]')]],
    invalid: [
      ['nothing', []],
      ['no bytes', ['manual']],
      ['an unknown reason', ['weekly', utf8('{}')]],
      ['a reason that is not a string', [1, utf8('{}')]],
      ['a reason shaped like a path', ['../manual', utf8('{}')]],
      ['the JSON as a string', ['manual', '{"type":"AnnotationCollection","pizhu:format":1}']],
      ['an object', ['manual', { type: 'AnnotationCollection' }]],
      ['an array of numbers', ['manual', [123, 125]]],
      ['an ArrayBuffer', ['manual', utf8('{}').buffer]],
      ['other typed array', ['manual', new Uint16Array([123, 125])]],
      ['empty bytes', ['manual', new Uint8Array(0)]],
      ['more bytes than a snapshot may have', ['manual', new Uint8Array(MAX_SNAPSHOT_BYTES + 1)]],
      ['three arguments', ['manual', utf8('{}'), 'pizhu-evil.json']],
    ],
  },
  readPendingChanges: NO_ARGUMENTS,
  keepPendingChanges: {
    valid: [['{"format":"pizhu-pending-changes"}'], ['']],
    invalid: [
      ['nothing', []],
      ['null', [null]],
      ['an object', [{ annotations: [] }]],
      ['too large', ['x'.repeat(MAX_PENDING_CHANGES_BYTES + 1)]],
      ['two arguments', ['{}', 'pending-changes.json']],
    ],
  },
  readSnapshot: {
    valid: [['pizhu-2026-11-22T03-04-05Z-daily.json'], ['pizhu-2026-11-22T03-04-05Z-manual-2.json']],
    invalid: [
      ['nothing', []],
      ['null', [null]],
      ['a number', [42]],
      ['parent folder', ['../pizhu-2026-11-22T03-04-05Z-daily.json']],
      ['a path after the name', ['pizhu-2026-11-22T03-04-05Z-daily.json/../../../etc/passwd']],
      ['a sub-folder', ['snapshots/pizhu-2026-11-22T03-04-05Z-daily.json']],
      ['an absolute path', ['/etc/passwd']],
      ['another file of the folder', ['settings.json']],
      ['NUL', ['pizhu-2026-11-22T03-04-05Z-daily.json\0.txt']],
      ['backslashes', ['..\\pizhu-2026-11-22T03-04-05Z-daily.json']],
      ['too long', ['x'.repeat(MAX_PATH_CHARS + 1)]],
      ['two arguments', ['pizhu-2026-11-22T03-04-05Z-daily.json', 'extra']],
    ],
  },
  readArticle: LIBRARY_KEY_CASES,
  readArticleOpening: LIBRARY_KEY_CASES,
  readArticles: {
    valid: [[['000_5cd884f326e428d3.txt']], [['a.txt', '文件夹/文章.md']], [Array.from({ length: 1000 }, (_, i) => `${i}.txt`)]],
    invalid: [
      ['no argument', []],
      ['one key, not an array', ['a.txt']],
      ['null', [null]],
      ['an object', [{ keys: ['a.txt'] }]],
      ['a number among the keys', [['a.txt', 42]]],
      ['an empty key', [['a.txt', '']]],
      ['a key to the parent folder', [['a.txt', '../outside.txt']]],
      ['an absolute path', [['/etc/passwd']]],
      ['NUL in a key', [['a.txt\0.png']]],
      ['a key twice', [['a.txt', 'b.txt', 'a.txt']]],
      ['more than 1,000 keys', [Array.from({ length: 1001 }, (_, i) => `${i}.txt`)]],
      ['two arguments', [['a.txt'], ['b.txt']]],
    ],
  },
  openFolder: {
    valid: [[], [null]],
    invalid: [
      ['a folder path (only the dialog chooses one)', ['/home/user/文章']],
      ['a relative folder path', ['文章']],
      ['a number', [42]],
      ['a boolean', [true]],
      ['an object', [{ path: '/tmp' }]],
      ['an array', [['/tmp']]],
      ['empty', ['']],
      ['NUL', ['/tmp\0/x']],
      ['too long', ['/' + 'x'.repeat(MAX_PATH_CHARS)]],
      ['two arguments', ['/tmp', '/home']],
    ],
  },
  saveExport: {
    valid: [[exportOf(exportFile('德清.md'))], [exportOf(exportFile('a.md'), exportFile('b.md'), exportFile('index.md'))]],
    invalid: [
      ['nothing', []],
      ['null', [null]],
      ['a string', ['德清.md']],
      ['an empty object', [{}]],
      ['no files', [exportOf()]],
      ['files not an array', [{ suggestedName: 'x', files: { 0: exportFile('a.md') } }]],
      ['a folder in the suggested name', [{ suggestedName: '../escape', files: [exportFile('a.md')] }]],
      ['an absolute suggested name', [{ suggestedName: '/etc/cron.d/x', files: [exportFile('a.md')] }]],
      ['a parent path', [exportOf(exportFile('../evil.md'))]],
      ['a sub-folder', [exportOf(exportFile('sub/evil.md'))]],
      ['a Windows path', [exportOf(exportFile('C:\\evil.md'))]],
      ['a device name', [exportOf(exportFile('con.md'))]],
      ['a dot file', [exportOf(exportFile('.bashrc'))]],
      ['an empty name', [exportOf(exportFile(''))]],
      ['a NUL in the name', [exportOf(exportFile('a\0.md'))]],
      ['a name over 255 bytes', [exportOf(exportFile('文'.repeat(90) + '.md'))]],
      ['content not a string', [exportOf({ path: 'a.md', content: 42 })]],
      ['a file that is not an object', [exportOf('a.md')]],
      ['two names equal but for case', [exportOf(exportFile('A.md'), exportFile('a.md'))]],
      ['too many files', [exportOf(...Array.from({ length: MAX_EXPORT_FILES + 1 }, (_, i) => exportFile(`${i}.md`)))]],
      ['too many bytes', [exportOf(...Array.from({ length: 20 }, (_, i) => exportFile(`${i}.md`, BIG)))]],
      ['two arguments', [exportOf(exportFile('a.md')), 'extra']],
    ],
  },
};

/**
 * Stands in for any dependency, present or added later (deps.host.read, deps.snapshots.…):
 * every property read is recorded and every call resolves (with a file, for the bodies that
 * look into what deps.host.read gave). A refused call must record nothing.
 */
function recorder(path: string, touched: string[]): unknown {
  return new Proxy(async () => ({ ok: true, from: path, file: { key: path, text: '', fingerprint: '' } }), {
    get: (_target, property) => {
      if (property === 'then') return undefined;
      const next = `${path}.${String(property)}`;
      touched.push(next);
      return recorder(next, touched);
    },
  });
}

function recordingDeps(): { deps: IpcDeps; touched: string[] } {
  const touched: string[] = [];
  return { deps: recorder('deps', touched) as IpcDeps, touched };
}

function setup(trustedSender: () => unknown = () => ourContents) {
  const { deps, touched } = recordingDeps();
  const handlers = createIpcHandlers(deps, makeSenderCheck(trustedSender, 'app://pizhu'));
  return { handlers, touched };
}

const CHANNEL_NAMES = Object.keys(setup().handlers);

describe('IPC handlers: every channel is covered', () => {
  it('each registered handler has a validation table, and each table a handler', () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThan(0);
    const untested = CHANNEL_NAMES.filter((name) => !(name in CASES));
    expect(untested, 'handlers without a row in CASES (tests/unit/ipc-validation.test.ts)').toEqual([]);
    expect(Object.keys(CASES).filter((name) => !CHANNEL_NAMES.includes(name))).toEqual([]);
    for (const name of CHANNEL_NAMES) expect(CHANNELS, name).toHaveProperty(name);
  });
});

describe.each(CHANNEL_NAMES)('IPC %s', (name) => {
  const cases = CASES[name] ?? { valid: [], invalid: [] };

  it('serves our window with well-formed arguments', async () => {
    expect(cases.valid.length).toBeGreaterThan(0);
    for (const args of cases.valid) {
      const { handlers, touched } = setup();
      await expect(handlers[name as keyof typeof handlers](trusted, ...args), JSON.stringify(args)).resolves.toBeDefined();
      expect(touched.length, `${name} did its work`).toBeGreaterThan(0);
    }
  });

  it.each(STRANGERS)('refuses %s before touching anything, even with well-formed arguments', async (_label, caller) => {
    const { handlers, touched } = setup();
    await expect(handlers[name as keyof typeof handlers](caller, ...(cases.valid[0] ?? []))).rejects.toBeInstanceOf(IpcRefusal);
    expect(touched).toEqual([]);
  });

  it('refuses every caller once our window is gone', async () => {
    const { handlers, touched } = setup(() => undefined);
    await expect(handlers[name as keyof typeof handlers]({ sender: undefined, senderFrame: { url: 'app://pizhu/index.html' } }, ...(cases.valid[0] ?? []))).rejects.toBeInstanceOf(IpcRefusal);
    expect(touched).toEqual([]);
  });

  it('refuses malformed, wrongly typed and oversized arguments before touching anything', async () => {
    expect(cases.invalid.length, 'at least one malformed call is listed').toBeGreaterThan(0);
    for (const [label, args] of cases.invalid) {
      const { handlers, touched } = setup();
      await expect(handlers[name as keyof typeof handlers](trusted, ...args), label).rejects.toBeInstanceOf(IpcRefusal);
      expect(touched, label).toEqual([]);
    }
  });
});
