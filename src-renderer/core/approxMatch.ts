// Approximate string matching for re-anchoring: how far a stored context or quote is from
// the text at a candidate place. Edit distance is Levenshtein over UTF-16 code units.

/**
 * Edit distance of a short pattern (≤ 32 code units: a quote's prefix or suffix) to the text
 * right next to a boundary, with Myers' bit-parallel algorithm (one 32-bit word, O(window)).
 * The far end is free: a prefix may match any stretch of text that ends exactly at the
 * boundary, so text inserted or deleted inside the context costs its size, not a shift of
 * everything after it.
 */
export class AffixMatcher {
  readonly length: number;
  private readonly peq = new Map<number, number>();
  private readonly high: number;

  /** `side` says which side of the boundary the pattern sits: 'before' for a prefix, 'after' for a suffix. */
  constructor(
    pattern: string,
    private readonly side: 'before' | 'after',
  ) {
    // Only the part nearest the boundary fits one machine word.
    const p = side === 'before' ? pattern.slice(-32) : pattern.slice(0, 32);
    this.length = p.length;
    // Scanning outward from the boundary: a prefix is read backwards, so is its pattern.
    for (let i = 0; i < p.length; i++) {
      const c = side === 'before' ? p.charCodeAt(p.length - 1 - i) : p.charCodeAt(i);
      this.peq.set(c, (this.peq.get(c) ?? 0) | (1 << i));
    }
    this.high = this.length > 0 ? 1 << (this.length - 1) : 0;
  }

  /** Fewest edits turning the pattern into some text that touches `boundary` on this matcher's side. */
  distanceAt(text: string, boundary: number, slack = 16): number {
    const m = this.length;
    if (m === 0) return 0;
    const reach = m + slack;
    // Read outward from the boundary so the near end is anchored and the far end is free.
    const step = this.side === 'before' ? -1 : 1;
    const first = this.side === 'before' ? boundary - 1 : boundary;
    const last = this.side === 'before' ? Math.max(0, boundary - reach) : Math.min(text.length, boundary + reach) - 1;
    let pv = -1;
    let mv = 0;
    let score = m;
    let best = m;
    // Myers' recurrence with the pattern anchored at the boundary (its column-0 delta is +1
    // per text character, hence `| 1`) and the text's far end free (best over all lengths).
    for (let j = first; step < 0 ? j >= last : j <= last; j += step) {
      const eq = this.peq.get(text.charCodeAt(j)) ?? 0;
      const xv = eq | mv;
      const xh = ((((eq & pv) + pv) ^ pv) | eq) | 0;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & this.high) score++;
      else if (mh & this.high) score--;
      ph = (ph << 1) | 1;
      mh = mh << 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
      if (score < best) best = score;
    }
    return best;
  }
}

export interface ApproxMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * Places in text[from, to) where `pattern` matches with the fewest edits (at most
 * `maxErrors`): Sellers' dynamic programme forwards to find the best ends, then backwards
 * from each end to find its starts. O(m·(to − from)) time, O(m) memory. Several places
 * with the same error count are all returned (up to `limit`), because only their context
 * can tell them apart (ABCDEF against ABCDEGx: ABCDE and ABCDEG both cost one edit).
 */
export function approxSearch(text: string, pattern: string, from: number, to: number, maxErrors: number, limit = 16): ApproxMatch[] {
  const m = pattern.length;
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  if (m === 0 || to <= from) return [];
  const p = new Uint16Array(m);
  for (let i = 0; i < m; i++) p[i] = pattern.charCodeAt(i);

  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let best = maxErrors + 1;
  let ends: number[] = [];
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    cur[0] = 0; // free start in the text
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1] + (p[i - 1] === c ? 0 : 1);
      const del = prev[i] + 1;
      const ins = cur[i - 1] + 1;
      cur[i] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const d = cur[m];
    if (d < best) {
      best = d;
      ends = [j + 1];
    } else if (d === best && ends.length < limit) {
      ends.push(j + 1);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  if (best > maxErrors) return [];

  const out: ApproxMatch[] = [];
  for (const end of ends) {
    // Backwards: the pattern is anchored at `end`; every start with the same cost is a match.
    const span = Math.min(end - from, m + best);
    for (let i = 0; i <= m; i++) prev[i] = i;
    for (let k = 1; k <= span; k++) {
      const c = text.charCodeAt(end - k);
      cur[0] = k;
      for (let i = 1; i <= m; i++) {
        const sub = prev[i - 1] + (p[m - i] === c ? 0 : 1);
        const del = prev[i] + 1;
        const ins = cur[i - 1] + 1;
        cur[i] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      }
      if (cur[m] === best && out.length < limit * 2) out.push({ start: end - k, end, errors: best });
      const t = prev;
      prev = cur;
      cur = t;
    }
  }
  return out;
}
