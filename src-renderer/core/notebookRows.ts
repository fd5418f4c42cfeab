// The notebook's list: every live annotation of the library, filtered and sorted. Pure, so
// the same rules serve the view, its tests and the bench. Sorting is done once per order and
// filtering keeps that order, so changing a filter never sorts 100,000 rows again.
import type { AnnotationRow } from './userRows.ts';
import { searchKeyText, searchKeyTexts } from './searchKey.ts';

/** What the notebook reads of an annotation row. */
export type NotebookRow = Pick<AnnotationRow, 'id' | 'articleKey' | 'position' | 'quote' | 'color' | 'note' | 'tagIds' | 'createdAt' | 'updatedAt' | 'author'>;

export const NOTEBOOK_SORTS = ['position', 'newest', 'oldest', 'updated'] as const;
/** Article then place in it; created newest or oldest first; last changed first. */
export type NotebookSort = (typeof NOTEBOOK_SORTS)[number];

export type NoteChoice = 'any' | 'with' | 'without';
export type DateField = 'created' | 'updated';

export interface NotebookFilter {
  /** Colours shown; empty: every colour. */
  colors: readonly string[];
  /** A theme: rows tagged with it or with one of its descendants (the codebook rolls up). */
  themeId: string | null;
  articleKey: string | null;
  note: NoteChoice;
  dateField: DateField;
  /** Inclusive lower bound in ms, or null. */
  from: number | null;
  /** Exclusive upper bound in ms, or null. */
  to: number | null;
  /** An author's id; '' picks rows made before authors were recorded. */
  authorId: string | null;
  /** Searched in quotes and notes, folded across scripts (营商环境 finds 營商環境). */
  query: string;
}

export const NO_FILTER: NotebookFilter = { colors: [], themeId: null, articleKey: null, note: 'any', dateField: 'created', from: null, to: null, authorId: null, query: '' };

/** True when any filter narrows the list. */
export function isFiltered(filter: NotebookFilter): boolean {
  return (
    filter.colors.length > 0 ||
    filter.themeId !== null ||
    filter.articleKey !== null ||
    filter.note !== 'any' ||
    filter.from !== null ||
    filter.to !== null ||
    filter.authorId !== null ||
    searchKeyText(filter.query) !== ''
  );
}

/** Between a row's quote and its note, and between rows: characters no fold produces or drops. */
const QUOTE_END = '\u0001';
const ROW_END = '\u0000';

interface Chunk {
  /** Each row's folded quote, QUOTE_END, folded note, ROW_END, one row after another. */
  text: string;
  /** Where each row starts in `text`. */
  starts: Int32Array;
  rows: NotebookRow[];
  /** 1 while the row's text is the one folded here; 0 once it was folded again elsewhere. */
  current: Uint8Array;
}

/**
 * The folded search text of every row, kept while the row's quote and note are unchanged, as
 * a few long strings: folding is an OpenCC conversion, paid once per row in batches
 * (searchKeyTexts) and not per keystroke, and a search is one native indexOf pass over each
 * string, a match found back to its row by binary search. A row whose text changed is folded
 * into a new chunk; its old place no longer counts.
 */
export class FoldedTexts {
  private readonly chunks: Chunk[] = [];
  /** Each row's current place: the chunk and index its text was last folded into. */
  private readonly places = new Map<string, { chunk: Chunk; index: number }>();

  /** Folds every row not folded yet, or whose quote or note changed, as one more chunk. */
  prepare(rows: readonly NotebookRow[]): void {
    const missing = rows.filter((row) => {
      const place = this.places.get(row.id);
      if (!place) return true;
      const folded = place.chunk.rows[place.index];
      return folded.quote.exact !== row.quote.exact || folded.note !== row.note;
    });
    if (missing.length === 0) return;
    const keys = searchKeyTexts(missing.flatMap((row) => [row.quote.exact, row.note]));
    const starts = new Int32Array(missing.length);
    const parts: string[] = [];
    let at = 0;
    for (let i = 0; i < missing.length; i++) {
      starts[i] = at;
      const part = keys[2 * i] + QUOTE_END + keys[2 * i + 1] + ROW_END;
      parts.push(part);
      at += part.length;
    }
    const chunk: Chunk = { text: parts.join(''), starts, rows: missing, current: new Uint8Array(missing.length).fill(1) };
    this.chunks.push(chunk);
    missing.forEach((row, index) => {
      const old = this.places.get(row.id);
      if (old) old.chunk.current[old.index] = 0;
      this.places.set(row.id, { chunk, index });
    });
  }

  /** Ids of the prepared rows whose quote or note holds the folded `needle` (never across the two). */
  matching(needle: string): Set<string> {
    const found = new Set<string>();
    if (needle === '') return found;
    for (const chunk of this.chunks) {
      const { text, starts, rows, current } = chunk;
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid] <= at) lo = mid;
          else hi = mid - 1;
        }
        if (current[lo] === 1) found.add(rows[lo].id);
        // The rest of this row cannot add it again.
        const next = lo + 1 < starts.length ? starts[lo + 1] : text.length;
        at = Math.max(at, next - 1);
      }
    }
    return found;
  }

  /** Rows gone from the library are forgotten; chunks with no current row go. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const [id, place] of this.places) {
      if (ids.has(id)) continue;
      place.chunk.current[place.index] = 0;
      this.places.delete(id);
    }
    const live = new Set([...this.places.values()].map((p) => p.chunk));
    for (let i = this.chunks.length - 1; i >= 0; i--) if (!live.has(this.chunks[i])) this.chunks.splice(i, 1);
  }
}

export interface FilterContext {
  /** The chosen theme and its descendants (from the codebook), when a theme is chosen. */
  themeFamily: ReadonlySet<string> | null;
  folded: FoldedTexts;
}

