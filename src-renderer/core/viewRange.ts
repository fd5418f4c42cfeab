// Selections made in a script view become canonical ranges, and canonical ranges are drawn
// in a view. Phrase conversion can change length (cn→twp: 主板→主機板), so a boundary inside
// such a phrase has no exact counterpart: it widens to the whole phrase, never shrinks.

import type { Range, ScriptView } from './types.ts';
import { clampOffset, normalizeRange } from './textQuote.ts';

/** Length of the canonical text a view was built from (the map's source end). */
function canonicalLength(view: ScriptView): number {
  return view.map.toSource(view.text.length);
}

/**
 * A selection in `view` (view offsets, either order) as a canonical range. Ends are clamped;
 * an end inside a converted phrase widens to the phrase. A non-empty selection never yields
 * an empty range.
 */
export function viewRangeToCanonical(view: ScriptView, viewRange: Range): Range {
  const r = normalizeRange(view.text, viewRange);
  if (r.start === r.end) {
    const p = view.map.toSource(r.start);
    return { start: p, end: p };
  }
  let out = view.map.rangeToSource(r);
  // Only a view span with no source behind it (an inserted character) maps to nothing;
  // grow the selection over its neighbours until it covers some canonical text.
  let { start, end } = r;
  while (out.start === out.end && (end < view.text.length || start > 0)) {
    if (end < view.text.length) end++;
    else start--;
    out = view.map.rangeToSource(normalizeRange(view.text, { start, end }));
  }
  return out;
}

/** Where a canonical range is drawn in `view`; ends inside a converted phrase widen to it. */
export function canonicalRangeToView(view: ScriptView, range: Range): Range {
  const n = canonicalLength(view);
  const a = clampOffset(range.start, n);
  const b = clampOffset(range.end, n);
  return view.map.rangeToTarget({ start: Math.min(a, b), end: Math.max(a, b) });
}

/**
 * Widen a canonical range until both ends are exact positions in every given view, so it is
 * drawn over exactly the same canonical characters whichever of them is showing: a range
 * made in 原文 that ends inside 主板 becomes the whole phrase once 臺灣 (主機板) is among the
 * views. Widening for one view can land inside another view's phrase, hence the fixpoint;
 * it terminates because the range only grows.
 */
export function alignCanonicalRange(range: Range, views: readonly ScriptView[]): Range {
  if (views.length === 0) return range;
  const n = canonicalLength(views[0]);
  let start = clampOffset(Math.min(range.start, range.end), n);
  let end = clampOffset(Math.max(range.start, range.end), n);
  // An empty range has no characters to keep together; widening it would invent some.
  if (start === end) return { start, end };
  for (let changed = true; changed; ) {
    changed = false;
    for (const v of views) {
      const back = v.map.rangeToSource(v.map.rangeToTarget({ start, end }));
      const s = Math.min(start, back.start);
      const e = Math.max(end, back.end);
      if (s !== start || e !== end) {
        start = s;
        end = e;
        changed = true;
      }
    }
  }
  return { start, end };
}
