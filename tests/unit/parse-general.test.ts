// Files that are not shaped like the seeds: Markdown, plain text in any language, Chinese
// documents with numbered sections, degenerate files. Plus invariants every parse must keep.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticle, type LoadOptions } from '../../src-renderer/core/article.ts';
import { deriveTitle } from '../../src-renderer/core/parse.ts';
import type { Block, BlockKind } from '../../src-renderer/core/types.ts';

function load(raw: string, options?: LoadOptions) {
  const { clean, article } = loadArticle(raw, options);
  const text = (r: { start: number; end: number }) => clean.text.slice(r.start, r.end);
  // A Markdown block shows its runs: what the reader draws, markers left out.
  const shown = (b: Block) =>
    b.rows ? b.rows.map((r) => r.cells.map((c) => c.map((x) => x.literal ?? text(x)).join('')).join('|')).join('/') : b.runs ? b.runs.map((x) => x.literal ?? text(x)).join('') : text(b);
  const shape = article.blocks.map((b) => {
    const s: [BlockKind, string, number?] = [b.kind, shown(b)];
    if (b.kind === 'heading') s.push(b.level);
    return s;
  });
  return { clean, article, text, shape, shown };
}

const MARKDOWN =
  '# 数字经济发展报告\n\n作者：张三\n\n## 一、总体情况\n\n今年以来，全市数字经济保持较快增长。\n\n- 第一项：产业规模扩大\n- 第二项：创新能力提升\n\n> 数字经济是未来。\n\n## 二、下一步\n\n继续推进。';

const FRONT_MATTER =
  '---\ntitle: "数字经济发展报告"\nsubtitle: 2024年度\ndate: 2024-3-5\nauthors: [张三, 李四]\nsource: 某某日报\neditor: 王五\n---\n\n# 数字经济发展报告\n\n正文第一段，写完了。\n\n### 细节\n\n第二段，也写完了。';

const RICH_MARKDOWN = [
  'Reader notes',
  '============',
  '',
  'Some intro, with words.',
  '',
  'Section',
  '-------',
  '',
  '1. first item',
  '2) second item',
  '* third item',
  '',
  '**要点**',
  '',
  '正文，完。',
  '',
  '```js',
  'const a = (1, 2);',
  '',
  '打印(甲,乙)',
  '```',
  '',
  '*整行斜体的一段话，写完了。*',
  '',
  '---',
  '',
  '| a | b |',
  '|---|:-:|',
  '| 1 | 2 |',
  '',
  '![航拍](images/city.jpg)',
  '',
  '### Deeper',
  '',
  '> > nested quote',
  '>',
  'Last line.',
].join('\n');

const ENGLISH = 'Just some English text.\nAnother line here.';
const CHINESE_TXT = '乡村振兴的几点思考\n\n近年来，各地积极推进乡村振兴。\n\n产业是基础，人才是关键。';
const SINGLE_LINE = '今天天气很好，我们去公园散步。';
const ONLY_TITLE = '数字经济发展报告';
const NUMBERED =
  '关于加强基层治理的意见\n\n一、总体要求\n\n坚持问题导向，推进治理现代化。\n\n（一）指导思想\n\n以人民为中心，完成。\n\n（二）基本原则\n\n统筹兼顾，分类施策。\n\n二、坚持高位推动，强化组织保障\n\n加强组织建设。';

