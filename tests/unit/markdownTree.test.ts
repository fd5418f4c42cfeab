// markdownTree runs GFM's address-to-link transform only on the blocks whose source could
// hold an address. The tree must be exactly the one the stock pipeline builds (the same
// extensions, the transform over the whole tree): checked on the real-world fixtures and on
// random documents dense with addresses, e-mails, escapes and character references.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { cjkFriendlyExtension } from 'micromark-extension-cjk-friendly';
import { gfmStrikethroughCjkFriendly } from 'micromark-extension-cjk-friendly-gfm-strikethrough';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { markdownTree } from '../../src-renderer/core/markdownBlocks.ts';

/** The library's own pipeline, as its documentation composes it. */
function stockTree(text: string, frontMatter: boolean) {
  const extensions = [gfm({ singleTilde: false }), gfmStrikethroughCjkFriendly({ singleTilde: false }), cjkFriendlyExtension()];
  const mdastExtensions = [gfmFromMarkdown()];
  if (frontMatter) {
    extensions.push(frontmatter(['yaml']));
    mdastExtensions.push([frontmatterFromMarkdown(['yaml'])]);
  }
  return fromMarkdown(text, { extensions, mdastExtensions });
}

const dir = fileURLToPath(new URL('../fixtures/realworld/', import.meta.url));

describe('markdownTree', () => {
  it('turns a bare address into a link in a block that has one, and leaves the others as text', () => {
    const tree = markdownTree('见 www.example.cn/a 一文\n\n第二段没有网址。\n\n联系 news@example.hk 或 &#119;ww.example.org');
    const links = (i: number) => JSON.stringify(tree.children[i]).match(/"type":"link"/g)?.length ?? 0;
    expect([links(0), links(1), links(2)]).toEqual([1, 0, 2]);
  });

  it('builds the stock tree for every real-world Markdown fixture', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const text = readFileSync(dir + f, 'utf8');
      expect(markdownTree(text, { frontMatter: true }), f).toEqual(stockTree(text, true));
      expect(markdownTree(text), f).toEqual(stockTree(text, false));
    }
  });

  it('builds the stock tree for random documents full of addresses', () => {
    const piece = fc.constantFrom(
      '营商环境',
      'www.example.cn',
      'WWW.Example.com/路径?q=1',
      'http://a.cn',
      'https://例子.中国/x',
      'ftp://a.cn',
      'news@example.hk',
      'mailto:a@b.cn',
      'xmpp:a@b.cn/r',
      '&#64;',
      '&commat;',
      '&#119;ww.a.cn',
      'ht&#116;p://a.cn',
      'www\\.a.cn',
      'a\\@b.cn',
      '[链接](https://a.cn)',
      '[www.a.cn](x)',
      '<https://a.cn>',
      '`www.a.cn`',
      '**www.a.cn**',
      '，',
      ' ',
    );
    const start = fc.constantFrom('', '', '# ', '> ', '- ', '1. ', '| ', '[^1]: ', '[r]: https://a.cn ');
    const line = fc.tuple(start, fc.array(piece, { minLength: 1, maxLength: 6 })).map(([s, ps]) => s + ps.join(''));
    const doc = fc.tuple(fc.array(line, { minLength: 1, maxLength: 10 }), fc.constantFrom('\n', '\n\n'), fc.boolean()).map(([ls, sep, fm]) => ({ text: (fm ? '---\ntitle: x\n---\n' : '') + ls.join(sep), fm }));
    fc.assert(
      fc.property(doc, ({ text, fm }) => {
        expect(markdownTree(text, { frontMatter: fm })).toEqual(stockTree(text, fm));
      }),
      { numRuns: 300 },
    );
  });
});
