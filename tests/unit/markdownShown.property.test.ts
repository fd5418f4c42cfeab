// Properties of what a Markdown article shows, over random documents mixing every construct
// the reader handles: every position the reader draws maps back into the canonical text and
// round-trips through a script view; what is hidden (front matter, markers, link targets,
// image addresses, tags, comments) is never hit by search, find or theme mentions; and the
// search count is the count of what is drawn.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { canonicalRangeToView, viewRangeToCanonical } from '../../src-renderer/core/anchor.ts';
import { findMentions, occurrences } from '../../src-renderer/core/mentions.ts';
import { view } from '../../src-renderer/core/scriptView.ts';
import { maskHidden } from '../../src-renderer/core/shownText.ts';
import { countAll, searchKey } from '../../src-renderer/core/searchKey.ts';
import { MARK, type Block, type Run } from '../../src-renderer/core/types.ts';
import { runSegments } from '../../src-renderer/state/blockParts.ts';
import { fuzzRun } from '../support/fuzzText.ts';

const word = fc.constantFrom('营商', '环境', '營商環境', '人才', '招商', '引资', 'abc', '2024', '，', '。', ' ');
// Delimiters wrap words: `** **` is no emphasis by the grammar, so it would be text.
const wrapped = fc.constantFrom('营商', '环境', '營商環境', '人才', '招商', '引资', 'abc', '2024');
const inline = fc.oneof(
  word,
  wrapped.map((w) => `**${w}**`),
  wrapped.map((w) => `*${w}*`),
  wrapped.map((w) => `~~${w}~~`),
  word.map((w) => `\`${w}\``),
  word.map((w) => `[${w}](https://例子.cn/营商/${w.trim()})`),
  word.map((w) => `![${w}](图/营商.png)`),
  word.map((w) => `<span class="营商">${w}</span>`),
  fc.constantFrom('&amp;', '&nbsp;', '\\*', '[^1]', '<br>', '<https://营商.example/x>', 'x<!-- 营商 -->'),
);
const lineStart = fc.constantFrom('', '', '', '# ', '## ', '> ', '- ', '1. ', '39. ', '- [ ] ', '- [x] ');
// Parts are separated (、) so two delimiter runs never merge into one (~~a~~~~b~~ is, by the grammar, text).
const textLine = fc.tuple(lineStart, fc.array(inline, { minLength: 1, maxLength: 6 })).map(([s, parts]) => s + parts.join('、'));
const specialLine = fc.constantFrom(
  '| 营商 | 环境 |\n|---|---|\n| 人才 | **招商** |',
  '```\n营商 `code` **x**\n```',
  '---',
  '===',
  '<figure><img src="营商.jpg" alt="环境"><figcaption>人才 <strong>招商</strong></figcaption></figure>',
  '<p>营商&ldquo;环境&rdquo;</p>',
  '[^1]: 营商注释',
  '[营商]: https://例子.cn/营商',
  '<script>营商()</script>',
);
const frontMatter = fc.constantFrom('', '---\ntitle: 营商环境\ntags: [营商, 人才]\n---\n\n');
const doc = fc
  .tuple(frontMatter, fc.array(fc.oneof(textLine, textLine, specialLine), { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\n\n'))
  // A footnote reference is one only where its definition exists.
  .map(([fm, lines, sep]) => `${fm}${lines.join(sep)}\n\n[^1]: 注`);

const MARKUP = /\*\*|~~|\]\(|<\/?[a-z]|\[\^|^#+ |^> |!\[|^\d+\. |\[[ x]\]|&(?:amp|nbsp|ldquo|rdquo);|\|/;

function shownMask(length: number, blocks: readonly Block[]): Uint8Array {
  const shown = new Uint8Array(length);
  for (const b of blocks) for (const r of b.runs ?? [b as unknown as Run]) if (r.literal === undefined) shown.fill(1, r.start, r.end);
  return shown;
}

describe('Markdown: what is shown', () => {
  it('every drawn position maps back into the canonical text and round-trips, in 原文 and 臺灣', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom('original', 'tw') as fc.Arbitrary<'original' | 'tw'>, (raw, script) => {
        const { clean, article } = loadArticle(raw, { fileName: 'x.md' });
        const t = clean.text;
        const shown = shownMask(t.length, article.blocks);
        const v = view(t, script);
        for (const b of article.blocks) {
          const runs = b.rows ? b.rows.flatMap((r) => r.cells.flat()) : (b.runs ?? []);
          for (const segment of runSegments(v, null, runs)) {
            if (segment.literal) continue;
            // No markup is drawn as text (the generated words carry none; code is shown as written).
            if (!((segment.marks ?? 0) & MARK.code)) expect(segment.text, JSON.stringify(t)).not.toMatch(MARKUP);
            // The drawn text is the view's text at the offset the DOM carries.
            expect(v.text.slice(segment.start, segment.start + segment.text.length)).toBe(segment.text);
            for (let k = 0; k < segment.text.length; k++) {
              const c = viewRangeToCanonical(v, { start: segment.start + k, end: segment.start + k + 1 });
              expect(c.start).toBeGreaterThanOrEqual(0);
              expect(c.end).toBeLessThanOrEqual(t.length);
              // A drawn character comes from shown canonical text, never from markup.
              expect(shown[c.start], `${JSON.stringify(t)} @${c.start}`).toBe(1);
              const back = canonicalRangeToView(v, c);
              expect(back.start).toBeLessThanOrEqual(segment.start + k);
              expect(back.end).toBeGreaterThanOrEqual(segment.start + k + 1);
            }
          }
        }
      }),
      fuzzRun(0x3d0001, 150),
    );
  });

  it('search, find and mentions never hit hidden text; counts equal what is drawn', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom('营商', '环境', '营商环境', '人才', '招商'), (raw, needle) => {
        const { clean, article } = loadArticle(raw, { fileName: 'x.md' });
        const t = clean.text;
        const shown = shownMask(t.length, article.blocks);
        const folded = searchKey(maskHidden(t, article.hidden));
        const hits = occurrences(folded, [needle]);
        const mentions = findMentions(t, folded, [needle], []).map((m) => m.range);
        expect(mentions).toEqual(hits);
        for (const r of hits) {
          expect(shown[r.start], `${JSON.stringify(t)} ${r.start}`).toBe(1);
          expect(shown[r.end - 1]).toBe(1);
        }
        // What the reader draws, block by block (literals drawn too, as they are shown).
        const drawn = article.blocks
          .map((b) => (b.rows ? b.rows.flatMap((r) => r.cells.flat()) : (b.runs ?? [])).map((r) => (r.literal !== undefined ? '\n' : t.slice(r.start, r.end))).join(''))
          .join('\n');
        expect(countAll(folded, needle)).toBe(countAll(searchKey(drawn), needle));
      }),
      fuzzRun(0x3d0002, 150),
    );
  });
});
