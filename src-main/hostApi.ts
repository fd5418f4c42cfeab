// The host API, defined once. Each row is one call of `window.pizhu`: its signature, a
// schema per argument, its HTTP route (or none), and who may call it. The preload, the IPC
// handlers, the web host's router, the web client, the fake host of the tests and the
// security tests' route list are all made from this table: a new call is one row here
// (and its body in hostCalls.ts for the real hosts).
//
// Pure: valibot and the contract's types and rules only, so the renderer and the sandboxed
// preload can import it.
import * as v from 'valibot';
import {
  annotationFileNameReason,
  annotationFileNamesReason,
  annotationFileTextReason,
  annotationFileWritesReason,
  MAX_ANNOTATION_FILE_BYTES,
  MAX_ANNOTATION_WRITE_CHARS,
  MAX_ANNOTATION_WRITE_FILES,
  MAX_ANNOTATION_READ_NAMES,
  MAX_ANNOTATION_FILE_NAME_BYTES,
  sha256HexReason,
  type AnnotationFileRead,
  type AnnotationFileWrite,
  type AnnotationFilesListing,
  type AnnotationFilesLocation,
  type RemoveConflictCopyResult,
  type SetAnnotationFileAsideResult,
  type WriteAnnotationFileResult,
} from './api.ts';
import { isConflictCopyName } from '../src-renderer/core/conflictCopies.ts';
import {
  invalidExportReason,
  invalidFolderArgReason,
  invalidKeyReason,
  invalidKeysReason,
  READ_ARTICLES_BODY_BYTES,
  invalidPendingChangesReason,
  invalidSnapshotBodyReason,
  invalidSnapshotNameReason,
  invalidSnapshotReason,
  MAX_PENDING_CHANGES_BYTES,
  MAX_SNAPSHOT_BYTES,
  type AppInfo,
  type LibrarySnapshot,
  type OpenFolderResult,
  type OpeningResult,
  type ReadResult,
  type ReadSnapshotResult,
  type SaveExportRequest,
  type SaveExportResult,
  type SnapshotBody,
  type SnapshotInfo,
  type SnapshotReason,
  type WriteSnapshotResult,
} from './api.ts';

/** Who may make a call: our own Electron window (over IPC) or the page the web host served (over HTTP, with its token). */
export type Caller = 'electron-window' | 'web-page';

/**
 * Where an argument travels in an HTTP request, one entry per argument in order: a query
 * parameter, a field of a JSON object body, or the whole body as text, as bytes, or as named
 * texts (namedTexts.ts: a list of `{ name, text }`) (up to `limit` bytes).
 */
export type HttpParam =
  | { from: 'query'; name: string }
  | { from: 'json'; name: string; /** Body bytes allowed, when more than the usual 64 KiB. */ limit?: number }
  | { from: 'text'; limit: number }
  | { from: 'bytes'; limit: number }
  | { from: 'named-texts'; limit: number };

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: `/api/${string}`;
  params: readonly HttpParam[];
  /**
   * `json`: the result as JSON. `text-or-404`: a `{ ok: true, json }` result is sent as that
   * text unwrapped (a snapshot is too big to wrap again), `{ ok: false, detail }` as a 404.
   * `none`: the call answers nothing (204). `named-texts`: a list of entries with a `text`
   * each, or none, sent as named texts (namedTexts.ts) rather than wrapped in JSON again.
   * `bytes`: the result is bytes (a Uint8Array), sent as the body as they are.
   */
  response: 'json' | 'text-or-404' | 'none' | 'named-texts' | 'bytes';
  /**
   * The request is sent so that it outlives the page (fetch's keepalive): a page going away
   * (a reload, the window closed) hands over in it what it has not stored. Keepalive bodies
   * share a small budget, so only such a call, and only a small body, is sent so.
   */
  outlivesPage?: boolean;
}

/** One call. `Fn` is its signature as the page sees it; the schemas check what really arrives. */
export interface HostCall<Fn extends (...args: never[]) => Promise<unknown>> {
  /** One schema per argument, in order; more arguments than schemas are refused. */
  args: readonly v.GenericSchema[];
  callers: readonly Caller[];
  /** null: no HTTP route (the web client does it in the page, or the call is Electron's only). */
  http: HttpRoute | null;
  /** Type only: never read at run time. */
  readonly signature?: Fn;
}

const call = <Fn extends (...args: never[]) => Promise<unknown>>(row: HostCall<Fn>): HostCall<Fn> => row;

