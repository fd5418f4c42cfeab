// Backup snapshots as the app drives them: one before a schema upgrade (with the user asked
// before upgrading without one), one a day while there is anything to keep, one on request,
// and restoring one, which first keeps the current data as a snapshot of its own. The host
// keeps the files (src-main/snapshots.ts); the export dialog shows `list` and `status`.
import type { PizhuApi, SnapshotInfo, SnapshotReason } from '../../src-main/api.ts';

export type { SnapshotInfo, SnapshotReason };
import { parseBackup, type BackupData, type BackupErrorCode } from '../core/webAnnotation.ts';
import { hasUserData, replaceBackupData } from '../db/backup.ts';
import { backupBlob } from './backupJson.ts';
import type { WorkerStarter } from './workerStarter.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { ListedDatabases } from '../db/listedDatabases.ts';
import { snapshotBeforeUpgrade, type UpgradeSnapshotOutcome } from '../db/openDatabase.ts';
import { CURRENT_VERSION } from '../db/schema.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** How often an open app asks whether a day has passed since the last daily snapshot. */
export const DAILY_CHECK_MS = 60 * 60 * 1000;
/** A snapshot dated later than now by more than this says the clock was set back (clocks drift by seconds, not minutes). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type SnapshotStatus =
  | { kind: 'working' }
  | { kind: 'written'; snapshot: SnapshotInfo }
  | { kind: 'restored'; createdAt: string; beforeRestore: SnapshotInfo }
  | { kind: 'write-failed'; detail: string }
  /** The current data could not be saved first, so nothing was restored. */
  | { kind: 'restore-unsafe'; detail: string }
  | { kind: 'read-failed'; detail: string }
  | { kind: 'invalid'; code: BackupErrorCode; detail: string }
  | { kind: 'error'; detail: string };

/** A snapshot the user chose to restore, read and checked, waiting for the confirmation. */
export interface PendingRestore {
  snapshot: SnapshotInfo;
  /** Annotations in it that are not deleted. */
  annotations: number;
  data: BackupData;
}

/** The pre-upgrade snapshot could not be written: the upgrade waits for the user's answer. */
export interface UpgradeQuestion {
  fromVersion: number;
  toVersion: number;
  detail: string;
}

export interface SnapshotDeps {
  /** Re-read what a restore replaced (settings, titles, themes, the open article's annotations). */
  reloadAfterRestore(): Promise<void>;
  /** Lets queued writes (edits shown, reading positions, settings) land before a snapshot is taken or the data replaced. */
  flushWrites?(): Promise<unknown>;
  now?: () => number;
  /** Repeats `run` every `ms`; returns the cancel. Tests drive it by hand. */
  every?(run: () => void, ms: number): () => void;
  /** Where the backup is built off the page; without it, in the page. */
  workers?: WorkerStarter | null;
}

export class SnapshotsState {
  list = $state.raw<SnapshotInfo[]>([]);
  status = $state.raw<SnapshotStatus | null>(null);
  pending = $state.raw<PendingRestore | null>(null);
  upgradeQuestion = $state.raw<UpgradeQuestion | null>(null);
  /** What happened before this start's schema upgrade. */
  upgradeOutcome = $state.raw<UpgradeSnapshotOutcome | null>(null);

  private answer: ((proceed: boolean) => void) | null = null;
  private stopDaily: (() => void) | null = null;
  /** The first daily check, waiting for other work (startDaily with `after`); null when none waits. */
  private waitingCheck: Promise<void> | null = null;
  private daily: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly api: PizhuApi,
    private readonly db: () => PizhuDatabase | null,
    private readonly deps: SnapshotDeps,
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  get busy(): boolean {
    return this.status?.kind === 'working';
  }

  /**
   * The newest snapshot whose date is later than now: the clock was set back (a dead
   * battery, a dual-boot offset, a restored virtual machine). Snapshots are kept by write
   * order, so nothing is lost, but their dates and the daily rule need the user to know.
   */
  get futureSnapshot(): SnapshotInfo | null {
    const now = this.now();
    return this.list.find((s) => Date.parse(s.createdAt) > now + CLOCK_SKEW_MS) ?? null;
  }

  /**
   * Runs before the database opens with the current schema (db/openDatabase.ts). Returns once
   * the old data is in a snapshot, or nothing needed one, or the user chose to upgrade
   * without it after being told why it failed. Retrying asks the host again.
   */
  async beforeUpgrade(name?: string, listed?: ListedDatabases): Promise<void> {
    for (;;) {
      const outcome = await snapshotBeforeUpgrade((bytes) => this.api.writeSnapshot('upgrade', bytes), { name, now: () => this.now(), listed });
      this.upgradeOutcome = outcome;
      if (outcome.kind !== 'failed') return;
      const proceed = await new Promise<boolean>((resolve) => {
        this.answer = resolve;
        this.upgradeQuestion = { fromVersion: outcome.fromVersion, toVersion: CURRENT_VERSION, detail: outcome.detail };
      });
      this.answer = null;
      this.upgradeQuestion = null;
      if (proceed) return;
    }
  }

  /** The user's answer to upgradeQuestion: upgrade without a snapshot, or try the snapshot again. */
  answerUpgrade(proceed: boolean): void {
    this.answer?.(proceed);
  }

  async refresh(): Promise<void> {
    try {
      this.list = await this.api.listSnapshots();
    } catch (error) {
      this.status = { kind: 'error', detail: message(error) };
    }
  }

