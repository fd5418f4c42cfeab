// The open article's highlights and notes: loaded from Dexie, re-anchored on the canonical
// text every time it is (re)loaded, and changed only through undoable commands. Components
// read `anchored` (canonical ranges in reading order) and `orphans`; drawing converts the
// ranges to the current view.
import type { ArticleEntry } from '../../src-main/api.ts';
import { alignCanonicalRange, canonicalRangeToView, describeRange } from '../core/anchor.ts';
import { CLEAN_VERSION } from '../core/clean.ts';
import { searchKeyText } from '../core/searchKey.ts';
import { newTheme } from '../core/themeIdentity.ts';
import { view as scriptView } from '../core/scriptView.ts';
import { SCRIPTS, type Range, type ScriptView } from '../core/types.ts';
import type { AnnotationAuthor } from '../core/userRows.ts';
import { AnnotationCounts } from '../core/annotationCounts.ts';
import { findTag, moveAnnotations, readAnnotations, readAnnotationsById, readCountedRows, readTags, writeAnnotations } from '../db/annotations.ts';
import type { PizhuDatabase } from '../db/database.ts';
import { dropDraft, recoverDrafts, writeDraft } from '../db/drafts.ts';
import type { AnnotationRecord, AnnotationStyle, DraftRecord, TagRecord } from '../db/records.ts';
import { AnchorCache, type AnchoredAnnotation, NO_COUNTS, type Placement, renameMoves, withCount } from './annotationPlacement.ts';
import { History, type Command, type Removal } from './history.svelte.ts';
import { decodePendingChanges, encodePendingChanges, type PendingChangesHost } from './pendingChanges.ts';
import { StorageStatus } from './storageStatus.svelte.ts';

export type { AnnotationRecord, AnnotationStyle, TagRecord };

export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type AnnotationColor = (typeof COLORS)[number];

/** What the annotations need from the reader: the text they anchor on. */
export interface AnchorSource {
  key: string | null;
  fingerprint: string | null;
  canonical: string | null;
  view: ScriptView | null;
  /** The file cannot be read now (gone, broken): with no text to anchor on, every annotation is listed as an orphan. */
  unreadable?: boolean;
}

export type { AnchoredAnnotation };

export interface AnnotationFilter {
  color: AnnotationColor | null;
  tagId: string | null;
  hasNote: boolean;
  /** Only this author's annotations (their installation id); absent or null: everyone's. */
  authorId?: string | null;
}

export const styleOf = (record: AnnotationRecord): AnnotationStyle => record.style ?? 'highlight';
export const colorOf = (record: AnnotationRecord): AnnotationColor => ((COLORS as readonly string[]).includes(record.color) ? (record.color as AnnotationColor) : 'yellow');


export class AnnotationsState {
  // Declared first and set in the constructor: the $derived fields below read them.
  private readonly db: PizhuDatabase | null;
  private readonly source: () => AnchorSource;
  /** Where a failed write is shown and retried from. */
  readonly storage: StorageStatus;

  /** Live annotations of `loadedKey`, anchored or not. */
  records = $state.raw<AnnotationRecord[]>([]);
  loadedKey = $state<string | null>(null);
  tags = $state.raw<TagRecord[]>([]);
  /** Live annotations per article key (library list). */
  counts = $state.raw<ReadonlyMap<string, number>>(NO_COUNTS);
  /** The reader's text selection as a canonical range (already widened to phrase boundaries). */
  selection = $state.raw<Range | null>(null);
  /**
   * Set by the reader: brings `selection` up to date with the DOM now. `selectionchange`
   * arrives a task after the selection moved, so a key pressed right after Shift+Arrow
   * would otherwise act on the selection one step old.
   */
  readSelection: (() => void) | null = null;
  /** The highlight the user clicked or just made: the toolbar acts on it. */
  selectedId = $state<string | null>(null);
  lastColor = $state<AnnotationColor>('yellow');
  filter = $state<AnnotationFilter>({ color: null, tagId: null, hasNote: false });
  /** Asks the pane to open and focus a note editor (N key, note button); the pane clears it. */
  noteRequest = $state.raw<{ id: string } | null>(null);
  /** Bumped to ask the toolbar to open its theme input (T key). */
  tagRequest = $state(0);
  /** What just happened, for a screen reader's live region (the count makes a repeat audible). */
  announcement = $state.raw<{ key: 'annotate.created' | 'annotate.deleted' | 'annotate.undone' | 'annotate.redone'; n: number } | null>(null);

