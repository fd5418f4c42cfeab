// Notes that cost the parser or the renderer without bound (a shared backup can carry any):
// the guard keeps their text and bounds their structure and their parse. Expected strings are
// written by hand from CommonMark's rules (a backslash before ASCII punctuation is a literal).
import { describe, expect, it } from 'vitest';
import { limitLineNesting, limitNoteNesting, MAX_NOTE_NESTING, MAX_PARSED_PART_CHARS, MAX_PART_INLINE_MARKERS, splitNoteForParsing } from '../../src-renderer/core/noteLimits.ts';
import { parseNote, type NoteBlock } from '../../src-renderer/state/noteMarkdown.ts';

/** How deep lists and quotes nest in a parsed note. */
function depth(blocks: NoteBlock[]): number {
  let deepest = 0;
  for (const b of blocks) {
    if (b.kind === 'list') deepest = Math.max(deepest, 1 + Math.max(0, ...b.items.map(depth)));
    if (b.kind === 'quote') deepest = Math.max(deepest, 1 + depth(b.children));
  }
  return deepest;
}

describe('note nesting limit', () => {
  it('keeps markers up to the limit and escapes the next, so the rest is text', () => {
    expect(limitLineNesting('- - - a', 2)).toBe('- - \\- a');
    expect(limitLineNesting('> > > a', 2)).toBe('> > \\> a');
    expect(limitLineNesting('1. 2. 3. a', 2)).toBe('1. 2. 3\\. a');
    expect(limitLineNesting('- > * b', 2)).toBe('- > \\* b');
    expect(limitLineNesting('- a - b', 1)).toBe('- a - b');
    expect(limitLineNesting('普通文字 - 不是列表', 1)).toBe('普通文字 - 不是列表');
  });

  it('counts leading indentation as levels and cuts indentation past the limit', () => {
    // Two columns of indentation are a level: four spaces and a marker are three.
    expect(limitLineNesting('    - a', 2)).toBe('    \\- a');
    expect(limitLineNesting('    - a', 3)).toBe('    - a');
    expect(limitLineNesting(`${' '.repeat(40)}- 深`, 4)).toBe(`${' '.repeat(8)}\\- 深`);
    expect(limitLineNesting('\t\t- a', 4)).toBe('\t\t\\- a');
  });

  it('counts a tab after spaces to the next multiple of four columns (mutant: col + 4 + col % 4)', () => {
    // Two spaces and a tab are four columns, two levels: the marker is the third.
    expect(limitLineNesting('  \t- a', 3)).toBe('  \t- a');
    expect(limitLineNesting('  \t- a', 2)).toBe('  \t\\- a');
  });

  it('escapes a many-digit ordered marker at its last character, keeping its digits (mutants: slice(0, +1), slice(+1))', () => {
    expect(limitLineNesting('10. 11. 12. a', 2)).toBe('10. 11. 12\\. a');
  });

  it('takes every space after a marker, and a marker at the line end, as part of its level (mutant: /^[ \t]/)', () => {
    expect(limitLineNesting('-   -   - a', 2)).toBe('-   -   \\- a');
    expect(limitLineNesting('- -', 3)).toBe('- -');
  });

  it('leaves fenced code alone', () => {
    const note = '```\n- - - - - 代码\n```\n- - - 外';
    expect(limitNoteNesting(note, 2)).toBe('```\n- - - - - 代码\n```\n- - \\- 外');
  });

  it('closes a fence only with its own character, at least as long, nothing after it, indented or not (mutants: the close condition or any of its parts as true, || for &&, line for line.trim())', () => {
    // CommonMark: ~~~ does not close ```, ``` does not close ````, ``` js is not a closing
    // fence, and a closing fence may be indented up to three spaces.
    expect(limitNoteNesting('```\n~~~\n- - - 代码\n```\n- - - 外', 2)).toBe('```\n~~~\n- - - 代码\n```\n- - \\- 外');
    expect(limitNoteNesting('````\n```\n- - - 代码\n````\n- - - 外', 2)).toBe('````\n```\n- - - 代码\n````\n- - \\- 外');
    expect(limitNoteNesting('```\n``` js\n- - - 代码\n```\n- - - 外', 2)).toBe('```\n``` js\n- - - 代码\n```\n- - \\- 外');
    expect(limitNoteNesting('```\n- - - 代码\n  ```\n- - - 外', 2)).toBe('```\n- - - 代码\n  ```\n- - \\- 外');
  });

  it('a note of 200 list markers parses to the limit, its text kept', () => {
    const tree = parseNote('- '.repeat(200));
    expect(depth(tree)).toBe(MAX_NOTE_NESTING);
    expect(JSON.stringify(tree)).toContain('- - - -');
  });

  it('lists of 1,000 and 5,000 levels, by markers, quotes or indentation, stay within the limit', () => {
    const byIndent = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}- 第${i}层`).join('\n');
    const byQuote = (n: number) => Array.from({ length: n }, (_, i) => `${'> '.repeat(i + 1)}第${i}层`).join('\n');
    for (const note of [byIndent(1000), byQuote(1000), '- '.repeat(5000) + '底', '> '.repeat(5000) + '底']) {
      const limited = limitNoteNesting(note);
      for (const line of limited.split('\n')) {
        // Counted independently: unescaped markers before the first other character.
        const markers = /^(?:[ \t]*(?:[-+*>]|\d+[.)])(?=[ \t]|$))*/.exec(line)![0].match(/[-+*>]|\d+[.)]/g)?.length ?? 0;
        expect(markers).toBeLessThanOrEqual(MAX_NOTE_NESTING);
        expect(/^[ \t]*/.exec(line)![0].length).toBeLessThanOrEqual(2 * MAX_NOTE_NESTING);
      }
    }
    expect(depth(parseNote(byIndent(1000)))).toBeLessThanOrEqual(MAX_NOTE_NESTING);
    expect(JSON.stringify(parseNote(byIndent(1000)))).toContain('第999层');
  });
});

describe('note parts', () => {
  it('a short note is one Markdown part, as written', () => {
    expect(splitNoteForParsing('**重点**\n\n- 一\n- 二')).toEqual([{ kind: 'markdown', text: '**重点**\n\n- 一\n- 二' }]);
  });

  it('a long note is cut at blank lines before top-level paragraphs, never inside a list or a fence', () => {
    const paragraph = '营商环境'.repeat(300); // 1,200 characters
    const list = '- 一\n\n- 二';
    const fence = '```\n' + '代码\n\n'.repeat(400) + '```';
    const note = [paragraph, paragraph, list, paragraph, fence, paragraph].join('\n\n');
    const parts = splitNoteForParsing(note);
    // Each part keeps the blank line it ends with: joined, they are the note.
    expect(parts.map((p) => p.text).join('\n')).toBe(note);
    expect(parts.map((p) => p.text)).toEqual([`${paragraph}\n\n${paragraph}\n\n${list}\n`, `${paragraph}\n\n${fence}\n`, paragraph]);
  });

  it('cuts once a part holds exactly NOTE_PART_CHARS, not before (mutant: size > NOTE_PART_CHARS)', () => {
    // 1,998 characters, their line break and the blank line's: 2,000.
    const full = '营'.repeat(1998);
    expect(splitNoteForParsing(`${full}\n\n下一段`)).toEqual([
      { kind: 'markdown', text: `${full}\n` },
      { kind: 'markdown', text: '下一段' },
    ]);
    const short = '营'.repeat(1997);
    expect(splitNoteForParsing(`${short}\n\n下一段`)).toEqual([{ kind: 'markdown', text: `${short}\n\n下一段` }]);
  });

  it('does not cut before an indented line or a quote (mutants: /\\S/ for /^\\S/, endsWith for startsWith)', () => {
    const paragraph = '营商环境'.repeat(500); // 2,000 characters
    const note = [paragraph, '    缩进的代码', '> 引文', '末段'].join('\n\n');
    expect(splitNoteForParsing(note).map((p) => p.text)).toEqual([`${paragraph}\n\n    缩进的代码\n\n> 引文\n`, '末段']);
  });

  it('cuts only after a blank line, and a line of spaces is blank (mutants: previousBlank always true, line for line.trim())', () => {
    // One paragraph written over three lines, no blank line: one part however long.
    const lines = ['甲'.repeat(1500), '乙'.repeat(1500), '丙'.repeat(10)].join('\n');
    expect(splitNoteForParsing(lines)).toEqual([{ kind: 'markdown', text: lines }]);
    const paragraph = '营商环境'.repeat(500);
    expect(splitNoteForParsing(`${paragraph}\n  \n末段`).map((p) => p.text)).toEqual([`${paragraph}\n  `, '末段']);
  });

  it('parses a part of exactly MAX_PARSED_PART_CHARS characters or MAX_PART_INLINE_MARKERS markers (mutants: >= for >)', () => {
    const longest = '文'.repeat(MAX_PARSED_PART_CHARS);
    expect(splitNoteForParsing(longest)).toEqual([{ kind: 'markdown', text: longest }]);
    // Four markers each: `**要**` × 64 is 256.
    const densest = '**要**'.repeat(64);
    expect(MAX_PART_INLINE_MARKERS).toBe(256);
    expect(splitNoteForParsing(densest)).toEqual([{ kind: 'markdown', text: densest }]);
    expect(splitNoteForParsing(`${densest}*`)).toEqual([{ kind: 'plain', text: `${densest}*` }]);
  });

  it('`**a` × 40,000 and other marker floods are plain text, kept whole', () => {
    const flood = '**a'.repeat(40_000);
    expect(splitNoteForParsing(flood)).toEqual([{ kind: 'plain', text: flood }]);
    const dense = '*a_'.repeat(200); // 600 characters, 400 markers
    expect(splitNoteForParsing(dense)).toEqual([{ kind: 'plain', text: dense }]);
    const long = '文'.repeat(MAX_PARSED_PART_CHARS + 1);
    expect(splitNoteForParsing(long)).toEqual([{ kind: 'plain', text: long }]);
  });
});
