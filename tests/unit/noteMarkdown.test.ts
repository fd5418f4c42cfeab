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