describe('Markdown', () => {
  it('the sample report, block by block', () => {
    const { article, shape } = load(MARKDOWN);
    expect(shape).toEqual([
      ['title', '数字经济发展报告'],
      ['byline', '作者：张三'],
      ['heading', '一、总体情况', 1],
      ['paragraph', '今年以来，全市数字经济保持较快增长。'],
      ['list-item', '第一项：产业规模扩大'],
      ['list-item', '第二项：创新能力提升'],
      ['pull-quote', '数字经济是未来。'],
      ['heading', '二、下一步', 1],
      ['paragraph', '继续推进。'],
    ]);
    expect(article.meta).toMatchObject({ title: '数字经济发展报告', titleDerived: false, authors: ['张三'], kicker: null, subtitle: null });
  });

  it('keeps the markers in the canonical text, outside the block ranges', () => {
    const { clean } = load(MARKDOWN);
    expect(clean.text).toBe(
      '# 数字经济发展报告\n作者：张三\n## 一、总体情况\n今年以来，全市数字经济保持较快增长。\n- 第一项：产业规模扩大\n- 第二项：创新能力提升\n> 数字经济是未来。\n## 二、下一步\n继续推进。',
    );
  });

  it('a byline and a dated line under the # title', () => {
    const { article, shape } = load('# 标题\n\n作者：张三\n\n日期：2024年3月5日\n\n正文，完。');
    expect(article.meta).toMatchObject({ title: '标题', authors: ['张三'], date: '2024-03-05' });
    expect(shape.map((s) => s[0])).toEqual(['title', 'byline', 'dateline', 'paragraph']);
  });

  it('front matter gives the meta and is not body text', () => {
    const { article, shape, clean } = load(FRONT_MATTER);
    expect(article.meta).toMatchObject({
      title: '数字经济发展报告',
      titleDerived: false,
      subtitle: '2024年度',
      date: '2024-03-05',
      authors: ['张三', '李四'],
      source: '某某日报',
      editor: '王五',
    });
    expect(shape).toEqual([
      ['title', '数字经济发展报告'],
      ['paragraph', '正文第一段，写完了。'],
      ['heading', '细节', 2],
      ['paragraph', '第二段，也写完了。'],
    ]);
    const frontEnd = clean.text.indexOf('\n---\n') + 4;
    expect(article.blocks.every((b) => b.start > frontEnd)).toBe(true);
  });

  it('front matter is kept as written (no full-width repair inside it)', () => {
    const { clean, article } = load('---\ntitle: 数字,经济\nauthor:\n- 张三\n- 李四\n---\n正文，完。');
    expect(clean.text.startsWith('---\ntitle: 数字,经济\n')).toBe(true);
    expect(article.meta.title).toBe('数字,经济');
    expect(article.meta.authors).toEqual(['张三', '李四']);
  });

  it('a first heading that front matter does not name as the title stays a heading', () => {
    const { article, shape } = load('---\ntitle: 年度报告\n---\n# 第一部分\n\n正文，完。\n\n# 第二部分\n\n正文，完。');
    expect(article.meta).toMatchObject({ title: '年度报告', titleDerived: false });
    expect(shape.filter((s) => s[0] === 'heading')).toEqual([
      ['heading', '第一部分', 1],
      ['heading', '第二部分', 1],
    ]);
  });

  it('setext headings, ordered lists, emphasis lines, code, rules, tables, images, nested quotes', () => {
    const { article, shape, clean } = load(RICH_MARKDOWN);
    expect(article.meta).toMatchObject({ title: 'Reader notes', titleDerived: false });
    expect(shape).toEqual([
      ['title', 'Reader notes'],
      ['paragraph', 'Some intro, with words.'],
      ['heading', 'Section', 1],
      ['list-item', 'first item'],
      ['list-item', 'second item'],
      ['list-item', 'third item'],
      // Headings come from heading syntax only: a bold line is a bold paragraph.
      ['paragraph', '要点'],
      ['paragraph', '正文，完。'],
      ['code', 'const a = (1, 2);\n打印(甲,乙)'],
      ['paragraph', '整行斜体的一段话，写完了。'],
      ['table', 'a|b/1|2'],
      ['figure', ''],
      ['caption', '航拍'],
      ['heading', 'Deeper', 2],
      ['pull-quote', 'nested quote'],
      ['paragraph', 'Last line.'],
    ]);
    expect(article.blocks.find((b) => b.kind === 'figure')!.src).toBe('images/city.jpg');
    // Code is code: no full-width commas, no join across its blank line.
    expect(clean.text).toContain('\n打印(甲,乙)\n');
  });

  it('a heading that is not the shallowest is not the title', () => {
    const { article, shape } = load('## 第一节\n\n正文，完。\n\n## 第二节\n\n正文，完。');
    expect(article.meta.titleDerived).toBe(true);
    expect(article.meta.title).toBe('正文，完');
    expect(shape.filter((s) => s[0] === 'heading')).toEqual([
      ['heading', '第一节', 1],
      ['heading', '第二节', 1],
    ]);
  });

  it('a .md file name turns the Markdown rules on where the text alone does not', () => {
    const raw = '报告\n\n正文，完。\n\n1. 第一项，完成。\n\n*一段强调的话，写完了。*';
    expect(load(raw).shape.slice(2)).toEqual([
      ['paragraph', '1. 第一项，完成。'],
      ['paragraph', '*一段强调的话，写完了。*'],
    ]);
    expect(load(raw, { fileName: 'notes/报告.md' }).shape.slice(2)).toEqual([
      ['list-item', '第一项，完成。'],
      ['paragraph', '一段强调的话，写完了。'],
    ]);
    expect(load(raw, { fileName: 'notes/报告.txt' }).shape).toEqual(load(raw).shape);
  });

  it('in Markdown a plain short line is text, not a guessed heading', () => {
    const { shape } = load('# 标题\n\n一句短话\n\n正文，完。');
    expect(shape[1]).toEqual(['paragraph', '一句短话']);
  });

  it('a credit still makes a caption in Markdown', () => {
    const { article, text } = load('# 标题\n\n正文，完。\n\n安吉县城航拍图 夏鹏飞 摄\n\n正文，完。');
    const cap = article.blocks.find((b) => b.kind === 'caption')!;
    expect(text(cap.credit!)).toBe('夏鹏飞 摄');
  });
});

