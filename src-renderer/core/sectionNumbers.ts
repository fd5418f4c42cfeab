// Section numbering of Chinese documents (公文 and reports typed in Word): 第一章, 一、,
// （一）. A short line opening with one is a heading, never the head of a sentence that
// layout cut — so clean does not join it to the next line, and parse ranks headings by it.

const NUMBERED = [/^第[一二三四五六七八九十百零〇\d]+[章节節部篇编編]/, /^[一二三四五六七八九十]+、/, /^[（(][一二三四五六七八九十]+[）)]/];

/** Longest line that is still taken for a numbered heading. */
export const NUMBERED_HEADING_MAX = 40;

/** 0 for 第一章, 1 for 一、, 2 for （一）; -1 when the line opens with none of them. */
export function sectionRank(t: string): number {
  return NUMBERED.findIndex((re) => re.test(t));
}

/** A short numbered line without a sentence end: a heading, whatever punctuation it has inside. */
export function isNumberedHeading(t: string): boolean {
  return t.length <= NUMBERED_HEADING_MAX && !/[。！？]/.test(t) && sectionRank(t) >= 0;
}