/** A hand-written rule of api.ts as a schema, its message the rule's own reason. */
const rule = <T>(reason: (input: unknown) => string | null) => v.custom<T>((input) => reason(input) === null, (issue) => reason(issue.input) ?? 'invalid');

const LibraryKey = rule<string>(invalidKeyReason);
const LibraryKeys = v.pipe(
  rule<string[]>(invalidKeysReason),
  v.transform((keys): string[] => [...keys]),
);
const FolderPath = rule<string | null | undefined>(invalidFolderArgReason);
const SnapshotReasonArg = rule<SnapshotReason>(invalidSnapshotReason);
const SnapshotBodyArg = rule<SnapshotBody>(invalidSnapshotBodyReason);
const SnapshotName = rule<string>(invalidSnapshotNameReason);
const PendingChangesJson = rule<string>(invalidPendingChangesReason);
/** Only the checked fields travel on, never whatever else the object carried. */
const ExportRequest = v.pipe(
  rule<SaveExportRequest>(invalidExportReason),
  v.transform(({ suggestedName, files }): SaveExportRequest => ({ suggestedName, files: files.map(({ path, content }) => ({ path, content })) })),
);

const BOTH: readonly Caller[] = ['electron-window', 'web-page'];

// The annotation files in the library's `.pizhu/` folder (or, for a library that cannot hold
// them, in user data): names are bare names the host checks again at the disk.
const AnnotationFileName = rule<string>(annotationFileNameReason);
const AnnotationFileNames = v.pipe(
  rule<string[]>(annotationFileNamesReason),
  v.transform((names): string[] => [...names]),
);
const AnnotationFileText = rule<string>(annotationFileTextReason);
/** Only the name and text of each file travel on, never whatever else the objects carried. */
const AnnotationFileWrites = v.pipe(
  rule<AnnotationFileWrite[]>(annotationFileWritesReason),
  v.transform((files): AnnotationFileWrite[] => files.map(({ name, text }) => ({ name, text }))),
);
/** The texts at their largest in UTF-8, with the line of names (JSON escapes could make each six bytes a byte) and room to spare. */
const ANNOTATION_WRITES_BODY_BYTES = MAX_ANNOTATION_WRITE_CHARS * 3 + MAX_ANNOTATION_WRITE_FILES * (MAX_ANNOTATION_FILE_NAME_BYTES * 6 + 48) + 1024;
const ConflictCopyName = rule<string>((name) => annotationFileNameReason(name) ?? (isConflictCopyName(name as string) ? null : 'name is not a sync conflict copy'));
const Sha256Hex = rule<string>(sha256HexReason);
/** Every name at its longest, as JSON escapes could make it, with room to spare. */
const ANNOTATION_NAMES_BODY_BYTES = MAX_ANNOTATION_READ_NAMES * (MAX_ANNOTATION_FILE_NAME_BYTES * 6 + 8) + 1024;

const ANNOTATION_FILE_CALLS = {
  /** Where the annotation files are, and whether that is the library or the user-data fallback (and why). */
  annotationFilesLocation: call<() => Promise<AnnotationFilesLocation>>({
    args: [],
    callers: BOTH,
    http: { method: 'GET', path: '/api/annotation-files/location', params: [], response: 'json' },
  }),
  /** The files of the annotation folder, conflict copies included, and whatever else is in it. */
  listAnnotationFiles: call<() => Promise<AnnotationFilesListing>>({
    args: [],
    callers: BOTH,
    http: { method: 'GET', path: '/api/annotation-files', params: [], response: 'json' },
  }),
  /** Several files in one call, each a result of its own (a missing or damaged file does not fail the rest). */
  readAnnotationFiles: call<(names: string[]) => Promise<AnnotationFileRead[]>>({
    args: [AnnotationFileNames],
    callers: BOTH,
    http: { method: 'POST', path: '/api/annotation-files/read', params: [{ from: 'json', name: 'names', limit: ANNOTATION_NAMES_BODY_BYTES }], response: 'named-texts' },
  }),
  /** Replaces one file atomically; the watcher does not report this write back. */
  writeAnnotationFile: call<(name: string, text: string) => Promise<WriteAnnotationFileResult>>({
    args: [AnnotationFileName, AnnotationFileText],
    callers: BOTH,
    http: { method: 'POST', path: '/api/annotation-file', params: [{ from: 'query', name: 'name' }, { from: 'text', limit: MAX_ANNOTATION_FILE_BYTES }], response: 'json' },
  }),
  /**
   * Several files in one call (one IPC message, one HTTP request), each replaced atomically as
   * writeAnnotationFile does and each a result of its own, in the order given; the folder is
   * flushed once for all. A first start writes thousands of files: a call each was most of its time.
   */
  writeAnnotationFiles: call<(files: AnnotationFileWrite[]) => Promise<WriteAnnotationFileResult[]>>({
    args: [AnnotationFileWrites],
    callers: BOTH,
    http: { method: 'POST', path: '/api/annotation-files/write', params: [{ from: 'named-texts', limit: ANNOTATION_WRITES_BODY_BYTES }], response: 'json' },
  }),
  /** Moves a file that could not be used into `aside/` under a new name: kept, never deleted. */
  setAnnotationFileAside: call<(name: string) => Promise<SetAnnotationFileAsideResult>>({
    args: [AnnotationFileName],
    callers: BOTH,
    http: { method: 'POST', path: '/api/annotation-file/aside', params: [{ from: 'json', name: 'name' }], response: 'json' },
  }),
  /** Removes a sync tool's conflict copy once merged; `sha256` is of the bytes read, so a copy changed since stays. */
  removeConflictCopy: call<(name: string, sha256: string) => Promise<RemoveConflictCopyResult>>({
    args: [ConflictCopyName, Sha256Hex],
    callers: BOTH,
    http: {
      method: 'POST',
      path: '/api/annotation-file/remove-conflict-copy',
      params: [
        { from: 'json', name: 'name' },
        { from: 'json', name: 'sha256' },
      ],
      response: 'json',
    },
  }),
};

