// The one way annotation rows reach the database from a window: writes (each shown at once,
// stored a moment later, kept while storage fails), note drafts (every keystroke), the
// changes the host keeps while IndexedDB refuses them, and the merge of rows another window
// (or a theme step, an import, a sync) stored with the rows this window shows. No runes: the
// model in state/ is told what to show through `onShown` and `onTags`.
import type { PizhuDatabase } from './database.ts';
import { moveAnnotations, readAnnotations, readArticleRowsById, readTags, readThemeMerges, writeAnnotations } from './annotations.ts';
import { dropDraft, recoverDrafts, writeDraft } from './drafts.ts';
import { decodePendingChanges, encodePendingChanges, type PendingChangesHost } from './pendingChanges.ts';
import type { AnnotationRecord, DraftRecord, TagRecord } from './records.ts';
import { stepOntoStored } from './rowVersions.ts';

/** Where a failed write is shown and retried from (the state's storage banner). */
export interface WriteReporter {
  /** Keys of the writes waiting for a retry. */
  readonly unsaved: readonly string[];
  /** Runs a write; on failure reports it with `run` as its retry and resolves false. */
  attempt(key: string, run: () => Promise<void>): Promise<boolean>;
  report(error: unknown): void;
}

/** The key the repository's waiting rows are retried under. */
export const UNSAVED_KEY = 'annotations';

const byCreation = (a: AnnotationRecord, b: AnnotationRecord): number => a.createdAt - b.createdAt;

export class AnnotationRepository {
  /** A row to show now: written here, brought back from the host, or stored other than it was written (another window's theme). */
  onShown: (record: AnnotationRecord) => void = () => {};
  /** The live themes, read again after a write stored new ones. */
  onTags: (tags: TagRecord[]) => void = () => {};

  /**
   * Rows shown but not yet stored (a write in flight, or one that failed), with the new
   * themes they need: the next write, or the banner's retry, stores them all. Nothing the
   * user did is dropped because a write failed.
   */
  private readonly unsaved = new Map<string, { record: AnnotationRecord; newTags: TagRecord[] }>();
  /**
   * Rows shown whose step still waits its turn to write them (the steps before it are being
   * stored): a reload keeps them as it keeps the unsaved rows, so a new highlight, and the note
   * editor open on it, do not vanish until the write catches up. `steps` counts the steps not done.
   */
  private readonly placed = new Map<string, PlacedRow>();
  /** Writes begun here: a read from the store that overlaps one is stale (that write's own change event follows). */
  private writeCount = 0;
  /** Rows written while an article's rows are read: each read takes them over what it read. */
  private readonly collectors = new Set<AnnotationRecord[]>();
  private readonly draftQueue = new Map<string, DraftRecord>();
  private draftsWriting = false;
  /** Annotations with a crash draft written this session: dropped once their note is stored. */
  private readonly drafted = new Set<string>();
  /** Keystrokes IndexedDB refused: kept beside the unsaved rows, outside the database, until their note is stored. */
  private readonly refusedDrafts = new Map<string, DraftRecord>();
  /**
   * Kept keystrokes replayed while their row could not be read (the database not open yet after
   * a reload on a full disk): they become the row's note once the row is read.
   */
  private readonly draftsAwaitingRow = new Set<string>();
  /**
   * Rows stored after IndexedDB refused a write here, or after a start found changes the host
   * kept. Chromium has acknowledged such a commit on a full disk and lost it when the profile
   * was opened again (the refused write had left its log damaged), so the host keeps these rows
   * too, until a start reads them back from the database.
   */
  private readonly unconfirmed = new Map<string, { record: AnnotationRecord; newTags: TagRecord[] }>();
  /** A write was refused in this window, or its start replayed kept changes: what is stored next is unconfirmed. */
  private storeDoubted = false;
  /** The host holds changes of ours (its file must go once a start finds them stored). */
  private pendingKept = false;
  private pendingWriting = false;
  private pendingDirty = false;

  constructor(
    readonly db: PizhuDatabase | null,
    private readonly reporter: WriteReporter,
    private readonly pending: PendingChangesHost | null = null,
  ) {}

