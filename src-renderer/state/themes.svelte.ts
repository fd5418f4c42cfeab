// Themes across the library: the theme page (tagged passages by article, untagged mentions),
// the theme map, suggestions, and the actions that change a theme everywhere at once —
// rename, merge, delete, move in the codebook, tag mentions. Each action is one undoable step
// written in one transaction (tags and annotations together) and published once stored
// (annotationChanges.ts): the annotations model and the counts follow. A deleted or
// merged-away theme stays as a tombstone, and every step dates the themes it writes, so an import elsewhere sees the change as the newer one.
import { untrack } from 'svelte';
import { CLEAN_VERSION } from '../core/clean.ts';
import { checkMove, childrenAfterRemoval, childrenByParent, descendantIds, effectiveParents, parentsAfterMerge, themeTree, withAncestors, type TreeRow } from '../core/codebook.ts';
import type { FoundMention, PassageSelectors, TermSuggestion, ThemeMentions } from '../core/libraryIndex.ts';
import { mergedPassages, type PassageExtent } from '../core/passageExtent.ts';
import { mergeThemes, normalizeAliases, rename, retag, themeNames } from '../core/themeIdentity.ts';
import { ensureTag, readTags } from '../db/annotations.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { AnnotationRecord, TagRecord } from '../db/records.ts';
import { readTaggedAnnotations, writeThemeChange } from '../db/themes.ts';
import { DuplicateThemeKeyError } from '../db/themeRows.ts';
import type { AnnotationChanges } from './annotationChanges.ts';
import type { Command, History, Removal } from './history.svelte.ts';
import { itemTitle, type LibraryItem } from './libraryItems.ts';
import type { SearchState } from './search.svelte.ts';
import type { StorageStatus } from './storageStatus.svelte.ts';
import { mentionCounts, NO_COUNTS, passagesByArticle, taggedCounts, type CountTable } from './themeCounts.ts';

export type { FoundMention, TagRecord, TermSuggestion };

export const THEME_COLORS = ['', 'yellow', 'green', 'blue', 'pink', 'purple'] as const;

/** What the themes need from the library: which articles exist and their headers. */
export interface ThemeLibrary {
  readonly items: readonly LibraryItem[];
}

export interface ArticleInfo {
  key: string;
  title: string;
  source: string | null;
  date: string | null;
}

export interface PassageGroup {
  article: ArticleInfo;
  passages: AnnotationRecord[];
}

export interface MentionGroup {
  article: ArticleInfo;
  fingerprint: string;
  mentions: FoundMention[];
}

export interface ThemeEdit {
  name?: string;
  color?: string;
  description?: string;
  aliases?: string[];
}

/** An edit of a theme, or why not: the name is empty or another theme's, or the theme is gone (deleted or merged, here or on another machine). */
export type EditResult = { ok: true } | { ok: false; reason: 'empty' } | { ok: false; reason: 'missing' } | { ok: false; reason: 'taken'; other: TagRecord };

/** A move in the codebook, or why not: the theme is gone, or the place is the theme itself or below it. */
export type MoveResult = { ok: true } | { ok: false; reason: 'missing' | 'self' | 'cycle' };

/** One side of a theme step: what to write so the library is as it was (or will be). A deletion is a row with deletedAt. */
interface ThemeSnapshot {
  putTags: TagRecord[];
  annotations: AnnotationRecord[];
}

type Announcement = 'themes.renamed' | 'themes.merged' | 'themes.deleted' | 'themes.moved' | 'themes.tagged' | 'annotate.undone' | 'annotate.redone';

const byName = (a: TagRecord, b: TagRecord): number => a.name.localeCompare(b.name, 'zh-Hans-CN');

/** What the themes read and tell outside themselves. */
export interface ThemeDeps {
  /** The live themes as the window shows them (the annotations model's): read, never written here. */
  catalog: { readonly tags: readonly TagRecord[] };
  /** Where a failed step is shown and retried from. */
  storage: StorageStatus;
  /** The colour new highlights take (the reader's last one). */
  lastColor: () => string;
  /** Where each step is published once stored. */
  changes: AnnotationChanges;
}

export class ThemesState {
  private readonly db: PizhuDatabase | null;
  private readonly deps: ThemeDeps;
  private readonly search: SearchState;
  private readonly library: ThemeLibrary;

