// Script views of the canonical text: 原文, 简体, 繁體, 臺灣 (+ phrases), 香港, each with an
// exact map from canonical offsets to view offsets.
//
// The canonical text may be simplified, traditional, or both (seed 004 is traditional with
// simplified residues such as 什么 and 干部): scriptRoutes.ts converts each run by the script
// it is written in, so traditional text never passes through simplified. 简体 converts what
// is traditional; a simplified text's other views are s2X of its 简体, built once and shared.

import type { Range, Script, ScriptView, ViewOptions } from './types.ts';
import { convertWithMap } from './convertWithMap.ts';
import { composeOffsetMaps, concatOffsetMaps, identityOffsetMap, type SpanOffsetMap } from './offsetMap.ts';
import { applyViewOptions, convertByScript, FROM_SIMPLIFIED, optionsKey, simplifiedByScript } from './scriptRoutes.ts';

export { convertWithMap } from './convertWithMap.ts';

export interface MappedScriptView extends ScriptView {
  map: SpanOffsetMap;
  /**
   * Set on a view of which only this canonical range is converted (piecedView): the reader
   * shows it while the whole view is built, and never keeps it as the view of the text.
   */
  only?: Range;
}

// A few recent texts with all the views built for them, so switching back is instant.
// Keyed by the text itself: Map hashes a string once and caches the hash on it. Within a
// text, views are keyed by script, plus the user's options where they change the view.
const MAX_TEXTS = 6;
const cache = new Map<string, Map<string, MappedScriptView>>();

function cachedViews(text: string): Map<string, MappedScriptView> {
  let views = cache.get(text);
  if (views) {
    cache.delete(text);
  } else {
    views = new Map();
    if (cache.size >= MAX_TEXTS) cache.delete(cache.keys().next().value as string);
  }
  cache.set(text, views);
  return views;
}

function build(canonical: string, script: Script, views: Map<string, MappedScriptView>): MappedScriptView {
  if (script === 'original') {
    return { script, text: canonical, map: identityOffsetMap(canonical.length) };
  }
  if (script === 'cn') {
    const r = simplifiedByScript(canonical);
    return { script, text: r.text, map: r.map };
  }
  const r = convertByScript(canonical, script, () => {
    const cn = viewIn(canonical, 'cn', undefined, views);
    const s = convertWithMap(cn.text, FROM_SIMPLIFIED[script]);
    return { text: s.text, map: cn.text === canonical ? s.map : composeOffsetMaps(cn.map, s.map) };
  });
  return { script, text: r.text, map: r.map };
}

function viewIn(canonical: string, script: Script, options: ViewOptions | undefined, views: Map<string, MappedScriptView>): MappedScriptView {
  const extra = optionsKey(script, options);
  const key = extra === '' ? script : `${script}\u0000${extra}`;
  let v = views.get(key);
  if (!v) {
    if (extra === '') {
      v = build(canonical, script, views);
    } else {
      const base = viewIn(canonical, script, undefined, views);
      const r = applyViewOptions(base, script, options);
      v = { script, text: r.text, map: r.map };
    }
    views.set(key, v);
  }
  return v;
}

/** The canonical text in a script, with a map from canonical offsets to view offsets. */
export function view(canonical: string, script: Script, options?: ViewOptions): MappedScriptView {
  return viewIn(canonical, script, options, cachedViews(canonical));
}

/** The view when it is built already (原文 always is), else null: nothing is converted. */
export function cachedView(canonical: string, script: Script, options?: ViewOptions): MappedScriptView | null {
  if (script === 'original' && optionsKey(script, options) === '') return view(canonical, script);
  const extra = optionsKey(script, options);
  return cache.get(canonical)?.get(extra === '' ? script : `${script}\u0000${extra}`) ?? null;
}

/** Keeps a view built elsewhere (the reader's worker, for a long article) so view() returns it. */
export function adoptView(canonical: string, built: MappedScriptView, options?: ViewOptions): void {
  const extra = optionsKey(built.script, options);
  cachedViews(canonical).set(extra === '' ? built.script : `${built.script}\u0000${extra}`, built);
}

/** Drop cached views (tests, memory pressure). */
export function clearViewCache(): void {
  cache.clear();
}

/**
 * The view of canonical [range.start, range.end) alone, converted as a text of its own (not
 * kept in the cache): what the reader shows of a long article's visible part while the whole
 * view is built. Its map goes from the range's offsets (0 = range.start) to the piece's.
 */
export function pieceView(canonical: string, script: Script, options: ViewOptions | undefined, range: Range): { text: string; map: SpanOffsetMap } {
  const piece = viewIn(canonical.slice(range.start, range.end), script, options, new Map());
  return { text: piece.text, map: piece.map };
}

/**
 * The whole text with only `range` in the view (`text`, mapped from the range by `map`), the
 * rest as written: one view whose map stays exact everywhere, so highlights and selections
 * in the converted part land on the same canonical characters as in the whole view.
 */
export function piecedView(canonical: string, script: Script, range: Range, text: string, map: SpanOffsetMap): MappedScriptView {
  if (range.start < 0 || range.end > canonical.length || range.start > range.end || map.sourceLength !== range.end - range.start || map.targetLength !== text.length) {
    throw new RangeError('piecedView: the piece does not fit the text');
  }
  return {
    script,
    text: canonical.slice(0, range.start) + text + canonical.slice(range.end),
    map: concatOffsetMaps([identityOffsetMap(range.start), map, identityOffsetMap(canonical.length - range.end)]),
    only: { start: range.start, end: range.end },
  };
}
