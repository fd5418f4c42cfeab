// What the reader draws for each block: runs of the current view's text, some carrying a
// pinyin reading. Everything is computed from canonical ranges through the view's offset
// map, so conversions that change length (主板 → 主機板) never shift text or readings.
import type { Block, Range, RubyAnnotation, Run, ScriptView } from '../core/types.ts';

export interface Segment {
  text: string;
  /** Offset of `text` in the view text: the DOM carries it so selections map back to offsets. */
  start: number;
  /** Pinyin shown as ruby over `text`. */
  reading?: string;
  /** Markdown marks (core/types.ts MARK). */
  marks?: number;
  /** A link the app may open. */
  href?: string;
  /** Drawn text that is not view text (a decoded `&amp;`): no `data-v`, never selected or found. */
  literal?: boolean;
}

export type PartRole = 'text' | 'credit' | 'date';

export interface BlockPart {
  role: PartRole;
  segments: Segment[];
}

interface MappedRuby extends Range {
  reading: string;
}

/** Ruby annotations mapped into the view, clipped to `target`, overlapping ones merged. */
function rubyIn(view: ScriptView, ruby: readonly RubyAnnotation[], source: Range, target: Range): MappedRuby[] {
  const mapped: MappedRuby[] = [];
  // Annotations are sorted and never overlap, so their ends ascend too: start at the first
  // one ending inside the source (a 10 MB article with pinyin draws a few rows at a time).
  let lo = 0;
  let hi = ruby.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ruby[mid].end <= source.start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < ruby.length && ruby[k].start < source.end; k++) {
    const r = ruby[k];
    if (r.end <= source.start) continue;
    const t = view.map.rangeToTarget(r);
    const start = Math.max(t.start, target.start);
    const end = Math.min(t.end, target.end);
    if (end <= start) continue;
    const last = mapped[mapped.length - 1];
    // A phrase conversion can widen two annotated characters to one span: one ruby, both readings.
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      last.reading = `${last.reading} ${r.reading}`;
    } else {
      mapped.push({ start, end, reading: r.reading });
    }
  }
  return mapped;
}

/** Runs of view text for a view range, with ruby where annotations fall. */
export function segmentsOf(view: ScriptView, ruby: readonly RubyAnnotation[] | null, source: Range, target: Range): Segment[] {
  const segments: Segment[] = [];
  let at = target.start;
  if (ruby && ruby.length > 0) {
    for (const r of rubyIn(view, ruby, source, target)) {
      if (r.start > at) segments.push({ text: view.text.slice(at, r.start), start: at });
      segments.push({ text: view.text.slice(r.start, r.end), start: r.start, reading: r.reading });
      at = r.end;
    }
  }
  if (target.end > at) segments.push({ text: view.text.slice(at, target.end), start: at });
  return segments;
}

/** Canonical sub-ranges of a block in reading order: a caption's credit and a chronicle's date stand apart. */
function canonicalParts(block: Block): { role: PartRole; range: Range }[] {
  const inside = (r: Range | undefined) => r && r.start >= block.start && r.end <= block.end && r.end > r.start;
  const parts: { role: PartRole; range: Range }[] = [];
  const special = block.kind === 'caption' && inside(block.credit) ? { role: 'credit' as const, range: block.credit! } : block.kind === 'chronicle' && inside(block.date) ? { role: 'date' as const, range: block.date! } : null;
  if (!special) return [{ role: 'text', range: { start: block.start, end: block.end } }];
  if (special.range.start > block.start) parts.push({ role: 'text', range: { start: block.start, end: special.range.start } });
  parts.push(special);
  if (special.range.end < block.end) parts.push({ role: 'text', range: { start: special.range.end, end: block.end } });
  return parts;
}

const DATE_SEPARATOR = /[\s，,：:、．.]/;

/**
 * The block's parts in the view, with ruby when `ruby` is given. Whitespace-only parts are
 * dropped. `from`: a view offset already drawn up to (the previous piece of a block cut for
 * display), so a phrase widened across the cut is drawn once.
 */
export function blockParts(view: ScriptView, ruby: readonly RubyAnnotation[] | null, block: Block, from = 0): BlockPart[] {
  if (block.runs) {
    const segments = runSegments(view, ruby, block.runs, from);
    return segments.length ? [{ role: 'text', segments }] : [];
  }
  const out: BlockPart[] = [];
  let floor = Math.max(from, view.map.rangeToTarget(block).start);
  let previous: PartRole | null = null;
  for (const { role, range } of canonicalParts(block)) {
    const t = view.map.rangeToTarget(range);
    // Widening at a phrase boundary could make neighbouring parts overlap: never draw text twice.
    const target = { start: Math.max(t.start, floor), end: Math.max(t.end, floor) };
    floor = target.end;
    // The date stands on its own line, so the comma that followed it in running text goes.
    if (previous === 'date') while (target.start < target.end && DATE_SEPARATOR.test(view.text[target.start])) target.start++;
    previous = role;
    if (view.text.slice(target.start, target.end).trim() === '') continue;
    out.push({ role, segments: segmentsOf(view, ruby, range, target) });
  }
  return out;
}

/**
 * A Markdown block's shown runs in the view, in order: each run's text mapped on its own, so
 * the markers between runs are never drawn; a phrase widened across a marker is drawn once.
 */
export function runSegments(view: ScriptView, ruby: readonly RubyAnnotation[] | null, runs: readonly Run[], from = 0): Segment[] {
  const out: Segment[] = [];
  let floor = from;
  for (const run of runs) {
    if (run.literal !== undefined) {
      if (run.literal) out.push({ text: run.literal, start: -1, marks: run.marks, literal: true });
      continue;
    }
    const t = view.map.rangeToTarget(run);
    const target = { start: Math.max(t.start, floor), end: Math.max(t.end, floor) };
    floor = target.end;
    if (target.end <= target.start) continue;
    for (const segment of segmentsOf(view, ruby, run, target)) {
      if (run.marks) segment.marks = run.marks;
      if (run.href) segment.href = run.href;
      out.push(segment);
    }
  }
  return out;
}

export interface TablePartsRow {
  header: boolean;
  cells: Segment[][];
}

/** A table block's cells in the view. */
export function tableParts(view: ScriptView, ruby: readonly RubyAnnotation[] | null, block: Block): TablePartsRow[] {
  return (block.rows ?? []).map((row) => ({ header: row.header, cells: row.cells.map((cell) => runSegments(view, ruby, cell)) }));
}

/** Plain view text of a block (outline entries, accessible names). */
export function blockText(view: ScriptView, block: Range & { runs?: readonly Run[] }): string {
  if (block.runs) return runSegments(view, null, block.runs).map((s) => s.text).join('').trim();
  const t = view.map.rangeToTarget(block);
  return view.text.slice(t.start, t.end).trim();
}