  /** The window's one undo history: the annotations' own, so one Ctrl+Z takes back the last step of either. */
  readonly history: History;
  /** The theme whose page is shown. */
  selectedId = $state<string | null>(null);
  /** The theme page narrowed to one article (a click on the map). */
  articleFilter = $state<string | null>(null);
  /** Every live annotation that has a theme. */
  tagged = $state.raw<AnnotationRecord[]>([]);
  /** Untagged mentions of the selected theme. */
  mentions = $state.raw<ThemeMentions | null>(null);
  mentionsLoading = $state(false);
  /** Untagged mentions per theme per article, for the map. */
  mentionCounts = $state.raw<CountTable>(NO_COUNTS);
  suggestions = $state.raw<TermSuggestion[]>([]);
  announcement = $state.raw<{ key: Announcement; n: number } | null>(null);
  /** The last undo or redo could not be done: it would bring back a theme whose name another now has. */
  blocked = $state.raw<{ name: string } | null>(null);

  readonly tags: TagRecord[] = $derived.by(() => [...this.catalog].sort(byName));
  readonly selected: TagRecord | null = $derived.by(() => this.catalog.find((t) => t.id === this.selectedId) ?? null);
  /** The codebook as a tree: parents before children, siblings by name. */
  readonly tree: TreeRow<TagRecord>[] = $derived.by(() => themeTree(this.catalog, byName));
  /** Each theme's children (null: the top level), by name. */
  readonly children: ReadonlyMap<string | null, TagRecord[]> = $derived.by(() => childrenByParent(this.catalog, byName));
  private readonly parents = $derived.by(() => effectiveParents(this.catalog, byName));

  /** Tagged passages per theme per article, rolled up: a parent counts its descendants' passages too, each once. */
  readonly taggedCounts: CountTable = $derived.by(() => {
    const parents = this.parents;
    return taggedCounts(this.tagged, (ids) => withAncestors(parents, ids));
  });

  /** The selected theme and its descendants: a parent's page shows its children's passages. */
  private readonly selectedFamily: ReadonlySet<string> = $derived.by(() => {
    const id = this.selectedId;
    // Rebuilt whole when the selection or the themes change and never mutated: a plain Set.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    return id ? new Set([id, ...descendantIds(this.catalog, id)]) : new Set<string>();
  });

  /** The selected theme's passages (its descendants' too) grouped by article, in library order (by file name). */
  readonly passages: PassageGroup[] = $derived.by(() => {
    const id = this.selectedId;
    if (!id) return [];
    return passagesByArticle(this.tagged, this.selectedFamily, this.articleFilter).map(([key, passages]) => ({ article: this.articleInfo(key), passages }));
  });

  /**
   * The descendant theme a passage of the selected theme comes through, or null when the
   * theme tags it itself. Of several, the first in the tree.
   */
  passageVia(passage: AnnotationRecord): TagRecord | null {
    const id = this.selectedId;
    if (!id || passage.tagIds.includes(id)) return null;
    const family = this.selectedFamily;
    return this.tree.find((row) => family.has(row.theme.id) && passage.tagIds.includes(row.theme.id))?.theme ?? null;
  }

  readonly mentionGroups: MentionGroup[] = $derived.by(() => {
    const m = this.mentions;
    if (!m || m.id !== this.selectedId) return [];
    return m.articles
      .filter((a) => !this.articleFilter || a.key === this.articleFilter)
      .map((a) => ({ article: this.articleInfo(a.key), fingerprint: a.fingerprint, mentions: a.mentions }));
  });

  readonly mentionTotal = $derived(this.mentionGroups.reduce((n, g) => n + g.mentions.length, 0));
  /**
   * The selected theme's mentions are not all counted yet: its answer has not come back, or
   * the index it came from was still being built. A count shown then would be a guess (0).
   */
  get mentionsCounting(): boolean {
    return this.selectedId !== null && (this.mentionsLoading || this.mentions?.id !== this.selectedId || this.search.indexed < this.search.total);
  }

  private mentionSeq = 0;

  /** The live themes. */
  private get catalog(): readonly TagRecord[] {
    return this.deps.catalog.tags;
  }

  constructor(db: PizhuDatabase | null, deps: ThemeDeps, search: SearchState, library: ThemeLibrary, history: History) {
    this.history = history;
    this.db = db;
    this.deps = deps;
    this.search = search;
    this.library = library;
  }

  articleInfo(key: string): ArticleInfo {
    const item = this.library.items.find((i) => i.key === key);
    return { key, title: item ? itemTitle(item) : key, source: item?.meta?.source ?? null, date: item?.meta?.date ?? null };
  }

