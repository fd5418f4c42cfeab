// Each cleaning stage rewrites one line left to right. It reports where every input offset
// went, so ruby annotations and edits recorded by earlier stages can be carried through
// the later ones without re-deriving them.

import type { CleanEdit, RubyAnnotation } from './types.ts';

export interface StageResult {
  text: string;
  /** The output offset of input offset i (0 … input.length); removed text maps to where it was. */
  mapOffset: (i: number) => number;
  edits: CleanEdit[];
}

const sameOffset = (i: number): number => i;

/** A stage that left `text` as it was. */
export function unchangedStage(text: string): StageResult {
  return { text, mapOffset: sameOffset, edits: [] };
}

/**
 * Where each offset went is kept as the list of replacements, not one number per input
 * character: most stages change a handful of places in a line that may be millions of
 * characters long, and only the few ruby and edit offsets are ever looked up.
 */
export class LineRewriter {
  private parts: string[] = [];
  private outLen = 0;
  private next = 0;
  /** Replacement k: input [inStart[k], inEnd[k]) became output [outStart[k], outEnd[k]). */
  private readonly inStart: number[] = [];
  private readonly inEnd: number[] = [];
  private readonly outStart: number[] = [];
  private readonly outEnd: number[] = [];
  readonly edits: CleanEdit[] = [];

  constructor(private readonly input: string) {}

  get outputLength(): number {
    return this.outLen;
  }

  /** Copy input up to (not including) `end` unchanged. */
  copyTo(end: number): void {
    if (end <= this.next) return;
    this.parts.push(this.input.slice(this.next, end));
    this.outLen += end - this.next;
    this.next = end;
  }

  /** Replace input [next, end) by `text`; offsets inside map to the replacement's start. */
  replace(end: number, text: string, edit?: CleanEdit['kind']): void {
    if (edit) this.edits.push({ kind: edit, at: this.outLen });
    this.inStart.push(this.next);
    this.inEnd.push(end);
    this.outStart.push(this.outLen);
    if (text) {
      this.parts.push(text);
      this.outLen += text.length;
    }
    this.outEnd.push(this.outLen);
    this.next = end;
  }

  finish(): StageResult {
    const { inStart, inEnd, outStart, outEnd } = this;
    if (inStart.length === 0) return { text: this.input, mapOffset: sameOffset, edits: this.edits };
    this.copyTo(this.input.length);
    const mapOffset = (i: number): number => {
      // The last replacement starting at or before i (an insertion and a replacement may share a start: the later one counts).
      let lo = 0;
      let hi = inStart.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (inStart[mid] <= i) lo = mid + 1;
        else hi = mid;
      }
      const k = lo - 1;
      if (k < 0) return i;
      return i < inEnd[k] ? outStart[k] : outEnd[k] + (i - inEnd[k]);
    };
    return { text: this.parts.join(''), mapOffset, edits: this.edits };
  }
}

/** A line on its way through `clean`: text plus the metadata that must move with it. */
export interface WorkLine {
  text: string;
  ruby: RubyAnnotation[];
  edits: CleanEdit[];
  /** Blank (or whitespace-only) raw lines directly above this one. */
  blanksBefore: number;
  /** Raw paragraph group: lines not separated by a blank line share a group. */
  group: number;
  /**
   * Markdown syntax: a `structure` line (heading, quote, list item, rule …) keeps its own
   * line; a `verbatim` one (front matter, fenced code) is also left unrepaired.
   */
  markup?: 'structure' | 'verbatim';
}

/**
 * A WorkLine, always made here. Every line of every file passes the stages, and V8 compiles
 * them for the object and array layouts it has seen, and throws that code away when another
 * comes: lines made by literals of different key orders, and arrays made by `map` (holey ones,
 * as V8 makes them), gave each stage several, and a worker's first scan compiled the stages
 * again and again. One key order, and arrays filled by push, keep them to one each.
 */
export function workLine(text: string, ruby: RubyAnnotation[], edits: CleanEdit[], blanksBefore: number, group: number, markup: WorkLine['markup']): WorkLine {
  return { text, ruby, edits, blanksBefore, group, markup };
}

/** The edits with their offsets moved by `move`, in an array filled by push (see workLine). */
export function movedEdits(edits: readonly CleanEdit[], move: (at: number) => number, into: CleanEdit[] = []): CleanEdit[] {
  for (const e of edits) into.push({ kind: e.kind, at: move(e.at) });
  return into;
}

/** The readings with their offsets moved by `move`, in an array filled by push (see workLine). */
export function movedRuby(ruby: readonly RubyAnnotation[], move: (at: number) => number, into: RubyAnnotation[] = []): RubyAnnotation[] {
  for (const r of ruby) into.push({ start: move(r.start), end: move(r.end), reading: r.reading });
  return into;
}

/** Carry a line's ruby and edits through a stage. */
export function applyStage(line: WorkLine, stage: StageResult): WorkLine {
  // Every rewrite records an edit, so no edits and the same text means nothing moved:
  // most lines of a large file take this path.
  if (stage.edits.length === 0 && stage.text === line.text) return line;
  const m = stage.mapOffset;
  return workLine(stage.text, movedRuby(line.ruby, m), mergeEdits(movedEdits(line.edits, m), stage.edits), line.blanksBefore, line.group, line.markup);
}

/** `[...a, ...b]` stably sorted by offset; both are nearly always sorted already, and then a merge does it. */
function mergeEdits(a: CleanEdit[], b: CleanEdit[]): CleanEdit[] {
  if (a.length === 0 && isSorted(b)) return b.slice();
  if (!isSorted(a) || !isSorted(b)) return [...a, ...b].sort((x, y) => x.at - y.at);
  const out: CleanEdit[] = [];
  let i = 0;
  let j = 0;
  // On a tie the earlier stage's edit comes first, as the stable sort of a then b puts it.
  while (i < a.length && j < b.length) out.push(b[j].at < a[i].at ? b[j++] : a[i++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function isSorted(edits: CleanEdit[]): boolean {
  for (let k = 1; k < edits.length; k++) if (edits[k].at < edits[k - 1].at) return false;
  return true;
}

/** Concatenate two lines (b after a, with `sep` between); b's offsets shift. */
export function concatLines(a: WorkLine, b: WorkLine, sep: string, kind: CleanEdit['kind']): WorkLine {
  const shift = a.text.length + sep.length;
  const pastFirstLine = (at: number): number => at + shift;
  const edits = a.edits.slice();
  edits.push({ kind, at: a.text.length });
  return workLine(a.text + sep + b.text, movedRuby(b.ruby, pastFirstLine, a.ruby.slice()), movedEdits(b.edits, pastFirstLine, edits), a.blanksBefore, a.group, undefined);
}
