// The open article's annotations as the window shows them: the records (from the
// repository, with writes not stored yet), the live themes, and where each record sits in the
// text now (anchored in reading order, or orphaned), derived from the reader's canonical text.
// It writes nothing: the repository tells it what to show, and changes made elsewhere (theme
// steps, notebook steps, other windows) arrive through `takeStored` and `loadAgain`.
import { canonicalRangeToView } from '../core/anchor.ts';
import type { Range, ScriptView } from '../core/types.ts';
import type { AnnotationRepository } from '../db/annotationRepository.ts';
import type { AnnotationRecord, TagRecord } from '../db/records.ts';
import { AnchorCache, type AnchoredAnnotation, type Placement } from './annotationPlacement.ts';

/** What the annotations need from the reader: the text they anchor on. */
export interface AnchorSource {
  key: string | null;
  fingerprint: string | null;
  canonical: string | null;
  view: ScriptView | null;
  /** The file cannot be read now (gone, broken): with no text to anchor on, every annotation is listed as an orphan. */
  unreadable?: boolean;
}

export class AnnotationModel {
  // Declared first and set in the constructor: the $derived fields below read it.
  private readonly source: () => AnchorSource;

  /** Live annotations of `loadedKey`, anchored or not. */
  records = $state.raw<AnnotationRecord[]>([]);
  loadedKey = $state<string | null>(null);
  /** The live themes of the library. */
  tags = $state.raw<TagRecord[]>([]);
  /**
   * Themes merged away and the theme each went into. A passage tagged on another machine with
   * a theme that was merged here meanwhile may keep its id (the merge keeps what each machine
   * wrote); it is shown as the theme it went into.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole on each read, never changed in place
  mergedThemes = $state.raw<ReadonlyMap<string, string>>(new Map());

  /** Told the number of rows shown for an article whenever it changes (the counts follow). */
  onCount: (key: string, count: number) => void = () => {};

  /** Anchoring is pure but not free: results are kept while neither text nor selectors change. */
  private readonly anchorCache = new AnchorCache();
  /** Bumped when anchoring done a slice at a time has finished: placing again finds it all. */
  private anchorPasses = $state(0);
  private loadRequest = 0;
  /** The last take of stored rows was overtaken: the next reads every row of the article. */
  private overtaken = false;

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

  readonly anchored: AnchoredAnnotation[] = $derived(this.placement.anchored);
  readonly orphans: AnnotationRecord[] = $derived(this.placement.orphans);
  /** Annotations of a very large set not anchored yet (they are being, a slice at a time). */
  readonly placing: number = $derived(this.placement.pending);

  constructor(
    private readonly repository: AnnotationRepository,
    source: () => AnchorSource,
  ) {
    this.source = source;
    this.anchorCache.onAnchored = () => this.anchorPasses++;
    repository.onShown = (record) => this.show(record);
    repository.onTags = (tags) => (this.tags = tags);
  }

  /** The text the annotations anchor on now. */
  get text(): AnchorSource {
    return this.source();
  }

  /**
   * Shows the annotations of `key` (null: none open). Resolves false when a later load took
   * over; rejects, after showing the rows kept unsaved, when the store could not be read.
   */
  async load(key: string | null): Promise<boolean> {
    const request = ++this.loadRequest;
    if (key !== this.loadedKey) {
      this.records = [];
      this.loadedKey = key;
    }
    if (key === null || !this.repository.db) return true;
    const { rows, failure } = await this.repository.readArticle(key);
    if (request !== this.loadRequest) return false;
    this.records = rows;
    if (failure) throw failure;
    return true;
  }

  /** Loads the open article again (a step elsewhere changed its rows); false when none is open. */
  async loadAgain(): Promise<boolean> {
    if (this.loadedKey === null) return false;
    await this.load(this.loadedKey);
    return true;
  }

  /**
   * Stored rows changed outside this window's writes: the open article's rows are merged with
   * the store's (the repository keeps what is still being written here). Returns false when
   * the read was overtaken by a write or a load here (their own events follow) or nothing
   * changed. `counted` is a recount read alongside: the open article's count, set from the
   * rows shown, is applied after it. `changedIds`: the rows the changes named (null: unknown);
   * only they are read, the rest shown are as stored.
   */
  async takeStored(counted: Promise<void> = Promise.resolve(), changedIds: ReadonlySet<string> | null = null): Promise<boolean> {
    const key = this.loadedKey;
    if (key === null) {
      await counted;
      return false;
    }
    const seq = this.repository.writeSeq;
    const shown = this.records;
    // A take overtaken by a write or load here left rows unread that the events after it do not name.
    const ids = this.overtaken ? null : changedIds;
    this.overtaken = false;
    const reading =
      ids === null
        ? this.repository.readStored(key)
        : this.repository.readStoredById(key, [...ids]).then((changed) => [...shown.filter((r) => !ids.has(r.id)), ...changed]);
    const [, stored] = await Promise.all([counted, reading]);
    if (seq !== this.repository.writeSeq || key !== this.loadedKey || this.repository.loading) {
      this.overtaken = true;
      return false;
    }
    const next = this.repository.mergeStored(key, this.records, stored);
    this.onCount(key, next.length);
    if (next.length === this.records.length && next.every((r, i) => r === this.records[i])) return false;
    this.records = next;
    return true;
  }

  /**
   * The live themes as stored now. A read a write here overtook is made again rather than
   * dropped: a write of passages alone brings no event for the themes, and the change this
   * read was for (another window's, another machine's) would stay unshown.
   */
  async readTags(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const seq = this.repository.writeSeq;
      const [tags, merged] = await Promise.all([this.repository.readTags(), this.repository.readThemeMerges()]);
      if (seq === this.repository.writeSeq) {
        this.tags = tags;
        this.mergedThemes = merged;
        return;
      }
    }
  }

  /** A row written or stored, or about to be: it replaces its old version in the open article (or leaves it, deleted). */
  show(record: AnnotationRecord): void {
    if (record.articleKey !== this.loadedKey) return;
    const rest = this.records.filter((r) => r.id !== record.id);
    this.records = record.deletedAt === null ? [...rest, record].sort((a, b) => a.createdAt - b.createdAt) : rest;
    this.onCount(record.articleKey, this.records.length);
  }

  find(id: string | null): AnnotationRecord | null {
    return id === null ? null : (this.records.find((r) => r.id === id) ?? null);
  }

  /** The name of the live theme `tagId` is, or went into (through merges); '' if none. */
  tagName(tagId: string): string {
    let id: string | undefined = tagId;
    // Bounded: a chain of merges is short, and a cycle (never written, but read from a file) must not hang.
    for (let hops = 0; id !== undefined && hops < 16; hops++) {
      const live = this.tags.find((t) => t.id === id);
      if (live) return live.name;
      id = this.mergedThemes.get(id);
    }
    return '';
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
}
