// Sorting and filtering of the library list, kept pure so it is tested without a host.
import type { ArticleEntry, ArticleError } from '../../src-main/api.ts';
import { searchKeyText } from '../core/searchKey.ts';
import type { ArticleMeta } from '../core/types.ts';
import { compareKeys, keyRanksOf } from './keyOrder.ts';
import type { LibrarySort } from './settings.svelte.ts';

/** What the list knows about one file: the host's entry plus the parsed header, once loaded. */
export interface LibraryItem {
  key: string;
  entry: ArticleEntry;
  meta: ArticleMeta | null;
  /** The title the user gave it, which replaces meta.title everywhere. */
  userTitle: string | null;
  /** Characters of reading text, no whitespace. */
  length: number | null;
  hasRuby: boolean;
  /** The host's error, or the one reading the file in the background ran into. */
  error: ArticleError | null;
  /** loadArticle threw (a bug, but it must not take the list down). */
  parseError: string | null;
}

/** File name without folders and extension: what the list shows before the header is parsed. */
export function displayName(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  return base.replace(/\.(txt|md)$/i, '');
}

// Folding runs opencc over the header fields: do it once per header and title, not on every
// list update, and only once someone filters (a library of thousands lists without it).
const searchTextCache = new WeakMap<ArticleMeta, { userTitle: string | null; text: string }>();
const unparsedSearchText = new Map<string, string>();

/**
 * Folded title/source/place/kicker/file name, what the filter box matches against. A user
 * title stands in for the file's: the list shows it, so that is what a query should find.
 */
export function searchTextOf(key: string, meta: ArticleMeta | null, userTitle: string | null = null): string {
  if (!meta) {
    const source = [userTitle, displayName(key)].filter(Boolean).join('\n');
    let text = unparsedSearchText.get(source);
    if (text === undefined) {
      text = searchKeyText(source);
      unparsedSearchText.set(source, text);
    }
    return text;
  }
  const cached = searchTextCache.get(meta);
  if (cached && cached.userTitle === userTitle) return cached.text;
  const text = searchKeyText([userTitle ?? meta.title, meta.source, meta.place, meta.kicker, displayName(key)].filter(Boolean).join('\n'));
  searchTextCache.set(meta, { userTitle, text });
  return text;
}

export function itemTitle(item: LibraryItem): string {
  return item.userTitle || item.meta?.title || displayName(item.key);
}

/** Marked as made up from the opening: only while the user has not given it a title. */
export function itemTitleDerived(item: LibraryItem): boolean {
  return item.userTitle === null && item.meta?.titleDerived === true;
}

export { compareKeys, firstInKeyOrder, inKeyOrderSeedingRanks } from './keyOrder.ts';

function compareNullableDesc(a: string | null | undefined, b: string | null | undefined): number {
  if (a && b) return a < b ? 1 : a > b ? -1 : 0;
  return a ? -1 : b ? 1 : 0;
}

function compareNullable(a: string | null | undefined, b: string | null | undefined): number {
  if (a && b) return compareKeys(a, b);
  return a ? -1 : b ? 1 : 0;
}

/** How two items' keys sort: by the collator, or by a rank the collator gave them once. */
type KeyOrder = (a: LibraryItem, b: LibraryItem) => number;

function comparators(byKey: KeyOrder): Record<LibrarySort, (a: LibraryItem, b: LibraryItem) => number> {
  const byTitle = (a: LibraryItem, b: LibraryItem) => compareKeys(itemTitle(a), itemTitle(b)) || byKey(a, b);
  return {
    // Newest first; undated articles after dated ones, in file order (the seeds are numbered).
    date: (a, b) => compareNullableDesc(a.meta?.date, b.meta?.date) || byKey(a, b),
    title: byTitle,
    source: (a, b) => compareNullable(a.meta?.source, b.meta?.source) || compareNullableDesc(a.meta?.date, b.meta?.date) || byTitle(a, b),
  };
}

export const COMPARATORS = comparators((a, b) => compareKeys(a.key, b.key));

/**
 * Items matching a folded query, sorted. `foldedQuery` is searchKeyText(query); when the
 * query folds to nothing (only punctuation) every item matches.
 */
export function visibleItems(items: readonly LibraryItem[], foldedQuery: string, sort: LibrarySort): LibraryItem[] {
  const matching = foldedQuery ? items.filter((item) => searchTextOf(item.key, item.meta, item.userTitle).includes(foldedQuery)) : [...items];
  const ranks = keyRanksOf(items);
  return matching.sort(comparators((a, b) => ranks.get(a.key)! - ranks.get(b.key)!)[sort]);
}
