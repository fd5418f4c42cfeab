// The library as the search worker holds it: one entry per article (its canonical text and
// search key, built once per fingerprint), so a changed file re-indexes itself and nothing
// else. Search, theme mentions and term suggestions all read these entries. Pure: the
// worker wraps it (src-renderer/workers/search.worker.ts), tests and Node call it directly.
import { anchorAll, describeRange } from './anchor.ts';
import { indexedText } from './article.ts';
import { findMentions, occurrences, type Snippet } from './mentions.ts';
import { CLEAN_VERSION } from './clean.ts';
import { concordanceLines, type ConcordanceLine } from './concordance.ts';
import { SpanOffsetMap, type OffsetMapParts } from './offsetMap.ts';
import { PassageCutter, type PassageExtent, type PassageLayout } from './passageExtent.ts';
import { shownContextBounds, shownSlice } from './shownText.ts';
import { countAll, findAll, searchKeyText, uncachedSearchKey, type MappedSearchKey } from './searchKey.ts';
import { suggestTerms, type TermSuggestion } from './termSuggestions.ts';
import type { AnchorTarget, Range, SearchKeyResult, TextQuote } from './types.ts';

export type { Snippet, TermSuggestion };

interface IndexedArticle {
  key: string;
  fingerprint: string;
  text: string;
  folded: MappedSearchKey;
  layout: PassageLayout;
}

/**
 * Bump when the search key of the same canonical text changes (folding rules); with
 * CLEAN_VERSION it says whether a stored entry is still what put() would make.
 */
export const SEARCH_KEY_VERSION = 2;
/** Bump when what an entry keeps for cutting passages (its blocks) changes. */
export const PASSAGE_LAYOUT_VERSION = 1;
export const INDEX_FORMAT = `clean${CLEAN_VERSION}-key${SEARCH_KEY_VERSION}-passage${PASSAGE_LAYOUT_VERSION}`;

/** One article's index entry as stored between runs: by content (fingerprint), not by file name. */
export interface StoredIndexEntry {
  fingerprint: string;
  format: string;
  text: string;
  key: string;
  map: OffsetMapParts;
  /** The passage layout as flat [start, end, start, end, …] lists. */
  units: number[];
  hidden: number[];
}

export interface NoteEntry {
  id: string;
  articleKey: string;
  note: string;
}

export interface TextHit {
  range: Range;
  snippet: Snippet;
}

export interface ArticleHits {
  key: string;
  /** All hits in the article; `hits` holds the first few with snippets. */
  total: number;
  hits: TextHit[];
}

export interface NoteHit {
  id: string;
  articleKey: string;
  snippet: Snippet;
}

export interface SearchResult {
  query: string;
  /** The best `articleLimit` articles (most hits first), each with its first hits. */
  articles: ArticleHits[];
  /** Every article with a hit, and every hit, not only those in `articles`. */
  totalArticles: number;
  totalHits: number;
  notes: NoteHit[];
  totalNotes: number;
}

/** Articles the search dialog asks for at a time (and the bench measures): what a reader scans before refining. */
export const SEARCH_PAGE_ARTICLES = 50;
export const SEARCH_PAGE_NOTES = 50;

export interface SearchOptions {
  hitsPerArticle?: number;
  /** Articles returned with hits and snippets; the rest are only counted. */
  articleLimit?: number;
  noteLimit?: number;
}

/** A theme as mention finding needs it: the names to look for and the passages already tagged. */
export interface ThemeQuery {
  id: string;
  names: string[];
  tagged: (AnchorTarget & { articleKey: string })[];
}

/** Selectors of a passage an annotation can be made on. */
export interface PassageSelectors {
  position: Range;
  quote: TextQuote;
}

export interface FoundMention extends PassageSelectors {
  range: Range;
  /** The mention's sentence, split around it. */
  context: Snippet;
  /** The passage tagging it codes at each wider extent; `position` and `quote` are the mention's own. */
  passages: Record<Exclude<PassageExtent, 'mention'>, PassageSelectors>;
}

export interface ArticleMentions {
  key: string;
  fingerprint: string;
  mentions: FoundMention[];
}

export interface ThemeMentions {
  id: string;
  articles: ArticleMentions[];
}


const SNIPPET_CONTEXT = 24;