  /** Re-reads the tagged passages and recomputes what depends on them. */
  async refresh(): Promise<void> {
    if (!this.db) return;
    this.tagged = await readTaggedAnnotations(this.db);
    await this.refreshMentions();
  }

  select(id: string | null, articleKey: string | null = null): Promise<void> {
    this.selectedId = id;
    this.articleFilter = articleKey;
    return this.refreshMentions();
  }

  private query(tag: TagRecord) {
    return {
      id: tag.id,
      names: themeNames(tag),
      tagged: this.tagged
        .filter((r) => r.tagIds.includes(tag.id))
        .map((r) => ({ articleKey: r.articleKey, fingerprint: r.fingerprint, cleanVersion: r.cleanVersion, position: r.position, quote: r.quote })),
    };
  }

  /**
   * Untagged mentions of the selected theme, counted from the search index in its worker (no
   * text is read again). Asked at once, not after the index is complete: while the index
   * grows the answer covers the files indexed so far and the page says it is still counting;
   * the index's next revision (indexing done, a file changed) asks again.
   */
  async refreshMentions(): Promise<void> {
    const tag = this.selected;
    const seq = ++this.mentionSeq;
    if (!tag) {
      this.mentions = null;
      return;
    }
    this.mentionsLoading = true;
    try {
      // Untracked: an effect that calls this must not rerun for the tagged passages it reads.
      const query = untrack(() => this.query(tag));
      const [found] = await this.search.client.request({ type: 'mentions', themes: [query] });
      if (seq === this.mentionSeq) this.mentions = found;
    } finally {
      if (seq === this.mentionSeq) this.mentionsLoading = false;
    }
  }

  /** Untagged mention counts of every theme in every article, for the map. */
  async refreshMap(): Promise<void> {
    if (this.db) this.tagged = await readTaggedAnnotations(this.db);
    await this.search.settled();
    const found = await this.search.client.request({ type: 'mentions', themes: this.catalog.map((t) => this.query(t)) });
    this.mentionCounts = mentionCounts(found);
  }

  /**
   * Counting a library's phrases is the search worker's longest task, and searches and
   * mentions wait behind it: asked once for the index and themes as they are, however often
   * the dialog opens or its effects ask.
   */
  refreshSuggestions(limit = 12): Promise<void> {
    // One count at a time, each for the index as it stands once settled: one asked meanwhile finds it done.
    const run = this.suggestQueue.then(async () => {
      await this.search.settled();
      const exclude = this.catalog.flatMap((t) => themeNames(t));
      const asked = `${this.search.settledRevision}\u0000${limit}\u0000${exclude.join('\u0001')}`;
      if (asked === this.suggestedFor) return;
      this.suggestions = await this.search.client.request({ type: 'suggest', limit, exclude });
      this.suggestedFor = asked;
    });
    this.suggestQueue = run.catch(() => {});
    return run;
  }

  private suggestQueue: Promise<void> = Promise.resolve();
  /** What the suggestions shown were counted for: the index's revision, the limit, the themes left out. */
  private suggestedFor: string | null = null;

  /** The theme with this name's key, created if there is none (营商环境 finds 營商環境). */
  async create(name: string): Promise<TagRecord | null> {
    if (!this.db || !name.trim()) return null;
    let tag: TagRecord;
    try {
      tag = await ensureTag(this.db, name);
    } catch (error) {
      this.deps.storage.report(error);
      return null;
    }
    if (!this.catalog.some((t) => t.id === tag.id)) await this.deps.changes.publish({ source: 'themes', themes: [...this.catalog, tag], annotations: [] });
    this.suggestions = this.suggestions.filter((s) => !themeNames(tag).some((n) => n === s.term));
    return tag;
  }

  /** Name, colour, description, aliases; a name that is another theme's is refused (merge instead). */
  async update(id: string, edit: ThemeEdit): Promise<EditResult> {
    const tag = this.catalog.find((t) => t.id === id);
    // Said, not skipped: a page still open on a theme another machine merged away would lose its edit unseen.
    if (!tag) return { ok: false, reason: 'missing' };
    let next: TagRecord = { ...tag, ...(edit.color !== undefined ? { color: edit.color } : {}), ...(edit.description !== undefined ? { description: edit.description } : {}) };
    if (edit.aliases !== undefined) next.aliases = normalizeAliases(next.name, edit.aliases);
    if (edit.name !== undefined && edit.name.trim() !== tag.name) {
      const renamed = rename(this.catalog, next, edit.name);
      if (!renamed.ok) return renamed;
      next = renamed.theme;
    }
    if (JSON.stringify(next) === JSON.stringify(tag)) return { ok: true };
    await this.step({ putTags: [tag], annotations: [] }, { putTags: [next], annotations: [] }, edit.name !== undefined ? 'themes.renamed' : null);
    return { ok: true };
  }

