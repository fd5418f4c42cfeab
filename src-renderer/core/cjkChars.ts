// Character classes the cleaning heuristics lean on. Kept as code-point range checks rather
// than Unicode property regexes so a 10 MB article is scanned without per-character regex
// overhead.

/** A Han ideograph (URO, extension A, compatibility ideographs, supplementary planes). */
export function isHan(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f) ||
    cp === 0x3007 // 〇
  );
}

/** Punctuation that only appears in CJK typesetting (or is typeset full-width there). */
export function isCjkPunct(cp: number): boolean {
  return (
    (cp >= 0x3000 && cp <= 0x303f) || // 、。〃〈〉《》「」『』【】〔〕〖〗〜〝〞
    (cp >= 0xff01 && cp <= 0xff0f) || // ！＂＃＄％＆＇（）＊＋，－．／
    (cp >= 0xff1a && cp <= 0xff20) || // ：；＜＝＞？＠
    (cp >= 0xff3b && cp <= 0xff40) ||
    (cp >= 0xff5b && cp <= 0xff65) ||
    (cp >= 0xfe10 && cp <= 0xfe1f) || // vertical forms
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    cp === 0x201c || // “
    cp === 0x201d || // ”
    cp === 0x2018 || // ‘
    cp === 0x2019 || // ’
    cp === 0x2026 || // …
    cp === 0x2014 || // —
    cp === 0x00b7 // ·
  );
}

/** Whether a neighbouring character makes ASCII punctuation "Chinese" punctuation. */
export function isCjkContext(cp: number | undefined): boolean {
  return cp !== undefined && (isHan(cp) || isCjkPunct(cp));
}

/** Code point at a UTF-16 index, or undefined outside the string. */
export function cpAt(s: string, i: number): number | undefined {
  return i >= 0 && i < s.length ? s.codePointAt(i) : undefined;
}

/** Code point ending just before UTF-16 index i (handles a surrogate pair before i). */
export function cpBefore(s: string, i: number): number | undefined {
  if (i <= 0) return undefined;
  const lo = s.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return s.codePointAt(i - 2);
  }
  return lo;
}

/** Marks that end a sentence; a paragraph ending in one of these is complete. */
export const SENTENCE_FINAL = new Set(['。', '！', '？', '…', '”', '」', '』', '!', '?', '.', '；', '：']);

/** Prose contains clause punctuation; headings, captions, kickers and bylines do not. */
export function isProse(line: string): boolean {
  return /[，。；！？]/.test(line);
}
