// Short strings (titles, headings, theme names, labels) in a script, converted the way the
// article views are (by source script, see scriptRoutes.ts) but without view()'s cache,
// which is meant for whole articles and would be flushed by thousands of short strings.
import { applyViewOptions, convertByScript, simplifiedByScript } from './scriptRoutes.ts';
import type { Script, ViewOptions } from './types.ts';

export function convertText(text: string, script: Script, options?: ViewOptions): string {
  if (script === 'original' || text === '') return text;
  if (script === 'cn') return applyViewOptions(simplifiedByScript(text), script, options).text;
  return applyViewOptions(convertByScript(text, script), script, options).text;
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
