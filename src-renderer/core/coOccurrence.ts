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

/** Adds one to every pair among `indices` (and to each one's own diagonal cell). */
function countPairs(cells: Uint32Array, n: number, indices: readonly number[], length: number): void {
  for (let a = 0; a < length; a++) {
    const i = indices[a];
    cells[i * n + i]++;
    for (let b = a + 1; b < length; b++) {
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
  // Which themes each article has, one row of n flags per article: no allocation per passage.
  const articleRow = new Map<string, number>();
  let present = new Uint8Array(64 * n);
  const indices: number[] = [];
  for (const p of passages) {
    if (p.deletedAt != null) continue;
    let length = 0;
    for (const id of p.tagIds) {
      const i = indexOf.get(id);
      if (i === undefined) continue;
      let seen = false;
      for (let k = 0; k < length; k++) if (indices[k] === i) seen = true;
      if (!seen) indices[length++] = i;
    }
    if (length === 0) continue;
    countPairs(passageCells, n, indices, length);
    let row = articleRow.get(p.articleKey);
    if (row === undefined) {
      row = articleRow.size;
      articleRow.set(p.articleKey, row);
      if ((row + 1) * n > present.length) {
        const grown = new Uint8Array(present.length * 2);
        grown.set(present);
        present = grown;
      }
    }
    for (let k = 0; k < length; k++) present[row * n + indices[k]] = 1;
  }
  for (let row = 0; row < articleRow.size; row++) {
    let length = 0;
    for (let i = 0; i < n; i++) if (present[row * n + i]) indices[length++] = i;
    countPairs(articleCells, n, indices, length);
  }
  return { themeIds, passages: passageCells, articles: articleCells };
}

/** The passages tagged with both `a` and `b` (with `a` when they are the same theme), live ones only, in the order given. */
export function passagesWithBoth<P extends CodedPassage>(passages: readonly P[], a: string, b: string): P[] {
  return passages.filter((p) => p.deletedAt == null && p.tagIds.includes(a) && p.tagIds.includes(b));
}