const hasNote = (row: NotebookRow): boolean => row.note.trim() !== '';

/** The rows that pass every filter, in the order given. */
export function filterRows<R extends NotebookRow>(rows: readonly R[], filter: NotebookFilter, context: FilterContext): R[] {
  const colors = filter.colors.length > 0 ? new Set(filter.colors) : null;
  const family = filter.themeId === null ? null : (context.themeFamily ?? new Set([filter.themeId]));
  const needle = searchKeyText(filter.query);
  const { from, to, articleKey, authorId, note } = filter;
  const dateOf = filter.dateField === 'created' ? (r: NotebookRow) => r.createdAt : (r: NotebookRow) => r.updatedAt;
  let matches: Set<string> | null = null;
  if (needle !== '') {
    context.folded.prepare(rows);
    matches = context.folded.matching(needle);
  }
  const out: R[] = [];
  for (const row of rows) {
    if (colors && !colors.has(row.color)) continue;
    if (articleKey !== null && row.articleKey !== articleKey) continue;
    if (family && !row.tagIds.some((id) => family.has(id))) continue;
    if (note !== 'any' && hasNote(row) !== (note === 'with')) continue;
    if (from !== null && dateOf(row) < from) continue;
    if (to !== null && dateOf(row) >= to) continue;
    if (authorId !== null && (row.author?.id ?? '') !== authorId) continue;
    if (matches && !matches.has(row.id)) continue;
    out.push(row);
  }
  return out;
}

const keyCollator = new Intl.Collator('zh-Hans-CN', { numeric: true });

/** Articles in library order (file names as a person sorts them: 2 before 10). */
export function articleOrder(keys: Iterable<string>): Map<string, number> {
  const sorted = [...new Set(keys)].sort((a, b) => keyCollator.compare(a, b));
  return new Map(sorted.map((key, i) => [key, i]));
}

/** A new array in the chosen order; ties fall back to the id, so the order is stable across reads. */
export function sortRows<R extends NotebookRow>(rows: readonly R[], sort: NotebookSort): R[] {
  const byId = (a: R, b: R) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sort === 'position') {
    const rank = articleOrder(rows.map((r) => r.articleKey));
    return [...rows].sort((a, b) => rank.get(a.articleKey)! - rank.get(b.articleKey)! || a.position.start - b.position.start || a.position.end - b.position.end || byId(a, b));
  }
  if (sort === 'newest') return [...rows].sort((a, b) => b.createdAt - a.createdAt || byId(a, b));
  if (sort === 'oldest') return [...rows].sort((a, b) => a.createdAt - b.createdAt || byId(a, b));
  return [...rows].sort((a, b) => b.updatedAt - a.updatedAt || byId(a, b));
}

export interface NotebookAuthor {
  id: string;
  name: string;
}

/** Distinct authors of the rows, by name; rows without one count as the author ''. */
export function authorsOf(rows: readonly NotebookRow[]): NotebookAuthor[] {
  const seen = new Map<string, string>();
  for (const row of rows) if (!seen.has(row.author?.id ?? '')) seen.set(row.author?.id ?? '', row.author?.name ?? '');
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => keyCollator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

/** The rows from `anchor` to `to` in the list, both included, in list order (a Shift-click range). */
export function rangeIds(list: readonly NotebookRow[], anchor: string, to: string): string[] {
  const a = list.findIndex((r) => r.id === anchor);
  const b = list.findIndex((r) => r.id === to);
  if (a < 0 || b < 0) return b < 0 ? [] : [to];
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return list.slice(lo, hi + 1).map((r) => r.id);
}

/** A new set: `ids` added to (or taken out of) `set`. Sets are replaced, never changed, so a view follows them. */
export function withIds(set: ReadonlySet<string>, ids: Iterable<string>, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** The ids of `rows`, as a set. */
export const idsOf = (rows: readonly { id: string }[]): ReadonlySet<string> => new Set(rows.map((r) => r.id));

/**
 * `rows` after `written` was stored: a written row takes its old row's place, a tombstone
 * leaves, a row brought back (not in `rows`) comes at the end.
 */
export function afterWrite<R extends { id: string; deletedAt: number | null }>(rows: readonly R[], written: readonly R[]): R[] {
  const byId = new Map(written.map((r) => [r.id, r]));
  const out: R[] = [];
  for (const r of rows) {
    const w = byId.get(r.id);
    if (!w) out.push(r);
    else {
      byId.delete(r.id);
      if (w.deletedAt === null) out.push(w);
    }
  }
  for (const r of byId.values()) if (r.deletedAt === null) out.push(r);
  return out;
}