/** The hit and the text around it within its line, as the reader shows it: Markdown's markers and URLs (`hidden`) left out. */
function snippetAround(text: string, range: Range, hidden: readonly Range[] = [], context = SNIPPET_CONTEXT): Snippet {
  const { from, to } = shownContextBounds(text, range.start, range.end, context, hidden);
  return { before: shownSlice(text, from, range.start, hidden), match: shownSlice(text, range.start, range.end, hidden), after: shownSlice(text, range.end, to, hidden) };
}

function flatRanges(ranges: readonly Range[]): number[] {
  const flat: number[] = [];
  for (const r of ranges) flat.push(r.start, r.end);
  return flat;
}

/** Ranges back from a stored flat list; null when it is not sorted, disjoint ranges inside the text. */
function rangesOf(flat: unknown, length: number): Range[] | null {
  if (!Array.isArray(flat) || flat.length % 2 !== 0) return null;
  const out: Range[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const start: unknown = flat[i];
    const end: unknown = flat[i + 1];
    if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
    const r = { start: start as number, end: end as number };
    if (r.start < (out[out.length - 1]?.end ?? 0) || r.end < r.start || r.end > length) return null;
    out.push(r);
  }
  return out;
}

/**
 * What put() makes of a file, in the form stored between runs: built wherever the text was
 * cleaned (the library scan's workers) and taken by restore(), so the index's own thread only
 * checks and keeps it.
 */
export function buildIndexEntry(fingerprint: string, indexed: { text: string; searchable: string; layout: PassageLayout }): StoredIndexEntry {
  const folded = uncachedSearchKey(indexed.searchable);
  return { fingerprint, format: INDEX_FORMAT, text: indexed.text, key: folded.key, map: folded.map.toParts(), units: flatRanges(indexed.layout.units), hidden: flatRanges(indexed.layout.hidden ?? []) };
}

export class LibraryIndex {
  private readonly articles = new Map<string, IndexedArticle>();
  private notes: (NoteEntry & { folded: SearchKeyResult })[] = [];

  /** Indexes a file's text (decoded, not yet cleaned); the same fingerprint again is a no-op. Returns whether it indexed. */
  put(key: string, fingerprint: string, raw: string): boolean {
    if (this.articles.get(key)?.fingerprint === fingerprint) return false;
    // The key is the library path: a .md file's hidden parts (front matter, markup, URLs) are not searched.
    const { text, searchable, layout } = indexedText(raw, key);
    this.articles.set(key, { key, fingerprint, text, folded: uncachedSearchKey(searchable), layout });
    return true;
  }

  remove(key: string): void {
    this.articles.delete(key);
  }

  /** What put() made for `key`, to be stored and restored next run. */
  stored(key: string): StoredIndexEntry | null {
    const a = this.articles.get(key);
    return a
      ? { fingerprint: a.fingerprint, format: INDEX_FORMAT, text: a.text, key: a.folded.key, map: a.folded.map.toParts(), units: flatRanges(a.layout.units), hidden: flatRanges(a.layout.hidden ?? []) }
      : null;
  }

  /** Takes a stored entry for `key` in place of put(); false when it is of another format or damaged. */
  restore(key: string, entry: StoredIndexEntry): boolean {
    if (entry.format !== INDEX_FORMAT) return false;
    const map = SpanOffsetMap.fromParts(entry.map);
    if (!map || map.sourceLength !== entry.text.length || map.targetLength !== entry.key.length) return false;
    const units = rangesOf(entry.units, entry.text.length);
    const hidden = rangesOf(entry.hidden, entry.text.length);
    if (!units || !hidden) return false;
    this.articles.set(key, { key, fingerprint: entry.fingerprint, text: entry.text, folded: { key: entry.key, map }, layout: { units, hidden: hidden.length ? hidden : undefined } });
    return true;
  }

  /** Drops every article not in `keys` (a folder switch, files gone while we were away). */
  keepOnly(keys: readonly string[]): void {
    const keep = new Set(keys);
    for (const key of [...this.articles.keys()]) if (!keep.has(key)) this.articles.delete(key);
  }

  /** Key → fingerprint of what is indexed, so the main thread sends only what changed. */
  fingerprints(): Record<string, string> {
    return Object.fromEntries([...this.articles.values()].map((a) => [a.key, a.fingerprint]));
  }

