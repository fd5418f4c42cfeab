// Joins the annotation files of the open library (DESIGN.md, Data: "Annotation files") to the
// database: on start and on every watcher event the files are read, merged into the rows by
// the one rule, and any file whose merged content differs from the disk is written back; after
// each local change the affected files are written again, debounced. Every step runs in one
// queue, in order, so a read never interleaves with a write of the same files.
import type { AnnotationFileRead, AnnotationFileReadError, AnnotationFileWrite, AnnotationFilesEvent, AnnotationFilesLocation, PizhuApi, WriteAnnotationFileResult } from '../../src-main/api.ts';
import { articleFilesOf, articleFileText, codebookFileText, parseAnnotationFile, recordsOfFiles, type AnnotationFileProblem, type ArticleFileData, type ParsedAnnotationFile } from '../core/annotationFiles.ts';
import { liveThemeNames } from '../core/webAnnotation.ts';
import { annotationFileKind, articleFileName, CODEBOOK_FILE_NAME } from '../core/annotationFileNames.ts';
import { conflictCopyOriginal } from '../core/conflictCopies.ts';
import type { PizhuDatabase } from '../db/database.ts';
import { dropNoteConflict, putNoteConflicts, readNoteConflicts } from '../db/noteConflictRows.ts';
import { WriteCalls } from './annotationWriteCalls.ts';
import { adoptRows, articleKeysOf, mergeIntoDatabase, readArticleSyncRecords, readSyncRecordsInParts, type Adoption, type LibraryScope } from '../db/syncRows.ts';
import { yieldToPage } from './yieldToPage.ts';
import { compareVersions, type SyncRecords } from '../core/syncMerge.ts';
import type { ThemeFields } from '../core/themeIdentity.ts';
import type { AnnotationAuthor, AnnotationRow } from '../core/userRows.ts';
import type { TableChanges } from '../db/connection.ts';
import type { StorageStatus } from './storageStatus.svelte.ts';

/** Article files whose rows are remembered as last read or written: the few being worked on. */
const RECENT_FILES = 32;

/** How long after a change the files are written: a burst of edits becomes one write. */
export const WRITE_DELAY_MS = 100;
/**
 * How long a file the watcher named that could not be read as annotations is left to rest
 * before it is read again and, if its bytes are still the same, set aside: one written in place
 * may have been read half made.
 */
export const UNSETTLED_REREAD_MS = 500;
const RETRY_KEY = 'annotation-files';
/** How long files are made in one go before the page may draw and take input. */
const MAKE_SLICE_MS = 12;

/** A file that could not be read as annotations, and where it was put. */
export interface UnreadableAnnotationFile {
  name: string;
  problem: AnnotationFileProblem | AnnotationFileReadError;
  detail: string;
  /** Where it was set aside (relative to the annotation folder); null when it stayed in place. */
  aside: string | null;
}

/** A note typed here while another machine's version of it arrived: both texts, neither lost. */
export interface NoteConflict {
  annotationId: string;
  /**
   * The text being typed here (the draft, or what the editor held) when the other version
   * arrived. Typing goes on after that: the choice reads the text typed by then
   * (noteConflicts.ts localNoteNow), not this.
   */
  localNote: string;
  /** The text that arrived. */
  remoteNote: string;
}

export interface AnnotationSyncContext {
  /** The open library's local id (libraryIdOf); null while none is known (nothing is then read or written). */
  libraryId: () => string | null;
  /** Keys of the open library's articles. */
  libraryKeys: () => readonly string[];
  fingerprintOf: (articleKey: string) => string | undefined;
  /** Notes open in editors here, with the text each holds: being typed, whether stored yet or not. */
  notesInEditors?: () => ReadonlyMap<string, string>;
}

type ReadFile = Extract<ParsedAnnotationFile, { ok: true }>;

interface PendingWrite {
  all: boolean;
  annotationIds: Set<string>;
  articleKeys: Set<string>;
}

function nothingPending(all: boolean): PendingWrite {
  return { all, annotationIds: new Set(), articleKeys: new Set() };
}

