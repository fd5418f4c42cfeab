// The notebook: every live annotation of the library in one list, filtered, sorted and
// searched (core/notebookRows.ts), with a selection that bulk actions act on. Each bulk
// action — recolour, tag, delete — is one undoable step written in one transaction and
// published once stored (annotationChanges.ts): the open article and the counts follow it.
import { descendantIds } from '../core/codebook.ts';
import { afterWrite, articleOrder, authorsOf, FoldedTexts, filterRows, idsOf, NO_FILTER, sortRows, withIds, type NotebookAuthor, type NotebookFilter, type NotebookSort } from '../core/notebookRows.ts';
import { newTheme, themeKey } from '../core/themeIdentity.ts';
import { readTags } from '../db/annotations.ts';
import type { PizhuDatabase } from '../db/database.ts';
import { readLiveAnnotations } from '../db/notebook.ts';
import type { AnnotationRecord, TagRecord } from '../db/records.ts';
import { writeThemeChange } from '../db/themes.ts';
import type { AnnotationChanges } from './annotationChanges.ts';
import type { AnnotationColor } from './annotationFilters.svelte.ts';
import { History, type Command, type Removal } from './history.svelte.ts';
import type { StorageStatus } from './storageStatus.svelte.ts';

/** What the notebook reads and tells outside itself. */
export interface NotebookDeps {
  /** The live themes as the window shows them: read, never written here. */
  catalog: { readonly tags: readonly TagRecord[] };
  /** Where a failed step is shown and retried from. */
  storage: StorageStatus;
  /** Where each step is published once stored. */
  changes: AnnotationChanges;
}

export type NotebookAnnouncement = 'notebook.recoloured' | 'notebook.tagged' | 'notebook.deleted' | 'annotate.undone' | 'annotate.redone';

interface Change {
  putTags: TagRecord[];
  annotations: AnnotationRecord[];
}

/** Rows folded per background task: a slice stays well under a frame's budget on a slow machine. */
const FOLD_SLICE = 2_000;
/** The list is drawn first: background folding waits this long after the rows are read. */
const FOLD_DELAY_MS = 500;

export class NotebookState {
  /** Every live annotation of the library, as last read. */
  records = $state.raw<AnnotationRecord[]>([]);
  loaded = $state(false);
  filter = $state.raw<NotebookFilter>(NO_FILTER);
  sort = $state<NotebookSort>('position');
  /** Ids of the rows chosen for a bulk action (they stay chosen while filtered out). */
  selected = $state.raw<ReadonlySet<string>>(idsOf([]));
  announcement = $state.raw<{ key: NotebookAnnouncement; count: number; n: number } | null>(null);

  private readonly folded = new FoldedTexts();
  private readSeq = 0;

  /** All rows in the chosen order: sorted once per order or read, never per filter. */
  readonly sorted: AnnotationRecord[] = $derived(sortRows(this.records, this.sort));

  /** The chosen theme and the themes under it in the codebook. */
  private readonly themeFamily: ReadonlySet<string> | null = $derived.by(() => {
    const id = this.filter.themeId;
    return id === null ? null : withIds(descendantIds(this.deps.catalog.tags, id), [id], true);
  });

  /** The rows shown. */
  readonly shown: AnnotationRecord[] = $derived(filterRows(this.sorted, this.filter, { themeFamily: this.themeFamily, folded: this.folded }));

  readonly authors: NotebookAuthor[] = $derived(authorsOf(this.records));

  /** Articles that have annotations, in library order. */
  readonly articleKeys: string[] = $derived([...articleOrder(this.records.map((r) => r.articleKey)).keys()]);

  /** Chosen rows that are still in the library, in list order. */
  readonly selectedRows: AnnotationRecord[] = $derived(this.selected.size === 0 ? [] : this.sorted.filter((r) => this.selected.has(r.id)));

  constructor(
    private readonly db: PizhuDatabase | null,
    private readonly deps: NotebookDeps,
    /** The window's one undo history (AppState's); its own in a test. */
    readonly history: History = new History(),
  ) {}

  /** Reads every live annotation again (on opening, after another window's change). */
  async refresh(): Promise<void> {
    if (!this.db) {
      this.loaded = true;
      return;
    }
    const seq = ++this.readSeq;
    const rows = await readLiveAnnotations(this.db);
    if (seq !== this.readSeq) return;
    this.records = rows;
    this.loaded = true;
    const ids = idsOf(rows);
    this.folded.keepOnly(ids);
    this.foldInBackground(seq);
    const gone = [...this.selected].filter((id) => !ids.has(id));
    if (gone.length > 0) this.selected = withIds(this.selected, gone, false);
  }

