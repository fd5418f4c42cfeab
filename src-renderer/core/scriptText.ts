// Short strings (titles, headings, theme names, labels) in a script, converted the way the
// article views are (through 简体 first, see scriptView.ts) but without view()'s cache,
// which is meant for whole articles and would be flushed by thousands of short strings.
import { convertWithMap } from './convertWithMap.ts';
import type { Script } from './types.ts';

const FROM_CN: Record<Exclude<Script, 'original' | 'cn'>, string> = { t: 's2t', tw: 's2tw', twp: 's2twp', hk: 's2hk' };

export function convertText(text: string, script: Script): string {
  if (script === 'original' || text === '') return text;
  const cn = convertWithMap(text, 't2s').text;
  return script === 'cn' ? cn : convertWithMap(cn, FROM_CN[script]).text;
}

/** The name of each script, written in that script (front matter, the export dialog). */
export const SCRIPT_NAMES: Record<Script, string> = {
  original: '原文',
  cn: '简体',
  t: '繁體',
  tw: '臺灣',
  twp: '臺灣（詞彙）',
  hk: '香港',
};