  /** Changes kept by the host are stored, then notes typed into a window that died before their save. */
  async start(): Promise<TagRecord[]> {
    if (!this.db) return [];
    await this.replayPending(this.db);
    await recoverDrafts(this.db);
    return readTags(this.db);
  }

  readTags(): Promise<TagRecord[]> {
    return this.db ? readTags(this.db) : Promise.resolve([]);
  }

  readThemeMerges(): Promise<Map<string, string>> {
    return this.db ? readThemeMerges(this.db) : Promise.resolve(new Map());
  }

  /** Counts writes begun here: a read started at one count and finished at another is stale. */
  get writeSeq(): number {
    return this.writeCount;
  }

  /** An article's rows are being read: a merge of a change event would race it. */
  get loading(): boolean {
    return this.collectors.size > 0;
  }

  /** The open library's local id (libraryIdOf): an article shows the annotations of its library alone; null: every row of the key. */
  libraryOf: () => string | null = () => null;

  /**
   * The live rows of `key` as this window should show them: what is stored, with the rows
   * written while it was read and the rows not stored yet taking precedence (they are newer).
   * `failure` is set when the store could not be read: the rows kept here are returned anyway.
   */
  async readArticle(key: string): Promise<{ rows: AnnotationRecord[]; failure: unknown }> {
    const during: AnnotationRecord[] = [];
    this.collectors.add(during);
    let stored: AnnotationRecord[] = [];
    let failure: unknown = null;
    try {
      if (this.db) stored = await readAnnotations(this.db, key, this.libraryOf());
    } catch (error) {
      failure = error;
    } finally {
      this.collectors.delete(during);
    }
    if (failure === null) this.adoptAwaitingDrafts(stored);
    for (const { record } of this.unsaved.values()) if (record.articleKey === key && !during.includes(record)) during.push(record);
    const storedById = new Map(stored.map((r) => [r.id, r]));
    for (const [id, entry] of this.placed) if (!this.unsaved.has(id) && entry.record.articleKey === key) during.push(placedOnto(storedById.get(id), entry));
    // By id, the last write winning: linear, as an article may hold any number of rows.
    const byId = new Map<string, AnnotationRecord>();
    for (const r of stored) byId.set(r.id, r);
    for (const r of during) {
      if (r.deletedAt === null && r.articleKey === key) byId.set(r.id, r);
      else byId.delete(r.id);
    }
    return { rows: [...byId.values()].sort(byCreation), failure };
  }

  /**
   * Rows read whose kept keystrokes waited for them: each takes the typed note, as replayPending
   * would have made it, and is stored (or kept with the host while the disk refuses).
   */
  private adoptAwaitingDrafts(stored: readonly AnnotationRecord[]): void {
    if (this.draftsAwaitingRow.size === 0) return;
    const now = Date.now();
    let adopted = false;
    for (const row of stored) {
      if (!this.draftsAwaitingRow.delete(row.id)) continue;
      const draft = this.refusedDrafts.get(row.id);
      if (!draft || this.unsaved.has(row.id) || draft.note === row.note || draft.typedAt < row.updatedAt) continue;
      const record = { ...row, note: draft.note, updatedAt: Math.max(now, row.updatedAt + 1) };
      this.unsaved.set(row.id, { record, newTags: [] });
      adopted = true;
    }
    if (adopted)
      void this.reporter.attempt(UNSAVED_KEY, () => this.persist()).then((stored) => {
        if (!stored) this.keepRefused();
      });
  }

  /** The stored live rows of `key`, for a merge with what is shown. */
  readStored(key: string): Promise<AnnotationRecord[]> {
    return this.db ? readAnnotations(this.db, key, this.libraryOf()) : Promise.resolve([]);
  }

  /** The stored live rows of `key` among `ids`. */
  readStoredById(key: string, ids: readonly string[]): Promise<AnnotationRecord[]> {
    return this.db ? readArticleRowsById(this.db, key, ids, this.libraryOf()) : Promise.resolve([]);
  }

