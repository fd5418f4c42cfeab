import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { chunkRanges } from '../../src-renderer/core/blockChunks.ts';
import { view } from '../../src-renderer/core/scriptView.ts';
import type { Article, Range, RubyAnnotation } from '../../src-renderer/core/types.ts';
import { articleRows, estimateRowHeight, rowOfBlock, rowOfOffset, type ArticleRow } from '../../src-renderer/state/articleRows.ts';
import { blockParts } from '../../src-renderer/state/blockParts.ts';
import { ReaderState } from '../../src-renderer/state/reader.svelte.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { largeArticle } from '../support/largeArticle.ts';
import { mulberry32 } from '../support/prng.ts';

const SENTENCE = '县域经济高质量发展取得新突破，营商环境持续优化。';

/** The pieces tile the range exactly: no gap, no overlap, none empty, none too long. */
function expectTiling(pieces: Range[], range: Range, max: number): void {
  expect(pieces[0].start).toBe(range.start);
  expect(pieces[pieces.length - 1].end).toBe(range.end);
  pieces.forEach((p, i) => {
    expect(p.end).toBeGreaterThan(p.start);
    expect(p.end - p.start).toBeLessThanOrEqual(max);
    if (i > 0) expect(p.start).toBe(pieces[i - 1].end);
  });
}

describe('chunkRanges', () => {
  it('leaves a block that fits whole', () => {
    expect(chunkRanges(SENTENCE, { start: 0, end: SENTENCE.length }, 100)).toEqual([{ start: 0, end: SENTENCE.length }]);
  });

  it('cuts a long paragraph after sentences, closing quotes kept with them', () => {
    const text = `前言${'他说：“' + SENTENCE + '”'.repeat(1)}`.repeat(200);
    const range = { start: 2, end: text.length };
    const pieces = chunkRanges(text, range, 500);
    expectTiling(pieces, range, 500);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces.slice(0, -1)) expect(text.slice(p.end - 2, p.end)).toBe('。”');
  });

  it('falls back to a clause, then to a hard cut that never splits a surrogate pair', () => {
    const clauses = '招商引资，'.repeat(300);
    const pieces = chunkRanges(clauses, { start: 0, end: clauses.length }, 64);
    expectTiling(pieces, { start: 0, end: clauses.length }, 64);
    for (const p of pieces.slice(0, -1)) expect(clauses[p.end - 1]).toBe('，');
    const astral = '𠀀'.repeat(500); // no punctuation at all, every character two code units
    const hard = chunkRanges(astral, { start: 0, end: astral.length }, 51);
    expectTiling(hard, { start: 0, end: astral.length }, 51);
    for (const p of hard) expect(p.start % 2).toBe(0);
  });

  it('tiles random text of any mix, in time linear in its length', () => {
    const rand = mulberry32(7);
    const alphabet = ['县', '域', '。', '，', '”', '𠀀', 'a', ' ', '！', '）'];
    for (let n = 0; n < 50; n++) {
      const len = Math.floor(rand() * 3000);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      const start = Math.floor(rand() * Math.min(10, text.length));
      const range = { start, end: text.length };
      if (range.end <= range.start) continue;
      const max = 2 + Math.floor(rand() * 300);
      expectTiling(chunkRanges(text, range, max), range, max);
    }
    // One 3-million-character line with no break and no sentence end.
    const line = '县'.repeat(3_000_000);
    expect(chunkRanges(line, { start: 0, end: line.length }, 2000)).toHaveLength(1500);
  });
});

