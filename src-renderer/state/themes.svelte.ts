// Themes across the library: the theme page (tagged passages by article, untagged mentions),
// the theme map, suggestions, and the actions that change a theme everywhere at once —
// rename, merge, delete, tag mentions. Each action is one undoable step written in one
// transaction (tags and annotations together); the open article's annotations follow.
import { CLEAN_VERSION } from '../core/clean.ts';
import type { FoundMention, PassageSelectors, TermSuggestion, ThemeMentions } from '../core/libraryIndex.ts';
import { mergedPassages, type PassageExtent } from '../core/passageExtent.ts';
import { mergeThemes, normalizeAliases, rename, retag, themeNames } from '../core/themeIdentity.ts';
import { ensureTag, readTags } from '../db/annotations.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { AnnotationRecord, TagRecord } from '../db/records.ts';
import { readTaggedAnnotations, writeThemeChange } from '../db/themes.ts';
import type { AnnotationsState } from './annotations.svelte.ts';
import { History, type Command } from './history.svelte.ts';
import { itemTitle, type LibraryItem } from './libraryItems.ts';
import type { SearchState } from './search.svelte.ts';
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

export type EditResult = { ok: true } | { ok: false; reason: 'empty' } | { ok: false; reason: 'taken'; other: TagRecord };

/** One side of a theme step: what to write so the library is as it was (or will be). */
interface ThemeSnapshot {
  putTags: TagRecord[];
  deleteTagIds: string[];
  annotations: AnnotationRecord[];
}

type Announcement = 'themes.renamed' | 'themes.merged' | 'themes.deleted' | 'themes.tagged' | 'annotate.undone' | 'annotate.redone';

export class ThemesState {
  private readonly db: PizhuDatabase | null;
  private readonly annotations: AnnotationsState;
  private readonly search: SearchState;
  private readonly library: ThemeLibrary;

  readonly history = new History();
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

