// The outer element each kind of block is drawn as (dom/blockElements.ts blockShell): what
// the reading spot, find, the outline and the window's measuring look for. Expected values
// written by hand from the reader's markup (app.css selectors, dom/viewText.ts, readingSpot.ts).
import { describe, expect, it } from 'vitest';
import { blockShell, closingFooterFrom, type DrawnBlock } from '../../src-renderer/dom/blockElements.ts';
import type { Block } from '../../src-renderer/core/types.ts';

const labels = { figure: '图片', chronicle: '大事记' };
const drawn = (block: Partial<Block> & Pick<Block, 'kind'>, more: Partial<DrawnBlock> = {}): DrawnBlock => ({
  index: 7,
  block: { start: 100, end: 130, ...block },
  parts: [{ role: 'text', segments: [{ text: '正文', start: 90 }] }],
  ...more,
});

describe('blockShell', () => {
  it('draws headings as h2 (level 1) and h3, focusable for the outline', () => {
    expect(blockShell(drawn({ kind: 'heading', level: 1 }), labels)).toEqual({ tag: 'h2', attributes: { id: 'block-7', 'data-block': '7', tabindex: '-1', style: '--chars: 30;' } });
    expect(blockShell(drawn({ kind: 'heading', level: 3 }), labels)).toEqual({ tag: 'h3', attributes: { id: 'block-7', 'data-block': '7', tabindex: '-1', style: '--chars: 30;' } });
  });

  it('gives paragraphs their length for the stand-in height, and the pieces of a cut one their place', () => {
    expect(blockShell(drawn({ kind: 'paragraph' }), labels)).toEqual({ tag: 'p', attributes: { 'data-block': '7', style: '--chars: 30;' } });
    expect(blockShell(drawn({ kind: 'paragraph' }, { chunk: 0, chunks: 3 }), labels).attributes).toEqual({ 'data-block': '7', 'data-chunk': '0', 'data-chunks': '3', style: '--chars: 30;', class: 'continues' });
    expect(blockShell(drawn({ kind: 'paragraph' }, { chunk: 1, chunks: 3 }), labels).attributes.class).toBe('continued continues');
    expect(blockShell(drawn({ kind: 'paragraph' }, { chunk: 2, chunks: 3 }), labels).attributes.class).toBe('continued');
    // A block drawn whole (one chunk) is not marked as a piece.
    expect(blockShell(drawn({ kind: 'paragraph' }, { chunk: 0, chunks: 1 }), labels).attributes).toEqual({ 'data-block': '7', style: '--chars: 30;' });
  });

  it('keeps an ordered item its own number and names a figure by its file', () => {
    expect(blockShell(drawn({ kind: 'list-item', number: 39 }), labels)).toEqual({ tag: 'li', attributes: { 'data-block': '7', value: '39' } });
    expect(blockShell(drawn({ kind: 'list-item' }), labels)).toEqual({ tag: 'li', attributes: { 'data-block': '7' } });
    expect(blockShell(drawn({ kind: 'figure', src: 'budget-speech.jpg' }), labels)).toEqual({ tag: 'figure', attributes: { class: 'figure-placeholder', 'data-block': '7', role: 'group', 'aria-label': '图片 budget-speech.jpg' } });
    // Without a file name, the text it was written with.
    expect(blockShell(drawn({ kind: 'figure' }), labels).attributes['aria-label']).toBe('图片 正文');
  });

  it('draws the other kinds in their own elements', () => {
    const tags = (['caption', 'pull-quote', 'table', 'code', 'footnote', 'footer'] as const).map((kind) => {
      const { tag, attributes } = blockShell(drawn({ kind }), labels);
      return `${tag}.${attributes.class}`;
    });
    expect(tags).toEqual(['figure.caption', 'blockquote.pull-quote', 'div.md-table-wrap', 'pre.md-code-block', 'p.md-footnote', 'p.footer-line']);
  });

  it('gives tables and code a stand-in height by rows and lines, not by their markup', () => {
    // Three rows: about a line and a half each, at 38 characters a line (1.4 × 38 × 3).
    const rows = [{ header: true, cells: [[{ text: '年度', start: 0 }]] }, { cells: [[{ text: '2023', start: 5 }]] }, { cells: [[{ text: '2024', start: 10 }]] }];
    expect(blockShell(drawn({ kind: 'table' }, { rows } as Partial<DrawnBlock>), labels).attributes.style).toBe('--chars: 159.6;');
    // Three lines of code: 3 × 38.
    const code = drawn({ kind: 'code' }, { parts: [{ role: 'text', segments: [{ text: '甲\n乙\n丙', start: 0 }] }] });
    expect(blockShell(code, labels).attributes.style).toBe('--chars: 114;');
  });
});

describe('closingFooterFrom', () => {
  const kinds = (...list: Block['kind'][]) => list.map((kind, index) => drawn({ kind }, { index }));
  it('takes the footer lines that end the article, not one with text after it', () => {
    expect(closingFooterFrom(kinds('paragraph', 'footer', 'paragraph', 'footer', 'footer'))).toBe(3);
    expect(closingFooterFrom(kinds('paragraph', 'footer', 'paragraph'))).toBe(Infinity);
    expect(closingFooterFrom(kinds('footer'))).toBe(0);
    expect(closingFooterFrom([])).toBe(Infinity);
  });
});
