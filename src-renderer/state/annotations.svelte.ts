// The reader's annotation commands — highlight, recolour, note, theme, delete, re-attach —
// each one undoable in the window's one history, and the modules they are made of, one
// concern each (as the Hypothesis client's store splits its modules):
//   repository (db/annotationRepository.ts)  writes, drafts, cross-window merges
//   model      (annotationModel.svelte.ts)    the open article's records, themes, placement
//   selection  (annotationSelection.svelte.ts) the selected text or highlight
//   filters    (annotationFilters.svelte.ts)  the pane's filters and the list they leave
//   counts     (annotationCountsState.svelte.ts) live annotations per article
// Theme and notebook steps write their own rows and publish them (annotationChanges.ts); the
// model and the counts follow from there.
import type { ArticleEntry } from '../../src-main/api.ts';
import { alignCanonicalRange, describeRange } from '../core/anchor.ts';
import { CLEAN_VERSION } from '../core/clean.ts';
import { searchKeyText } from '../core/searchKey.ts';
import { newTheme } from '../core/themeIdentity.ts';
import { pieceView, view as scriptView } from '../core/scriptView.ts';
import { WINDOW_FROM_CHARS } from './articleRows.ts';
import { SCRIPTS, type Range, type ScriptView } from '../core/types.ts';
import type { AnnotationAuthor } from '../core/userRows.ts';
import { findTag } from '../db/annotations.ts';
import { AnnotationRepository } from '../db/annotationRepository.ts';
import { stepOntoStored } from '../db/rowVersions.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { PendingChangesHost } from '../db/pendingChanges.ts';
import type { AnnotationRecord, AnnotationStyle, TagRecord } from '../db/records.ts';
import type { AnnotationChange, AnnotationChanges } from './annotationChanges.ts';
import { AnnotationCountsState } from './annotationCountsState.svelte.ts';
import { AnnotationFilters, type AnnotationColor, styleOf } from './annotationFilters.svelte.ts';
import { AnnotationModel, type AnchorSource } from './annotationModel.svelte.ts';
import { type AnchoredAnnotation, renameMoves } from './annotationPlacement.ts';
import { AnnotationSelection } from './annotationSelection.svelte.ts';
import { History, type Command, type Removal } from './history.svelte.ts';
import { StorageStatus } from './storageStatus.svelte.ts';

export type { AnnotationRecord, AnnotationStyle, TagRecord, AnchorSource, AnchoredAnnotation };
export { COLORS, colorOf, styleOf, type AnnotationColor, type AnnotationFilter } from './annotationFilters.svelte.ts';

export type AnnotationAnnouncement = 'annotate.created' | 'annotate.deleted' | 'annotate.undone' | 'annotate.redone';

export class AnnotationsState {
  readonly repository: AnnotationRepository;
  readonly model: AnnotationModel;
  readonly selection: AnnotationSelection;
  readonly filters: AnnotationFilters;
  readonly counts: AnnotationCountsState;
  /** Where a failed write is shown and retried from. */
  readonly storage: StorageStatus;
  /** The window's one undo history, shared with the themes and the notebook (an undo undoes the last step wherever it was made). */
  readonly history: History;

  lastColor = $state<AnnotationColor>('yellow');
  /** What just happened, for a screen reader's live region (the count makes a repeat audible). */
  announcement = $state.raw<{ key: AnnotationAnnouncement; n: number } | null>(null);

  private noteSession = 0;

  constructor(db: PizhuDatabase | null, source: () => AnchorSource, storage: StorageStatus = new StorageStatus(), pending: PendingChangesHost | null = null, history: History = new History()) {
    this.storage = storage;
    this.history = history;
    this.repository = new AnnotationRepository(db, storage, pending);
    this.model = new AnnotationModel(this.repository, source);
    this.selection = new AnnotationSelection(() => this.model.records);
    this.filters = new AnnotationFilters(() => this.model.anchored);
    this.counts = new AnnotationCountsState(db);
    this.model.onCount = (key, count) => this.counts.setArticle(key, count);
  }