  /**
   * Rows changed outside this window's writes (another window, a theme step, an import): the
   * shown list takes every stored row newer than the one shown and drops rows deleted there,
   * while rows still being written here are kept as they are. Last write wins, by `updatedAt`.
   */
  mergeStored(key: string, shown: readonly AnnotationRecord[], stored: readonly AnnotationRecord[]): AnnotationRecord[] {
    const shownById = new Map(shown.map((r) => [r.id, r]));
    const merged = stored.map((row) => {
      const here = shownById.get(row.id);
      const waiting = this.unsaved.has(row.id) ? undefined : this.placed.get(row.id);
      // A step still waiting its turn is shown on the row as stored now, as its write will put it.
      if (waiting) return placedOnto(row, waiting);
      return here && (this.unsaved.has(row.id) || here.updatedAt >= row.updatedAt) ? here : row;
    });
    for (const record of this.pendingRows()) if (record.articleKey === key && record.deletedAt === null && !stored.some((row) => row.id === record.id)) merged.push(shownById.get(record.id) ?? record);
    // Deleted here but not yet stored: stays deleted.
    return merged.filter((r) => this.pendingRow(r.id)?.deletedAt == null).sort(byCreation);
  }

  /** `record` is shown now and its step queued: until `done` is called it is kept over what reloads read. */
  place(before: AnnotationRecord, record: AnnotationRecord, newTags: readonly TagRecord[] = []): { done: () => void } {
    // Steps of one row waiting together are one change, from the first one's `before` to the last one's row.
    const entry = this.placed.get(record.id) ?? { before, record, newTags: [], steps: 0 };
    entry.record = record;
    entry.newTags = [...entry.newTags, ...newTags];
    entry.steps++;
    this.placed.set(record.id, entry);
    return {
      done: () => {
        if (--entry.steps === 0 && this.placed.get(record.id) === entry) this.placed.delete(record.id);
      },
    };
  }

  /** The row kept here over the store: the write in flight (or failed) first, else the one waiting its turn. */
  private pendingRow(id: string): AnnotationRecord | undefined {
    return this.unsaved.get(id)?.record ?? this.placed.get(id)?.record;
  }

  /** Every row kept here over the store, one per id (see pendingRow). */
  private *pendingRows(): Iterable<AnnotationRecord> {
    for (const { record } of this.unsaved.values()) yield record;
    for (const [id, { record }] of this.placed) if (!this.unsaved.has(id)) yield record;
  }

  /** Whether the row of `id` is shown but not stored yet (written now, or failed). */
  isUnsaved(id: string): boolean {
    return this.reporter.unsaved.includes(UNSAVED_KEY) && this.unsaved.has(id);
  }

  /** The row is shown at once (a highlight appears within the frame); Dexie follows. */
  async write(record: AnnotationRecord, newTags: readonly TagRecord[] = []): Promise<void> {
    for (const during of this.collectors) during.push(record);
    this.writeCount++;
    this.onShown(record);
    if (!this.db) return;
    const waiting = this.unsaved.get(record.id);
    this.unsaved.set(record.id, { record, newTags: [...(waiting?.newTags ?? []), ...newTags] });
    if (!(await this.reporter.attempt(UNSAVED_KEY, () => this.persist()))) this.keepRefused();
  }

  /** A file renamed or moved inside the library: its rows follow it. */
  async moveArticle(fromKey: string, toKey: string): Promise<void> {
    if (this.db) await moveAnnotations(this.db, fromKey, toKey, Date.now(), this.libraryOf());
  }

  /**
   * Every keystroke of a note editor: the text goes to the crash drafts at once (one small
   * write, no render, no undo step); the note's own write, a moment later, drops it.
   */
  keepDraft(id: string, note: string, typedOnto?: AnnotationRecord): void {
    if (!this.db) return;
    this.drafted.add(id);
    // Typed onto the row shown, so newer than it even where its stamp ran ahead of the clock
    // (edits within one millisecond are stamped a millisecond apart).
    const draft = { annotationId: id, note, typedAt: Math.max(Date.now(), (typedOnto?.updatedAt ?? 0) + 1) };
    this.draftQueue.set(id, draft);
    // While the host keeps what the database refused, each keystroke goes to it at once too: a
    // write to a full disk can take long to fail, and what is typed meanwhile must not wait on it.
    if (this.pendingKept) {
      this.refusedDrafts.set(id, draft);
      this.keepPending();
    }
    if (!this.draftsWriting) void this.writeDrafts(this.db);
  }

