// Each cleaning stage rewrites one line left to right. It reports where every input offset
// went, so ruby annotations and edits recorded by earlier stages can be carried through
// the later ones without re-deriving them.

import type { CleanEdit, RubyAnnotation } from './types.ts';

export interface StageResult {
  text: string;
  /** map[i] = output offset of input offset i (length input.length + 1); removed text maps to where it was. */
  map: Int32Array;
  edits: CleanEdit[];
}

export class LineRewriter {
  private parts: string[] = [];
  private outLen = 0;
  private next = 0;
  readonly map: Int32Array;
  readonly edits: CleanEdit[] = [];

  constructor(private readonly input: string) {
    this.map = new Int32Array(input.length + 1);
  }

  get outputLength(): number {
    return this.outLen;
  }

  /** The output written so far (used by stages that look back at what they produced). */
  lastOutput(): string {
    return this.parts.length ? this.parts[this.parts.length - 1] : '';
  }

  /** Copy input up to (not including) `end` unchanged. */
  copyTo(end: number): void {
    if (end <= this.next) return;
    for (let i = this.next; i < end; i++) this.map[i] = this.outLen + (i - this.next);
    this.parts.push(this.input.slice(this.next, end));
    this.outLen += end - this.next;
    this.next = end;
  }

  /** Replace input [next, end) by `text`; offsets inside map to the replacement's start. */
  replace(end: number, text: string, edit?: CleanEdit['kind']): void {
    for (let i = this.next; i < end; i++) this.map[i] = this.outLen;
    if (edit) this.edits.push({ kind: edit, at: this.outLen });
    if (text) {
      this.parts.push(text);
      this.outLen += text.length;
    }
    this.next = end;
  }

  finish(): StageResult {
    this.copyTo(this.input.length);
    this.map[this.input.length] = this.outLen;
    return { text: this.parts.join(''), map: this.map, edits: this.edits };
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

/** Carry a line's ruby and edits through a stage. */
export function applyStage(line: WorkLine, stage: StageResult): WorkLine {
  // Every rewrite records an edit, so no edits and the same text means nothing moved:
  // most lines of a large file take this path.
  if (stage.edits.length === 0 && stage.text === line.text) return line;
  const m = stage.map;
  return {
    ...line,
    text: stage.text,
    ruby: line.ruby.map((r) => ({ start: m[r.start], end: m[r.end], reading: r.reading })),
    edits: [...line.edits.map((e) => ({ kind: e.kind, at: m[e.at] })), ...stage.edits].sort((a, b) => a.at - b.at),
  };
}

/** Concatenate two lines (b after a, with `sep` between); b's offsets shift. */
export function concatLines(a: WorkLine, b: WorkLine, sep: string, kind: CleanEdit['kind']): WorkLine {
  const shift = a.text.length + sep.length;
  return {
    text: a.text + sep + b.text,
    ruby: [...a.ruby, ...b.ruby.map((r) => ({ start: r.start + shift, end: r.end + shift, reading: r.reading }))],
    edits: [...a.edits, { kind, at: a.text.length }, ...b.edits.map((e) => ({ kind: e.kind, at: e.at + shift }))],
    blanksBefore: a.blanksBefore,
    group: a.group,
  };
}
