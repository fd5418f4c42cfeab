// Counting and grouping for the theme page and map: plain functions over immutable inputs,
// rebuilt whole when their inputs change (the state holds the results in $state.raw).
import type { ThemeMentions } from '../core/libraryIndex.ts';
import type { AnnotationRecord } from '../db/records.ts';

export type CountTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

export const NO_COUNTS: CountTable = new Map();

/**
 * Tagged passages per theme id per article key. `rollUp` widens a passage's themes (to their
 * ancestors, for codebook roll-ups); each theme it gives counts the passage once.
 */
export function taggedCounts(tagged: readonly AnnotationRecord[], rollUp: (tagIds: readonly string[]) => Iterable<string> = (ids) => ids): CountTable {
  const out = new Map<string, Map<string, number>>();
  for (const r of tagged) {
    for (const id of rollUp(r.tagIds)) {
      let perArticle = out.get(id);
      if (!perArticle) out.set(id, (perArticle = new Map()));
      perArticle.set(r.articleKey, (perArticle.get(r.articleKey) ?? 0) + 1);
    }
  }
  return out;
}

/** Untagged mentions per theme id per article key. */
export function mentionCounts(found: readonly ThemeMentions[]): CountTable {
  return new Map(found.map((t) => [t.id, new Map(t.articles.map((a) => [a.key, a.mentions.length]))]));
}

/**
 * Passages of one theme (or of any of a set: a theme and its descendants), optionally of one
 * article, by article key: keys in file-name order, passages in text order.
 */
export function passagesByArticle(tagged: readonly AnnotationRecord[], tagId: string | ReadonlySet<string>, onlyArticle: string | null): [string, AnnotationRecord[]][] {
  const byArticle = new Map<string, AnnotationRecord[]>();
  const wanted = typeof tagId === 'string' ? new Set([tagId]) : tagId;
  for (const r of tagged) {
    if (!r.tagIds.some((id) => wanted.has(id)) || (onlyArticle && r.articleKey !== onlyArticle)) continue;
    let list = byArticle.get(r.articleKey);
    if (!list) byArticle.set(r.articleKey, (list = []));
    list.push(r);
  }
  return [...byArticle]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, passages]) => [key, passages.sort((a, b) => a.position.start - b.position.start)]);
}