export class AnnotationSync {
  location = $state.raw<AnnotationFilesLocation | null>(null);
  /** When the files were last written / read (ms); null: not yet in this session. */
  lastWrittenAt = $state<number | null>(null);
  lastReadAt = $state<number | null>(null);
  unreadable = $state.raw<UnreadableAnnotationFile[]>([]);
  noteConflicts = $state.raw<NoteConflict[]>([]);
  /** Everyone whose annotations the library's files hold, as last written (the pane names authors when there are two or more). */
  authors = $state.raw<AnnotationAuthor[]>([]);
  /** Files waiting to be written again after a failed write. */
  pendingWrite = $state(false);

  /** What each file of ours holds on disk, as last read or written: only a difference is written. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly onDisk = new Map<string, string>();
  /** Articles whose files were seen in the folder (kept even when the library no longer lists them). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly keysInFiles = new Set<string>();
  /** Themes seen in the folder's codebook. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly themesInFiles = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private ready = false;
  private changedBeforeReady = false;
  /** What the next write must look at: every file, or the articles of these annotations and titles. */
  private dirty: PendingWrite = nothingPending(true);
  /** The article behind each file of ours seen or written, for a removed file. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly keyOfFile = new Map<string, string>();
  /**
   * The library's themes as the last full step found them (its codebook). Their names label the
   * passages in the article files a later step makes; the full step labels them by every theme
   * stored, the same names for any theme a passage of the library uses.
   */
  private themes: ThemeFields[] = [];
  private stopped = false;
  /**
   * Rows of no library the last full step found the library's, not yet stored as its own: stored
   * a piece a step (adoptRows), so a write made meanwhile waits for one piece, not all of them.
   * Kept from the moment the step read them, so a step cut short still leaves them to store
   * before another library is read; rows whose file was not written yet are its library's as
   * well, and its next full step writes them.
   */
  private adoption: Adoption | null = null;
  /** A step storing the next piece is queued. */
  private adoptionQueued = false;
  /**
   * What each article file holds, as versions (articleVersions), as last read or written with the
   * theme names read: a write makes a file's text again only where the rows differ. Making
   * the text of every file of a large library again only to find it unchanged was most of a
   * start's time.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly versionsRead = new Map<string, string>();
  /** The live themes' names by id the codebook read in that step gave (article files name themes); null when unknown. */
  private themeNamesRead: ReadonlyMap<string, string> | null = null;
  /** The file name of each article key (making one hashes and normalises the key). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly fileNames = new Map<string, string>();
  /** Files named by the watcher that could not be read as annotations: what was read (sha-256, or the problem), until read again. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly unsettled = new Map<string, string>();
  /**
   * Files there but not read (no permission, an I/O error, bytes still resting, a set-aside
   * that failed): none is written over, whatever changes here, until it reads or is gone.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly unreadHeld = new Set<string>();
  /**
   * The rows of the article files read or written last, by id, as the files held them. A row
   * that arrives again as it was is not merged again: the database took it (or a later version)
   * when it was read or written, and never loses a row since. A file of a thousand rows with one
   * changed then costs the database one row, not a thousand.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly recentRows = new Map<string, Map<string, AnnotationRow>>();

  constructor(
    private readonly api: PizhuApi,
    private readonly db: PizhuDatabase | null,
    private readonly storage: StorageStatus,
    private readonly context: AnnotationSyncContext,
    private readonly now: () => number = Date.now,
  ) {}

  /** Follows the watcher and reads every file (the library was opened or switched). */
  start(): Promise<void> {
    this.stopped = false;
    if (!this.unsubscribe) this.unsubscribe = this.api.onAnnotationFilesEvent((event) => void this.onFilesEvent(event));
    return this.rereadAll();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopped = true;
    // The session ends. What is left stays of no library: the library's next full step stores
    // it, but a start that opens another library listing an article of the same key first
    // takes those rows too.
    this.adoption = null;
    this.adoptionQueued = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Forgets what the disk held and reads every file again (start, a switched library, the command). */
  rereadAll(): Promise<void> {
    return this.enqueue(async () => {
      this.onDisk.clear();
      this.recentRows.clear();
      // Every file is read now, and one still unreadable is set aside at once: no rest is pending.
      this.unsettled.clear();
      this.unreadHeld.clear();
      this.keysInFiles.clear();
      this.dirty.all = true;
      this.themesInFiles.clear();
      await this.finishAdoption().catch((error: unknown) => this.storage.report(error));
      await this.restoreNoteConflicts().catch((error: unknown) => this.storage.report(error));
      const listing = await this.api.listAnnotationFiles();
      this.location = listing.location;
      this.unreadable = [];
      this.changedBeforeReady = false;
      await this.readAndMerge(listing.files.map((f) => f.name));
      this.ready = true;
      // What changed meanwhile is in `dirty` already: the rows it named, not every file.
      if (this.changedBeforeReady) this.writeLater();
    });
  }

  /**
   * A local change: the files are written a moment later, with whatever else changed meanwhile.
   * Only the files of the articles whose annotations or titles changed are made again; a theme
   * changed (names in the articles' files, the codebook) or rows Dexie did not name make them all.
   */
  schedule(change: Partial<TableChanges> = {}): void {
    if (!this.db) return;
    const tables = change.tables ?? null;
    if (tables === null || tables.has('tags') || (tables.has('annotations') && !change.annotationIds)) this.dirty.all = true;
    else if (tables.has('libraryTitles')) this.dirty.all = true;
    else if (tables.has('annotations')) for (const id of change.annotationIds!) this.dirty.annotationIds.add(id);
    this.writeLater();
  }

  /** Writes what is waiting a moment from now, with whatever else changes meanwhile. */
  private writeLater(): void {
    // Before the first read the change waits for it: the read's own write then takes it, or the one after.
    if (!this.ready) {
      this.changedBeforeReady = true;
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(async () => void (await this.writeStep()));
    }, WRITE_DELAY_MS);
  }

