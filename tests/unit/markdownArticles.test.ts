// Markdown articles in the forms real ones take (tests/fixtures/realworld/md-*.md, see
// md-SOURCE.md): the parsed structure, what is shown of each block, and what search and the
// list count. Every expected value is written by hand from the fixture files.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticle, searchableText } from '../../src-renderer/core/article.ts';
import { listDetails } from '../../src-renderer/core/listDetails.ts';
import { countAll, searchKey } from '../../src-renderer/core/searchKey.ts';
import { MARK, type Block, type Run } from '../../src-renderer/core/types.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/realworld/${name}`, import.meta.url)), 'utf8');

function load(name: string) {
  const raw = fixture(name);
  const { clean, article } = loadArticle(raw, { fileName: name });
  const t = clean.text;
  const shown = (runs: readonly Run[]) => runs.map((r) => r.literal ?? t.slice(r.start, r.end)).join('');
  const shape = article.blocks.map((b: Block) => {
    const s: unknown[] = [b.kind, b.rows ? b.rows.map((r) => r.cells.map(shown)) : shown(b.runs ?? [{ start: b.start, end: b.end, marks: 0 }])];
    if (b.level !== undefined) s.push({ level: b.level });
    if (b.number !== undefined) s.push({ number: b.number });
    if (b.src !== undefined) s.push({ src: b.src });
    return s;
  });
  const marked = article.blocks.flatMap((b) => (b.runs ?? []).filter((r) => r.marks !== 0).map((r) => [r.literal ?? t.slice(r.start, r.end), r.marks, r.href ?? null]));
  return { raw, clean, article, shape, marked, t };
}

describe('md-hk-budget-news.md: front matter, credit line, HTML figure, table, links', () => {
  const { article, shape, marked } = load('md-hk-budget-news.md');

  it('blocks, as the reader shows them', () => {
    expect(shape).toEqual([
      ['title', '新財年預算案：政府推多項紓困措施'],
      // A credit line and the enumerations are paragraphs: headings come from heading syntax only.
      ['paragraph', '協力：記者 陳大文、李小明'],
      ['paragraph', '財政司司長今日發表新財年《財政預算案》，提出多項措施改善營商環境。詳情可見政府新聞公報。'],
      ['figure', '', { src: 'https://cdn.news.example.hk/images/2024/budget-speech.jpg' }],
      ['caption', '財政司司長在立法會發表預算案。（資料圖片）'],
      ['paragraph', '主要措施包括：'],
      ['paragraph', '（一）寬減利得稅；'],
      ['paragraph', '（二）延長還息不還本安排；'],
      [
        'table',
        [
          ['財政年度', '地點', '開支（億元）'],
          ['2023/24', '香港', '7,350'],
          ['2024/25', '九龍', '7,760'],
        ],
      ],
      ['pull-quote', '「我們要在穩定中求發展。」'],
      ['paragraph', '延伸閱讀：https://news.example.hk/tag/budget'],
    ]);
    expect(article.blocks.find((b) => b.kind === 'table')!.rows!.map((r) => r.header)).toEqual([true, false, false]);
  });

  it('marks and links: bold, https links with their targets', () => {
    expect(marked).toEqual([
      ['《財政預算案》', MARK.strong, null],
      ['政府新聞公報', MARK.link, 'https://www.info.gov.hk/gia/general/202402/28.htm'],
      ['穩定', MARK.strong, null],
      ['https://news.example.hk/tag/budget', MARK.link, 'https://news.example.hk/tag/budget'],
    ]);
  });

  it('meta from the front matter', () => {
    expect(article.meta).toMatchObject({ title: '新財年預算案：政府推多項紓困措施', titleDerived: false, date: '2024-02-28', source: '港聞速遞' });
  });

  it('search counts what is shown: 預算案 three times (title, body, caption), not in front matter or alt text', () => {
    const raw = fixture('md-hk-budget-news.md');
    const { text, searchable } = searchableText(raw, 'md-hk-budget-news.md');
    expect(countAll(searchKey(text), '預算案')).toBe(6);
    expect(countAll(searchKey(searchable), '預算案')).toBe(3);
    // 營商環境: a tag in the front matter and once in the body.
    expect(countAll(searchKey(searchable), '营商环境')).toBe(1);
    // The link target is not text: gov.hk is nowhere to be read.
    expect(countAll(searchKey(searchable), 'info.gov.hk')).toBe(0);
  });
});

describe('md-court-judgment.md: numbered paragraphs, footnote', () => {
  const { shape, marked, raw } = load('md-court-judgment.md');

  it('blocks keep the judgment\'s own paragraph numbers', () => {
    expect(shape).toEqual([
      ['title', '判案書（節錄）'],
      ['heading', '裁決理由', { level: 1 }],
      ['list-item', '上訴人指原審法官在引導陪審團時犯錯1，本庭不同意。', { number: 39 }],
      ['list-item', '原審法官已清楚說明合理疑點的標準，見判案書第 12 段。', { number: 40 }],
      ['list-item', '基於上述理由，上訴駁回。', { number: 41 }],
      ['footnote', '1見上訴通知書第 3 項理由。'],
      ['paragraph', '法官 張三'],
    ]);
    expect(marked).toEqual([
      ['1', MARK.sup, null],
      ['合理疑點', MARK.em, null],
      ['1', MARK.sup, null],
    ]);
  });

  it("the list's 字 count is the readable text only", () => {
    const readable =
      '判案書（節錄）裁決理由上訴人指原審法官在引導陪審團時犯錯1，本庭不同意。原審法官已清楚說明合理疑點的標準，見判案書第12段。基於上述理由，上訴駁回。1見上訴通知書第3項理由。法官張三';
    expect(listDetails(raw, 'md-court-judgment.md').length).toBe([...readable].length);
  });
});

describe('md-mainland-essay.md: setext title, byline, HTML with entities, task list, code', () => {
  const { shape, marked, article, t } = load('md-mainland-essay.md');

  it('blocks, as the reader shows them', () => {
    expect(shape).toEqual([
      ['title', '数字经济观察'],
      ['byline', '作者：王小二'],
      ['paragraph', '这是一篇关于「营商环境」的随笔，原载于https://blog.example.cn/post/42。'],
      ['figure', '', { src: 'images/park.jpg' }],
      ['caption', '园区全景 夏鹏飞 摄'],
      // &nbsp; &ldquo; &rdquo; are drawn as the characters they name.
      ['paragraph', '营商环境\u00a0是“软实力”，也是硬道理。'],
      ['paragraph', '待办事项：'],
      ['list-item', '☑ 调研三个园区'],
      ['list-item', '☐ 整理访谈记录'],
      // In a code span an entity is shown as written.
      ['paragraph', '旧的说法已经不再适用，详见 policy&amp;rules 一节。'],
      ['code', '营商环境 = 政策 + 服务'],
    ]);
    expect(marked).toEqual([
      ['「营商环境」', MARK.strong, null],
      ['https://blog.example.cn/post/42', MARK.link, 'https://blog.example.cn/post/42'],
      ['硬道理', MARK.strong, null],
      ['旧的说法', MARK.del, null],
      ['policy&amp;rules', MARK.code, null],
      ['营商环境 = 政策 + 服务', MARK.code, null],
    ]);
    expect(article.meta.authors).toEqual(['王小二']);
  });

  it('the caption made of an image\'s alt text keeps its photo credit apart', () => {
    const caption = article.blocks.find((b) => b.kind === 'caption')!;
    expect(t.slice(caption.credit!.start, caption.credit!.end)).toBe('夏鹏飞 摄');
  });
});
