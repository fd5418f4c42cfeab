// Annotations placed on their articles' current text, for the exchange exports (CSV, XLSX,
// REFI-QDA): anchored as the reader and the Markdown export anchor them, in text order.
import { anchorAll } from './anchor.ts';
import type { ExportAnnotation, ExportArticle } from './markdownExport.ts';
import type { Range } from './types.ts';

export interface PlacedPassage<A extends ExportAnnotation = ExportAnnotation> {
  record: A;
  /** Canonical range found now; null for an orphan (its text is no longer there, or the file is gone). */
  range: Range | null;
}

export interface PlacedArticle<A extends ExportAnnotation = ExportAnnotation> {
  article: ExportArticle;
  /** Anchored first in text order, then orphans by creation. */
  passages: PlacedPassage<A>[];
}

const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The articles that have some of `annotations` (and every other article given), in key order. */
export function placePassages<A extends ExportAnnotation>(articles: readonly ExportArticle[], annotations: readonly A[]): PlacedArticle<A>[] {
  const byKey = new Map<string, A[]>();
  for (const a of annotations) {
    const list = byKey.get(a.articleKey);
    if (list) list.push(a);
    else byKey.set(a.articleKey, [a]);
  }
  const articleOf = new Map(articles.map((a) => [a.key, a]));
  const keys = [...new Set([...articleOf.keys(), ...byKey.keys()])].sort(compareCodeUnits);
  return keys.map((key) => {
    const article = articleOf.get(key) ?? { key, text: null };
    const records = byKey.get(key) ?? [];
    const results = article.text
      ? anchorAll(
          article.text.canonical,
          article.text.fingerprint,
          records.map((r) => ({ fingerprint: r.fingerprint, cleanVersion: r.cleanVersion, position: r.position, quote: r.quote })),
        )
      : null;
    const passages = records.map((record, i): PlacedPassage<A> => {
      const result = results?.[i];
      return { record, range: result?.status === 'anchored' ? result.range : null };
    });
    passages.sort((x, y) => {
      if (x.range && y.range) return x.range.start - y.range.start || x.range.end - y.range.end || byCreation(x, y);
      if (x.range || y.range) return x.range ? -1 : 1;
      return byCreation(x, y);
    });
    return { article, passages };
  });
}

const byCreation = (x: PlacedPassage, y: PlacedPassage) => x.record.createdAt - y.record.createdAt || compareCodeUnits(x.record.id, y.record.id);

/** The article's title as the exports name it: the user's, the parsed one, else the file's name. */
export function articleTitle(article: ExportArticle): string {
  const key = article.key;
  return article.userTitle ?? article.text?.article.meta.title ?? key.slice(key.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
}