  /** Who new and edited annotations are by (the settings' author); null leaves them unsigned. */
  authorOf: () => AnnotationAuthor | null = () => null;

  /** Follows the steps other parts of the window publish (themes, notebook): themes, counts, the open article. */
  listenTo(changes: AnnotationChanges): () => void {
    return changes.subscribe((change) => this.follow(change));
  }

  async start(): Promise<void> {
    this.model.tags = await this.repository.start();
    this.model.mergedThemes = await this.repository.readThemeMerges();
  }

  /**
   * Loads the annotations of `key` (null: none open). The undo history is the window's and
   * outlives the article: a step undone while another is open writes to its own article.
   */
  async load(key: string | null): Promise<void> {
    if (key !== this.model.loadedKey) this.selection.selectedId = null;
    await this.model.load(key);
  }

  // ── actions (each one undoable) ──────────────────────────────────────────

  /** Highlights the current selection; returns the new annotation's id. */
  async createFromSelection(color: AnnotationColor = this.lastColor, style: AnnotationStyle = 'highlight'): Promise<string | null> {
    const range = this.selection.range;
    if (!range) return null;
    return this.create(range, color, style);
  }

  /** Highlights `range`; returns the new annotation's id once its row is stored. */
  async create(range: Range, color: AnnotationColor = this.lastColor, style: AnnotationStyle = 'highlight'): Promise<string | null> {
    const made = this.showNewHighlight(range, color, style);
    if (!made) return null;
    await made.stored;
    return made.id;
  }

  /**
   * Shows a new highlight on `range` and queues its write. The id comes at once: N and T open
   * their editor on it while the write waits its turn, so what is typed next goes into the note
   * or theme input, not to the reader's keys.
   */
  private showNewHighlight(range: Range, color: AnnotationColor, style: AnnotationStyle): { id: string; stored: Promise<void> } | null {
    const src = this.model.text;
    if (src.canonical === null || src.fingerprint === null || src.key === null || range.end <= range.start) return null;
    // Widened to phrase boundaries in every view, not just the one it was made in, so the
    // highlight covers the same characters whichever script the reader switches to.
    const canonical = src.canonical;
    const { position, quote } = describeRange(canonical, alignInEveryView(canonical, range));
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
    this.selection.range = null;
    this.selection.selectedId = record.id;
    const stored = this.step({ ...record, deletedAt: now }, record);
    this.announce('annotate.created');
    return { id: record.id, stored };
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
    const current = this.model.find(id);
    if (!current) return;
    await this.repository.forgetDraft(id);
    await this.step({ ...current, note: undoTo }, { ...current, note, updatedAt: editStamp(current), ...this.signatureForEdit(current) });
  }

  /** Every keystroke of a note editor: kept as a crash draft at once; `editNote`, a moment later, stores the note. */
  keepDraft(id: string, note: string): void {
    this.repository.keepDraft(id, note, this.model.find(id) ?? undefined);
  }

  /** The note text typed into `id`'s editor and not stored as the note yet (db/annotationRepository.ts typedDraft). */
  typedDraft(id: string): Promise<string | undefined> {
    return this.repository.typedDraft(id);
  }

  /** The page is going away: what is shown and not yet stored goes to the host (repository.handOverUnstored). */
  handOverUnstored(): void {
    this.repository.handOverUnstored();
  }

  /** Whether the row of `id` is shown but not stored yet (written now, or failed). */
  isUnsaved(id: string): boolean {
    return this.repository.isUnsaved(id);
  }

  /**
   * A note editor open on `id`, and the text it holds once typed in (undefined before): a change
   * to that note arriving from elsewhere never replaces typing (annotationSync.svelte.ts offers
   * both). Returns the closing.
   */
  openNoteEditor(id: string, text: () => string | undefined): () => void {
    const entry = { text };
    this.openEditors.set(id, entry);
    return () => {
      if (this.openEditors.get(id) === entry) this.openEditors.delete(id);
    };
  }