  /** The window's one undo history, shared with the themes (an undo undoes the last step wherever it was made). */
  readonly history: History;

  /** Anchoring is pure but not free: results are kept while neither text nor selectors change. */
  private readonly anchorCache = new AnchorCache();
  /** Bumped when anchoring done a slice at a time has finished: placing again finds it all. */
  private anchorPasses = $state(0);

  readonly placement: Placement = $derived.by(() => {
    const src = this.source();
    const records = this.records;
    void this.anchorPasses;
    if (src.canonical === null || src.fingerprint === null || src.key !== this.loadedKey) {
      // Hidden would look deleted: a file that cannot be read still shows what was written on it.
      return { anchored: [], orphans: src.unreadable && src.key === this.loadedKey ? records : [], pending: 0 };
    }
    return this.anchorCache.place(src.canonical, src.fingerprint, records);
  });

  readonly anchored = $derived(this.placement.anchored);
  readonly orphans = $derived(this.placement.orphans);
  /** Annotations of a very large set not anchored yet (they are being, a slice at a time). */
  readonly placing = $derived(this.placement.pending);

  readonly selected: AnnotationRecord | null = $derived(this.records.find((r) => r.id === this.selectedId) ?? null);

  /** The pane's list: anchored ones in reading order, filtered. */
  readonly visible: AnchoredAnnotation[] = $derived.by(() => {
    const { color, tagId, hasNote, authorId } = this.filter;
    return this.anchored.filter((a) => (!color || colorOf(a.record) === color) && (!tagId || a.record.tagIds.includes(tagId)) && (!hasNote || a.record.note.trim() !== '') && (!authorId || a.record.author?.id === authorId));
  });

  private loadRequest = 0;
  private writtenDuringLoad: AnnotationRecord[] | null = null;
  private noteSession = 0;
  /**
   * Rows shown but not yet stored (a write in flight, or one that failed), with the new
   * themes they need: the next write, or the banner's retry, stores them all. Nothing the
   * user did is dropped because a write failed.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly unsaved = new Map<string, { record: AnnotationRecord; newTags: TagRecord[] }>();
  /** Writes begun here: a read from the store that overlaps one is stale (that write's own change event follows). */
  private writeCount = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly draftQueue = new Map<string, DraftRecord>();
  private draftsWriting = false;
  /** Annotations with a crash draft written this session: dropped once their note is stored. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly drafted = new Set<string>();
  /** Keystrokes IndexedDB refused: kept beside the unsaved rows, outside the database, until their note is stored. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly refusedDrafts = new Map<string, DraftRecord>();
  /** The host holds changes of ours (its file must go once they are stored). */
  private pendingKept = false;
  private pendingWriting = false;
  private pendingDirty = false;
  /** Every live row's article, so a change is counted from the rows it touched alone. */
  private readonly tracked = new AnnotationCounts();
  private countsLoaded = false;
  /** Counting steps run one after another: each applies the rows as stored when it read them. */
  private counting: Promise<void> = Promise.resolve();

  constructor(
    db: PizhuDatabase | null,
    source: () => AnchorSource,
    storage: StorageStatus = new StorageStatus(),
    private readonly pending: PendingChangesHost | null = null,
    history: History = new History(),
  ) {
    this.history = history;
    this.db = db;
    this.source = source;
    this.storage = storage;
    this.anchorCache.onAnchored = () => this.anchorPasses++;
  }

  /** Who new and edited annotations are by (the settings' author); null leaves them unsigned. */
  authorOf: () => AnnotationAuthor | null = () => null;
  /** The open library's local id (libraryIdOf): an article shows the annotations of its library alone; null: every row of the key. */
  libraryOf: () => string | null = () => null;

  async start(): Promise<void> {
    if (!this.db) return;
    await this.replayPending(this.db);
    // Notes typed into a window that died before their save: they become the notes now.
    await recoverDrafts(this.db);
    this.tags = await readTags(this.db);
  }

  /**
   * Counts every stored row again. A pass over the whole table: the app asks for it once the
   * list is on screen, which shows its counts a moment later.
   */
  countAll(): Promise<void> {
    this.countsLoaded = false;
    return this.recount(null);
  }