describe('plain text', () => {
  it('English: lines are paragraphs, the title is derived', () => {
    const { article, shape } = load(ENGLISH);
    expect(shape).toEqual([
      ['paragraph', 'Just some English text.'],
      ['paragraph', 'Another line here.'],
    ]);
    expect(article.meta).toMatchObject({ title: 'Just some English text', titleDerived: true });
  });

  it('English with a title line and a short heading', () => {
    const { article, shape } = load('A Short Story\n\nOnce upon a time there was a reader.\n\nThe End Of It\n\nIt read every file, slowly.');
    expect(article.meta).toMatchObject({ title: 'A Short Story', titleDerived: false });
    expect(shape.slice(1).map((s) => s[0])).toEqual(['paragraph', 'heading', 'paragraph']);
  });

  it('an English byline and dateline under the title', () => {
    const { article, shape } = load('A Short Story\nBy Jane Doe and John Smith\n2024-03-05\nOnce upon a time there was a reader.');
    expect(article.meta).toMatchObject({ title: 'A Short Story', authors: ['Jane Doe', 'John Smith'], date: '2024-03-05' });
    expect(shape.map((s) => s[0])).toEqual(['title', 'byline', 'dateline', 'paragraph']);
  });

  it('a Chinese .txt without any seed features: title and paragraphs', () => {
    const { article, shape } = load(CHINESE_TXT);
    expect(article.meta).toMatchObject({ title: '乡村振兴的几点思考', titleDerived: false, authors: [] });
    expect(shape).toEqual([
      ['title', '乡村振兴的几点思考'],
      ['paragraph', '近年来，各地积极推进乡村振兴。'],
      ['paragraph', '产业是基础，人才是关键。'],
    ]);
  });

  it('short lines are paragraphs without positive evidence of a caption', () => {
    const { shape } = load('标题\n\n正文，完。\n\n城市设计效果图\n\n吴兴中心城区');
    expect(shape.slice(2).map((s) => s[0])).toEqual(['paragraph', 'paragraph']);
  });

  it('a single-line file is one paragraph with a derived title', () => {
    const { article, shape } = load(SINGLE_LINE);
    expect(shape).toEqual([['paragraph', SINGLE_LINE]]);
    expect(article.meta).toMatchObject({ title: '今天天气很好，我们去公园散步', titleDerived: true });
  });

  it('a file with only a title', () => {
    const { article, shape } = load(ONLY_TITLE);
    expect(shape).toEqual([['title', ONLY_TITLE]]);
    expect(article.meta).toMatchObject({ title: ONLY_TITLE, titleDerived: false });
  });

  it('numbered sections 一、 and （一） are headings ranked by their numbering', () => {
    const { article, shape } = load(NUMBERED);
    expect(article.meta.title).toBe('关于加强基层治理的意见');
    expect(shape.slice(1)).toEqual([
      ['heading', '一、总体要求', 1],
      ['paragraph', '坚持问题导向，推进治理现代化。'],
      ['heading', '（一）指导思想', 2],
      ['paragraph', '以人民为中心，完成。'],
      ['heading', '（二）基本原则', 2],
      ['paragraph', '统筹兼顾，分类施策。'],
      ['heading', '二、坚持高位推动，强化组织保障', 1],
      ['paragraph', '加强组织建设。'],
    ]);
  });

  it('a numbered line that is a sentence, or that nothing follows, stays a paragraph', () => {
    const { shape } = load('标题\n\n一、加强组织领导。各地要高度重视。\n\n二、结语');
    expect(shape.slice(1).map((s) => s[0])).toEqual(['paragraph', 'paragraph']);
  });

  it('deriveTitle ends Latin sentences at a mark before a space and cuts between words', () => {
    expect(deriveTitle('Version 2.5 is out. More later.')).toBe('Version 2.5 is out');
    expect(deriveTitle('reader '.repeat(20))).toBe('reader reader reader reader reader…');
  });
});

