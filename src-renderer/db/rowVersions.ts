// A step of this window's history (an edit, its undo, its redo) written onto the row as it is
// stored now, not over it: rows change under a step, by another window or by another machine
// through the annotation files, and what they changed must outlive the step.
import { canonicalJson } from '../core/syncMerge.ts';

/**
 * A step's version of a row (`to`, made from `from` as the step read it) put onto the row as
 * it is stored now: each field is set only where `from` and `to` differ (a colour, a name, a
 * deletion); a list in `setFields` (an annotation's themes, a theme's aliases) loses what `to`
 * took away and gains what it added, keeping the rest of the stored list. Everything else
 * stays as stored, so a note, a colour or a theme put on the row since the step read it is
 * taken back neither by the step nor by its undo or redo. Dated after the stored version, so
 * it wins over it wherever it travels.
 */
export function stepOntoStored<T extends { id: string; updatedAt: number }>(stored: T | undefined, from: T, to: T, setFields: readonly (keyof T & string)[] = []): T {
  if (!stored) return to;
  const out: T = { ...stored };
  const sets = new Set<string>(setFields);
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)]) as Set<keyof T & string>) {
    if (sets.has(key) || key === 'updatedAt' || key === 'id') continue;
    if (canonicalJson(from[key]) !== canonicalJson(to[key])) Object.assign(out, { [key]: to[key] });
  }
  for (const key of setFields) {
    const [was, now, kept] = [from[key], to[key], stored[key]].map((v) => (Array.isArray(v) ? (v as unknown[]) : []));
    const removed = new Set(was.filter((item) => !now.includes(item)));
    const added = new Set(now.filter((item) => !was.includes(item)));
    // In the step's order, then what the stored row has besides.
    Object.assign(out, { [key]: [...now.filter((item) => added.has(item) || kept.includes(item)), ...kept.filter((item) => !removed.has(item) && !now.includes(item))] });
  }
  out.updatedAt = Math.max(to.updatedAt, stored.updatedAt + 1);
  return out;
}