  /**
   * Brings `counts` up to date with the stored rows `ids` (null: every row). Resolves once
   * this step and every one asked for before it has run.
   */
  recount(ids: Iterable<string> | null): Promise<void> {
    const db = this.db;
    if (!db) return Promise.resolve();
    const list = ids === null ? null : [...ids];
    const step = async (): Promise<void> => {
      if (list === null || !this.countsLoaded) {
        this.tracked.reset(await readCountedRows(db));
        this.countsLoaded = true;
      } else {
        if (list.length === 0) return;
        if (this.tracked.apply(list, await readAnnotationsById(db, list)).size === 0) return;
      }
      this.counts = this.tracked.snapshot();
    };
    const done = this.counting.then(step, step);
    this.counting = done.catch(() => {});
    return done;
  }

  /**
   * Loads the annotations of `key` (null: none open). The undo history is the window's and
   * outlives the article: a step undone while another is open writes to its own article.
   */
  async load(key: string | null): Promise<void> {
    const request = ++this.loadRequest;
    if (key !== this.loadedKey) {
      this.selectedId = null;
      this.records = [];
      this.loadedKey = key;
    }
    if (key === null || !this.db) return;
    // Writes made while the rows are read (a highlight the moment the article opens) win.
    const during: AnnotationRecord[] = [];
    this.writtenDuringLoad = during;
    // Rows that cannot be read (a database the browser closed) do not hide the rows kept unsaved.
    let records: AnnotationRecord[] = [];
    let failure: unknown = null;
    try {
      records = await readAnnotations(this.db, key, this.libraryOf());
    } catch (error) {
      failure = error;
    }
    if (request !== this.loadRequest) return;
    this.writtenDuringLoad = null;
    // Rows not stored yet (a failed write) are newer than what the database has.
    for (const { record } of this.unsaved.values()) if (record.articleKey === key && !during.includes(record)) during.push(record);
    // By id, the last write winning: linear, as an article may hold any number of rows.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this merge only
    const byId = new Map<string, AnnotationRecord>();
    for (const r of records) byId.set(r.id, r);
    for (const r of during) {
      if (r.deletedAt === null && r.articleKey === key) byId.set(r.id, r);
      else byId.delete(r.id);
    }
    this.records = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
    if (failure) throw failure;
  }

  /** View range of a canonical range in the current view. */
  toView(range: Range): Range | null {
    const view = this.source().view;
    return view ? canonicalRangeToView(view, range) : null;
  }

  /** A quote in the current view's script: the anchored passage as the reader shows it. */
  viewQuote(range: Range): string {
    const view = this.source().view;
    if (!view) return '';
    const v = canonicalRangeToView(view, range);
    return view.text.slice(v.start, v.end);
  }

  // ── actions (each one undoable) ──────────────────────────────────────────

  /** Highlights the current selection; returns the new annotation's id. */
  async createFromSelection(color: AnnotationColor = this.lastColor, style: AnnotationStyle = 'highlight'): Promise<string | null> {
    const range = this.selection;
    if (!range) return null;
    return this.create(range, color, style);
  }

  async create(range: Range, color: AnnotationColor = this.lastColor, style: AnnotationStyle = 'highlight'): Promise<string | null> {
    const src = this.source();
    if (src.canonical === null || src.fingerprint === null || src.key === null || range.end <= range.start) return null;
    // Widened to phrase boundaries in every view, not just the one it was made in, so the
    // highlight covers the same characters whichever script the reader switches to.
    const canonical = src.canonical;
    const everyView = SCRIPTS.map((script) => scriptView(canonical, script));
    const { position, quote } = describeRange(canonical, alignCanonicalRange(range, everyView));
    const now = Date.now();
    const record: AnnotationRecord = {
      id: crypto.randomUUID(),
      articleKey: src.key,
      fingerprint: src.fingerprint,
      cleanVersion: CLEAN_VERSION,
      position,
      quote,
      color,
      style,
      note: '',
      tagIds: [],
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      ...this.signature(),
    };
    this.lastColor = color;
    this.selection = null;
    this.selectedId = record.id;
    await this.history.run(this.change({ ...record, deletedAt: now }, record));
    this.announce('annotate.created');
    return record.id;
  }

  recolor(id: string, color: AnnotationColor): Promise<void> {
    this.lastColor = color;
    return this.edit(id, (r) => (r.color === color ? null : { ...r, color }));
  }

