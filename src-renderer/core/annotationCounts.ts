// Live annotations per article, kept in memory and updated row by row. Counting them from
// the store costs a pass over every row (a third of a second for 30,000 in Chromium), and
// the list needs the counts after every highlight made in any window; a row changed is
// instead looked up alone and compared with what is remembered of it. The article and
// fingerprint of every live row are what rename-following needs too, so they live here.

/** The fields of an annotation row that counting needs. */
export interface CountedRow {
  id: string;
  articleKey: string;
  fingerprint: string;
  deletedAt: number | null;
  /** The libraries whose files hold it (core/userRows.ts AnnotationRow.libraryIds). */
  libraryIds?: string[];
}

/**
 * Whether a row is shown in library `libraryId`: one of its libraries, or of none yet (made
 * before libraries were told apart, or just now: the library open when it is written to the
 * files takes it). The same article key in another library is another article. Null: any library.
 */
export const inLibraryOrNone = (row: { libraryIds?: string[] }, libraryId: string | null): boolean =>
  libraryId === null || row.libraryIds === undefined || row.libraryIds.length === 0 || row.libraryIds.includes(libraryId);

interface Remembered {
  articleKey: string;
  fingerprint: string;
}

export class AnnotationCounts {
  private readonly byId = new Map<string, Remembered>();
  private readonly perKey = new Map<string, number>();
  private libraryId: string | null = null;

  /** The library counted (libraryIdOf; null: every library), as of the last reset. */
  get library(): string | null {
    return this.libraryId;
  }

  /**
   * Forgets everything and counts `rows` (every row of the store, tombstones included or not)
   * that library `libraryId` shows (null: every row); later changes are counted for it too.
   */
  reset(rows: Iterable<CountedRow>, libraryId: string | null = null): void {
    this.byId.clear();
    this.perKey.clear();
    this.libraryId = libraryId;
    for (const row of rows) this.take(row.id, row);
  }

  /**
   * The stored state of rows that changed: `rows[i]` is the row of `ids[i]` now, undefined
   * if it is gone. Applying the same state twice changes nothing. Returns the article keys
   * whose count changed.
   */
  apply(ids: readonly string[], rows: readonly (CountedRow | undefined)[]): Set<string> {
    const touched = new Set<string>();
    ids.forEach((id, i) => {
      const before = this.byId.get(id)?.articleKey;
      const row = rows[i];
      this.take(id, row && row.id === id ? row : undefined);
      const after = this.byId.get(id)?.articleKey;
      if (before !== after) {
        if (before !== undefined) touched.add(before);
        if (after !== undefined) touched.add(after);
      }
    });
    return touched;
  }

  /** A copy to publish: the state's map is replaced, never changed in place. */
  snapshot(): Map<string, number> {
    return new Map(this.perKey);
  }

  /** The fingerprints live annotations were made on, per article key. */
  fingerprints(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const { articleKey, fingerprint } of this.byId.values()) {
      let set = out.get(articleKey);
      if (!set) out.set(articleKey, (set = new Set()));
      set.add(fingerprint);
    }
    return out;
  }

  /** Article keys with at least one live annotation. */
  keys(): IterableIterator<string> {
    return this.perKey.keys();
  }

  private take(id: string, row: CountedRow | undefined): void {
    const before = this.byId.get(id);
    if (before) {
      const left = (this.perKey.get(before.articleKey) ?? 1) - 1;
      if (left > 0) this.perKey.set(before.articleKey, left);
      else this.perKey.delete(before.articleKey);
      this.byId.delete(id);
    }
    // Another library's row with the same key is another article's: it is not counted here.
    if (!row || row.deletedAt !== null || !inLibraryOrNone(row, this.libraryId)) return;
    this.byId.set(id, { articleKey: row.articleKey, fingerprint: row.fingerprint });
    this.perKey.set(row.articleKey, (this.perKey.get(row.articleKey) ?? 0) + 1);
  }
}