// ── invariants ────────────────────────────────────────────────────────────────────────

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const seeds = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => [f, readFileSync(SEEDS + f, 'utf8')] as const);

const samples: (readonly [string, string])[] = [
  ['markdown', MARKDOWN],
  ['front matter', FRONT_MATTER],
  ['rich markdown', RICH_MARKDOWN],
  ['english', ENGLISH],
  ['chinese txt', CHINESE_TXT],
  ['single line', SINGLE_LINE],
  ['only title', ONLY_TITLE],
  ['numbered', NUMBERED],
  ['empty', ''],
  ['markers only', '---\n\n***\n\n>\n\n#'],
  ...seeds,
];

/**
 * What a line may keep outside its block (the block shown as □): the Markdown markers
 * around it, or, for a line without a block, a marker line (rule, underline, table rule,
 * fence with its info string, empty quote or heading).
 */
const AROUND_BLOCK = /^(?:#{1,6}\s+|(?:>\s*)+|[-*+•·]\s+|\d{1,9}[.)]\s+|\*\*|__|\*|_)?□(?:\s+#+|\*\*|__|\*|_)?$/;
const MARKER_LINE = /^(?:[-*_=\s]*|[|:\-\s]+|(?:`{3,}|~{3,})[\w+-]*|>[>\s]*|#{1,6})$/;

/** Blocks are sorted, disjoint, non-empty and inside one line; what is left out is markup. */
function checkInvariants(raw: string, options?: LoadOptions, code = false): void {
  const { clean, article, text } = load(raw, options);
  const t = clean.text;
  if (article.hidden) {
    checkMarkdownInvariants(t, article.blocks, article.hidden);
    return;
  }
  let last = 0;
  for (const b of article.blocks) {
    expect(b.start).toBeGreaterThanOrEqual(last);
    expect(b.end).toBeGreaterThan(b.start);
    expect(text(b)).not.toContain('\n');
    // Fenced code is shown as written, markers and all.
    if (!code) expect(text(b)).not.toMatch(/^(?:#{1,6} |> |[-*+] )/);
    last = b.end;
  }
  expect(last).toBeLessThanOrEqual(t.length);
  const covered = new Uint8Array(t.length);
  for (const b of article.blocks) covered.fill(1, b.start, b.end);
  // Front matter: from an opening --- on the first line to its closing ---.
  const close = t.startsWith('---\n') ? t.indexOf('\n---\n', 3) : -1;
  const frontEnd = close < 0 ? 0 : close + 4;
  let lineStart = 0;
  for (const line of t.split('\n')) {
    let shape = '';
    for (let k = 0; k < line.length; k++) {
      if (!covered[lineStart + k]) shape += line[k];
      else if (k === 0 || !covered[lineStart + k - 1]) shape += '□';
    }
    if (lineStart >= frontEnd) expect(shape, `line ${JSON.stringify(line)}`).toMatch(shape.includes('□') ? AROUND_BLOCK : MARKER_LINE);
    lineStart += line.length + 1;
  }
}

/**
 * A Markdown parse: blocks sorted and disjoint; runs sorted, disjoint, inside their block
 * and on whole code points; the hidden ranges exactly the rest; and nothing readable hidden
 * outside front matter — hidden text is markup: ASCII marks, link targets and tags.
 */
function checkMarkdownInvariants(t: string, blocks: readonly Block[], hidden: readonly { start: number; end: number }[]): void {
  let last = 0;
  const shown = new Uint8Array(t.length);
  for (const b of blocks) {
    expect(b.start).toBeGreaterThanOrEqual(last);
    expect(b.end).toBeGreaterThanOrEqual(b.start);
    last = b.end;
    let at = b.start;
    // A block without runs (a caption with its credit) shows all of its range.
    for (const r of b.runs ?? [{ start: b.start, end: b.end, marks: 0 }]) {
      expect(r.start).toBeGreaterThanOrEqual(at);
      expect(r.end).toBeLessThanOrEqual(b.end);
      at = r.end;
      if (r.literal !== undefined) continue;
      expect(r.end).toBeGreaterThan(r.start);
      expect(t.charCodeAt(r.start) >= 0xdc00 && t.charCodeAt(r.start) <= 0xdfff).toBe(false);
      shown.fill(1, r.start, r.end);
    }
  }
  const hiddenMask = new Uint8Array(t.length);
  for (const h of hidden) hiddenMask.fill(1, h.start, h.end);
  for (let k = 0; k < t.length; k++) expect(hiddenMask[k] + shown[k], `offset ${k}`).toBe(1);
  const close = t.startsWith('---\n') ? t.indexOf('\n---', 3) : -1;
  const frontEnd = close < 0 ? 0 : close + 4;
  for (const h of hidden) {
    const piece = t.slice(Math.max(h.start, frontEnd), h.end);
    expect(piece, JSON.stringify(piece)).not.toMatch(/[\u4e00-\u9fff]/);
  }
}

describe('every parse', () => {
  for (const [name, raw] of samples) {
    it(`${name}: blocks sorted, disjoint, inside one line; only markup left outside them`, () => checkInvariants(raw));
  }

  it('holds for 300 generated documents mixing every construct', () => {
    const FRAGMENTS = [
      '# 标题', '## 小节', '###### 深', '#', '> 引文。', '>', '- 项', '* 项', '1. 项', '**要点**', '*斜体*', '```', '~~~', '---',
      '===', '| a | b |', '|---|', '![图](a.png)', 'img001.jpg', '安吉县城航拍图 夏鹏飞 摄', '正文，完。', '没有写完的正文，写到',
      '短标签', '一、总体要求', '（一）指导思想', '大事记', '2022年', '6月28日，某事。', '张三 李四', '来源：某报', 'Copyright 2020',
      'English sentence here.', 'Short Label', 'title: 键值', '',
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let doc = 0; doc < 300; doc++) {
      const lines = Array.from({ length: 1 + rand(25) }, () => FRAGMENTS[rand(FRAGMENTS.length)]);
      checkInvariants(lines.join(rand(2) ? '\n' : '\n\n'), rand(3) === 0 ? { fileName: 'x.md' } : undefined, lines.includes('```') || lines.includes('~~~'));
    }
  });
});

describe('scale', () => {
  it('parses a 10 MB Markdown file and a 5 MB single line', () => {
    const unit = '## 小节标题\n\n正文一段，写完了。Some English, too.\n\n- 列表项\n1. 第一\n\n> 引文\n\n**要点**\n\n一、总体要求\n\n```\ncode(a,b)\n```\n\n';
    const big = unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length));
    const { article } = load('# 大文件\n\n' + big);
    expect(article.meta.title).toBe('大文件');
    expect(article.blocks.length).toBeGreaterThan(500_000);
    // One huge line of Latin letters without sentence punctuation: the worst case for a
    // backtracking "is this a sentence?" regex.
    const line = 'abc def '.repeat(650_000);
    expect(load(line).article.blocks).toHaveLength(1);
  });
});
