// Which themes are coded together: for every pair of themes, the passages tagged with both and
// the articles that have a passage of each. The diagonal holds a theme's own totals. Pure and
// one pass over the passages, so a library of a hundred thousand passages is counted at once.

/** What counting needs of a coded passage (an annotation record has these and more). */
export interface CodedPassage {
  articleKey: string;
  tagIds: readonly string[];
  /** A tombstoned passage (deletedAt set) is not counted. */
  deletedAt?: number | null;
}

export interface CoOccurrence {
  /** The themes in the order asked for: row and column i are themeIds[i]. */
  themeIds: readonly string[];
  /** passages[i * n + j]: passages tagged with both i and j (i = j: with i). */
  passages: Uint32Array;
  /** articles[i * n + j]: articles with a passage tagged i and a passage tagged j (not necessarily the same one). */
  articles: Uint32Array;
}

/** The distinct known theme indices of one passage, ascending. */
function themeIndices(tagIds: readonly string[], indexOf: ReadonlyMap<string, number>): number[] {
  const out: number[] = [];
  for (const id of tagIds) {
    const i = indexOf.get(id);
    if (i !== undefined && !out.includes(i)) out.push(i);
  }
  return out.sort((a, b) => a - b);
}

function countPairs(cells: Uint32Array, n: number, indices: readonly number[]): void {
  for (let a = 0; a < indices.length; a++) {
    const i = indices[a];
    cells[i * n + i]++;
    for (let b = a + 1; b < indices.length; b++) {
      const j = indices[b];
      cells[i * n + j]++;
      cells[j * n + i]++;
    }
  }
}

/** Co-occurrence of `themeIds` over `passages`; tags of other (deleted, unknown) themes are ignored. */
export function coOccurrence(themeIds: readonly string[], passages: readonly CodedPassage[]): CoOccurrence {
  const n = themeIds.length;
  const indexOf = new Map(themeIds.map((id, i) => [id, i]));
  const passageCells = new Uint32Array(n * n);
  const articleCells = new Uint32Array(n * n);
  const themesByArticle = new Map<string, Uint8Array>();
  for (const p of passages) {
    if (p.deletedAt != null || p.tagIds.length === 0) continue;
    const indices = themeIndices(p.tagIds, indexOf);
    if (indices.length === 0) continue;
    countPairs(passageCells, n, indices);
    let present = themesByArticle.get(p.articleKey);
    if (!present) themesByArticle.set(p.articleKey, (present = new Uint8Array(n)));
    for (const i of indices) present[i] = 1;
  }
  for (const present of themesByArticle.values()) {
    const indices: number[] = [];
    for (let i = 0; i < n; i++) if (present[i]) indices.push(i);
    countPairs(articleCells, n, indices);
  }
  return { themeIds, passages: passageCells, articles: articleCells };
}

/** The passages tagged with both `a` and `b` (with `a` when they are the same theme), live ones only, in the order given. */
export function passagesWithBoth<P extends CodedPassage>(passages: readonly P[], a: string, b: string): P[] {
  return passages.filter((p) => p.deletedAt == null && p.tagIds.includes(a) && p.tagIds.includes(b));
}