  /** The notes being typed in editors here (typed in since opened), by annotation id, with the text each editor holds. */
  notesInEditors(): Map<string, string> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a copy handed out, never rendered
    const typed = new Map<string, string>();
    for (const [id, entry] of this.openEditors) {
      const text = entry.text();
      if (text !== undefined) typed.set(id, text);
    }
    return typed;
  }

  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly openEditors = new Map<string, { text: () => string | undefined }>();

  /** The note editor lost focus: the next edit is a new undo step. */
  endNoteSession(): void {
    this.noteSession++;
    this.history.seal();
  }

  /** Tags with the theme named `name` (营商环境 = 營商環境), made if new: theme and annotation in one transaction. */
  async addTag(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    const key = searchKeyText(trimmed);
    const db = this.repository.db;
    if (!db || !key) return;
    let tag = this.model.tags.find((t) => t.key === key);
    if (!tag) {
      try {
        tag = await findTag(db, key);
      } catch (error) {
        this.storage.report(error);
        return;
      }
    }
    const isNew = !tag;
    const theme: TagRecord = tag ?? newTheme(crypto.randomUUID(), trimmed, Date.now());
    if (!this.model.tags.some((t) => t.id === theme.id)) this.model.tags = [...this.model.tags, theme];
    await this.edit(id, (r) => (r.tagIds.includes(theme.id) ? null : { ...r, tagIds: [...r.tagIds, theme.id] }), null, isNew ? [theme] : []);
  }

  removeTag(id: string, tagId: string): Promise<void> {
    return this.edit(id, (r) => (r.tagIds.includes(tagId) ? { ...r, tagIds: r.tagIds.filter((t) => t !== tagId) } : null), null, [], { kind: 'tag', count: 1 });
  }

  /** Soft delete: the row stays as a tombstone and undo brings it back. */
  async remove(id: string): Promise<void> {
    if (this.selection.selectedId === id) this.selection.selectedId = null;
    await this.edit(id, (r) => ({ ...r, deletedAt: Date.now() }), null, [], { kind: 'highlight', count: 1 });
    this.announce('annotate.deleted');
  }

  /** An orphan (or any annotation) takes the current selection as its passage. */
  async reattach(id: string, range: Range | null = this.selection.range): Promise<void> {
    const src = this.model.text;
    if (!range || src.canonical === null || src.fingerprint === null) return;
    const { position, quote } = describeRange(src.canonical, range);
    const fingerprint = src.fingerprint;
    this.selection.range = null;
    this.selection.selectedId = id;
    await this.edit(id, (r) => ({ ...r, position, quote, fingerprint, cleanVersion: CLEAN_VERSION }));
  }

  /** What N, T and the toolbar act on: the selection (highlighted first, last colour) or the selected highlight. */
  async target(): Promise<string | null> {
    const range = this.selection.range;
    if (range) return this.showNewHighlight(range, this.lastColor, 'highlight')?.id ?? null;
    return this.selection.selected ? this.selection.selected.id : null;
  }

  /** N: the note editor of the target, made if needed. */
  async requestNote(): Promise<string | null> {
    const id = await this.target();
    if (id) this.selection.noteRequest = { id };
    return id;
  }

  /** T: the theme input, for the target made if needed. */
  async requestTag(): Promise<string | null> {
    const id = await this.target();
    if (id) this.selection.tagRequest++;
    return id;
  }

  /** 1–5: a new highlight on the selection in that colour, or the selected one recoloured. */
  async applyColor(color: AnnotationColor): Promise<void> {
    const selected = this.selection.selected;
    if (this.selection.range) await this.createFromSelection(color);
    else if (selected) await this.recolor(selected.id, color);
  }

  /** Underline on and off: for a selection, a new underline. */
  async toggleUnderline(): Promise<void> {
    const selected = this.selection.selected;
    if (this.selection.range) await this.createFromSelection(this.lastColor, 'underline');
    else if (selected) await this.setStyle(selected.id, styleOf(selected) === 'underline' ? 'highlight' : 'underline');
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

  announce(key: AnnotationAnnouncement): void {
    this.announcement = { key, n: (this.announcement?.n ?? 0) + 1 };
  }

  /**
   * Files renamed or moved inside the library: annotations whose key left the library go to
   * the entry that has the fingerprint they were made on. Returns the keys that received some.
   */
  async followRenames(entries: readonly ArticleEntry[]): Promise<string[]> {
    if (!this.repository.db) return [];
    const moved: string[] = [];
    await this.counts.settled();
    // Every annotated article still there (the usual case): nothing to follow.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this check only
    const present = new Set(entries.map((e) => e.key));
    if ([...this.counts.annotatedKeys()].every((key) => present.has(key))) return moved;
    for (const { from, to } of renameMoves(entries, this.counts.fingerprints())) {
      await this.repository.moveArticle(from, to);
      moved.push(to);
    }
    if (moved.length > 0) {
      await this.counts.recount(null);
      const open = this.model.loadedKey;
      if (open !== null && moved.includes(open)) await this.load(open);
    }
    return moved;
  }

  /**
   * Rows changed in the store outside this window's writes (another window, an import, a
   * sync): themes, counts and the open article's rows follow; rows still being written here
   * are kept.
   */
  async syncFromStore(tables: { annotations: boolean; tags: boolean; annotationIds?: ReadonlySet<string> | null }): Promise<void> {
    if (!this.repository.db) return;
    if (tables.tags) await this.model.readTags();
    if (!tables.annotations) return;
    await this.model.takeStored(this.counts.recount(tables.annotationIds ?? null), tables.annotationIds ?? null);
    this.selection.keepOnly(this.model.records);
  }

  // ── internals ────────────────────────────────────────────────────────────

  /** A step of this window's themes or notebook, already stored: what shows it follows. */
  private async follow(change: AnnotationChange): Promise<void> {
    if (change.themes) this.model.tags = change.themes;
    if (change.annotations.length > 0) await this.counts.recount(change.annotations.map((r) => r.id));
    // The article's steps below this one in the shared history hold the rows of before it:
    // history is linear, so they are only replayed once this step itself is undone.
    const open = this.model.loadedKey;
    if (open !== null && change.annotations.some((r) => r.articleKey === open)) await this.model.load(open);
    this.selection.keepOnly(this.model.records);
  }

  private signature(): { author?: AnnotationAuthor } {
    const author = this.authorOf();
    return author === null ? {} : { author: { ...author } };
  }

  /**
   * An annotation's author is who made it: an edit (a note, a theme, a delete) made here to one
   * made elsewhere keeps that author, as W3C's `creator` is the annotation's creator. One made
   * here, or before annotations had authors (every one of those was made here), is signed
   * anew, with the name as it is now.
   */
  private signatureForEdit(row: AnnotationRecord): { author?: AnnotationAuthor } {
    const own = this.authorOf();
    return row.author && row.author.id !== own?.id ? {} : this.signature();
  }

  private edit(id: string, change: (r: AnnotationRecord) => AnnotationRecord | null, coalesce: string | null = null, newTags: TagRecord[] = [], removal?: Removal): Promise<void> {
    const before = this.model.find(id);
    if (!before) return Promise.resolve();
    const after = change(before);
    if (!after) return Promise.resolve();
    return this.step(before, { ...after, updatedAt: editStamp(before), ...this.signatureForEdit(before) }, coalesce, newTags, removal);
  }

  /**
   * Shows `after` now and queues the undoable step that writes it. Drawn at once: the step
   * waits in the undo queue until the steps before it are stored, and while the disk was slow
   * (the browser busy with its storage) a highlight came seconds after its key.
   */
  private step(before: AnnotationRecord, after: AnnotationRecord, coalesce: string | null = null, newTags: TagRecord[] = [], removal?: Removal): Promise<void> {
    this.model.show(after);
    const placed = this.repository.place(before, after, newTags);
    return this.history.run(this.change(before, after, coalesce, newTags), removal).finally(placed.done);
  }

  /** A step that writes `after` and, undone, writes `before` back; `before` with deletedAt set means "did not exist". */
  private change(before: AnnotationRecord, after: AnnotationRecord, coalesce: string | null = null, newTags: TagRecord[] = []): Command {
    return new RecordChange((r, tags) => this.repository.write(r, tags), (id) => this.model.find(id) ?? undefined, before, after, coalesce, newTags);
  }
}

