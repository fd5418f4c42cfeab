// Property test of the Markdown exporter over random articles, quotes and notes: the
// CommonMark reference parser reads back every passage the exporter wrote, its quote as the
// view shows it and its note as written, and no note swallows the passages after it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { blockId, exportMarkdown, type ExportAnnotation } from '../../src-renderer/core/markdownExport.ts';
import { convertText } from '../../src-renderer/core/scriptText.ts';
import { view } from '../../src-renderer/core/scriptView.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { Script } from '../../src-renderer/core/types.ts';
import { readBack } from '../support/markdownReadBack.ts';
import { fuzzRun, shortText } from '../support/fuzzText.ts';

const MARKDOWNISH = [
  '```', '~~~~', '```js', '<!--', '-->', '<pre>', '</pre>', '<script>', '<?', '<![CDATA[', '<!X', '<div>', '# 标题', '## ', '> 引', '- 项', '1. 项', '---', '===',
  '    缩进', '\t制表', '[a]: /url', '| a | b |', '*', '**粗**', '_', '\\', '`', '&amp;', '&#32;', '  ', '\n', '\n\n', '\r\n', '\r', '^', '#营商环境',
];
const noteText = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom(...MARKDOWNISH), fc.string({ unit: 'grapheme', maxLength: 10 })), { maxLength: 12 }).map((ps) => ps.join('')),
  shortText.map((t) => t.slice(0, 200)),
  fc.constant(''),
);

function viewQuote(canonical: string, range: { start: number; end: number }, script: Script): string {
  const v = view(canonical, script);
  const t = v.map.rangeToTarget(range);
  return v.text.slice(t.start, t.end);
}

describe('Markdown export, of any article and notes', () => {
  it('reads back with CommonMark into the same passages, quotes and notes', () => {
    fc.assert(
      fc.property(
        shortText,
        fc.array(fc.record({ a: fc.nat(), len: fc.integer({ min: 1, max: 80 }), note: noteText }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Script>('original', 'cn', 'twp'),
        (raw, picks, script) => {
          const { clean, article } = loadArticle(raw, { fileName: 'fuzz.txt' });
          const canonical = clean.text;
          fc.pre(canonical.length > 0);
          const annotations: ExportAnnotation[] = picks.map((p, i) => {
            const start = p.a % canonical.length;
            const { position, quote } = describeRange(canonical, { start, end: start + p.len });
            return { id: `fuzz-${i}`, articleKey: 'fuzz.txt', fingerprint: 'fp', cleanVersion: CLEAN_VERSION, position, quote, color: 'yellow', note: p.note, tagIds: [], createdAt: i };
          });
          const result = exportMarkdown(
            { articles: [{ key: 'fuzz.txt', text: { canonical, fingerprint: 'fp', article } }], annotations, tags: [] },
            { kind: 'article', key: 'fuzz.txt' },
            { script, exportedAt: 0 },
          );
          expect(result.files).toHaveLength(1);
          const headings = new Set(['孤立标注', '全部批注'].map((w) => convertText(w, script)));
          const back = readBack(result.files[0].content, headings);
          expect(back.map((b) => b.id).sort()).toEqual(annotations.map((a) => blockId(a.id)).sort());
          for (const b of back) {
            const a = annotations.find((x) => blockId(x.id) === b.id)!;
            // Line breaks at the quote's ends hold no text and are not written; CommonMark reads
            // U+0000 as U+FFFD, however it is written (spec 2.3, for security).
            const quote = viewQuote(canonical, a.position, script).replace(/^\n+|\n+$/g, '').replaceAll('\u0000', '\ufffd');
            expect(b.quote, b.id).toBe(quote);
            // As written, line endings made \n and the ends trimmed; an unclosed fence or HTML block closed after it.
            const note = a.note.replace(/\r\n?/g, '\n').trim();
            expect(b.note === note || b.note.startsWith(`${note}\n`), `${b.id}: ${JSON.stringify(b.note)} vs ${JSON.stringify(note)}`).toBe(true);
          }
        },
      ),
      fuzzRun(0xe1, 250),
    );
  });
});
