// The open article's highlights and notes: loaded from Dexie, re-anchored on the canonical
// text every time it is (re)loaded, and changed only through undoable commands. Components
// read `anchored` (canonical ranges in reading order) and `orphans`; drawing converts the
// ranges to the current view.
import type { ArticleEntry } from '../../src-main/api.ts';
import { alignCanonicalRange, canonicalRangeToView, describeRange } from '../core/anchor.ts';
import { CLEAN_VERSION } from '../core/clean.ts';
import { view as scriptView } from '../core/scriptView.ts';
import { SCRIPTS, type Range, type ScriptView } from '../core/types.ts';
import {
  annotatedFingerprints,
  countAnnotations,
  ensureTag,
  moveAnnotations,
  readAnnotations,
  readTags,
  writeAnnotations,
} from '../db/annotations.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { AnnotationRecord, AnnotationStyle, TagRecord } from '../db/records.ts';
import { AnchorCache, type AnchoredAnnotation, NO_COUNTS, renameMoves, withCount } from './annotationPlacement.ts';
import { History, type Command } from './history.svelte.ts';

export type { AnnotationRecord, AnnotationStyle, TagRecord };

export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type AnnotationColor = (typeof COLORS)[number];

/** What the annotations need from the reader: the text they anchor on. */
export interface AnchorSource {
  key: string | null;
  fingerprint: string | null;
  canonical: string | null;
  view: ScriptView | null;
}

export type { AnchoredAnnotation };

export interface AnnotationFilter {
  color: AnnotationColor | null;
  tagId: string | null;
  hasNote: boolean;
}

export const styleOf = (record: AnnotationRecord): AnnotationStyle => record.style ?? 'highlight';
export const colorOf = (record: AnnotationRecord): AnnotationColor => ((COLORS as readonly string[]).includes(record.color) ? (record.color as AnnotationColor) : 'yellow');


export class AnnotationsState {
  // Declared first and set in the constructor: the $derived fields below read them.
  private readonly db: PizhuDatabase | null;
  private readonly source: () => AnchorSource;

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

  readonly history = new History();

  /** Anchoring is pure but not free: results are kept while neither text nor selectors change. */
  private readonly anchorCache = new AnchorCache();

  readonly placement: { anchored: AnchoredAnnotation[]; orphans: AnnotationRecord[] } = $derived.by(() => {
    const src = this.source();
    const records = this.records;
    if (src.canonical === null || src.fingerprint === null || src.key !== this.loadedKey) return { anchored: [], orphans: [] };
    return this.anchorCache.place(src.canonical, src.fingerprint, records);
  });

  readonly anchored = $derived(this.placement.anchored);
  readonly orphans = $derived(this.placement.orphans);

  readonly selected: AnnotationRecord | null = $derived(this.records.find((r) => r.id === this.selectedId) ?? null);

  /** The pane's list: anchored ones in reading order, filtered. */
  readonly visible: AnchoredAnnotation[] = $derived.by(() => {
    const { color, tagId, hasNote } = this.filter;
    return this.anchored.filter((a) => (!color || colorOf(a.record) === color) && (!tagId || a.record.tagIds.includes(tagId)) && (!hasNote || a.record.note.trim() !== ''));
  });

  private loadRequest = 0;
  private writtenDuringLoad: AnnotationRecord[] | null = null;
  private noteSession = 0;

  constructor(db: PizhuDatabase | null, source: () => AnchorSource) {
    this.db = db;
    this.source = source;
  }

  async start(): Promise<void> {
    if (!this.db) return;
    const [tags, counts] = await Promise.all([readTags(this.db), countAnnotations(this.db)]);
    this.tags = tags;
    this.counts = counts;
  }

