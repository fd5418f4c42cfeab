// Theme mentions on the seeds: 营商环境 is mentioned 24 times in four articles, in simplified
// (000, 002, 003) and traditional (004) text, and the ranges are exact canonical ranges.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src-renderer/core/clean.ts';
import { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { findMentions, occurrences, sentenceAround } from '../../src-renderer/core/mentions.ts';
import { searchKey, searchKeyText } from '../../src-renderer/core/searchKey.ts';
import { SEEDS_DIR } from '../support/fakeHost.ts';

const files = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort();
const raw = (f: string) => readFileSync(`${SEEDS_DIR}/${f}`, 'utf8');

/** Every start of `needle` in `text`, found the plain way, as ranges. */
function plainRanges(text: string, needle: string) {
  const out = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push({ start: i, end: i + needle.length });
  return out;
}

describe('theme mentions on the seeds', () => {
  const index = new LibraryIndex();
  for (const f of files) index.put(f, `fp-${f}`, raw(f));

  it('finds the 24 mentions of 营商环境: 000: 7, 002: 5, 003: 1, 004: 11, none in 001', () => {
    const [theme] = index.mentions([{ id: 't', names: ['营商环境'], tagged: [] }]);
    const counts = Object.fromEntries(theme.articles.map((a) => [a.key.slice(0, 3), a.mentions.length]));
    expect(counts).toEqual({ '000': 7, '002': 5, '003': 1, '004': 11 });
  });

  it('gives exact canonical ranges, in the script the article is written in', () => {
    const [theme] = index.mentions([{ id: 't', names: ['營商環境'], tagged: [] }]);
    for (const a of theme.articles) {
      const text = index.canonical(a.key)!;
      const written = a.key.startsWith('004') ? '營商環境' : '营商环境';
      expect(a.mentions.map((m) => m.range)).toEqual(plainRanges(text, written));
      for (const m of a.mentions) {
        expect(m.position).toEqual(m.range);
        expect(m.quote.exact).toBe(written);
        expect(text.slice(m.range.start - m.quote.prefix.length, m.range.start)).toBe(m.quote.prefix);
        expect(m.context.match).toBe(written);
        expect(m.context.before + m.context.match + m.context.after).toContain(written);
      }
    }
  });

  it('leaves out mentions a tagged passage of the theme covers, wherever it was anchored', () => {
    const key = files[0];
    const text = index.canonical(key)!;
    const [first, second] = plainRanges(text, '营商环境');
    const sentence = { start: first.start - 2, end: first.end + 3 };
    const tagged = [
      { articleKey: key, fingerprint: `fp-${key}`, cleanVersion: clean('').cleanVersion, position: sentence, quote: { exact: text.slice(sentence.start, sentence.end), prefix: '', suffix: '' } },
      // Made on an older text: found again by its quote, not its stale position.
      { articleKey: key, fingerprint: 'old', cleanVersion: 0, position: { start: 0, end: 4 }, quote: { exact: '营商环境', prefix: text.slice(second.start - 32, second.start), suffix: text.slice(second.end, second.end + 32) } },
    ];
    const [theme] = index.mentions([{ id: 't', names: ['营商环境'], tagged }], [key]);
    expect(theme.articles[0].mentions.map((m) => m.range)).toEqual(plainRanges(text, '营商环境').slice(2));
  });
});

describe('mention finding', () => {
  it('matches across script and punctuation and maps back to the original offsets', () => {
    const text = '优化營商，環境。再谈营商环境';
    const found = findMentions(text, searchKey(text), ['营商环境'], []);
    expect(found.map((m) => text.slice(m.range.start, m.range.end))).toEqual(['營商，環境', '营商环境']);
    expect(found[0].context).toEqual({ before: '优化', match: '營商，環境', after: '。' });
  });

  it('prefers the longer name where names overlap, and never reports overlapping mentions', () => {
    const text = '营商环境好，营商也好';
    expect(occurrences(searchKey(text), ['营商', '营商环境']).map((r) => text.slice(r.start, r.end))).toEqual(['营商环境', '营商']);
  });

  // Mutant killed: `overlaps` turned into containment (c.start <= r.start && r.end <= c.end)
  // lists a mention that a tagged highlight covers only in part as untagged.
  it('counts a mention only partly covered by a tagged highlight as tagged (overlap, not containment)', () => {
    const text = '我们要优化营商环境，也要优化营商环境，还要谈营商环境。';
    const [first, second, third] = [5, 14, 22];
    expect([first, second, third].map((at) => text.slice(at, at + 4))).toEqual(['营商环境', '营商环境', '营商环境']);
    const covered = [
      { start: 3, end: 7 }, // 优化营商: the first mention's first half
      { start: 16, end: 20 }, // 环境，也: the second mention's second half
    ];
    expect(findMentions(text, searchKey(text), ['营商环境'], covered).map((m) => m.range)).toEqual([{ start: third, end: third + 4 }]);
  });

  it('a highlight that only touches a mention (ends where it starts) leaves it untagged', () => {
    const text = '优化营商环境';
    expect(findMentions(text, searchKey(text), ['营商环境'], [{ start: 0, end: 2 }, { start: 6, end: 6 }]).map((m) => m.range)).toEqual([{ start: 2, end: 6 }]);
  });

  it('cuts a context at sentence ends and at a maximum length', () => {
    const text = '前一句。这一句里有营商环境两个词！后一句';
    const at = text.indexOf('营商环境');
    expect(sentenceAround(text, { start: at, end: at + 4 })).toEqual({ before: '这一句里有', match: '营商环境', after: '两个词！' });
    const long = 'x'.repeat(100) + '营商环境';
    expect(sentenceAround(long, { start: 100, end: 104 }, 10).before).toBe('x'.repeat(10));
  });

  // Mutants these kill: the after-side limit as <= or as end + range.end; a line end taken
  // into the context like a full stop; adjacent names treated as overlapping; a given
  // sentence cut by the wrong side's minimum or maximum.
  it('cuts the context after a mention at the maximum, and a line end is not part of it', () => {
    const long = '营商环境' + 'y'.repeat(100);
    expect(sentenceAround(long, { start: 0, end: 4 }, 10)).toEqual({ before: '', match: '营商环境', after: 'y'.repeat(10) });
    const lines = '上一行\n营商环境好\n下一行';
    expect(sentenceAround(lines, { start: 4, end: 8 })).toEqual({ before: '', match: '营商环境', after: '好' });
    // Near the start of a long text the scan back stops at the text's start (not at -max,
    // which a negative slice would read from the text's end).
    const early = '优化营商环境' + 'x'.repeat(100);
    expect(sentenceAround(early, { start: 2, end: 6 }).before).toBe('优化');
    const stop = '营商环境好；其后';
    expect(sentenceAround(stop, { start: 0, end: 4 }).after).toBe('好；');
  });

  it('keeps two names that meet without overlapping as two mentions', () => {
    const text = '营商环境';
    expect(occurrences(searchKey(text), ['营商', '环境'])).toEqual([{ start: 0, end: 2 }, { start: 2, end: 4 }]);
  });

  it('cuts a known sentence to the maximum each side, and never past it', () => {
    const text = 'a'.repeat(70) + '营商环境' + 'b'.repeat(70);
    const whole = findMentions(text, searchKey(text), ['营商环境'], [], () => ({ start: 0, end: text.length }));
    expect(whole[0].context).toEqual({ before: 'a'.repeat(60), match: '营商环境', after: 'b'.repeat(60) });
    const inner = findMentions(text, searchKey(text), ['营商环境'], [], () => ({ start: 65, end: 79 }));
    expect(inner[0].context).toEqual({ before: 'a'.repeat(5), match: '营商环境', after: 'b'.repeat(5) });
  });
});

describe('library search', () => {
  const index = new LibraryIndex();
  for (const f of files) index.put(f, `fp-${f}`, raw(f));

  it('counts every article and hit but maps and cuts snippets only for the page asked for', () => {
    const all = index.search('营商环境');
    expect([all.totalArticles, all.totalHits]).toEqual([4, 24]);
    const page = index.search('營商環境', { articleLimit: 2, hitsPerArticle: 3 });
    expect([page.totalArticles, page.totalHits]).toEqual([4, 24]);
    expect(page.articles.map((a) => [a.key.slice(0, 3), a.total, a.hits.length])).toEqual([['004', 11, 3], ['000', 7, 3]]);
    expect(page.articles[0].hits).toEqual(all.articles[0].hits.slice(0, 3));
  });

  it('gives the same hits for 营商环境, 營商環境 and 营商環境, mapped to canonical ranges', () => {
    const [a, b, c] = ['营商环境', '營商環境', '营商環境'].map((q) => index.search(q));
    expect(b.articles).toEqual(a.articles);
    expect(c.articles).toEqual(a.articles);
    expect(a.articles.map((x) => [x.key.slice(0, 3), x.total])).toEqual([['004', 11], ['000', 7], ['002', 5], ['003', 1]]);
    for (const art of a.articles) {
      const text = index.canonical(art.key)!;
      for (const h of art.hits) {
        expect(searchKeyText(text.slice(h.range.start, h.range.end))).toBe('营商环境');
        expect(h.snippet.match).toBe(text.slice(h.range.start, h.range.end));
        expect(text.slice(h.range.start - h.snippet.before.length, h.range.end + h.snippet.after.length)).toBe(h.snippet.before + h.snippet.match + h.snippet.after);
      }
    }
  });

  it('searches notes, and re-indexes only a changed file', () => {
    index.setNotes([{ id: 'n1', articleKey: files[1], note: '这里讲**營商環境**的改善' }]);
    expect(index.search('营商环境').notes).toEqual([{ id: 'n1', articleKey: files[1], snippet: { before: '这里讲**', match: '營商環境', after: '**的改善' } }]);
    expect(index.put(files[1], `fp-${files[1]}`, raw(files[1]))).toBe(false);
    expect(index.put(files[1], 'changed', '新的营商环境')).toBe(true);
    expect(index.search('营商环境').articles.find((a) => a.key === files[1])?.total).toBe(1);
    index.keepOnly([files[0]]);
    expect(Object.keys(index.fingerprints())).toEqual([files[0]]);
  });

  it('cuts a Markdown article’s snippets from what the reader shows: no emphasis markers, no link targets', () => {
    const md = new LibraryIndex();
    md.put('地方/宜兰.md', 'fp', '# 地方创生\n\n**营商环境**是核心，以[宜兰](https://example.org/yilan)为例。\n');
    const [hit] = md.search('營商環境').articles[0].hits;
    expect(hit.snippet).toEqual({ before: '', match: '营商环境', after: '是核心，以宜兰为例。' });
  });

  it('finds nothing for a query of punctuation only', () => {
    expect(index.search('，。').articles).toEqual([]);
  });

  it('suggests 营商环境 first among frequent terms, and not what is already a theme', () => {
    const fresh = new LibraryIndex();
    for (const f of files) fresh.put(f, f, raw(f));
    const terms = fresh.suggest(10).map((s) => s.term);
    expect(terms[0]).toBe('营商环境');
    // Fragments of a longer frequent term are not offered on their own.
    expect(terms).not.toContain('营商环');
    expect(fresh.suggest(10, ['營商環境']).map((s) => s.term)).not.toContain('营商环境');
  });
});