describe('articleRows', () => {
  const body = Array.from({ length: 30 }, (_, i) => `${SENTENCE.repeat(i % 3 === 0 ? 120 : 2)}（第${i}段）`).join('\n\n');
  const raw = `长篇测试标题\n\n李世超 吴丹\n\n${body}\n\n责任编辑：张三\n`;
  const { clean, article } = loadArticle(raw);

  it('has one row per body block, long ones cut, header and footer left out', () => {
    const rows = articleRows(article, clean.text, 1000);
    const bodyBlocks = article.blocks.filter((b) => !['title', 'byline', 'footer'].includes(b.kind));
    expect(article.blocks.some((b) => b.kind === 'footer')).toBe(true);
    expect(new Set(rows.map((r) => r.index)).size).toBe(bodyBlocks.length);
    for (const b of bodyBlocks) {
      const index = article.blocks.indexOf(b);
      const pieces = rows.filter((r) => r.index === index);
      expect(pieces.map((r) => r.chunk)).toEqual(pieces.map((_, i) => i));
      expect(pieces.every((r) => r.chunks === pieces.length && r.block.kind === b.kind)).toBe(true);
      // Canonical offsets stay the block's: the pieces cover it exactly.
      expectTiling(pieces.map((r) => r.block), b, 1000);
    }
    expect(rows.some((r) => r.chunks > 1)).toBe(true);
  });

  it('finds the row of a block piece and of a canonical offset', () => {
    const rows = articleRows(article, clean.text, 1000);
    const long = rows.find((r) => r.chunks > 2)!;
    const first = rows.indexOf(long) - long.chunk;
    expect(rowOfBlock(rows, long.index, 0)).toBe(first);
    expect(rowOfBlock(rows, long.index, 0.999)).toBe(first + long.chunks - 1);
    expect(rowOfBlock(rows, long.index, 1)).toBe(first + long.chunks - 1);
    expect(rows[rowOfBlock(rows, long.index, 1.5 / long.chunks)].chunk).toBe(1);
    rows.forEach((r, i) => {
      expect(rowOfOffset(rows, r.block.start)).toBe(i);
      expect(rowOfOffset(rows, r.block.end - 1)).toBe(i);
    });
    expect(rowOfOffset(rows, 0)).toBe(0);
    expect(rowOfOffset(rows, clean.text.length + 5)).toBe(rows.length - 1);
  });

  it('estimates taller rows for longer text, the gap only after a block’s last piece', () => {
    const m = { perLine: 30, line: 34, gap: 20 };
    const row = (chars: number, chunk = 0, chunks = 1): ArticleRow => ({ index: 0, block: { kind: 'paragraph', start: 0, end: chars }, chunk, chunks });
    expect(estimateRowHeight(row(10), m)).toBe(34 + 20);
    expect(estimateRowHeight(row(58), m)).toBe(2 * 34 + 20);
    expect(estimateRowHeight(row(60, 0, 2), m)).toBe(3 * 34);
    expect(estimateRowHeight(row(60, 1, 2), m)).toBe(2 * 34 + 20);
  });
});

describe('blockParts of pieces', () => {
  it('draws the pieces of a cut block as the whole block, in every view, ruby included', () => {
    const text = `${'主板上市，优化营商环境。'.repeat(40)}经济`;
    const ruby: RubyAnnotation[] = [];
    for (let at = 0; at < text.length; at += 7) ruby.push({ start: at, end: at + 1, reading: 'yī' });
    const article: Article = { meta: { kicker: null, title: 't', titleDerived: true, subtitle: null, authors: [], date: null, source: null, editor: null, place: null }, blocks: [{ kind: 'paragraph', start: 0, end: text.length }] };
    const rows = articleRows(article, text, 50);
    expect(rows.length).toBeGreaterThan(5);
    for (const script of ['original', 'cn', 't', 'twp', 'hk'] as const) {
      const v = view(text, script);
      const flat = (parts: ReturnType<typeof blockParts>) => parts.flatMap((p) => p.segments);
      const whole = flat(blockParts(v, ruby, article.blocks[0]));
      const pieces = rows.flatMap((r, k) => flat(blockParts(v, ruby, r.block, k > 0 ? v.map.rangeToTarget(rows[k - 1].block).end : 0)));
      expect(pieces.map((s) => s.text).join('')).toBe(whole.map((s) => s.text).join(''));
      expect(pieces.filter((s) => s.reading).map((s) => [s.start, s.text, s.reading])).toEqual(whole.filter((s) => s.reading).map((s) => [s.start, s.text, s.reading]));
    }
  });
});

describe('ReaderState with a long article', () => {
  it('draws a long article as rows (one-line file cut into pieces) and a short one block by block', async () => {
    const host = FakeHost.withSeeds();
    const { text } = largeArticle({ bytes: 1_500_000, oneLine: true });
    host.files.set('long.txt', { text });
    const state = new ReaderState(host, () => 'original', () => false);
    await state.open(SEED.s000);
    expect(state.windowed).toBe(false);
    expect(state.rows).toEqual([]);
    expect(state.blocks.length).toBe(state.article!.blocks.length);
    await state.open('long.txt');
    expect(state.windowed).toBe(true);
    expect(state.blocks).toEqual([]);
    expect(state.article!.blocks).toHaveLength(1);
    expect(state.rows.length).toBeGreaterThan(text.length / 2000);
    expect(state.rows.every((r) => r.index === 0 && r.block.end - r.block.start <= 2000)).toBe(true);
    expect(state.lang).toBe('zh-Hans');
  });
});

describe('ReaderState script views of a long article', () => {
  it('keeps showing the view it has while the chosen script is built, then shows that', async () => {
    const host = FakeHost.withSeeds();
    const { text } = largeArticle({ bytes: 800_000 });
    host.files.set('long.txt', { text });
    const settings = new SettingsState(null);
    const state = new ReaderState(host, () => settings.viewScript, () => false);
    await state.open('long.txt');
    expect(state.windowed).toBe(true);
    expect(state.view?.script).toBe('original');
    settings.set('script', 't');
    // Nothing converted on the spot: the 原文 view stays until the 繁體 one is built.
    expect(state.view?.script).toBe('original');
    expect(state.converting).toBe(true);
    await expect.poll(() => state.view?.script).toBe('t');
    expect(state.converting).toBe(false);
    expect(state.view?.text).toBe(view(state.clean!.text, 't').text);
    expect(state.view?.text).toContain('這是最後一句話');
  });
});