  /** Loads the annotations of `key` (null: none open). A different article starts a fresh undo history. */
  async load(key: string | null): Promise<void> {
    const request = ++this.loadRequest;
    if (key !== this.loadedKey) {
      this.history.clear();
      this.selectedId = null;
      this.records = [];
      this.loadedKey = key;
    }
    if (key === null || !this.db) return;
    // Writes made while the rows are read (a highlight the moment the article opens) win.
    const during: AnnotationRecord[] = [];
    this.writtenDuringLoad = during;
    const records = await readAnnotations(this.db, key);
    if (request !== this.loadRequest) return;
    this.writtenDuringLoad = null;
    const merged = [...records.filter((r) => !during.some((d) => d.id === r.id)), ...during.filter((r) => r.deletedAt === null && r.articleKey === key)];
    this.records = merged.filter((r, i) => merged.findLastIndex((o) => o.id === r.id) === i).sort((a, b) => a.createdAt - b.createdAt);
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

  /** The note editor lost focus: the next edit is a new undo step. */
  endNoteSession(): void {
    this.noteSession++;
    this.history.seal();
  }

  async addTag(id: string, name: string): Promise<void> {
    if (!this.db || !name.trim()) return;
    const tag = await ensureTag(this.db, name);
    if (!this.tags.some((t) => t.id === tag.id)) this.tags = [...this.tags, tag];
    await this.edit(id, (r) => (r.tagIds.includes(tag.id) ? null : { ...r, tagIds: [...r.tagIds, tag.id] }));
  }

  removeTag(id: string, tagId: string): Promise<void> {
    return this.edit(id, (r) => (r.tagIds.includes(tagId) ? { ...r, tagIds: r.tagIds.filter((t) => t !== tagId) } : null));
  }

  /** Soft delete: the row stays as a tombstone and undo brings it back. */
  async remove(id: string): Promise<void> {
    if (this.selectedId === id) this.selectedId = null;
    await this.edit(id, (r) => ({ ...r, deletedAt: Date.now() }));
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

  private announce(key: NonNullable<AnnotationsState['announcement']>['key']): void {
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
    for (const { from, to } of renameMoves(entries, await annotatedFingerprints(this.db))) {
      await moveAnnotations(this.db, from, to);
      moved.push(to);
    }
    if (moved.length > 0) {
      this.counts = await countAnnotations(this.db);
      if (this.loadedKey !== null && moved.includes(this.loadedKey)) await this.load(this.loadedKey);
    }
    return moved;
  }

  // ── internals ────────────────────────────────────────────────────────────

  private edit(id: string, change: (r: AnnotationRecord) => AnnotationRecord | null, coalesce: string | null = null): Promise<void> {
    const before = this.records.find((r) => r.id === id);
    if (!before) return Promise.resolve();
    const after = change(before);
    if (!after) return Promise.resolve();
    return this.history.run(this.change(before, { ...after, updatedAt: Date.now() }, coalesce));
  }

  /** A step that writes `after` and, undone, writes `before` back; `before` with deletedAt set means "did not exist". */
  private change(before: AnnotationRecord, after: AnnotationRecord, coalesce: string | null = null): Command {
    return new RecordChange((r) => this.write(r), before, after, coalesce);
  }

  /** The in-memory list changes at once (a highlight appears within the frame); Dexie follows. */
  private async write(record: AnnotationRecord): Promise<void> {
    this.writtenDuringLoad?.push(record);
    if (record.articleKey === this.loadedKey) {
      const rest = this.records.filter((r) => r.id !== record.id);
      this.records = record.deletedAt === null ? [...rest, record].sort((a, b) => a.createdAt - b.createdAt) : rest;
      this.counts = withCount(this.counts, record.articleKey, this.records.length);
    }
    if (this.db) await writeAnnotations(this.db, [record]);
  }
}

class RecordChange implements Command {
  constructor(
    private readonly write: (record: AnnotationRecord) => Promise<void>,
    readonly before: AnnotationRecord,
    readonly after: AnnotationRecord,
    readonly coalesce: string | null,
  ) {}

  do(): Promise<void> {
    return this.write({ ...this.after, updatedAt: Math.max(this.after.updatedAt, Date.now()) });
  }

  undo(): Promise<void> {
    return this.write({ ...this.before, updatedAt: Date.now() });
  }

  absorb(next: Command): Command {
    return next instanceof RecordChange ? new RecordChange(this.write, this.before, next.after, this.coalesce) : next;
  }
}
