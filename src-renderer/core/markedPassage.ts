// A coded passage as the theme page shows it: its text in the reading script, cut into
// pieces so the theme's mentions inside it can be marked. The whole passage is converted at
// once and the marks are carried over by the conversion's map: converting the pieces one by
// one would miss phrases that run across a mark's edge, and lengths change (主板 → 主機板).
import { occurrences } from './mentions.ts';
import { applyViewOptions, convertByScript, simplifiedByScript } from './scriptRoutes.ts';
import { searchKey } from './searchKey.ts';
import type { Range, Script, ViewOptions } from './types.ts';

export interface MarkedPiece {
  text: string;
  /** A mention of the theme. */
  mark: boolean;
}

/** `passage` in `script`, with every occurrence of `names` (any script, as search finds them) marked. */
export function markedPassage(passage: string, names: readonly string[], script: Script, options?: ViewOptions): MarkedPiece[] {
  const found = occurrences(searchKey(passage), names);
  if (script === 'original' || passage === '') return pieces(passage, found);
  const converted = applyViewOptions(script === 'cn' ? simplifiedByScript(passage) : convertByScript(passage, script), script, options);
  return pieces(
    converted.text,
    found.map((r) => converted.map.rangeToTarget(r)),
  );
}

function pieces(text: string, marks: readonly Range[]): MarkedPiece[] {
  const out: MarkedPiece[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at || m.end <= m.start) continue;
    if (m.start > at) out.push({ text: text.slice(at, m.start), mark: false });
    out.push({ text: text.slice(m.start, m.end), mark: true });
    at = m.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}
