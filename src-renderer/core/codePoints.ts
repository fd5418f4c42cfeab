// Offsets in code points, as REFI-QDA counts them ("the first and the last character (Unicode
// codepoint)"), against the UTF-16 code units every string offset in the app is: a character
// outside the BMP (𠀀, an emoji) is two units and one code point.

const HIGH = /[\uD800-\uDBFF]/;

function isPair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Code points in `text`. */
export function codePointLength(text: string): number {
  if (!HIGH.test(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i += isPair(text, i) ? 2 : 1) n++;
  return n;
}

/**
 * The code-point offset of each UTF-16 offset (in any order), in one pass over the text. An
 * offset between the halves of a pair counts the pair as before it.
 */
export function toCodePointOffsets(text: string, offsets: readonly number[]): number[] {
  if (!HIGH.test(text)) return offsets.map((o) => Math.max(0, Math.min(o, text.length)));
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  const out = new Array<number>(offsets.length);
  let unit = 0;
  let point = 0;
  for (const i of order) {
    const target = Math.max(0, Math.min(offsets[i], text.length));
    while (unit < target) {
      unit += isPair(text, unit) ? 2 : 1;
      point++;
    }
    // Stepped over a pair whose low half was the target: the pair is before it.
    out[i] = point;
  }
  return out;
}

/**
 * The UTF-16 offset of each code-point offset (in any order); null for one past the end of
 * the text or negative (another tool's position that does not fit this text).
 */
export function toUnitOffsets(text: string, points: readonly number[]): (number | null)[] {
  const fits = (p: number) => Number.isInteger(p) && p >= 0;
  if (!HIGH.test(text)) return points.map((p) => (fits(p) && p <= text.length ? p : null));
  const order = points.map((_, i) => i).sort((a, b) => points[a] - points[b]);
  const out = new Array<number | null>(points.length).fill(null);
  let unit = 0;
  let point = 0;
  for (const i of order) {
    const target = points[i];
    if (!fits(target)) continue;
    while (point < target && unit < text.length) {
      unit += isPair(text, unit) ? 2 : 1;
      point++;
    }
    out[i] = point === target ? unit : null;
  }
  return out;
}
