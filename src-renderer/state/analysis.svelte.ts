// The analysis views' state: the co-occurrence matrix and the timeline follow the tagged
// passages and the live themes as the theme page does; the concordance asks the search worker
// for one theme's mentions and keeps them sorted the way the user chose.
import { coOccurrence, passagesWithBoth, type CoOccurrence } from '../core/coOccurrence.ts';
import { sortConcordance, type ConcordanceLine, type ConcordanceSort } from '../core/concordance.ts';
import { themeNames } from '../core/themeIdentity.ts';
import { timeline, type Timeline, type TimeUnit } from '../core/timeline.ts';
import type { AnnotationRecord } from '../db/records.ts';
import type { SearchState } from './search.svelte.ts';
import type { ThemeLibrary, ThemesState } from './themes.svelte.ts';

export type AnalysisView = 'cooccurrence' | 'timeline' | 'concordance';

export class AnalysisState {
  /** Which number the matrix shows: passages coded with both themes, or articles with both. */
  cooccurrenceCount = $state<'passages' | 'articles'>('passages');
  timeUnit = $state<TimeUnit>('year');
  /** The cell whose passages are listed, as a pair of theme ids. */
  cell = $state<{ row: string; col: string } | null>(null);

  concordanceThemeId = $state<string | null>(null);
  concordanceSort = $state<ConcordanceSort>('right');
  concordanceLoading = $state(false);
  /** Mentions of the concordance theme as the worker found them (by article, in text order), and for which theme. */
  private found = $state.raw<{ themeId: string; lines: ConcordanceLine[] } | null>(null);
  private concordanceSeq = 0;

  constructor(
    private readonly themes: ThemesState,
    private readonly search: SearchState,
    private readonly library: ThemeLibrary,
  ) {}

  readonly themeIds: string[] = $derived.by(() => this.themes.tags.map((t) => t.id));

  readonly matrix: CoOccurrence = $derived.by(() => coOccurrence(this.themeIds, this.themes.tagged));

  // Built whole from the items and never changed after: no reactivity inside it is needed.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly dates: ReadonlyMap<string, string | null> = $derived.by(() => new Map(this.library.items.map((i) => [i.key, i.meta?.date ?? null])));

  readonly timeline: Timeline = $derived.by(() => {
    const dates = this.dates;
    return timeline(this.themeIds, this.themes.tagged, (key) => dates.get(key) ?? null, this.timeUnit);
  });

  /** The passages behind the chosen cell, by article key then place in the text. */
  readonly cellPassages: AnnotationRecord[] = $derived.by(() => {
    const c = this.cell;
    if (!c) return [];
    return passagesWithBoth(this.themes.tagged, c.row, c.col).sort((a, b) => (a.articleKey < b.articleKey ? -1 : a.articleKey > b.articleKey ? 1 : a.position.start - b.position.start));
  });

  /** The concordance lines of the chosen theme in the chosen order (empty while another theme's are loading). */
  readonly concordance: ConcordanceLine[] = $derived.by(() => {
    const f = this.found;
    if (!f || f.themeId !== this.concordanceThemeId) return [];
    return sortConcordance(f.lines, this.concordanceSort);
  });

  /** Asks the worker for every mention of the chosen theme (after indexing settles). */
  async refreshConcordance(): Promise<void> {
    const tag = this.themes.tags.find((t) => t.id === this.concordanceThemeId);
    const seq = ++this.concordanceSeq;
    if (!tag) {
      this.found = null;
      return;
    }
    this.concordanceLoading = true;
    try {
      await this.search.settled();
      const lines = await this.search.client.request({ type: 'concordance', names: themeNames(tag) });
      if (seq === this.concordanceSeq) this.found = { themeId: tag.id, lines };
    } finally {
      if (seq === this.concordanceSeq) this.concordanceLoading = false;
    }
  }

  showConcordance(themeId: string | null): Promise<void> {
    this.concordanceThemeId = themeId;
    return this.refreshConcordance();
  }
}