  /**
   * A theme named `name` under `parentId`: a new one, or the one that has the name already,
   * moved there (营商环境 finds 營商環境). The move is the undoable step.
   */
  async createChild(parentId: string, name: string): Promise<{ tag: TagRecord | null; moved: MoveResult }> {
    const tag = await this.create(name);
    if (!tag) return { tag: null, moved: { ok: true } };
    return { tag, moved: await this.move(tag.id, parentId) };
  }

  /** The theme moves under `parentId`, or to the top level (null); never under itself or its own descendants. */
  async move(id: string, parentId: string | null): Promise<MoveResult> {
    const tags = this.catalog;
    const check = checkMove(tags, id, parentId);
    if (!check.ok) return check;
    const tag = tags.find((t) => t.id === id)!;
    if (tag.parentId === parentId) return { ok: true };
    await this.step({ putTags: [tag], annotations: [] }, { putTags: [{ ...tag, parentId }], annotations: [] }, 'themes.moved');
    return { ok: true };
  }

  /** `fromId` folds into `intoId`: its passages take the other theme, its names become aliases. */
  async merge(fromId: string, intoId: string): Promise<void> {
    const from = this.catalog.find((t) => t.id === fromId);
    const into = this.catalog.find((t) => t.id === intoId);
    if (!this.db || !from || !into || fromId === intoId) return;
    const affected = this.tagged.filter((r) => r.tagIds.includes(fromId));
    const now = Date.now();
    // `from`'s children go under `into` (and `into` up to `from`'s place, if it sat below it).
    const placed = parentsAfterMerge(this.catalog, fromId, intoId, now)!;
    // Before the write: the page of a theme that is gone closes, this one moves on.
    if (this.selectedId === fromId) this.selectedId = intoId;
    await this.step(
      { putTags: [from, into, ...this.originals(placed.children)], annotations: affected },
      {
        // The tombstone names where it went: a passage another machine tags with it meanwhile follows.
        putTags: [{ ...from, deletedAt: now, mergedInto: intoId }, mergeThemes(from, placed.into), ...placed.children],
        annotations: affected.map((r) => ({ ...r, tagIds: retag(r.tagIds, fromId, intoId), updatedAt: now })),
      },
      'themes.merged',
      { kind: 'merge', count: 1 },
    );
  }

  /** The theme goes (a tombstone, which undo brings back); its passages stay, without it; its children move up. */
  async remove(id: string): Promise<void> {
    const tag = this.catalog.find((t) => t.id === id);
    if (!this.db || !tag) return;
    const affected = this.tagged.filter((r) => r.tagIds.includes(id));
    const now = Date.now();
    const children = childrenAfterRemoval(this.catalog, id, now);
    await this.step(
      { putTags: [tag, ...this.originals(children)], annotations: affected },
      { putTags: [{ ...tag, deletedAt: now }, ...children], annotations: affected.map((r) => ({ ...r, tagIds: r.tagIds.filter((t) => t !== id), updatedAt: now })) },
      'themes.deleted',
      { kind: 'theme', count: 1 },
    );
  }

  /** The stored rows of these themes, as they are before a step changes them. */
  private originals(changed: readonly TagRecord[]): TagRecord[] {
    return changed.map((c) => this.catalog.find((t) => t.id === c.id)!);
  }

  /**
   * New highlights on these mentions' passages at `extent`, tagged with the theme: one
   * undoable step however many. Mentions that fall in one passage make one highlight.
   * Returns how many passages were made.
   */
  async tagMentions(themeId: string, found: readonly { articleKey: string; fingerprint: string; mention: FoundMention }[], extent: PassageExtent = 'sentence'): Promise<number> {
    if (!this.db || found.length === 0) return 0;
    const now = Date.now();
    const color = this.deps.lastColor();
    const items = found.map(({ articleKey, fingerprint, mention }) => {
      const selectors: PassageSelectors = extent === 'mention' ? { position: mention.position, quote: mention.quote } : mention.passages[extent];
      return { group: articleKey, articleKey, fingerprint, mention: mention.range, passage: selectors.position, selectors };
    });
    const passages = mergedPassages(items).map((p) => p.members[0]);
    const created: AnnotationRecord[] = passages.map(({ articleKey, fingerprint, selectors }, i) => ({
      id: crypto.randomUUID(),
      articleKey,
      fingerprint,
      cleanVersion: CLEAN_VERSION,
      position: selectors.position,
      quote: selectors.quote,
      color,
      style: 'highlight',
      note: '',
      tagIds: [themeId],
      // Distinct times keep the reading order of a batch when sorted by creation.
      createdAt: now + i,
      updatedAt: now + i,
      deletedAt: null,
    }));
    await this.step(
      { putTags: [], annotations: created.map((r) => ({ ...r, deletedAt: now })) },
      { putTags: [], annotations: created },
      'themes.tagged',
    );
    return created.length;
  }