  /**
   * Writes what is waiting now, and resolves once every queued step is done, and the write a step
   * left for later too: a change made during the first read is written a moment after it.
   */
  async flush(): Promise<void> {
    for (;;) {
      if (this.timer !== null) {
        clearTimeout(this.timer);
        this.timer = null;
        void this.enqueue(async () => void (await this.writeStep()));
      }
      const queue = this.queue;
      await queue;
      if (this.timer === null && this.queue === queue) return;
    }
  }

  /** Both texts of a conflict are kept until the user picks one; this forgets it once chosen. */
  settleNoteConflict(annotationId: string): void {
    this.noteConflicts = this.noteConflicts.filter((c) => c.annotationId !== annotationId);
    if (this.db) dropNoteConflict(this.db, annotationId).catch((error: unknown) => this.storage.report(error));
  }

  /** New offers, stored too: the version that arrived is kept until the user chooses, across a reload. */
  private offerNoteConflicts(conflicts: NoteConflict[]): void {
    this.noteConflicts = [...this.noteConflicts.filter((c) => !conflicts.some((n) => n.annotationId === c.annotationId)), ...conflicts];
    if (this.db) putNoteConflicts(this.db, conflicts).catch((error: unknown) => this.storage.report(error));
  }

  /** The offers a session before this one left open: once, before the first read. */
  private async restoreNoteConflicts(): Promise<void> {
    if (!this.db || this.noteConflictsRestored) return;
    this.noteConflictsRestored = true;
    const stored = await readNoteConflicts(this.db);
    const open = this.noteConflicts;
    if (stored.length > 0) this.noteConflicts = [...stored.filter((s) => !open.some((c) => c.annotationId === s.annotationId)), ...open];
  }

  private noteConflictsRestored = false;

  private onFilesEvent(event: AnnotationFilesEvent): Promise<void> {
    return this.enqueue(async () => {
      // A removed file of ours is written again from the rows: deleting a file deletes nothing.
      for (const name of event.removed) this.writeAgain(name);
      await this.readAndMerge(event.changed.map((f) => f.name), true);
      if (event.removed.some((name) => annotationFileKind(name) !== null)) await this.writeStep();
    });
  }