export const HOST_CALLS = {
  appInfo: call<() => Promise<AppInfo>>({ args: [], callers: BOTH, http: { method: 'GET', path: '/api/app-info', params: [], response: 'json' } }),
  getLibrary: call<() => Promise<LibrarySnapshot>>({ args: [], callers: BOTH, http: { method: 'GET', path: '/api/library', params: [], response: 'json' } }),
  readArticle: call<(key: string) => Promise<ReadResult>>({
    args: [LibraryKey],
    callers: BOTH,
    http: { method: 'GET', path: '/api/article', params: [{ from: 'query', name: 'key' }], response: 'json' },
  }),
  /**
   * The opening of a long file (OpeningResult), asked before readArticle: the reader shows it
   * while the whole is on its way. The library service keeps the text it read for the whole
   * asked next, while the file is unchanged.
   */
  readArticleOpening: call<(key: string) => Promise<OpeningResult>>({
    args: [LibraryKey],
    callers: BOTH,
    http: { method: 'GET', path: '/api/article/opening', params: [{ from: 'query', name: 'key' }], response: 'json' },
  }),
  /**
   * Many files in one request (one IPC message, one HTTP response), read in parallel: a first
   * start on a folder of thousands would otherwise wait on a round trip per file. Results come
   * in the order of `keys`, each its own (a file that cannot be read does not fail the rest),
   * as bytes that readResults.ts decodes: the page hands them to a scan worker undecoded.
   */
  readArticles: call<(keys: string[]) => Promise<Uint8Array<ArrayBuffer>>>({
    args: [LibraryKeys],
    callers: BOTH,
    http: { method: 'POST', path: '/api/articles/read', params: [{ from: 'json', name: 'keys', limit: READ_ARTICLES_BODY_BYTES }], response: 'bytes' },
  }),
  /**
   * Switch to another folder. Left out, `path` means "ask the user": Electron shows the
   * native folder dialog (and refuses a path string: only the dialog chooses a folder there);
   * the web host has none and answers cancelled (the UI asks for a path instead). `null`
   * returns to the bundled seeds.
   */
  openFolder: call<(path?: string | null) => Promise<OpenFolderResult>>({
    args: [v.optional(FolderPath)],
    callers: BOTH,
    http: { method: 'POST', path: '/api/open-folder', params: [{ from: 'json', name: 'path' }], response: 'json' },
  }),
  reloadLibrary: call<() => Promise<LibrarySnapshot>>({ args: [], callers: BOTH, http: { method: 'POST', path: '/api/reload-library', params: [], response: 'json' } }),
  /** Electron: native dialog, then atomic writes. The web client has the browser download the files instead. */
  saveExport: call<(request: SaveExportRequest) => Promise<SaveExportResult>>({ args: [ExportRequest], callers: ['electron-window'], http: null }),
  /**
   * Keeps a backup snapshot in the user-data folder (`snapshots/`); the oldest beyond the last
   * 10 go. `body` is the backup's JSON as UTF-8, a Blob or bytes (api.ts, SnapshotBody): the
   * HTTP body as it is, bytes over IPC.
   */
  writeSnapshot: call<(reason: SnapshotReason, body: SnapshotBody) => Promise<WriteSnapshotResult>>({
    args: [SnapshotReasonArg, SnapshotBodyArg],
    callers: BOTH,
    http: { method: 'POST', path: '/api/snapshots', params: [{ from: 'query', name: 'reason' }, { from: 'bytes', limit: MAX_SNAPSHOT_BYTES }], response: 'json' },
  }),
  /** The kept snapshots, newest first. */
  listSnapshots: call<() => Promise<SnapshotInfo[]>>({ args: [], callers: BOTH, http: { method: 'GET', path: '/api/snapshots', params: [], response: 'json' } }),
  /** One snapshot's JSON; `name` as listSnapshots gave it. */
  readSnapshot: call<(name: string) => Promise<ReadSnapshotResult>>({
    args: [SnapshotName],
    callers: BOTH,
    http: { method: 'GET', path: '/api/snapshot', params: [{ from: 'query', name: 'name' }], response: 'text-or-404' },
  }),
  /**
   * Changes IndexedDB could not store (a full disk), kept in the user-data folder (replaced
   * atomically) so a reload or restart replays them; '' when none are left (the file goes).
   */
  keepPendingChanges: call<(json: string) => Promise<void>>({
    args: [PendingChangesJson],
    callers: BOTH,
    http: { method: 'POST', path: '/api/pending-changes', params: [{ from: 'text', limit: MAX_PENDING_CHANGES_BYTES }], response: 'none', outlivesPage: true },
  }),
  /** What keepPendingChanges last kept, or ''. */
  readPendingChanges: call<() => Promise<string>>({ args: [], callers: BOTH, http: { method: 'GET', path: '/api/pending-changes', params: [], response: 'json' } }),
  ...ANNOTATION_FILE_CALLS,
};