  readonly tags: TagRecord[] = $derived.by(() => [...this.annotations.tags].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN')));
  readonly selected: TagRecord | null = $derived.by(() => this.annotations.tags.find((t) => t.id === this.selectedId) ?? null);

  /** Tagged passages per theme per article. */
  readonly taggedCounts: CountTable = $derived.by(() => taggedCounts(this.tagged));

  /** The selected theme's passages grouped by article, in library order (by file name). */
  readonly passages: PassageGroup[] = $derived.by(() => {
    const id = this.selectedId;
    if (!id) return [];
    return passagesByArticle(this.tagged, id, this.articleFilter).map(([key, passages]) => ({ article: this.articleInfo(key), passages }));
  });

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

  constructor(db: PizhuDatabase | null, annotations: AnnotationsState, search: SearchState, library: ThemeLibrary) {
    this.db = db;
    this.annotations = annotations;
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

  /** Untagged mentions of the selected theme, found in the worker. */
  async refreshMentions(): Promise<void> {
    const tag = this.selected;
    const seq = ++this.mentionSeq;
    if (!tag) {
      this.mentions = null;
      return;
    }
    this.mentionsLoading = true;
    try {
      await this.search.settled();
      const [found] = await this.search.client.request({ type: 'mentions', themes: [this.query(tag)] });
      if (seq === this.mentionSeq) this.mentions = found;
    } finally {
      if (seq === this.mentionSeq) this.mentionsLoading = false;
    }
  }

  /** Untagged mention counts of every theme in every article, for the map. */
  async refreshMap(): Promise<void> {
    if (this.db) this.tagged = await readTaggedAnnotations(this.db);
    await this.search.settled();
    const found = await this.search.client.request({ type: 'mentions', themes: this.annotations.tags.map((t) => this.query(t)) });
    this.mentionCounts = mentionCounts(found);
  }

  async refreshSuggestions(limit = 12): Promise<void> {
    await this.search.settled();
    this.suggestions = await this.search.client.request({ type: 'suggest', limit, exclude: this.annotations.tags.flatMap((t) => themeNames(t)) });
  }

  /** The theme with this name's key, created if there is none (营商环境 finds 營商環境). */
  async create(name: string): Promise<TagRecord | null> {
    if (!this.db || !name.trim()) return null;
    let tag: TagRecord;
    try {
      tag = await ensureTag(this.db, name);
    } catch (error) {
      this.annotations.storage.report(error);
      return null;
    }
    if (!this.annotations.tags.some((t) => t.id === tag.id)) this.annotations.tags = [...this.annotations.tags, tag];
    this.suggestions = this.suggestions.filter((s) => !themeNames(tag).some((n) => n === s.term));
    return tag;
  }

  /** Name, colour, description, aliases; a name that is another theme's is refused (merge instead). */
  async update(id: string, edit: ThemeEdit): Promise<EditResult> {
    const tag = this.annotations.tags.find((t) => t.id === id);
    if (!tag) return { ok: true };
    let next: TagRecord = { ...tag, ...(edit.color !== undefined ? { color: edit.color } : {}), ...(edit.description !== undefined ? { description: edit.description } : {}) };
    if (edit.aliases !== undefined) next.aliases = normalizeAliases(next.name, edit.aliases);
    if (edit.name !== undefined && edit.name.trim() !== tag.name) {
      const renamed = rename(this.annotations.tags, next, edit.name);
      if (!renamed.ok) return renamed;
      next = renamed.theme;
    }
    if (JSON.stringify(next) === JSON.stringify(tag)) return { ok: true };
    await this.step({ putTags: [tag], deleteTagIds: [], annotations: [] }, { putTags: [next], deleteTagIds: [], annotations: [] }, edit.name !== undefined ? 'themes.renamed' : null);
    return { ok: true };
  }

  /** `fromId` folds into `intoId`: its passages take the other theme, its names become aliases. */
  async merge(fromId: string, intoId: string): Promise<void> {
    const from = this.annotations.tags.find((t) => t.id === fromId);
    const into = this.annotations.tags.find((t) => t.id === intoId);
    if (!this.db || !from || !into || fromId === intoId) return;
    const affected = this.tagged.filter((r) => r.tagIds.includes(fromId));
    const now = Date.now();
    // Before the write: the page of a theme that is gone closes, this one moves on.
    if (this.selectedId === fromId) this.selectedId = intoId;
    await this.step(
      { putTags: [from, into], deleteTagIds: [], annotations: affected },
      { putTags: [mergeThemes(from, into)], deleteTagIds: [fromId], annotations: affected.map((r) => ({ ...r, tagIds: retag(r.tagIds, fromId, intoId), updatedAt: now })) },
      'themes.merged',
    );
  }

  /** The theme goes; its passages stay, without it. */
  async remove(id: string): Promise<void> {
    const tag = this.annotations.tags.find((t) => t.id === id);
    if (!this.db || !tag) return;
    const affected = this.tagged.filter((r) => r.tagIds.includes(id));
    const now = Date.now();
    await this.step(
      { putTags: [tag], deleteTagIds: [], annotations: affected },
      { putTags: [], deleteTagIds: [id], annotations: affected.map((r) => ({ ...r, tagIds: r.tagIds.filter((t) => t !== id), updatedAt: now })) },
      'themes.deleted',
    );
  }

  /**
   * New highlights on these mentions' passages at `extent`, tagged with the theme: one
   * undoable step however many. Mentions that fall in one passage make one highlight.
   * Returns how many passages were made.
   */
  async tagMentions(themeId: string, found: readonly { articleKey: string; fingerprint: string; mention: FoundMention }[], extent: PassageExtent = 'sentence'): Promise<number> {
    if (!this.db || found.length === 0) return 0;
    const now = Date.now();
    const color = this.annotations.lastColor;
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
      { putTags: [], deleteTagIds: [], annotations: created.map((r) => ({ ...r, deletedAt: now })) },
      { putTags: [], deleteTagIds: [], annotations: created },
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
    const done = await this.history.undo();
    if (done) this.announce('annotate.undone');
    return done;
  }

  async redo(): Promise<boolean> {
    const done = await this.history.redo();
    if (done) this.announce('annotate.redone');
    return done;
  }

  private announce(key: Announcement): void {
    this.announcement = { key, n: (this.announcement?.n ?? 0) + 1 };
  }

  private async step(before: ThemeSnapshot, after: ThemeSnapshot, announce: Announcement | null): Promise<void> {
    // Undoing writes `before` back, removing what `after` added and restoring what it removed.
    const undoSide: ThemeSnapshot = {
      putTags: before.putTags,
      deleteTagIds: after.putTags.filter((t) => !before.putTags.some((b) => b.id === t.id)).map((t) => t.id),
      annotations: before.annotations,
    };
    const command: Command = {
      do: () => this.apply(after),
      undo: () => this.apply(undoSide),
    };
    try {
      await this.history.run(command);
    } catch (error) {
      // Nothing was written (one transaction) and nothing shown changed: the banner offers the step again.
      this.annotations.storage.report(error, { key: 'themes', run: () => this.history.run(command) });
      return;
    }
    this.annotations.storage.saved('themes');
    if (announce) this.announce(announce);
  }

  private async apply(change: ThemeSnapshot): Promise<void> {
    if (!this.db) return;
    const now = Date.now();
    const annotations = change.annotations.map((r) => ({ ...r, updatedAt: Math.max(r.updatedAt, now) }));
    await writeThemeChange(this.db, { putTags: change.putTags, deleteTagIds: change.deleteTagIds, annotations });
    await this.afterWrite(annotations);
  }

  /** Everything that shows themes follows: tag list, open article, counts, this page. */
  private async afterWrite(changed: readonly AnnotationRecord[]): Promise<void> {
    if (!this.db) return;
    const a = this.annotations;
    a.tags = await readTags(this.db);
    if (this.selectedId && !a.tags.some((t) => t.id === this.selectedId)) this.selectedId = null;
    await a.recount(changed.map((r) => r.id));
    const open = a.loadedKey;
    if (open !== null && changed.some((r) => r.articleKey === open)) {
      // The article's own undo steps hold the old tag ids; replaying them would undo this.
      a.history.clear();
      await a.load(open);
    }
    await this.refresh();
  }
}
