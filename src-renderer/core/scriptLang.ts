// The BCP 47 tag of a view, so fonts pick the right glyphs: 原文 is tagged by what it is.
import { view } from './scriptView.ts';
import type { Script } from './types.ts';

/** BCP 47 tag of a view. 原文 is tagged by what it is: traditional if t2s changes much of it (or `traditional` says so, judged elsewhere). */
export function langOf(script: Script, canonical: string, traditional?: boolean): string {
  switch (script) {
    case 'cn':
      return 'zh-Hans';
    case 't':
      return 'zh-Hant';
    case 'tw':
    case 'twp':
      return 'zh-Hant-TW';
    case 'hk':
      return 'zh-Hant-HK';
    case 'original':
      return (traditional ?? looksTraditional(canonical)) ? 'zh-Hant' : 'zh-Hans';
  }
}

/** Whether t2s changes more than one in a hundred of the text's opening characters. */
export function looksTraditional(text: string): boolean {
  if (!text) return false;
  // A long text is judged by its opening: converting all of it would hold up the first paint
  // (a 10 MB article: a quarter of a second), and only the first 4,000 characters count.
  if (text.length > LOOK_AHEAD) return looksTraditional(text.slice(0, LOOK_AHEAD));
  const cn = view(text, 'cn').text;
  if (cn === text) return false;
  let differing = 0;
  const n = Math.min(cn.length, text.length, 4000);
  for (let i = 0; i < n; i++) if (cn[i] !== text[i]) differing++;
  return differing > n / 100;
}

const LOOK_AHEAD = 20_000;