  /**
   * The text last typed into the note of `id` and not yet stored as the note: the keystroke
   * waiting to be kept, the one being kept (or refused), else the stored draft. Undefined when
   * there is none (nothing typed, or the typing is stored as the note).
   */
  async typedDraft(id: string): Promise<string | undefined> {
    const waiting = this.draftQueue.get(id) ?? this.refusedDrafts.get(id);
    if (waiting) return waiting.note;
    return this.db ? (await this.db.drafts.get(id))?.note : undefined;
  }

  /** The draft of `id` is moot (a conflict's choice replaces the note): it goes. */
  async forgetDraft(id: string): Promise<void> {
    this.drafted.delete(id);
    this.draftQueue.delete(id);
    if (this.db) await this.db.drafts.delete(id);
  }

  private async writeDrafts(db: PizhuDatabase): Promise<void> {
    this.draftsWriting = true;
    try {
      // Keystrokes that arrive during a write are coalesced into the next one.
      while (this.draftQueue.size > 0) {
        const batch = [...this.draftQueue.values()];
        this.draftQueue.clear();
        for (const draft of batch) {
          this.refusedDrafts.set(draft.annotationId, draft);
          await writeDraft(db, draft);
          if (this.refusedDrafts.get(draft.annotationId) === draft) this.refusedDrafts.delete(draft.annotationId);
        }
      }
      if (this.pendingKept) this.keepPending();
    } catch (error) {
      // The note's own save, moments later, reports the problem if it persists; meanwhile the
      // keystrokes go to the host, outside the failing database.
      console.warn('pizhu: note draft not kept', error);
      for (const draft of this.draftQueue.values()) this.refusedDrafts.set(draft.annotationId, draft);
      this.draftQueue.clear();
      this.keepRefused();
    } finally {
      this.draftsWriting = false;
    }
  }

  /**
   * The page is going away (a reload, the window closed): the rows shown and not yet stored
   * and the keystrokes not yet kept go to the host, whose file the next start replays. A
   * transaction IndexedDB has begun still ends after the page; what waits its turn here would
   * go with the page. Nothing left unstored: the host's file is left as it is.
   */
  handOverUnstored(): void {
    const pending = this.pending;
    if (!pending) return;
    const rows = new Map(this.unconfirmed);
    for (const [id, change] of this.unsaved) rows.set(id, change);
    for (const [id, { record, newTags }] of this.placed) if (!this.unsaved.has(id)) rows.set(id, { record, newTags });
    const drafts = new Map(this.refusedDrafts);
    for (const [id, draft] of this.draftQueue) drafts.set(id, draft);
    const json = encodePendingChanges({ annotations: [...rows.values()], drafts: [...drafts.values()], left: !this.storeDoubted });
    if (json === '') return;
    // Replayed at the next start, rows and keystrokes already stored change nothing (newer stamps win).
    this.pendingKept = true;
    pending.keep(json).catch((error: unknown) => console.error('pizhu: unsaved changes not handed to the host', error));
  }

  /** A write was refused: the host keeps it, and what this window stores from now on, until a start reads it back. */
  private keepRefused(): void {
    this.storeDoubted = true;
    this.keepPending();
  }