  /** `name` is no longer on disk (removed, set aside): a file of ours is made again from the rows at the next write. */
  private writeAgain(name: string): void {
    this.onDisk.delete(name);
    this.versionsRead.delete(name);
    this.unreadHeld.delete(name);
    const kind = annotationFileKind(name);
    const key = this.keyOfFile.get(name);
    if (kind === 'codebook' || (kind !== null && key === undefined)) this.dirty.all = true;
    else if (key !== undefined) this.dirty.articleKeys.add(key);
  }

  private fileNameOf(articleKey: string): string {
    let name = this.fileNames.get(articleKey);
    if (name === undefined) this.fileNames.set(articleKey, (name = articleFileName(articleKey)));
    return name;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(() => (this.stopped ? undefined : step())).catch((error: unknown) => this.storage.report(error));
    this.queue = run;
    return run;
  }

  /** The open library, as the rows are sorted into its files; null while none is known. */
  private scope(): LibraryScope | null {
    const id = this.context.libraryId();
    if (id === null) return null;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for one step
    const listed = new Set(this.context.libraryKeys());
    return { id, lists: (key) => listed.has(key), keysInFiles: this.keysInFiles, themesInFiles: this.themesInFiles };
  }

  /**
   * Reads `names` (files of ours and conflict copies), merges them into the rows, writes back
   * what differs, then removes the copies. `named` files were just named by the watcher: one
   * that cannot be read as annotations is read again after a rest before it is set aside.
   */
  private async readAndMerge(names: readonly string[], named = false): Promise<void> {
    const wanted = names.filter((name) => annotationFileKind(name) !== null || conflictCopyOriginal(name) !== null);
    const files: ReadFile[] = [];
    const copies: { name: string; sha256: string }[] = [];
    const unreadable: UnreadableAnnotationFile[] = [];
    this.versionsRead.clear();
    // Without a codebook in the folder, the article files name no theme.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
    this.themeNamesRead = this.onDisk.has(CODEBOOK_FILE_NAME) ? null : new Map();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this step
    const keysFromCopies = new Set<string>();
    // Remembered once merged: a row remembered but never merged would never be merged.
    const rowsRead: [string, readonly AnnotationRow[]][] = [];
    for (const read of await this.readAll(wanted)) {
      if (!read.ok) {
        if (read.code === 'missing') {
          this.unsettled.delete(read.name);
          this.unreadHeld.delete(read.name);
          continue;
        }
        // Until it reads, or is set aside, a file is not written over: its bytes may be all there is of another machine's annotations.
        this.unreadHeld.add(read.name);
        if (read.code === 'not-utf8' && named && this.restsFirst(read.name, read.code)) continue;
        // Bytes that are not text are set aside like any other damaged file; the rest stay for a later read.
        const aside = read.code === 'not-utf8' || read.code === 'too-large' ? await this.setAside(read.name) : null;
        unreadable.push({ name: read.name, problem: read.code, detail: read.detail, aside });
        if (aside !== null) this.writeAgain(read.name);
        continue;
      }
      const parsed = parseAnnotationFile(read.text, read.size);
      if (!parsed.ok) {
        this.unreadHeld.add(read.name);
        if (named && this.restsFirst(read.name, read.sha256)) continue;
        this.unsettled.delete(read.name);
        // Never read as "no annotations": the next write would then lose what it held.
        const aside = await this.setAside(read.name);
        unreadable.push({ name: read.name, problem: parsed.problem, detail: parsed.detail, aside });
        if (aside !== null) this.writeAgain(read.name);
        continue;
      }
      this.unsettled.delete(read.name);
      this.unreadHeld.delete(read.name);
      if (parsed.kind === 'article' && conflictCopyOriginal(read.name) === null) {
        rowsRead.push([read.name, parsed.data.annotations]);
        files.push(this.withoutRowsAsKnown(read.name, parsed));
      } else files.push(parsed);
      if (parsed.kind === 'article') {
        this.keysInFiles.add(parsed.data.articleKey);
        // What the file held may differ from the rows (written elsewhere): it is made again.
        this.dirty.articleKeys.add(parsed.data.articleKey);
        if (conflictCopyOriginal(read.name) !== null) keysFromCopies.add(parsed.data.articleKey);
      } else {
        for (const theme of parsed.themes) this.themesInFiles.add(theme.id);
        this.dirty.all = true;
        if (conflictCopyOriginal(read.name) === null) this.themeNamesRead = liveThemeNames(parsed.themes);
      }
      if (conflictCopyOriginal(read.name) !== null) copies.push({ name: read.name, sha256: read.sha256 });
      else {
        this.onDisk.set(read.name, read.text);
        if (parsed.kind === 'article') {
          this.keyOfFile.set(read.name, parsed.data.articleKey);
          this.versionsRead.set(read.name, articleVersions(parsed.data));
        }
      }
    }
    // An article read from a conflict copy too is made again from the merged rows.
    for (const key of keysFromCopies) this.versionsRead.delete(this.fileNameOf(key));
    if (unreadable.length > 0) this.unreadable = [...this.unreadable.filter((u) => !unreadable.some((n) => n.name === u.name)), ...unreadable];
    const scope = this.scope();
    if (this.db && scope && files.length > 0) {
      await this.mergeIn(recordsOfFiles(files), scope.id);
      for (const [name, rows] of rowsRead) this.rememberRows(name, rows);
    }
    this.lastReadAt = this.now();
    if (!this.db) return;
    // What the watcher brought is drawn first; a write the merge calls for follows a moment later.
    if (named && copies.length === 0) {
      this.writeLater();
      return;
    }
    if (!(await this.writeStep())) return;
    // Only now is what a copy held in the files of ours: the copy may go.
    for (const copy of copies) {
      const removed = await this.api.removeConflictCopy(copy.name, copy.sha256);
      if (!removed.ok && removed.code === 'changed') await this.readAndMerge([copy.name], named);
    }
  }

