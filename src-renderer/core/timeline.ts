// Passages per theme over time, by the date of the article they are in. Articles without a
// date are counted apart ("no date"), never dropped and never given a made-up period.
import type { CodedPassage } from './coOccurrence.ts';

export type TimeUnit = 'month' | 'year';
export const TIME_UNITS: readonly TimeUnit[] = ['month', 'year'];

export interface Timeline {
  unit: TimeUnit;
  /** The periods from the first dated passage to the last, empty ones included when the span is short enough to draw ('2023-06' or '2023'). */
  periods: string[];
  /** Per theme id, one count per period. */
  counts: Map<string, number[]>;
  /** Per theme id, passages in articles without a date. */
  undated: Map<string, number>;
  /** The largest count in any period (for scaling bars), 0 when there is none. */
  max: number;
}

/** Past this many periods only those with passages are shown: a stray date decades off must not draw a thousand empty months. */
export const MAX_FILLED_PERIODS = 240;

const ISO = /^(\d{4})-(\d{2})(?:-\d{2})?/;

/** The period an ISO date (YYYY-MM-DD or YYYY-MM) falls in, or null for no or another kind of date. */
export function periodOf(date: string | null, unit: TimeUnit): string | null {
  const m = date ? ISO.exec(date) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  return unit === 'year' ? m[1] : `${m[1]}-${m[2]}`;
}

/** Every period from `first` to `last` inclusive. */
function periodRange(first: string, last: string, unit: TimeUnit): string[] {
  const index = (p: string) => (unit === 'year' ? Number(p) : Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1);
  const name = (k: number) => (unit === 'year' ? String(k) : `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  const out: string[] = [];
  for (let k = index(first); k <= index(last); k++) out.push(name(k));
  return out;
}

/** Passages of each of `themeIds` per period of their article's date (`dateOf` gives it, ISO, or null). */
export function timeline(themeIds: readonly string[], passages: readonly CodedPassage[], dateOf: (articleKey: string) => string | null, unit: TimeUnit): Timeline {
  const n = themeIds.length;
  const indexOf = new Map(themeIds.map((id, i) => [id, i]));
  // Periods are numbered as they are met (-1: no date); counts sit in one flat table per period
  // number, so a passage costs lookups and additions, no allocation.
  const periodNumber = new Map<string, number>();
  const periodOfArticle = new Map<string, number>();
  const tables: Uint32Array[] = [];
  const undatedCounts = new Uint32Array(n);
  const indices: number[] = [];
  for (const p of passages) {
    if (p.deletedAt != null || p.tagIds.length === 0) continue;
    let period = periodOfArticle.get(p.articleKey);
    if (period === undefined) {
      const name = periodOf(dateOf(p.articleKey), unit);
      period = name === null ? -1 : (periodNumber.get(name) ?? -1);
      if (name !== null && period === -1) {
        period = periodNumber.size;
        periodNumber.set(name, period);
        tables.push(new Uint32Array(n));
      }
      periodOfArticle.set(p.articleKey, period);
    }
    const table = period === -1 ? undatedCounts : tables[period];
    let length = 0;
    for (const id of p.tagIds) {
      const i = indexOf.get(id);
      if (i === undefined) continue;
      let seen = false;
      for (let k = 0; k < length; k++) if (indices[k] === i) seen = true;
      if (seen) continue;
      indices[length++] = i;
      table[i]++;
    }
  }
  const present = [...periodNumber.keys()].sort();
  const filled = present.length ? periodRange(present[0], present[present.length - 1], unit) : [];
  const periods = filled.length <= MAX_FILLED_PERIODS ? filled : present;
  const columns = periods.map((name) => {
    const k = periodNumber.get(name);
    return k === undefined ? null : tables[k];
  });
  let max = 0;
  const counts = new Map(
    themeIds.map((id, i) => [
      id,
      columns.map((table) => {
        const c = table ? table[i] : 0;
        if (c > max) max = c;
        return c;
      }),
    ]),
  );
  const undated = new Map(themeIds.map((id, i) => [id, undatedCounts[i]]));
  return { unit, periods, counts, undated, max };
}