/**
 * One highlight's edit as an undo step. Undone or redone, it changes only what the edit
 * changed, on the row as this window has it now: a note or theme another machine (or window)
 * gave the highlight since is kept, not written over with the copy taken at the edit.
 */
class RecordChange implements Command {
  constructor(
    private readonly write: (record: AnnotationRecord, newTags: TagRecord[]) => Promise<void>,
    /** The row as shown now (merged from elsewhere included); undefined when it is not loaded here. */
    private readonly current: (id: string) => AnnotationRecord | undefined,
    readonly before: AnnotationRecord,
    readonly after: AnnotationRecord,
    readonly coalesce: string | null,
    /** Themes this step made: written with the row; undo leaves them (a theme is not the row's to take back). */
    readonly newTags: TagRecord[] = [],
  ) {}

  do(): Promise<void> {
    const row = stepOntoStored(this.current(this.after.id), this.before, this.after, ['tagIds']);
    return this.write({ ...row, updatedAt: Math.max(row.updatedAt, Date.now()) }, this.newTags);
  }

  undo(): Promise<void> {
    const row = stepOntoStored(this.current(this.before.id), this.after, this.before, ['tagIds']);
    // Past the version being undone, whatever this machine's clock says: see editStamp.
    return this.write({ ...row, updatedAt: Math.max(Date.now(), this.after.updatedAt + 1, row.updatedAt) }, []);
  }