  /**
   * Hands the host every change not stored or not confirmed stored (rows and refused
   * keystrokes), or '' once none is left. Writes are coalesced: one at a time, the latest state
   * each time.
   */
  private keepPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pendingDirty = true;
    if (this.pendingWriting) return;
    this.pendingWriting = true;
    void (async () => {
      try {
        while (this.pendingDirty) {
          this.pendingDirty = false;
          const rows = new Map(this.unconfirmed);
          for (const [id, change] of this.unsaved) rows.set(id, change);
          const json = encodePendingChanges({ annotations: [...rows.values()], drafts: [...this.refusedDrafts.values()] });
          if (json === '' && !this.pendingKept) continue;
          try {
            await pending.keep(json);
            this.pendingKept = json !== '';
          } catch (error) {
            console.error('pizhu: unsaved changes not kept by the host', error);
          }
        }
      } finally {
        this.pendingWriting = false;
      }
    })();
  }

  /**
   * Changes a window kept with the host because the database refused them (before a reload or
   * a browser restart): keystrokes newer than their row become the note, rows newer than the
   * stored ones are stored. Stored like any change: while storage still fails, the banner
   * offers Retry and the host keeps them. The host's file goes only when every change it kept
   * is read back as stored; otherwise what is stored now waits for the next start to be read back.
   */
  private async replayPending(db: PizhuDatabase): Promise<void> {
    let kept;
    try {
      kept = decodePendingChanges((await this.pending?.read()) ?? '');
    } catch (error) {
      console.error('pizhu: unsaved changes from the host not read', error);
      return;
    }
    if (!kept) return;
    this.pendingKept = true;
    const now = Date.now();
    const byId = new Map(kept.annotations.map((a) => [a.record.id, a]));
    const ids = [...new Set([...byId.keys(), ...kept.drafts.map((d) => d.annotationId)])];
    let stored: (AnnotationRecord | undefined)[];
    try {
      stored = await db.annotations.bulkGet(ids);
    } catch (error) {
      // The database cannot even be read: what was kept is shown as it was kept, for Retry.
      this.reporter.report(error);
      stored = ids.map(() => undefined);
    }
    ids.forEach((id, i) => {
      const row = stored[i];
      const change = byId.get(id);
      let record = change && (!row || change.record.updatedAt > row.updatedAt) ? change.record : row;
      const draft = kept.drafts.find((d) => d.annotationId === id);
      if (record && record.deletedAt === null && draft && draft.note !== record.note && draft.typedAt >= record.updatedAt) {
        record = { ...record, note: draft.note, updatedAt: Math.max(now, record.updatedAt + 1) };
      }
      if (record && record !== row) {
        this.unsaved.set(id, { record, newTags: change?.newTags ?? [] });
        this.onShown(record);
      } else if (!record && draft) {
        this.refusedDrafts.set(id, draft);
        this.draftsAwaitingRow.add(id);
      }
    });
    if (this.unsaved.size === 0 && this.refusedDrafts.size === 0) return this.keepPending();
    if (!kept.left) this.storeDoubted = true;
    if (await this.reporter.attempt(UNSAVED_KEY, () => this.persist())) return;
    this.keepPending();
  }

  /** Stores every unsaved row in one transaction; rejects (and keeps them) if that fails. */
  private async persist(): Promise<void> {
    const db = this.db;
    if (!db || this.unsaved.size === 0) return;
    const batch = [...this.unsaved.values()];
    const written = await writeAnnotations(
      db,
      batch.map((b) => b.record),
      batch.flatMap((b) => b.newTags),
    );
    for (const row of written) {
      if (this.drafted.has(row.id) && (await dropDraft(db, row.id, row.note))) this.drafted.delete(row.id);
      // A refused keystroke is moot once a row as new as it, or holding its text, is stored.
      const refused = this.refusedDrafts.get(row.id);
      if (refused && (refused.note === row.note || refused.typedAt <= row.updatedAt)) this.refusedDrafts.delete(row.id);
    }
    batch.forEach((b, i) => {
      if (this.storeDoubted) {
        const before = this.unconfirmed.get(b.record.id);
        this.unconfirmed.set(b.record.id, { record: written[i], newTags: [...(before?.newTags ?? []), ...b.newTags] });
      }
      // A newer edit of the same row may have arrived while this one was written.
      if (this.unsaved.get(b.record.id) === b) this.unsaved.delete(b.record.id);
      // Another window had made the same theme: the row now points at that one.
      if (written[i].tagIds.join() !== b.record.tagIds.join()) this.onShown(written[i]);
    });
    if (this.pendingKept || this.storeDoubted) this.keepPending();
    if (batch.some((b, i) => b.newTags.length > 0 || written[i].tagIds.join() !== b.record.tagIds.join())) this.onTags(await readTags(db));
  }
}

/** A row shown whose step waits its turn: the row before the step and after it, the themes it makes, the steps not done. */
interface PlacedRow {
  before: AnnotationRecord;
  record: AnnotationRecord;
  newTags: TagRecord[];
  steps: number;
}

/**
 * The waiting step's row on top of the row as stored now: what changed elsewhere meanwhile (a
 * note from another window, a theme taken off by a theme step) stays, as the step's write keeps it.
 */
function placedOnto(stored: AnnotationRecord | undefined, placed: PlacedRow): AnnotationRecord {
  return stored ? stepOntoStored(stored, placed.before, placed.record, ['tagIds']) : placed.record;
}
