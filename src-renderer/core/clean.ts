// raw text → canonical text. Deterministic; bump CLEAN_VERSION whenever the output for
// some input changes, because annotations are anchored on canonical offsets.
//
// Order matters: pinyin is lifted first so 個(gè),, reads as 個,, to the punctuation
// stages; punctuation is fixed before layout repair so "is this a sentence end?" sees the
// final marks.
//
// Markdown markers (`## `, `> `, `- `, `1. `, fences, front matter) stay in the canonical
// text: it remains the file as written, and parse leaves the markers out of its block
// ranges. clean only makes sure layout repair never joins such a line to a neighbour, and
// leaves front matter and fenced code unrepaired (they are data and code, not prose).

import { gluedCreditEnd } from './captionCues.ts';
import { isBlankLineLayout, joinCreditLines, joinLabelGroups, joinSplitParagraphs } from './layoutJoin.ts';
import { applyStage, movedEdits, movedRuby, workLine, type WorkLine } from './lineRewrite.ts';
import { closesFence, fenceOpening, frontMatterEnd, isStructuralLine } from './markdownSyntax.ts';
import { liftPinyin } from './pinyin.ts';
import { collapseArtifacts, tidySpaces, toFullWidth } from './punctuation.ts';
import type { CleanEdit, CleanResult, RubyAnnotation } from './types.ts';

// 2: Markdown structure lines are never joined; front matter and fenced code are left as written.
// 3: canonical text cleans to itself: a reading right after a lifted one (字(zì)(zì)) is lifted
//    too, a mark made full-width is CJK context for its neighbours, joined lines are repaired again.
// 4: a short line standing alone above a blank line is never joined to the paragraph below
//    (an unpunctuated subheading is not half a cut paragraph).
// 5: Markdown link and image syntax (`](…)`, `![`) and the `;` of `&nbsp;` are never made full-width.
export const CLEAN_VERSION = 5;

export function clean(raw: string): CleanResult {
  let lines = markSyntax(splitLines(raw)).map(repairLine).flatMap(splitGluedCredit);
  const blankLayout = isBlankLineLayout(lines);
  if (blankLayout) lines = joinLabelGroups(lines);
  lines = joinCreditLines(lines, blankLayout);
  lines = joinSplitParagraphs(lines, blankLayout);
  // A join makes new neighbours (绿 + ,,1. → 绿,,1.; （注） + 深化 with a space between) that
  // the line repairs never saw; left alone, the next clean of the canonical text would fix them.
  lines = lines.map((l) => (l.edits.some((e) => e.kind === 'layout-join') ? repairLine(l) : l));
  return assemble(lines, blankLayout ? 'blank-line' : 'line-per-paragraph');
}

function markSyntax(lines: WorkLine[]): WorkLine[] {
  const frontEnd = frontMatterEnd(lines.slice(0, 102).map((l) => l.text));
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.text;
    if (i <= frontEnd) {
      line.markup = 'verbatim';
    } else if (fence !== null) {
      line.markup = 'verbatim';
      if (closesFence(t, fence)) fence = null;
    } else if ((fence = fenceOpening(t)) !== null) {
      line.markup = 'verbatim';
    } else if (isStructuralLine(t)) {
      line.markup = 'structure';
    }
  }
  return lines;
}

function splitLines(raw: string): WorkLine[] {
  const lines: WorkLine[] = [];
  let blanks = 0;
  let group = -1;
  let start = 0;
  // Manual scan instead of split('\n'): a 10 MB file should not be copied line by line twice.
  while (start <= raw.length) {
    let end = raw.indexOf('\n', start);
    if (end < 0) end = raw.length;
    const rawLine = raw.slice(start, end);
    const text = rawLine.trim();
    start = end + 1;
    if (!text) {
      blanks++;
      continue;
    }
    if (blanks > 0 || group < 0) group++;
    const edits: CleanEdit[] = text.length !== rawLine.length ? [{ kind: 'whitespace', at: 0 }] : [];
    lines.push(workLine(text, [], edits, lines.length ? blanks : 0, group, undefined));
    blanks = 0;
  }
  return lines;
}

function repairLine(line: WorkLine): WorkLine {
  if (line.markup === 'verbatim') return line;
  const pinyin = liftPinyin(line.text);
  let out = applyStage(line, pinyin);
  for (const r of pinyin.ruby) out.ruby.push(r);
  out = applyStage(out, collapseArtifacts(out.text));
  out = applyStage(out, toFullWidth(out.text));
  out = applyStage(out, tidySpaces(out.text));
  return out;
}

/** 安吉县溪龙乡供图12345政务服务便民热线 → the credit, then the next caption on its own line. */
function splitGluedCredit(line: WorkLine): WorkLine[] {
  const at = line.markup ? -1 : gluedCreditEnd(line.text);
  if (at < 0) return [line];
  const first = workLine(line.text.slice(0, at), line.ruby.filter((r) => r.end <= at), line.edits.filter((e) => e.at < at), line.blanksBefore, line.group, line.markup);
  const toSecondLine = (offset: number): number => offset - at;
  const ruby = movedRuby(line.ruby.filter((r) => r.start >= at), toSecondLine);
  const edits = movedEdits(line.edits.filter((e) => e.at >= at), toSecondLine, [{ kind: 'layout-split', at: 0 }]);
  const second = workLine(line.text.slice(at), ruby, edits, 0, line.group, undefined);
  return [first, ...splitGluedCredit(second)];
}

function assemble(lines: WorkLine[], layout: CleanResult['layout']): CleanResult {
  const ruby: RubyAnnotation[] = [];
  const edits: CleanEdit[] = [];
  let offset = 0;
  for (const line of lines) {
    for (const r of line.ruby) ruby.push({ start: r.start + offset, end: r.end + offset, reading: r.reading });
    for (const e of line.edits) edits.push({ kind: e.kind, at: e.at + offset });
    offset += line.text.length + 1;
  }
  // Lines come in order and each line's readings too; sort only if a join left them otherwise.
  for (let i = 1; i < ruby.length; i++) {
    if (ruby[i].start < ruby[i - 1].start) {
      ruby.sort((a, b) => a.start - b.start);
      break;
    }
  }
  return { text: lines.map((l) => l.text).join('\n'), ruby, edits, cleanVersion: CLEAN_VERSION, layout };
}