  absorb(next: Command): Command {
    return next instanceof RecordChange ? new RecordChange(this.write, this.current, this.before, next.after, this.coalesce, [...this.newTags, ...next.newTags]) : next;
  }
}

/** Characters of context either side of a passage in a long text, for the phrases at its ends. */
const PHRASE_CONTEXT = 256;

/**
 * `range` widened to phrase boundaries in every view. A long text's views are not built here
 * (six whole conversions of a 10 MB text would freeze the page for seconds): the passage and
 * some context either side are converted instead, which is where its ends' phrases are.
 */
export function alignInEveryView(canonical: string, range: Range): Range {
  if (canonical.length <= WINDOW_FROM_CHARS) return alignCanonicalRange(range, SCRIPTS.map((script) => scriptView(canonical, script)));
  const around = { start: Math.max(0, range.start - PHRASE_CONTEXT), end: Math.min(canonical.length, range.end + PHRASE_CONTEXT) };
  const views: ScriptView[] = SCRIPTS.map((script) => ({ script, ...pieceView(canonical, script, undefined, around) }));
  const aligned = alignCanonicalRange({ start: range.start - around.start, end: range.end - around.start }, views);
  return { start: aligned.start + around.start, end: aligned.end + around.start };
}

/**
 * The stamp of an edit made here on `record`: now, but always past the version it was made on,
 * so a machine whose clock is behind another's does not lose, in the next merge of the files,
 * an edit its user made after seeing the other machine's version.
 */
function editStamp(record: AnnotationRecord): number {
  return Math.max(Date.now(), record.updatedAt + 1);
}