  /** The 立即备份 button. */
  async backupNow(): Promise<void> {
    await this.run(async () => {
      const result = await this.write('manual');
      return result.ok ? { kind: 'written', snapshot: result.snapshot } : { kind: 'write-failed', detail: result.detail };
    });
  }

  /**
   * The daily rule: when the newest daily snapshot is a day old (or there is none) and the
   * user has made anything, write one. Returns what it did.
   */
  checkDaily(): Promise<'written' | 'recent' | 'empty' | 'failed'> {
    // One check at a time: the start check and the timer must not both write, nor two windows.
    const run = this.daily.then(() => acrossWindows('pizhu-daily-snapshot', async () => {
      const db = this.db();
      if (!db) return 'empty' as const;
      // Dailies dated after now say nothing about the last day: the clock was set back since.
      const now = this.now();
      const last = (await this.api.listSnapshots()).find((s) => s.reason === 'daily' && Date.parse(s.createdAt) <= now + CLOCK_SKEW_MS);
      if (last && now - Date.parse(last.createdAt) < DAY_MS) return 'recent' as const;
      if (!(await hasUserData(db))) return 'empty' as const;
      const result = await this.write('daily');
      if (!result.ok) console.error('pizhu: daily snapshot not written', result.detail);
      return result.ok ? ('written' as const) : ('failed' as const);
    }));
    this.daily = run.catch(() => undefined);
    return run;
  }

  /**
   * Checks now, or once `after` has settled (start-up work to finish first), and then every
   * hour, so an app left open across midnight still makes its daily snapshot. The hourly checks
   * do not wait for `after`: work that never finishes (a stalled network share) delays the
   * day's snapshot by an hour at most.
   */
  startDaily(after?: Promise<unknown>): void {
    this.stop();
    const check = () =>
      void this.checkDaily().catch((error: unknown) => {
        // A closed database: the app is shutting down, and its next start checks again.
        if (error instanceof Error && error.name === 'DatabaseClosedError') return;
        console.error('pizhu: daily snapshot failed', error);
      });
    if (after) {
      const waiting: Promise<void> = after.then(
        () => this.checkWaited(waiting, check),
        () => this.checkWaited(waiting, check),
      );
      this.waitingCheck = waiting;
    } else check();
    const every =
      this.deps.every ??
      ((run: () => void, ms: number) => {
        const timer = setInterval(run, ms);
        return () => clearInterval(timer);
      });
    this.stopDaily = every(check, DAILY_CHECK_MS);
  }

  stop(): void {
    this.waitingCheck = null;
    this.stopDaily?.();
    this.stopDaily = null;
  }

  /** The first check that waited runs, unless the checks were stopped or started again meanwhile. */
  private checkWaited(waiting: Promise<void>, check: () => void): void {
    if (this.waitingCheck !== waiting) return;
    this.waitingCheck = null;
    check();
  }

  /** The 恢复 button: reads and checks the snapshot, then waits for confirmRestore(). */
  async chooseRestore(snapshot: SnapshotInfo): Promise<void> {
    this.pending = null;
    await this.run(async () => {
      const read = await this.api.readSnapshot(snapshot.name);
      if (!read.ok) return { kind: 'read-failed', detail: read.detail };
      const parsed = parseBackup(read.json, snapshot.size);
      if (!parsed.ok) return { kind: 'invalid', code: parsed.error.code, detail: parsed.error.detail };
      this.pending = { snapshot, annotations: parsed.data.annotations.filter((a) => a.deletedAt === null).length, data: parsed.data };
      return null;
    });
  }

  cancelRestore(): void {
    this.pending = null;
  }

  /**
   * Replaces the user data with the pending snapshot's. The current data is written as a
   * 'before-restore' snapshot first; if that fails nothing is replaced.
   */
  async confirmRestore(): Promise<void> {
    const pending = this.pending;
    const db = this.db();
    if (!pending || !db) return;
    await this.run(async () => {
      // write() lets the queued writes land first, so the snapshot taken before the restore holds them.
      const before = await this.write('before-restore');
      if (!before.ok) return { kind: 'restore-unsafe', detail: before.detail };
      // The host read it back before saying ok; it must also still be there (another window's write cannot have pruned it).
      if (!this.list.some((s) => s.name === before.snapshot.name)) return { kind: 'restore-unsafe', detail: `${before.snapshot.name} is not among the kept snapshots` };
      await replaceBackupData(db, pending.data, this.now());
      this.pending = null;
      await this.deps.reloadAfterRestore();
      return { kind: 'restored', createdAt: pending.snapshot.createdAt, beforeRestore: before.snapshot };
    });
  }

  private async write(reason: SnapshotReason): ReturnType<PizhuApi['writeSnapshot']> {
    const db = this.db();
    if (!db) return { ok: false, detail: 'no database' };
    await this.deps.flushWrites?.();
    const now = this.now();
    const body = await backupBlob(db, now, crypto.randomUUID(), this.deps.workers ?? null);
    const result = await this.api.writeSnapshot(reason, body);
    if (result.ok) await this.refresh();
    return result;
  }

  private async run(task: () => Promise<SnapshotStatus | null>): Promise<void> {
    if (this.busy) return;
    this.status = { kind: 'working' };
    try {
      this.status = await task();
    } catch (error) {
      this.status = { kind: 'error', detail: message(error) };
    }
  }
}

/** Runs `task` holding a Web Lock, so windows of one profile take turns; alone where there are no locks. */
function acrossWindows<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request(name, task) : task();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
