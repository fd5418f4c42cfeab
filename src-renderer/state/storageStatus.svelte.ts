// What went wrong with local storage, said so the user can act on it: every failed write and
// every connection problem lands here and is shown in the storage banner, never only in the
// console. A failed write leaves its retry behind; the user's change stays in memory (and
// on screen) until a retry, or the next change, stores it.

export type StorageProblemKind =
  /** The disk (or the browser's share of it) is full. */
  | 'quota'
  /** Another window upgraded the database (a versionchange); this window must reload. */
  | 'closed'
  /** The browser closed the database under us (a full disk, an I/O error): Retry opens it again. */
  | 'lost'
  /** Our upgrade waits for another window to close. */
  | 'blocked'
  /** The stored database was made by a newer Pizhu. */
  | 'newer'
  /** IndexedDB cannot be used at all (broken profile, private mode, database gone). */
  | 'unavailable'
  /** The change is stored here, but an annotation file beside the articles could not be written (no permission, a full disk). */
  | 'annotation-files'
  /** Anything else: the write failed for a reason we cannot name. */
  | 'failed';

export interface StorageProblem {
  kind: StorageProblemKind;
  /** The underlying error's own words, for a bug report. */
  detail: string;
  /** Some change is waiting to be stored and a retry may store it. */
  canRetry: boolean;
  /** Only a reload of the window helps. */
  needsReload: boolean;
  /** Bumped on every report, so a repeat of the same problem is announced again. */
  n: number;
}

interface NamedError {
  name?: unknown;
  message?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

/** The error and what it wraps: Dexie's `inner`, `cause`, and a BulkError's failures. */
function* errorChain(error: unknown, depth = 0): Generator<NamedError> {
  if (depth > 5 || error === null || typeof error !== 'object') return;
  const e = error as NamedError;
  yield e;
  yield* errorChain(e.inner, depth + 1);
  yield* errorChain(e.cause, depth + 1);
  const failures = e.failures;
  if (Array.isArray(failures)) for (const f of failures) yield* errorChain(f, depth + 1);
  else if (failures && typeof failures === 'object') for (const f of Object.values(failures)) yield* errorChain(f, depth + 1);
}

/** Names a Dexie or IndexedDB error by what the user can do about it. */
export function classifyStorageError(error: unknown): StorageProblemKind {
  let opening = false;
  for (const e of errorChain(error)) {
    switch (e.name) {
      // DOMException's name, and Dexie.QuotaExceededError's (which wraps it as `inner`).
      case 'QuotaExceededError':
        return 'quota';
      // Only the versionchange event (closedByOther) means another window upgraded: a
      // closed database met by a write is Chromium's forced close after a failed disk write.
      case 'DatabaseClosedError':
        return 'lost';
      case 'VersionError':
        return 'newer';
      case 'InvalidStateError':
      case 'MissingAPIError':
      case 'NotFoundError':
      case 'InvalidTableError':
        return 'unavailable';
      case 'OpenFailedError':
        opening = true;
        break;
      // state/annotationSync.svelte.ts: the database has the change; its file is what waits.
      case 'AnnotationFileWriteError':
        return 'annotation-files';
    }
  }
  return opening ? 'unavailable' : 'failed';
}

/** The innermost error's own words: Dexie's wrappers repeat them after their own. */
function describe(error: unknown): string {
  let found = '';
  for (const e of errorChain(error)) {
    if (typeof e.message === 'string' && e.message) found = typeof e.name === 'string' ? `${e.name}: ${e.message}` : e.message;
  }
  return found || String(error);
}

/** Worst first: a later, milder problem does not hide a worse one still in force. */
const SEVERITY: Record<StorageProblemKind, number> = { closed: 5, unavailable: 4, lost: 4, blocked: 3, quota: 2, failed: 2, 'annotation-files': 1, newer: 1 };

export class StorageStatus {
  problem = $state.raw<StorageProblem | null>(null);
  /** Keys of changes not yet stored (annotation ids, `setting:fontSize`, …), for "not saved" marks. */
  unsaved = $state.raw<readonly string[]>([]);

  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly retries = new Map<string, () => Promise<void>>();
  private n = 0;
  /** Opens the database again if the browser closed it; set by whoever owns the connection. */
  reopen: (() => Promise<void>) | null = null;

  /**
   * Runs one write. On failure the problem is shown and `run` kept as the retry for `key`
   * (a later write with the same key replaces it); on success that retry is dropped.
   */
  async attempt(key: string, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      this.saved(key);
      return true;
    } catch (error) {
      this.report(error, { key, run });
      return false;
    }
  }

  /** A failure, shown; with `retry`, the change it lost is kept to store again. */
  report(error: unknown, retry?: { key: string; run: () => Promise<void> }): void {
    const kind = classifyStorageError(error);
    console.error('pizhu: storage', kind, error);
    if (retry) {
      this.retries.set(retry.key, retry.run);
      this.unsaved = [...this.retries.keys()];
    }
    this.show(kind, describe(error));
  }

  /** A write under `key` reached the disk: its retry is moot, and with none left a write problem is over. */
  saved(key: string): void {
    if (this.retries.delete(key)) this.unsaved = [...this.retries.keys()];
    this.overIfNothingWaits();
  }

  /** Stores again every change that failed, oldest first; stops at the first that fails again. */
  async retry(): Promise<void> {
    try {
      await this.reopen?.();
    } catch (error) {
      this.report(error);
      return;
    }
    for (const [key, run] of [...this.retries]) {
      if (!(await this.attempt(key, run))) return;
    }
    // The database is open again and nothing waits to be stored (a later change stored what
    // had failed, or the connection was lost between writes): the problem is over.
    this.overIfNothingWaits();
  }

  /** With no change left to store, a write or connection problem is over; one that needs a reload stays. */
  private overIfNothingWaits(): void {
    const kind = this.problem?.kind;
    if (this.retries.size === 0 && (kind === 'quota' || kind === 'failed' || kind === 'annotation-files' || kind === 'unavailable' || kind === 'lost')) this.problem = null;
    else if (this.problem) this.problem = { ...this.problem, canRetry: this.retries.size > 0 };
  }

  blocked(): void {
    this.show('blocked', '');
  }

  /** The database opened: a wait for another window is over. */
  opened(): void {
    if (this.problem?.kind === 'blocked') this.problem = null;
  }

  closedByOther(): void {
    this.show('closed', '');
  }

  newer(storedVersion: number): void {
    this.show('newer', String(storedVersion));
  }

  /** The banner's close button: the problem stays known (retries too), only the message goes. */
  dismiss(): void {
    if (this.problem && !this.problem.needsReload) this.problem = null;
  }

  private show(kind: StorageProblemKind, detail: string): void {
    const current = this.problem;
    if (current && SEVERITY[current.kind] > SEVERITY[kind]) return;
    this.problem = { kind, detail, canRetry: this.retries.size > 0 && kind !== 'closed', needsReload: kind === 'closed', n: ++this.n };
  }
}