  /**
   * Whether an unreadable file the watcher named is left to rest and read again, rather than set
   * aside now: yes unless the same bytes (`read`: their sha-256, or the problem) were read
   * unreadable before. The file goes aside once it reads the same after its rest.
   */
  private restsFirst(name: string, read: string): boolean {
    if (this.unsettled.get(name) === read) {
      this.unsettled.delete(name);
      return false;
    }
    this.unsettled.set(name, read);
    setTimeout(() => {
      if (!this.stopped && this.unsettled.get(name) === read) void this.enqueue(() => this.readAndMerge([name], true));
    }, UNSETTLED_REREAD_MS);
    return true;
  }

  /** The file as read, less the rows it held already when last read or written. */
  private withoutRowsAsKnown(name: string, parsed: Extract<ReadFile, { kind: 'article' }>): ReadFile {
    const known = this.recentRows.get(name);
    if (!known) return parsed;
    const annotations = parsed.data.annotations.filter((row) => {
      const was = known.get(row.id);
      return was === undefined || compareVersions(row, was) !== 0;
    });
    return { ...parsed, data: { ...parsed.data, annotations } };
  }

  private rememberRows(name: string, rows: readonly AnnotationRow[]): void {
    this.recentRows.delete(name);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
    this.recentRows.set(name, new Map(rows.map((row) => [row.id, row])));
    for (const oldest of this.recentRows.keys()) {
      if (this.recentRows.size <= RECENT_FILES) break;
      this.recentRows.delete(oldest);
    }
  }

  /** Reads in as many calls as the host's budget asks for. */
  private async readAll(names: readonly string[]): Promise<AnnotationFileRead[]> {
    const out: AnnotationFileRead[] = [];
    let pending = [...names];
    while (pending.length > 0) {
      const reads = await this.api.readAnnotationFiles(pending);
      const later = reads.filter((r) => !r.ok && r.code === 'over-budget').map((r) => r.name);
      out.push(...reads.filter((r) => r.ok || r.code !== 'over-budget'));
      // A file alone over the budget cannot be read in any call: reported, not asked forever.
      if (later.length === pending.length) {
        out.push(...reads.filter((r) => !r.ok && r.code === 'over-budget'));
        break;
      }
      pending = later;
    }
    return out;
  }

  private async setAside(name: string): Promise<string | null> {
    const result = await this.api.setAnnotationFileAside(name);
    return result.ok ? result.aside : null;
  }

