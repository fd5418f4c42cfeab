import { describe, expect, it } from 'vitest';
import { parseNote, safeHref, type NoteBlock, type NoteInline } from '../../src-renderer/state/noteMarkdown.ts';

/** Every node of the tree, flattened. */
function nodes(blocks: NoteBlock[]): (NoteBlock | NoteInline)[] {
  const out: (NoteBlock | NoteInline)[] = [];
  const visitInline = (n: NoteInline) => {
    out.push(n);
    if ('children' in n) n.children.forEach(visitInline);
  };
  const visit = (b: NoteBlock) => {
    out.push(b);
    if (b.kind === 'paragraph' || b.kind === 'heading') b.children.forEach(visitInline);
    if (b.kind === 'quote') b.children.forEach(visit);
    if (b.kind === 'list') b.items.flat().forEach(visit);
  };
  blocks.forEach(visit);
  return out;
}
const text = (blocks: NoteBlock[]) =>
  nodes(blocks)
    .map((n) => (n.kind === 'text' || (n.kind === 'code' && 'text' in n) ? n.text : ''))
    .join('');
const links = (blocks: NoteBlock[]) => nodes(blocks).filter((n): n is Extract<NoteInline, { kind: 'link' }> => n.kind === 'link');

describe('note Markdown', () => {
  it('keeps structure: emphasis, lists, quotes, code, safe links', () => {
    const tree = parseNote('**重点**：*营商*环境\n\n- 一\n- 二\n\n> 引文\n\n`code` [来源](https://example.org/a)');
    const kinds = nodes(tree).map((n) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(['strong', 'em', 'list', 'quote', 'code', 'link']));
    expect(links(tree).map((l) => l.href)).toEqual(['https://example.org/a']);
    expect(text(tree)).toContain('重点');
  });

  it('raw HTML stays visible text, never elements: <script>, onerror', () => {
    const tree = parseNote('<script>alert(1)</script>\n\n文字 <img src=x onerror="alert(2)"> 与 <b>粗</b>');
    expect(nodes(tree).every((n) => ['paragraph', 'text'].includes(n.kind))).toBe(true);
    expect(text(tree)).toContain('<script>alert(1)</script>');
    expect(text(tree)).toContain('onerror="alert(2)"');
  });

  it('javascript:, data: and disguised scheme links are not links', () => {
    for (const md of ['[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](java\tscript:alert(1))', '[x](data:text/html,<script>alert(1)</script>)', '<javascript:alert(1)>', '[x](/local/path)']) {
      const tree = parseNote(md);
      expect(links(tree), md).toEqual([]);
    }
    expect(safeHref(' https://a.example ')).toBe('https://a.example');
    // Only what the desktop app would open: plain http and mail links stay text.
    expect(safeHref('mailto:a@b.c')).toBeNull();
    expect(safeHref('http://a.example')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
  });

  it('remote images are never loaded: shown as their text and address', () => {
    const tree = parseNote('![图](https://tracker.example/p.png)');
    expect(nodes(tree).some((n) => (n.kind as string) === 'image')).toBe(false);
    expect(links(tree)).toEqual([]);
    expect(text(tree)).toBe('图 (https://tracker.example/p.png)');
  });

  it('an empty note is nothing', () => {
    expect(parseNote('  \n ')).toEqual([]);
  });
});

describe('note Markdown, read by the articles\' grammar', () => {
  it('code spans are shown as written: entities in them are not decoded', () => {
    const tree = parseNote('用 `&lt;div&gt;` 包起來，而 &lt;b&gt; 是文字');
    const codes = nodes(tree).filter((n) => n.kind === 'code');
    expect(codes).toEqual([{ kind: 'code', text: '&lt;div&gt;' }]);
    // Outside code an entity is the character it names.
    expect(text(tree)).toContain('而 <b> 是文字');
  });

  it('CJK-friendly emphasis: **「重点」** is bold next to Chinese text', () => {
    const tree = parseNote('這是**「重点」**和~~刪去~~的字');
    expect(tree).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: '這是' },
          { kind: 'strong', children: [{ kind: 'text', text: '「重点」' }] },
          { kind: 'text', text: '和' },
          { kind: 'del', children: [{ kind: 'text', text: '刪去' }] },
          { kind: 'text', text: '的字' },
        ],
      },
    ]);
  });

  it('an ordered list keeps its first number, a table its cells, a line break stays one', () => {
    const tree = parseNote('39. 甲\n40. 乙\n\n| 年度 | 地點 |\n|---|---|\n| 2023 | 香港 |\n\n第一行\n第二行');
    expect(tree[0]).toMatchObject({ kind: 'list', ordered: true, start: 39 });
    expect(tree[1]).toEqual({
      kind: 'table',
      rows: [
        [[{ kind: 'text', text: '年度' }], [{ kind: 'text', text: '地點' }]],
        [[{ kind: 'text', text: '2023' }], [{ kind: 'text', text: '香港' }]],
      ],
    });
    expect(tree[2]).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: '第一行' }, { kind: 'br' }, { kind: 'text', text: '第二行' }] });
  });
});