  /** Every untagged mention of the selected theme shown now (all articles, or the filtered one). */
  tagAllMentions(extent: PassageExtent = 'sentence'): Promise<number> {
    const id = this.selectedId;
    if (!id) return Promise.resolve(0);
    return this.tagMentions(
      id,
      this.mentionGroups.flatMap((g) => g.mentions.map((mention) => ({ articleKey: g.article.key, fingerprint: g.fingerprint, mention }))),
      extent,
    );
  }

  async undo(): Promise<boolean> {
    return this.replay(() => this.history.undo(), 'annotate.undone');
  }

  async redo(): Promise<boolean> {
    return this.replay(() => this.history.redo(), 'annotate.redone');
  }

  /**
   * An undo or redo, which may find the world changed since: a theme brought back whose name
   * a new theme has taken meanwhile is refused (nothing written), and the user told which.
   */
  private async replay(run: () => Promise<boolean>, announce: Announcement): Promise<boolean> {
    let done: boolean;
    try {
      done = await run();
    } catch (error) {
      if (error instanceof DuplicateThemeKeyError) this.blocked = { name: this.catalog.find((t) => t.key === error.key)?.name ?? error.key };
      else this.deps.storage.report(error);
      return false;
    }
    this.blocked = null;
    if (done) this.announce(announce);
    return done;
  }

  private announce(key: Announcement): void {
    this.announcement = { key, n: (this.announcement?.n ?? 0) + 1 };
  }

  private async step(before: ThemeSnapshot, after: ThemeSnapshot, announce: Announcement | null, removal?: Removal): Promise<void> {
    // Undoing writes `before` back: a theme `after` added becomes a tombstone, one it deleted lives again.
    const added = after.putTags.filter((t) => !before.putTags.some((b) => b.id === t.id));
    const undoSide: ThemeSnapshot = {
      putTags: [...before.putTags, ...added.map((t) => ({ ...t, deletedAt: Date.now() }))],
      annotations: before.annotations,
    };
    // Each side is written onto the rows as stored then, from the other side's version of them.
    const command: Command = {
      do: () => this.apply(after, before),
      undo: () => this.apply(undoSide, after),
    };
    try {
      await this.history.run(command, removal);
    } catch (error) {
      // Nothing was written (one transaction) and nothing shown changed: the banner offers the step again.
      this.deps.storage.report(error, { key: 'themes', run: () => this.history.run(command, removal) });
      return;
    }
    this.deps.storage.saved('themes');
    this.blocked = null;
    if (announce) this.announce(announce);
  }

  /** Writes `change`; its passages change only where `from` (the other side of the step) and it differ. */
  private async apply(change: ThemeSnapshot, from: ThemeSnapshot): Promise<void> {
    if (!this.db) return;
    const now = Date.now();
    // Dated now, undo and redo too: the state they write back is the newest change, and an
    // import must not take an older copy's row over it.
    const annotations = change.annotations.map((r) => ({ ...r, updatedAt: Math.max(r.updatedAt, now) }));
    const putTags = change.putTags.map((t) => ({ ...t, updatedAt: Math.max(t.updatedAt, now), deletedAt: t.deletedAt === null ? null : Math.max(t.deletedAt, now) }));
    const written = await writeThemeChange(this.db, { putTags, annotations, from: { tags: from.putTags, annotations: from.annotations } });
    await this.afterWrite(written);
  }

  /** Everything that shows themes follows (tag list, open article, counts: by the published change), then this page. */
  private async afterWrite(changed: readonly AnnotationRecord[]): Promise<void> {
    if (!this.db) return;
    const themes = await readTags(this.db);
    if (this.selectedId && !themes.some((t) => t.id === this.selectedId)) this.selectedId = null;
    await this.deps.changes.publish({ source: 'themes', themes, annotations: changed });
    await this.refresh();
  }
}