export type HostCallName = keyof typeof HOST_CALLS;
export const HOST_CALL_NAMES = Object.keys(HOST_CALLS) as HostCallName[];

type SignatureOf<K extends HostCallName> = NonNullable<(typeof HOST_CALLS)[K]['signature']>;
/** Every call as a function: the request/response part of `window.pizhu`. */
export type HostCallFunctions = { [K in HostCallName]: SignatureOf<K> };
export type HostCallArgs<K extends HostCallName> = Parameters<SignatureOf<K>>;
export type HostCallResult<K extends HostCallName> = Awaited<ReturnType<SignatureOf<K>>>;

/** The server's push stream of LibraryEvents (Server-Sent Events): `onLibraryEvent` on the web. */
export const HTTP_EVENTS_ROUTE = { method: 'GET', path: '/api/events' } as const;
/** The SSE event name of AnnotationFilesEvents on that stream (LibraryEvents are its unnamed messages). */
export const HTTP_ANNOTATION_FILES_EVENT = 'annotation-files';

/** Every HTTP route of the API, the event stream included. */
export function httpRoutes(): { method: string; path: string }[] {
  const calls = HOST_CALL_NAMES.flatMap((name) => {
    const http = HOST_CALLS[name].http;
    return http ? [{ method: http.method, path: http.path }] : [];
  });
  return [...calls, { ...HTTP_EVENTS_ROUTE }];
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** IPC channel names: one per call, plus the main process's pushes to the page. */
export const CHANNELS = {
  ...(Object.fromEntries(HOST_CALL_NAMES.map((name) => [name, `pizhu:${kebab(name)}`])) as Record<HostCallName, string>),
  libraryEvent: 'pizhu:library-event',
  menuCommand: 'pizhu:menu-command',
  annotationFilesEvent: 'pizhu:annotation-files-event',
} as const;

/** A call refused before it reached the host: a stranger, or arguments that fail their schema. */
export class HostRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostRefusal';
  }
}

/**
 * Checks `args` against the row's schemas: the values to call the host with (schemas may
 * tidy them, as the export request's are), or a HostRefusal naming the call and the reason.
 */
export function checkedArgs<K extends HostCallName>(name: K, args: readonly unknown[]): HostCallArgs<K> {
  const schemas = HOST_CALLS[name].args;
  if (args.length > schemas.length) throw new HostRefusal(`${name}: expected at most ${schemas.length} argument(s), got ${args.length}`);
  const out: unknown[] = [];
  for (const [i, schema] of schemas.entries()) {
    const result = v.safeParse(schema, args[i]);
    if (!result.success) throw new HostRefusal(`${name}: ${result.issues[0].message}`);
    // A trailing argument left out stays left out (openFolder() is not openFolder(undefined)).
    if (i < args.length) out.push(result.output);
  }
  return out as HostCallArgs<K>;
}
