// Live annotations per article, for the library list: counted from the store once, then
// row by row as changes arrive (core/annotationCounts.ts), and set for the open article
// from what the model shows. It also knows every annotated article's fingerprints, which is
// what following renamed files needs.
import { AnnotationCounts } from '../core/annotationCounts.ts';
import { readAnnotationsById, readCountedRows } from '../db/annotations.ts';
import type { PizhuDatabase } from '../db/database.ts';
import { NO_COUNTS, withCount } from './annotationPlacement.ts';

export class AnnotationCountsState {
  /** Live annotations per article key; replaced, never changed in place. */
  byArticle = $state.raw<ReadonlyMap<string, number>>(NO_COUNTS);

  /** Every live row's article, so a change is counted from the rows it touched alone. */
  private readonly tracked = new AnnotationCounts();
  private loaded = false;
  /** Counting steps run one after another: each applies the rows as stored when it read them. */
  private counting: Promise<void> = Promise.resolve();

  constructor(private readonly db: PizhuDatabase | null) {}

  /** The open library's local id (libraryIdOf): only its annotations are counted; null: every row. */
  libraryOf: () => string | null = () => null;

  /** The live annotations of `key` (undefined: none counted). */
  get(key: string): number | undefined {
    return this.byArticle.get(key);
  }

  /**
   * Counts every stored row again. A pass over the whole table: the app asks for it once the
   * list is on screen, which shows its counts a moment later.
   */
  countAll(): Promise<void> {
    this.loaded = false;
    return this.recount(null);
  }

  /**
   * Brings the counts up to date with the stored rows `ids` (null: every row). Resolves once
   * this step and every one asked for before it has run.
   */
  recount(ids: Iterable<string> | null): Promise<void> {
    const db = this.db;
    if (!db) return Promise.resolve();
    const list = ids === null ? null : [...ids];
    const step = async (): Promise<void> => {
      const library = this.libraryOf();
      // Another library open since the last count: its rows are other articles, counted afresh.
      if (list === null || !this.loaded || library !== this.tracked.library) {
        this.tracked.reset(await readCountedRows(db), library);
        this.loaded = true;
      } else {
        if (list.length === 0) return;
        if (this.tracked.apply(list, await readAnnotationsById(db, list)).size === 0) return;
      }
      this.byArticle = this.tracked.snapshot();
    };
    const done = this.counting.then(step, step);
    this.counting = done.catch(() => {});
    return done;
  }

  /** The open article shows `count` rows (some may not be stored yet): its count says so at once. */
  setArticle(key: string, count: number): void {
    this.byArticle = withCount(this.byArticle, key, count);
  }

  /** Resolves once every counting step asked for so far has run. */
  settled(): Promise<void> {
    return this.counting;
  }

  /** Articles with live annotations, as last counted. */
  annotatedKeys(): IterableIterator<string> {
    return this.tracked.keys();
  }

  /** The fingerprints live annotations were made on, per article key. */
  fingerprints(): Map<string, Set<string>> {
    return this.tracked.fingerprints();
  }
}