  private async mergeIn(records: ReturnType<typeof recordsOfFiles>, libraryId: string): Promise<void> {
    const db = this.db!;
    // The drafts table holds the notes open in editors: a few rows, read whole rather than asked for every id that arrived.
    const drafts = await db.drafts.toArray();
    const outcome = await mergeIntoDatabase(db, records, libraryId);
    // Where the version here won over the one read, that article's file must change.
    for (const key of outcome.articlesKeptHere) this.versionsRead.delete(this.fileNameOf(key));
    for (const id of outcome.changedAnnotations.keys()) this.dirty.annotationIds.add(id);
    if (outcome.themesChanged > 0) this.dirty.all = true;
    // A note being typed here keeps the editor's text (its draft, or what an open editor holds
    // though stored already); the version that arrived is kept beside it, so whichever the
    // user keeps, the other is still there to take.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this merge
    const typed = new Map(drafts.map((d) => [d.annotationId, d.note]));
    for (const [id, text] of this.context.notesInEditors?.() ?? []) typed.set(id, text);
    const conflicts: NoteConflict[] = [];
    for (const [id, localNote] of typed) {
      if (!outcome.changedAnnotations.has(id)) continue;
      const row = records.annotations.find((a) => a.id === id);
      if (row && row.note !== localNote) conflicts.push({ annotationId: id, localNote, remoteNote: row.note });
    }
    if (conflicts.length > 0) this.offerNoteConflicts(conflicts);
  }

  /** Writes what differs; a failure is shown in the storage banner and kept there to retry. False when a write failed. */
  private async writeStep(): Promise<boolean> {
    try {
      await this.writeChanged();
      return true;
    } catch (error) {
      this.pendingWrite = true;
      this.storage.report(error, { key: RETRY_KEY, run: () => this.retryWrite() });
      return false;
    }
  }

  /** The banner's Retry: in the queue, and failing (so the banner keeps it) while a file is still not written. */
  private retryWrite(): Promise<void> {
    const run = this.queue.then(() => this.writeChanged());
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Writes the files the changes since the last write touched, where their content from the
   * rows differs from the disk; throws at the first write that fails (what was not written
   * stays to write).
   */
  private async writeChanged(): Promise<void> {
    const db = this.db;
    const scope = this.scope();
    if (!db || !scope) return;
    // Another library's rows waiting to be stored as its own go first: this one would take them.
    if (this.adoption !== null && this.adoption.libraryId !== scope.id) await this.finishAdoption();
    const taken = this.dirty;
    this.dirty = nothingPending(false);
    try {
      await this.writeFiles(db, scope, taken);
    } catch (error) {
      // Whatever came meanwhile joins what was not written.
      const later = this.dirty;
      this.dirty = taken;
      this.dirty.all ||= later.all;
      for (const id of later.annotationIds) this.dirty.annotationIds.add(id);
      for (const key of later.articleKeys) this.dirty.articleKeys.add(key);
      throw error;
    }
    if (this.pendingWrite) {
      this.pendingWrite = false;
      this.storage.saved(RETRY_KEY);
    }
  }

  /** The authors of `rows` (live ones) join those known; `all`: they are every author there is. */
  private noteAuthors(rows: SyncRecords['annotations'], all: boolean): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- built here, then replaced whole
    const byId = new Map(all ? [] : this.authors.map((a) => [a.id, a]));
    addAuthors(byId, rows);
    this.setAuthors(byId);
  }

  private setAuthors(byId: ReadonlyMap<string, AnnotationAuthor>): void {
    if (byId.size !== this.authors.length || this.authors.some((a) => byId.get(a.id)?.name !== a.name)) this.authors = [...byId.values()];
  }

  /** What a write call answered, kept as what the disk holds; the first file it could not write. */
  private recordWritten(
    batch: readonly AnnotationFileWrite[],
    results: readonly WriteAnnotationFileResult[],
    rowsMade: ReadonlyMap<string, readonly AnnotationRow[]>,
    versionsMade: ReadonlyMap<string, string>,
  ): AnnotationFileWriteError | null {
    let wrote = false;
    let failed: AnnotationFileWriteError | null = null;
    results.forEach((result, i) => {
      const { name, text } = batch[i];
      if (!result.ok) {
        failed ??= new AnnotationFileWriteError(name, result.detail);
        return;
      }
      this.onDisk.set(name, text);
      const rows = rowsMade.get(name);
      if (rows !== undefined) this.rememberRows(name, rows);
      wrote = true;
      const versions = versionsMade.get(name);
      if (versions !== undefined) this.versionsRead.set(name, versions);
    });
    if (wrote) this.lastWrittenAt = this.now();
    return failed;
  }

