// Cues that mark a line as belonging to a picture rather than to the running text: photo
// credits (夏鹏飞 摄, 安吉县天荒坪镇供图, （图片由…提供）) and image file names left behind
// by the scraper (zjrb2023062000016v01b009.jpg). Shared by clean (captions may be moved
// out of a split sentence) and parse (captions get their own block kind).

import type { Range } from './types.ts';

const IMAGE_FILE = /^[\w.-]+\.(?:jpe?g|png|gif|webp|bmp|tiff?)$/i;

export function isImageFileLine(line: string): boolean {
  return line.length <= 200 && IMAGE_FILE.test(line);
}

// A parenthesised credit closing the line: （本文图片由德清县委宣传部提供） （新华社发） （夏鹏飞 摄）
const PAREN_CREDIT = /[（(][^（）()]*(?:图片|供图|摄)[^（）()]*[）)]$/;
// "Name 摄" closing the line or followed by a parenthesised credit; one name (2–4 Han) or
// names joined by 、. A single name keeps words of the caption out of the credit.
const SHOT_BY = /(?:^|[\s。，；！？”])([\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*\s?摄)(?=$|\s?[（(])/;
// "安吉县天荒坪镇供图" closing the line: an organisation credit.
const SUPPLIED = /(?:^|[\s。，；！？”])([^\s。，；！？”（）]{2,20}供图)$/;

/** Where the photo credit sits in a line, or null. The credit runs to the end of the line. */
export function findCredit(line: string): Range | null {
  if (line.length > 300) return null;
  // Each pattern needs a character it names literally; without it the pattern is not tried
  // at every position of the line (every line of a file is asked).
  let start = -1;
  const shot = line.includes('摄') ? SHOT_BY.exec(line) : null;
  if (shot) start = shot.index + shot[0].length - shot[1].length;
  if (start < 0 && line.endsWith('供图')) {
    const supplied = SUPPLIED.exec(line);
    if (supplied) start = supplied.index + supplied[0].length - supplied[1].length;
  }
  const last = line[line.length - 1];
  if (start < 0 && (last === '）' || last === ')')) {
    const paren = PAREN_CREDIT.exec(line);
    if (paren) start = paren.index;
  }
  return start < 0 ? null : { start, end: line.length };
}

/** The whole line is a credit, with no caption text before it. */
export function isCreditOnly(line: string): boolean {
  const c = findCredit(line);
  return c !== null && c.start === 0;
}

/**
 * Where a run-together credit ends inside a caption line (安吉县溪龙乡供图12345政务服务便民热线:
 * the next caption was glued to the credit), or -1. Only short lines without clause
 * punctuation qualify, so prose such as 为本报提供图片 is never cut.
 */
export function gluedCreditEnd(line: string): number {
  if (line.length > 60 || /[，。；！？]/.test(line)) return -1;
  const at = line.indexOf('供图');
  if (at < 2 || line[at - 1] === '提') return -1;
  const end = at + 2;
  if (end >= line.length) return -1;
  return /[\s）)]/.test(line[end]) ? -1 : end;
}
