// Script views of the canonical text: 原文, 简体, 繁體, 臺灣 (+ phrases), 香港.
//
// The canonical text may be simplified or traditional (seed 004 is traditional) and we do
// not guess which. Every view goes through 简体 first: cn = t2s(canonical), and the
// traditional views are s2X(cn). Why not s2X(canonical) directly: the s2X dictionaries
// expect simplified input, and on traditional text they misfire (s2t turns some already
// traditional characters into other variants; measured: all four traditional views of
// seed 004 differ from direct conversion). t2s is the identity on the simplified seeds
// 000–003 (checked in tests), so for simplified text this chain equals direct s2X.

import type { Script, ScriptView } from './types.ts';
import { convertWithMap } from './convertWithMap.ts';
import { composeOffsetMaps, identityOffsetMap, type SpanOffsetMap } from './offsetMap.ts';

export { convertWithMap } from './convertWithMap.ts';

/** The opencc-js config that turns 简体 into each traditional view. */
const FROM_CN: Record<Exclude<Script, 'original' | 'cn'>, string> = {
  t: 's2t',
  tw: 's2tw',
  twp: 's2twp',
  hk: 's2hk',
};

export interface MappedScriptView extends ScriptView {
  map: SpanOffsetMap;
}

// A few recent texts with all the views built for them, so switching back is instant.
// Keyed by the text itself: Map hashes a string once and caches the hash on it.
const MAX_TEXTS = 6;
const cache = new Map<string, Map<Script, MappedScriptView>>();

function cachedViews(text: string): Map<Script, MappedScriptView> {
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

function build(canonical: string, script: Script, views: Map<Script, MappedScriptView>): MappedScriptView {
  if (script === 'original') {
    return { script, text: canonical, map: identityOffsetMap(canonical.length) };
  }
  if (script === 'cn') {
    const r = convertWithMap(canonical, 't2s');
    return { script, text: r.text, map: r.map };
  }
  const cn = viewIn(canonical, 'cn', views);
  const r = convertWithMap(cn.text, FROM_CN[script]);
  const map = cn.text === canonical ? r.map : composeOffsetMaps(cn.map, r.map);
  return { script, text: r.text, map };
}

function viewIn(canonical: string, script: Script, views: Map<Script, MappedScriptView>): MappedScriptView {
  let v = views.get(script);
  if (!v) {
    v = build(canonical, script, views);
    views.set(script, v);
  }
  return v;
}

/** The canonical text in a script, with a map from canonical offsets to view offsets. */
export function view(canonical: string, script: Script): MappedScriptView {
  return viewIn(canonical, script, cachedViews(canonical));
}

/** The view when it is built already (原文 always is), else null: nothing is converted. */
export function cachedView(canonical: string, script: Script): MappedScriptView | null {
  if (script === 'original') return view(canonical, script);
  return cache.get(canonical)?.get(script) ?? null;
}

/** Keeps a view built elsewhere (the reader's worker, for a long article) so view() returns it. */
export function adoptView(canonical: string, built: MappedScriptView): void {
  cachedViews(canonical).set(built.script, built);
}

/** Drop cached views (tests, memory pressure). */
export function clearViewCache(): void {
  cache.clear();
}