  /**
   * Folds the rows for search a slice per task once the list is drawn, so the first search
   * finds them folded; a search typed before that folds what is left itself.
   */
  private foldInBackground(seq: number): void {
    const rows = this.records;
    let next = 0;
    const step = () => {
      if (seq !== this.readSeq || next >= rows.length) return;
      this.folded.prepare(rows.slice(next, next + FOLD_SLICE));
      next += FOLD_SLICE;
      setTimeout(step, 0);
    };
    setTimeout(step, FOLD_DELAY_MS);
  }

  setFilter(change: Partial<NotebookFilter>): void {
    this.filter = { ...this.filter, ...change };
  }

  clearFilters(): void {
    this.filter = NO_FILTER;
  }

  setSelected(ids: Iterable<string>, on: boolean): void {
    this.selected = withIds(this.selected, ids, on);
  }

  clearSelection(): void {
    this.selected = idsOf([]);
  }

  /** Every chosen row takes `color`. */
  recolour(color: AnnotationColor): Promise<void> {
    const rows = this.selectedRows.filter((r) => r.color !== color);
    return this.bulk(rows, (r) => ({ ...r, color }), [], 'notebook.recoloured');
  }

  /** Every chosen row takes the theme named `name` (营商环境 = 營商環境), made if there is none. */
  async tag(name: string): Promise<void> {
    const key = themeKey(name);
    if (!key) return;
    const existing = this.deps.catalog.tags.find((t) => t.key === key);
    const theme: TagRecord = existing ?? newTheme(crypto.randomUUID(), name, Date.now());
    const rows = this.selectedRows.filter((r) => !r.tagIds.includes(theme.id));
    if (rows.length === 0) return;
    await this.bulk(rows, (r) => ({ ...r, tagIds: [...r.tagIds, theme.id] }), existing ? [] : [theme], 'notebook.tagged');
  }

  /** The chosen rows become tombstones; undo brings them back. */
  async remove(): Promise<void> {
    const now = Date.now();
    const rows = this.selectedRows;
    await this.bulk(rows, (r) => ({ ...r, deletedAt: now }), [], 'notebook.deleted', { kind: 'annotations', count: rows.length });
  }

  announce(key: NotebookAnnouncement, count: number): void {
    this.announcement = { key, count, n: (this.announcement?.n ?? 0) + 1 };
  }

  /**
   * One step: `rows` changed by `edit`, with new themes. Undoing writes the rows back as they
   * were and leaves a theme made by the step as a tombstone.
   */
  private async bulk(rows: readonly AnnotationRecord[], edit: (r: AnnotationRecord) => AnnotationRecord, newTags: TagRecord[], key: NotebookAnnouncement, removal?: Removal): Promise<void> {
    if (!this.db || rows.length === 0) return;
    const before: Change = { putTags: [], annotations: [...rows] };
    const after: Change = { putTags: newTags, annotations: rows.map(edit) };
    // Each side is written onto the rows as stored then, from the other side's version of them.
    const command: Command = {
      do: () => this.apply(after, before),
      undo: () => this.apply({ putTags: newTags.map((t) => ({ ...t, deletedAt: Date.now() })), annotations: before.annotations }, after),
    };
    try {
      await this.history.run(command, removal);
    } catch (error) {
      // One transaction: nothing was written; the banner offers the step again.
      this.deps.storage.report(error, { key: 'notebook', run: () => this.history.run(command) });
      return;
    }
    this.deps.storage.saved('notebook');
    this.announce(key, rows.length);
  }

  /** Writes `change`; its rows change only where `from` (the other side of the step) and it differ. */
  private async apply(change: Change, from: Change): Promise<void> {
    const db = this.db;
    if (!db) return;
    const now = Date.now();
    // Dated now, undo and redo too: what they write back is the newest change for an import or sync.
    const putTags = change.putTags.map((t) => ({ ...t, updatedAt: Math.max(t.updatedAt, now) }));
    const annotations = await writeThemeChange(db, {
      putTags,
      annotations: change.annotations.map((r) => ({ ...r, updatedAt: Math.max(r.updatedAt, now) })),
      from: { tags: from.putTags, annotations: from.annotations },
    });
    this.show(annotations);
    await this.deps.changes.publish({ source: 'notebook', themes: putTags.length > 0 ? await readTags(db) : null, annotations });
  }

  /** The written rows replace theirs in the list; tombstones leave it, rows brought back return. */
  private show(written: readonly AnnotationRecord[]): void {
    this.records = afterWrite(this.records, written);
    const gone = written.filter((r) => r.deletedAt !== null).map((r) => r.id);
    if (gone.some((id) => this.selected.has(id))) this.setSelected(gone, false);
  }
}