  canonical(key: string): string | null {
    return this.articles.get(key)?.text ?? null;
  }

  setNotes(notes: readonly NoteEntry[]): void {
    this.notes = notes.filter((n) => n.note.trim()).map((n) => ({ ...n, folded: uncachedSearchKey(n.note) }));
  }

  /**
   * Counts the query in every article, then maps ranges and cuts snippets only for the
   * articles returned: on a library of thousands where nearly every article has a hit, the
   * counting is all the work there is.
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const { hitsPerArticle = 5, articleLimit = Infinity, noteLimit = Infinity } = options;
    if (!searchKeyText(query)) return { query, articles: [], totalArticles: 0, totalHits: 0, notes: [], totalNotes: 0 };
    const counted: { a: IndexedArticle; total: number }[] = [];
    let totalHits = 0;
    for (const a of this.articles.values()) {
      const total = countAll(a.folded, query);
      if (total === 0) continue;
      counted.push({ a, total });
      totalHits += total;
    }
    counted.sort((x, y) => y.total - x.total || (x.a.key < y.a.key ? -1 : 1));
    const articles: ArticleHits[] = counted.slice(0, articleLimit).map(({ a, total }) => ({
      key: a.key,
      total,
      hits: findAll(a.folded, query)
        .slice(0, hitsPerArticle)
        .map((range) => ({ range, snippet: snippetAround(a.text, range, a.layout.hidden) })),
    }));
    const notes: NoteHit[] = [];
    let totalNotes = 0;
    for (const n of this.notes) {
      const first = occurrences(n.folded, [query])[0];
      if (!first) continue;
      totalNotes++;
      if (notes.length < noteLimit) notes.push({ id: n.id, articleKey: n.articleKey, snippet: snippetAround(n.note, first) });
    }
    return { query, articles, totalArticles: counted.length, totalHits, notes, totalNotes };
  }

  /** Untagged mentions of each theme, per article (articles without any are left out). */
  mentions(themes: readonly ThemeQuery[], keys?: readonly string[]): ThemeMentions[] {
    const wanted = keys ? keys.map((k) => this.articles.get(k)).filter((a): a is IndexedArticle => !!a) : [...this.articles.values()];
    return themes.map((theme) => {
      const articles: ArticleMentions[] = [];
      for (const a of wanted) {
        const targets = theme.tagged.filter((t) => t.articleKey === a.key);
        const covered = anchorAll(a.text, a.fingerprint, targets).flatMap((r) => (r.status === 'anchored' ? [r.range] : []));
        const cutter = new PassageCutter(a.text, a.layout);
        const found = findMentions(a.text, a.folded, theme.names, covered, (r) => cutter.range(r, 'sentence'));
        if (found.length === 0) continue;
        articles.push({
          key: a.key,
          fingerprint: a.fingerprint,
          mentions: found.map((m) => ({
            ...m,
            ...describeRange(a.text, m.range),
            passages: {
              sentence: describeRange(a.text, cutter.range(m.range, 'sentence')),
              paragraph: describeRange(a.text, cutter.range(m.range, 'paragraph')),
            },
          })),
        });
      }
      return { id: theme.id, articles };
    });
  }

  /** Every mention of `names` (tagged or not) with its context, articles by key, mentions in text order. */
  concordance(names: readonly string[]): ConcordanceLine[] {
    const found: ConcordanceLine[][] = [];
    for (const a of this.articles.values()) {
      const lines = concordanceLines(a.key, a.text, a.folded, names, a.layout.hidden ?? []);
      if (lines.length) found.push(lines);
    }
    // Only the articles with a mention are sorted, not the library.
    return found.sort((x, y) => (x[0].articleKey < y[0].articleKey ? -1 : x[0].articleKey > y[0].articleKey ? 1 : 0)).flat();
  }

  /** Frequent terms of the library, for a new user's first themes (see termSuggestions.ts). */
  suggest(limit = 20, exclude: readonly string[] = []): TermSuggestion[] {
    const keys = [...this.articles.values()].map((a) => a.folded.key);
    return suggestTerms(keys, { limit, exclude: new Set(exclude.map((e) => searchKeyText(e))) });
  }
}