  private async writeFiles(db: PizhuDatabase, scope: LibraryScope, pending: PendingWrite): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this step
    const versionsMade = new Map<string, string>();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this step
    const rowsMade = new Map<string, readonly AnnotationRow[]>();
    // Stopped, or another library opened meanwhile: the rest is not this library's to write.
    const mayGoOn = () => !this.stopped && this.context.libraryId() === scope.id;
    const calls = new WriteCalls((batch) => this.api.writeAnnotationFiles(batch), mayGoOn, (batch, results) => this.recordWritten(batch, results, rowsMade, versionsMade));
    try {
      await this.makeFiles(db, scope, pending, calls, rowsMade, versionsMade);
    } catch (error) {
      await calls.abandon();
      throw error;
    }
    await calls.finish();
    // Once their files are written: the rows' local field is all that changes. The first piece
    // (all there is, but for a library's first start on rows made before libraries were told
    // apart) in this step, the rest in steps of their own. The files are written: a failure
    // here is the database's, not a file to write again.
    if (pending.all && !this.adoptionQueued) await this.adoptPiece().catch((error: unknown) => this.storage.report(error));
  }

  /**
   * Stores what is left of the list before another library's files are read: its rows are in
   * the files of the library it was made for, and the other library, finding them of no
   * library, would take them too.
   */
  private async finishAdoption(): Promise<void> {
    while (this.adoption !== null && this.db) await this.adoptPiece(false);
  }

  /** Stores the next piece of the list; `chained`: and queues a step for the piece after it. */
  private async adoptPiece(chained = true): Promise<void> {
    const adoption = this.adoption;
    if (adoption === null || !this.db) return;
    let rest: Adoption;
    try {
      rest = await adoptRows(this.db, adoption, () => !this.stopped && this.context.libraryId() === adoption.libraryId);
    } catch (error) {
      // What is left stays of no library until a full step of its library lists it again (or
      // another library's first read takes it: see stop()).
      this.adoption = null;
      throw error;
    }
    // A full step meanwhile found the list anew: this chain goes on with that one.
    if (this.adoption === adoption) this.adoption = rest.annotationIds.length > 0 ? rest : null;
    if (chained && this.adoption !== null && !this.adoptionQueued) {
      this.adoptionQueued = true;
      void this.enqueue(async () => {
        this.adoptionQueued = false;
        await this.adoptPiece();
      });
    }
  }

  /** The files `pending` names, made one after another where their content may differ from the disk, and handed to `calls`. */
  private async makeFiles(
    db: PizhuDatabase,
    scope: LibraryScope,
    pending: PendingWrite,
    calls: WriteCalls,
    rowsMade: Map<string, readonly AnnotationRow[]>,
    versionsMade: Map<string, string>,
  ): Promise<void> {
    const offer = async (name: string, text: string): Promise<boolean> => {
      if (this.unreadHeld.has(name)) return true;
      if (this.onDisk.get(name) === text) {
        const versions = versionsMade.get(name);
        if (versions !== undefined) this.versionsRead.set(name, versions);
        return true;
      }
      return calls.add({ name, text });
    };
    let sliceStart = performance.now();
    let refused = false;
    // Each file is handed over as it is made: the first calls are written while the rest are made.
    const makeArticleFiles = async (records: SyncRecords, themes: readonly ThemeFields[]): Promise<void> => {
      const names = liveThemeNames(themes);
      for (const data of articleFilesOf(records, this.context.fingerprintOf)) {
        if (refused) return;
        if (performance.now() - sliceStart > MAKE_SLICE_MS) {
          await yieldToPage();
          sliceStart = performance.now();
        }
        const name = this.fileNameOf(data.articleKey);
        this.keyOfFile.set(name, data.articleKey);
        const versions = articleVersions(data);
        const namesAsRead = this.namesAsRead(data, names);
        // The file holds these very versions (read, or written since with the names read): the text would be the same.
        if (namesAsRead && this.onDisk.has(name) && this.versionsRead.get(name) === versions) continue;
        // Made with other theme names than those read: what it holds is no longer told by versions alone.
        if (!namesAsRead) this.versionsRead.delete(name);
        rowsMade.set(name, data.annotations);
        if (namesAsRead) versionsMade.set(name, versions);
        if (!(await offer(name, articleFileText(data, themes)))) refused = true;
      }
    };
    if (pending.all) {
      // Replaces an earlier list, and fills as the rows are read: a piece still to come takes this one.
      const adoption: Adoption = { libraryId: scope.id, annotationIds: [], themeIds: [] };
      this.adoption = adoption;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this step
      const authors = new Map<string, AnnotationAuthor>();
      let failed: { error: unknown } | null = null;
      // Every row is read, the files of those read made while the next are read. The reading goes
      // on once the calls take no more, or a write failed: every row of no library the library
      // takes is listed, as a step cut short must leave them (see `adoption`).
      const library = await readSyncRecordsInParts(db, scope, async (part, themes) => {
        adoption.annotationIds.push(...part.adopted);
        addAuthors(authors, part.annotations);
        if (failed !== null) return;
        try {
          await makeArticleFiles({ annotations: part.annotations, themes: [], titles: part.titles }, themes);
        } catch (error) {
          failed = { error };
          refused = true;
        }
      });
      adoption.themeIds = library.adoption.themeIds;
      if (this.adoption === adoption && adoption.annotationIds.length + adoption.themeIds.length === 0) this.adoption = null;
      this.setAuthors(authors);
      this.themes = library.themes;
      if (failed !== null) throw (failed as { error: unknown }).error;
      // No themes and no codebook yet: nothing to say. It comes after the article files: the
      // themes it holds are those the library's rows use, known once every row is read.
      if (!refused && (this.themes.length > 0 || this.onDisk.has(CODEBOOK_FILE_NAME))) await offer(CODEBOOK_FILE_NAME, codebookFileText(this.themes));
      return;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this write
    const keys = new Set([...pending.articleKeys, ...(await articleKeysOf(db, [...pending.annotationIds]))]);
    if (keys.size === 0) return;
    const records = await readArticleSyncRecords(db, scope, [...keys], () => !this.stopped && this.context.libraryId() === scope.id);
    this.noteAuthors(records.annotations, false);
    await makeArticleFiles(records, this.themes);
  }

  /**
   * Whether the file of `data`, made now, names its passages' themes as the codebook read in the
   * last step did (`names`: the names now): a file's text depends on its rows and on those names alone.
   */
  private namesAsRead(data: ArticleFileData, names: ReadonlyMap<string, string>): boolean {
    const read = this.themeNamesRead;
    if (read === null) return false;
    for (const row of data.annotations) for (const id of row.tagIds) if (read.get(id) !== names.get(id)) return false;
    return true;
  }
}

/** The authors of the live rows among `rows`, by id, into `byId`. */
function addAuthors(byId: Map<string, AnnotationAuthor>, rows: SyncRecords['annotations']): void {
  for (const row of rows) if (row.author && row.deletedAt === null) byId.set(row.author.id, row.author);
}

/**
 * What tells one content of an article's file from another, short of making its text: every
 * annotation's id and version stamps, the title, the fingerprint. An annotation changes its
 * stamp with every edit; where two versions share a stamp the merge says which one it kept.
 */
function articleVersions(data: ArticleFileData): string {
  const rows = data.annotations.map((a) => `${a.id}\u0001${a.updatedAt}\u0001${a.deletedAt ?? ''}`).sort();
  const title = data.title === null ? '' : `${data.title.updatedAt}\u0001${data.title.title ?? '\u0002'}`;
  return `${data.fingerprint}\u0000${title}\u0000${rows.join('\u0000')}`;
}

export class AnnotationFileWriteError extends Error {
  constructor(
    readonly fileName: string,
    detail: string,
  ) {
    super(`annotation file ${fileName} not written: ${detail}`);
    this.name = 'AnnotationFileWriteError';
  }
}
