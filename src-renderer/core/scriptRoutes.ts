// How each script view is built from the canonical text, by the script the text is written
// in (scriptDetect.ts). Simplified runs go s2X, after t2s so the odd traditional character
// in a simplified line converts as it always did. Traditional runs never pass through
// simplified: only OpenCC's traditional-to-traditional configs touch them, so 係 stays 係
// and 發放 stays 發放. 简体 is t2s of what is traditional (simplifiedByScript).
//
// Why these traditional routes (checked on OpenCC's own cases, tests/unit/scriptSource):
// - 繁體: hk2t only, so it shows OpenCC's standard forms (爲, 衆) as s2t does. tw2t is not safe on text already in OpenCC's standard (才 → 纔,
//   汙 → 污), and Taiwan's variants are traditional already, so they are left as written.
// - 臺灣: hk2t then t2tw; 臺灣用詞: hk2t then t2twp (Taiwan phrases over the traditional
//   text, see convertWithMap.ts).
// - 香港: t2hk only; no simplified route is needed to reach Hong Kong's variants.
// User choices (corner quotes, then overrides) apply last, on the converted text.

import { convertWithMap, replaceWithMap, type MappedText } from './convertWithMap.ts';
import { composeOffsetMaps, concatOffsetMaps, identityOffsetMap, type SpanOffsetMap } from './offsetMap.ts';
import { lineScripts, scriptRuns } from './scriptDetect.ts';
import type { Script, ViewOptions } from './types.ts';

type Converted = Exclude<Script, 'original' | 'cn'>;

/** Simplified runs: this config over the run's 简体 (simplifiedByScript). */
export const FROM_SIMPLIFIED: Record<Converted, string> = {
  t: 's2t',
  tw: 's2tw',
  twp: 's2twp',
  hk: 's2hk',
};

export const FROM_TRADITIONAL: Record<Converted, readonly string[]> = {
  t: ['hk2t'],
  tw: ['hk2t', 't2tw'],
  twp: ['hk2t', 't2twp'],
  hk: ['t2hk'],
};

/** Each config in turn, maps composed; a step that changed nothing adds no composition. */
export function convertChain(text: string, configs: readonly string[]): MappedText {
  let cur = text;
  let map: SpanOffsetMap | null = null;
  for (const config of configs) {
    const r = convertWithMap(cur, config);
    if (r.text !== cur || !r.map.isIdentity) map = map ? composeOffsetMaps(map, r.map) : r.map;
    cur = r.text;
  }
  return { text: cur, map: map ?? identityOffsetMap(text.length) };
}

function fromSimplified(text: string, script: Converted): MappedText {
  const cn = simplifiedByScript(text);
  const r = convertWithMap(cn.text, FROM_SIMPLIFIED[script]);
  return { text: r.text, map: cn.text === text ? r.map : composeOffsetMaps(cn.map, r.map) };
}

/**
 * A converted view (not 原文, not 简体) by source script. `simplifiedWhole`, when given, is
 * the simplified route over the whole text, used when the whole text is one simplified run.
 */
export function convertByScript(text: string, script: Converted, simplifiedWhole?: () => MappedText): MappedText {
  const runs = scriptRuns(text);
  if (runs.length <= 1 && (runs[0]?.route ?? 'simplified') === 'simplified') {
    return simplifiedWhole ? simplifiedWhole() : fromSimplified(text, script);
  }
  const parts: string[] = [];
  const maps: SpanOffsetMap[] = [];
  for (const run of runs) {
    const piece = text.slice(run.start, run.end);
    const r = run.route === 'simplified' ? fromSimplified(piece, script) : convertChain(piece, FROM_TRADITIONAL[script]);
    parts.push(r.text);
    maps.push(r.map);
  }
  return { text: parts.join(''), map: concatOffsetMaps(maps) };
}

/**
 * 简体 by source script: t2s of traditional lines and of simplified lines holding some
 * traditional-only character; a simplified line without one is left exactly as written
 * (t2s is not idempotent: it reads 陞 in 杨联陞, a name OpenCC's own t2s keeps, as 升).
 */
export function simplifiedByScript(text: string): MappedText {
  const runs: { start: number; end: number; convert: boolean }[] = [];
  for (const line of lineScripts(text)) {
    const end = line.end < text.length ? line.end + 1 : line.end;
    if (end <= line.start) continue;
    const convert = line.route === 'traditional' || line.traditionalOnly > 0;
    const last = runs[runs.length - 1];
    if (last && last.convert === convert) last.end = end;
    else runs.push({ start: line.start, end, convert });
  }
  if (runs.length === 1 && runs[0].convert) return convertWithMap(text, 't2s');
  if (runs.every((r) => !r.convert)) return { text, map: identityOffsetMap(text.length) };
  const parts: string[] = [];
  const maps: SpanOffsetMap[] = [];
  for (const run of runs) {
    const piece = text.slice(run.start, run.end);
    const r = run.convert ? convertWithMap(piece, 't2s') : { text: piece, map: identityOffsetMap(piece.length) };
    parts.push(r.text);
    maps.push(r.map);
  }
  return { text: parts.join(''), map: concatOffsetMaps(maps) };
}

const CORNER: Record<string, string> = { '“': '「', '”': '」', '‘': '『', '’': '』' };

/** Whether the options change anything in a view of `script`. */
export function optionsApply(script: Script, options: ViewOptions | undefined): boolean {
  if (!options) return false;
  return (options.cornerQuotes === true && cornerQuotesIn(script)) || (options.overrides ?? []).some((o) => o.script === script && o.from !== '');
}

export const cornerQuotesIn = (script: Script): boolean => script === 'tw' || script === 'twp' || script === 'hk';

/** The user's choices applied to a built view: corner quotes (same length), then overrides. */
export function applyViewOptions(view: MappedText, script: Script, options: ViewOptions | undefined): MappedText {
  if (!optionsApply(script, options)) return view;
  let { text, map } = view;
  if (options!.cornerQuotes && cornerQuotesIn(script)) text = text.replace(/[“”‘’]/g, (q) => CORNER[q]);
  const pairs = (options!.overrides ?? []).filter((o) => o.script === script).map((o) => [o.from, o.to] as const);
  if (pairs.length > 0) {
    const r = replaceWithMap(text, pairs);
    if (r.text !== text) map = composeOffsetMaps(map, r.map);
    text = r.text;
  }
  return { text, map };
}

/** A stable key of the options that matter to a view of `script` ('' when none do). */
export function optionsKey(script: Script, options: ViewOptions | undefined): string {
  if (!optionsApply(script, options)) return '';
  const quotes = options!.cornerQuotes && cornerQuotesIn(script) ? 'q' : '';
  const pairs = (options!.overrides ?? []).filter((o) => o.script === script).map((o) => [o.from, o.to]);
  return quotes + JSON.stringify(pairs);
}