  setStyle(id: string, style: AnnotationStyle): Promise<void> {
    return this.edit(id, (r) => (styleOf(r) === style ? null : { ...r, style }));
  }

  /** Saves note text; all saves of one editing session are one undo step. */
  editNote(id: string, note: string): Promise<void> {
    return this.edit(id, (r) => (r.note === note ? null : { ...r, note }), `note:${id}:${this.noteSession}`);
  }

  /**
   * A note conflict's choice: the note becomes `note` in one undoable step whose undo gives
   * back `undoTo` (the text not chosen), and the draft typed here goes with the choice.
   */
  async chooseNote(id: string, note: string, undoTo: string): Promise<void> {
    const current = this.records.find((r) => r.id === id);
    if (!current) return;
    this.drafted.delete(id);
    this.draftQueue.delete(id);
    if (this.db) await this.db.drafts.delete(id);
    await this.history.run(this.change({ ...current, note: undoTo }, { ...current, note, updatedAt: Date.now(), ...this.signature() }));
  }

  /**
   * Every keystroke of a note editor: the text goes to the crash drafts at once (one small
   * write, no render, no undo step); `editNote`, a moment later, stores the note itself.
   */
  keepDraft(id: string, note: string): void {
    if (!this.db) return;
    this.drafted.add(id);
    this.draftQueue.set(id, { annotationId: id, note, typedAt: Date.now() });
    if (!this.draftsWriting) void this.writeDrafts(this.db);
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
      this.keepPending();
    } finally {
      this.draftsWriting = false;
    }
  }

  /** The note editor lost focus: the next edit is a new undo step. */
  endNoteSession(): void {
    this.noteSession++;
    this.history.seal();
  }

  /** Tags with the theme named `name` (营商环境 = 營商環境), made if new: theme and annotation in one transaction. */
  async addTag(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    const key = searchKeyText(trimmed);
    if (!this.db || !key) return;
    let tag = this.tags.find((t) => t.key === key);
    if (!tag) {
      try {
        tag = await findTag(this.db, key);
      } catch (error) {
        this.storage.report(error);
        return;
      }
    }
    const isNew = !tag;
    const theme: TagRecord = tag ?? newTheme(crypto.randomUUID(), trimmed, Date.now());
    if (!this.tags.some((t) => t.id === theme.id)) this.tags = [...this.tags, theme];
    await this.edit(id, (r) => (r.tagIds.includes(theme.id) ? null : { ...r, tagIds: [...r.tagIds, theme.id] }), null, isNew ? [theme] : []);
  }

  removeTag(id: string, tagId: string): Promise<void> {
    return this.edit(id, (r) => (r.tagIds.includes(tagId) ? { ...r, tagIds: r.tagIds.filter((t) => t !== tagId) } : null), null, [], { kind: 'tag', count: 1 });
  }

  /** Soft delete: the row stays as a tombstone and undo brings it back. */
  async remove(id: string): Promise<void> {
    if (this.selectedId === id) this.selectedId = null;
    await this.edit(id, (r) => ({ ...r, deletedAt: Date.now() }), null, [], { kind: 'highlight', count: 1 });
    this.announce('annotate.deleted');
  }

  /** An orphan (or any annotation) takes the current selection as its passage. */
  async reattach(id: string, range: Range | null = this.selection): Promise<void> {
    const src = this.source();
    if (!range || src.canonical === null || src.fingerprint === null) return;
    const { position, quote } = describeRange(src.canonical, range);
    const fingerprint = src.fingerprint;
    this.selection = null;
    this.selectedId = id;
    await this.edit(id, (r) => ({ ...r, position, quote, fingerprint, cleanVersion: CLEAN_VERSION }));
  }

  /** What N, T and the toolbar act on: the selection (highlighted first, last colour) or the selected highlight. */
  async target(): Promise<string | null> {
    if (this.selection) return this.createFromSelection();
    return this.selected ? this.selected.id : null;
  }

  /** N: the note editor of the target, made if needed. */
  async requestNote(): Promise<string | null> {
    const id = await this.target();
    if (id) this.noteRequest = { id };
    return id;
  }

  /** T: the theme input, for the target made if needed. */
  async requestTag(): Promise<string | null> {
    const id = await this.target();
    if (id) this.tagRequest++;
    return id;
  }

  /** 1–5: a new highlight on the selection in that colour, or the selected one recoloured. */
  async applyColor(color: AnnotationColor): Promise<void> {
    if (this.selection) await this.createFromSelection(color);
    else if (this.selected) await this.recolor(this.selected.id, color);
  }

  /** Underline on and off: for a selection, a new underline. */
  async toggleUnderline(): Promise<void> {
    if (this.selection) await this.createFromSelection(this.lastColor, 'underline');
    else if (this.selected) await this.setStyle(this.selected.id, styleOf(this.selected) === 'underline' ? 'highlight' : 'underline');
  }

  async undo(): Promise<boolean> {
    const done = await this.history.undo();
    if (done) this.announce('annotate.undone');
    return done;
  }

  async redo(): Promise<boolean> {
    const done = await this.history.redo();
    if (done) this.announce('annotate.redone');
    return done;
  }

  announce(key: NonNullable<AnnotationsState['announcement']>['key']): void {
    this.announcement = { key, n: (this.announcement?.n ?? 0) + 1 };
  }

  tagName(tagId: string): string {
    return this.tags.find((t) => t.id === tagId)?.name ?? '';
  }

  /**
   * Files renamed or moved inside the library: annotations whose key left the library go to
   * the entry that has the fingerprint they were made on. Returns the keys that received some.
   */
  async followRenames(entries: readonly ArticleEntry[]): Promise<string[]> {
    if (!this.db) return [];
    const moved: string[] = [];
    await this.counting;
    // Every annotated article still there (the usual case): nothing to follow.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this check only
    const present = new Set(entries.map((e) => e.key));
    if ([...this.tracked.keys()].every((key) => present.has(key))) return moved;
    for (const { from, to } of renameMoves(entries, this.tracked.fingerprints())) {
      await moveAnnotations(this.db, from, to);
      moved.push(to);
    }
    if (moved.length > 0) {
      await this.recount(null);
      if (this.loadedKey !== null && moved.includes(this.loadedKey)) await this.load(this.loadedKey);
    }
    return moved;
  }

  // ── internals ────────────────────────────────────────────────────────────

  private signature(): { author?: AnnotationAuthor } {
    const author = this.authorOf();
    return author === null ? {} : { author: { ...author } };
  }

  private edit(id: string, change: (r: AnnotationRecord) => AnnotationRecord | null, coalesce: string | null = null, newTags: TagRecord[] = [], removal?: Removal): Promise<void> {
    const before = this.records.find((r) => r.id === id);
    if (!before) return Promise.resolve();
    const after = change(before);
    if (!after) return Promise.resolve();
    return this.history.run(this.change(before, { ...after, updatedAt: Date.now(), ...this.signature() }, coalesce, newTags), removal);
  }

  /** A step that writes `after` and, undone, writes `before` back; `before` with deletedAt set means "did not exist". */
  private change(before: AnnotationRecord, after: AnnotationRecord, coalesce: string | null = null, newTags: TagRecord[] = []): Command {
    return new RecordChange((r, tags) => this.write(r, tags), before, after, coalesce, newTags);
  }

  /** Whether the row of `id` is shown but not stored yet (written now, or failed). */
  isUnsaved(id: string): boolean {
    return this.storage.unsaved.includes(UNSAVED_KEY) && this.unsaved.has(id);
  }

  /** The in-memory list changes at once (a highlight appears within the frame); Dexie follows. */
  private async write(record: AnnotationRecord, newTags: TagRecord[] = []): Promise<void> {
    this.writtenDuringLoad?.push(record);
    this.writeCount++;
    this.show(record);
    if (!this.db) return;
    const waiting = this.unsaved.get(record.id);
    this.unsaved.set(record.id, { record, newTags: [...(waiting?.newTags ?? []), ...newTags] });
    if (!(await this.storage.attempt(UNSAVED_KEY, () => this.persist()))) this.keepPending();
  }

  /**
   * Hands the host every change not stored (rows and refused keystrokes), or '' once all are
   * stored. Writes are coalesced: one at a time, the latest state each time.
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
          const json = encodePendingChanges({ annotations: [...this.unsaved.values()], drafts: [...this.refusedDrafts.values()] });
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
   * offers Retry and the host keeps them.
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
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this replay only
    const byId = new Map(kept.annotations.map((a) => [a.record.id, a]));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this replay only
    const ids = [...new Set([...byId.keys(), ...kept.drafts.map((d) => d.annotationId)])];
    let stored: (AnnotationRecord | undefined)[];
    try {
      stored = await db.annotations.bulkGet(ids);
    } catch (error) {
      // The database cannot even be read: what was kept is shown as it was kept, for Retry.
      this.storage.report(error);
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
        this.show(record);
      } else if (!record && draft) {
        this.refusedDrafts.set(id, draft);
      }
    });
    if (this.unsaved.size === 0 && this.refusedDrafts.size === 0) return this.keepPending();
    if (await this.storage.attempt(UNSAVED_KEY, () => this.persist())) return;
    this.keepPending();
  }

  private show(record: AnnotationRecord): void {
    if (record.articleKey !== this.loadedKey) return;
    const rest = this.records.filter((r) => r.id !== record.id);
    this.records = record.deletedAt === null ? [...rest, record].sort((a, b) => a.createdAt - b.createdAt) : rest;
    this.counts = withCount(this.counts, record.articleKey, this.records.length);
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
      // A newer edit of the same row may have arrived while this one was written.
      if (this.unsaved.get(b.record.id) === b) this.unsaved.delete(b.record.id);
      // Another window had made the same theme: the row now points at that one.
      if (written[i].tagIds.join() !== b.record.tagIds.join()) this.show(written[i]);
    });
    if (this.pendingKept) this.keepPending();
    if (batch.some((b, i) => b.newTags.length > 0 || written[i].tagIds.join() !== b.record.tagIds.join())) this.tags = await readTags(db);
  }

  /**
   * Rows changed outside this state (another window, a theme action, an import): the open
   * article's list takes every stored row newer than the one shown, drops rows deleted
   * there, and keeps the ones still being written here. Last write wins, by `updatedAt`.
   */
  async syncFromStore(tables: { annotations: boolean; tags: boolean; annotationIds?: ReadonlySet<string> | null }): Promise<void> {
    const db = this.db;
    if (!db) return;
    const seq = this.writeCount;
    if (tables.tags) {
      const tags = await readTags(db);
      if (seq === this.writeCount) this.tags = tags;
    }
    if (!tables.annotations) return;
    const key = this.loadedKey;
    const [, rows] = await Promise.all([this.recount(tables.annotationIds ?? null), key === null ? [] : readAnnotations(db, key, this.libraryOf())]);
    if (seq !== this.writeCount) return;
    if (key === null || key !== this.loadedKey || this.writtenDuringLoad) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this merge only
    const shown = new Map(this.records.map((r) => [r.id, r]));
    const merged = rows.map((row) => {
      const here = shown.get(row.id);
      return here && (this.unsaved.has(row.id) || here.updatedAt >= row.updatedAt) ? here : row;
    });
    for (const [id, { record }] of this.unsaved) if (record.articleKey === key && record.deletedAt === null && !rows.some((row) => row.id === id)) merged.push(shown.get(id) ?? record);
    // Deleted here but not yet stored: stays deleted.
    const next = merged.filter((r) => this.unsaved.get(r.id)?.record.deletedAt == null).sort((a, b) => a.createdAt - b.createdAt);
    this.counts = withCount(this.counts, key, next.length);
    if (next.length === this.records.length && next.every((r, i) => r === this.records[i])) return;
    this.records = next;
    if (this.selectedId && !next.some((r) => r.id === this.selectedId)) this.selectedId = null;
  }
}

const UNSAVED_KEY = 'annotations';

class RecordChange implements Command {
  constructor(
    private readonly write: (record: AnnotationRecord, newTags: TagRecord[]) => Promise<void>,
    readonly before: AnnotationRecord,
    readonly after: AnnotationRecord,
    readonly coalesce: string | null,
    /** Themes this step made: written with the row; undo leaves them (a theme is not the row's to take back). */
    readonly newTags: TagRecord[] = [],
  ) {}

  do(): Promise<void> {
    return this.write({ ...this.after, updatedAt: Math.max(this.after.updatedAt, Date.now()) }, this.newTags);
  }

  undo(): Promise<void> {
    return this.write({ ...this.before, updatedAt: Date.now() }, []);
  }

  absorb(next: Command): Command {
    return next instanceof RecordChange ? new RecordChange(this.write, this.before, next.after, this.coalesce, [...this.newTags, ...next.newTags]) : next;
  }
}
