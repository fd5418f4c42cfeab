// An in-memory PizhuApi over the bundled seeds, for the state tests: counts reads and lets a
// test push library events the way the hosts do.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleEntry, ArticleError, LibraryEvent, LibrarySnapshot, MenuCommand, PizhuApi, ReadResult, SaveExportRequest, SaveExportResult } from '../../src-main/api.ts';
import { invalidSnapshotJsonReason, invalidSnapshotNameReason, invalidSnapshotReason, type ReadSnapshotResult, type SnapshotInfo, type SnapshotReason, type WriteSnapshotResult } from '../../src-main/api.ts';
import { freeSequence, snapshotName, SNAPSHOTS_KEPT } from '../../src-main/snapshots.ts';

export const SEEDS_DIR = join(import.meta.dirname, '../../seeds');

export interface FakeFile {
  text?: string;
  error?: ArticleError;
}

export class FakeHost implements PizhuApi {
  files = new Map<string, FakeFile>();
  reads: string[] = [];
  /** What saveExport was asked to save, in order. */
  saved: SaveExportRequest[] = [];
  /** Snapshots kept in memory, oldest first, named and pruned as the real store does. */
  snapshots: (SnapshotInfo & { json: string })[] = [];
  /** The snapshot clock (ms); tests move it. */
  snapshotNow = Date.UTC(2026, 10, 22, 3, 4, 5);
  /** When set, writeSnapshot fails with this detail (a full disk). */
  snapshotFailure: string | null = null;
  private libraryListeners = new Set<(event: LibraryEvent) => void>();
  private menuListeners = new Set<(command: MenuCommand) => void>();

  static withSeeds(): FakeHost {
    const host = new FakeHost();
    for (const name of readdirSync(SEEDS_DIR).filter((n) => n.endsWith('.txt')).sort()) {
      host.files.set(name, { text: readFileSync(join(SEEDS_DIR, name), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') });
    }
    return host;
  }

  entry(key: string): ArticleEntry {
    const file = this.files.get(key)!;
    return {
      key,
      size: file.text?.length ?? 0,
      mtimeMs: 0,
      fingerprint: file.text === undefined ? null : createHash('sha256').update(file.text).digest('hex'),
      encoding: file.text === undefined ? null : 'utf-8',
      error: file.error ?? null,
    };
  }

  snapshot(): LibrarySnapshot {
    return { library: { root: SEEDS_DIR, name: 'seeds', isDefault: true }, entries: [...this.files.keys()].map((k) => this.entry(k)) };
  }

  emit(event: LibraryEvent): void {
    for (const listener of this.libraryListeners) listener(event);
  }

  menu(command: MenuCommand): void {
    for (const listener of this.menuListeners) listener(command);
  }

  async appInfo() {
    return { name: 'Pizhu', version: '0.0.0-test', host: 'web' as const, userDataPath: '/tmp/pizhu-test' };
  }
  async getLibrary() {
    return this.snapshot();
  }
  async reloadLibrary() {
    return this.snapshot();
  }
  async openFolder() {
    return { ok: true as const, snapshot: this.snapshot() };
  }
  async readArticle(key: string): Promise<ReadResult> {
    this.reads.push(key);
    const file = this.files.get(key);
    if (!file) return { ok: false, key, error: { code: 'vanished', detail: 'gone' } };
    if (file.error || file.text === undefined) return { ok: false, key, error: file.error ?? { code: 'unreadable', detail: '' } };
    const entry = this.entry(key);
    return { ok: true, file: { key, text: file.text, fingerprint: entry.fingerprint!, encoding: 'utf-8', size: entry.size, mtimeMs: 0 } };
  }
  onLibraryEvent(listener: (event: LibraryEvent) => void) {
    this.libraryListeners.add(listener);
    return () => this.libraryListeners.delete(listener);
  }
  onMenuCommand(listener: (command: MenuCommand) => void) {
    this.menuListeners.add(listener);
    return () => this.menuListeners.delete(listener);
  }
  async saveExport(request: SaveExportRequest): Promise<SaveExportResult> {
    this.saved.push(structuredClone(request));
    return { ok: true, location: '/tmp/export', files: request.files.map((f) => f.path) };
  }
  async writeSnapshot(reason: SnapshotReason, json: string): Promise<WriteSnapshotResult> {
    const refused = invalidSnapshotReason(reason) ?? invalidSnapshotJsonReason(json);
    if (refused) throw new Error(`writeSnapshot: ${refused}`);
    if (this.snapshotFailure !== null) return { ok: false, detail: this.snapshotFailure };
    const snapshot: SnapshotInfo = {
      name: snapshotName(this.snapshotNow, reason, freeSequence(this.snapshots.map((s) => s.name), this.snapshotNow)),
      reason,
      createdAt: new Date(this.snapshotNow).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      size: Buffer.byteLength(json),
    };
    this.snapshots.push({ ...snapshot, json });
    this.snapshots.splice(0, Math.max(0, this.snapshots.length - SNAPSHOTS_KEPT));
    return { ok: true, snapshot };
  }
  async listSnapshots(): Promise<SnapshotInfo[]> {
    return this.snapshots.map(({ name, reason, createdAt, size }) => ({ name, reason, createdAt, size })).reverse();
  }
  /** What keepPendingChanges kept ('' when nothing is pending). */
  pendingChanges = '';
  async keepPendingChanges(json: string): Promise<void> {
    this.pendingChanges = json;
  }
  async readPendingChanges(): Promise<string> {
    return this.pendingChanges;
  }
  async readSnapshot(name: string): Promise<ReadSnapshotResult> {
    const refused = invalidSnapshotNameReason(name);
    if (refused) throw new Error(`readSnapshot: ${refused}`);
    const found = this.snapshots.find((s) => s.name === name);
    return found ? { ok: true, json: found.json } : { ok: false, detail: `no snapshot ${name}` };
  }
}

export const SEED = {
  s000: '000_5cd884f326e428d3.txt',
  s001: '001_95138ed665849f79.txt',
  s002: '002_28af22508236589b.txt',
  s003: '003_8e5f95533d67e5a9.txt',
  s004: '004_aae446356b5cda58.txt',
} as const;
