// A fixed set of annotations on each seed, for the export golden files and the backup
// tests: every colour, both styles, notes with Markdown in them (one with an unclosed code
// fence), three themes, a passage across two paragraphs, one in a heading, and one orphan.
// Everything is derived from the seed text and fixed ids and times, so the output is stable.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import type { ExportArticle } from '../../src-renderer/core/markdownExport.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { AnnotationRecord, TagRecord } from '../../src-renderer/db/records.ts';
import { searchKeyText } from '../../src-renderer/core/searchKey.ts';
import { SEEDS_DIR } from './fakeHost.ts';

export const SEED_FILES = ['000_5cd884f326e428d3.txt', '001_95138ed665849f79.txt', '002_28af22508236589b.txt', '003_8e5f95533d67e5a9.txt', '004_aae446356b5cda58.txt'];

export const EXPORTED_AT = Date.UTC(2026, 0, 2, 3, 4, 5);
const T0 = Date.UTC(2026, 0, 1);

const tag = (id: string, name: string, color = ''): TagRecord => ({ id, key: searchKeyText(name), name, aliases: [], color, description: '', parentId: null, updatedAt: 0, deletedAt: null });
export const TAGS: TagRecord[] = [tag('tag-yingshang', '营商环境', 'blue'), tag('tag-zhaoshang', '招商引资'), tag('tag-rencai', '人才')];

export const NOTES = {
  list: '**重点**：服务靠前。\n\n- 清单化\n- 项目化\n\n参见 [报告](https://example.org/report)。',
  code: '用 `代码` 和表格 | 列 |，再引一句：\n\n> 笔记里的引文\n\n```\n没有关上的代码块',
  heading: '# 笔记里的标题\n\n1. 第一\n2. 第二',
  orphan: '原文删掉了这一段，*笔记*还在。',
};

export interface SeedFixture {
  file: string;
  text: string;
  article: ExportArticle;
  annotations: AnnotationRecord[];
}

export function seedFixture(file: string, index: number): SeedFixture {
  const text = readFileSync(join(SEEDS_DIR, file), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fingerprint = createHash('sha256').update(text).digest('hex');
  const { clean, article } = loadArticle(text, { fileName: file });
  const canonical = clean.text;
  const paragraphs = article.blocks.filter((b) => b.kind === 'paragraph');
  const heading = article.blocks.find((b) => b.kind === 'heading') ?? paragraphs[2];
  const theme = canonical.search(/营商环境|營商環境/);
  const middle = paragraphs[Math.floor(paragraphs.length / 2)];
  const [p1, p2] = [paragraphs[3], paragraphs[4]];
  let n = 0;
  const make = (range: { start: number; end: number }, extra: Partial<AnnotationRecord>): AnnotationRecord => {
    n++;
    const { position, quote } = describeRange(canonical, range);
    return {
      id: `00000000-0000-4000-8000-0000000${String(index).padStart(2, '0')}${String(n).padStart(3, '0')}`,
      articleKey: file,
      fingerprint,
      cleanVersion: CLEAN_VERSION,
      position,
      quote,
      color: 'yellow',
      style: 'highlight',
      note: '',
      tagIds: [],
      createdAt: T0 + index * 1000 + n,
      updatedAt: T0 + index * 1000 + n,
      deletedAt: null,
      ...extra,
    };
  };
  const annotations = [
    make({ start: paragraphs[0].start, end: paragraphs[0].start + 24 }, { color: 'yellow', note: NOTES.list, tagIds: ['tag-yingshang'] }),
    make(theme >= 0 ? { start: theme, end: theme + 4 } : { start: middle.start, end: middle.start + 10 }, {
      color: 'green',
      style: 'underline',
      note: NOTES.code,
      tagIds: ['tag-yingshang', 'tag-rencai'],
    }),
    make({ start: p1.end - 8, end: p2.start + 8 }, { color: 'blue', tagIds: ['tag-zhaoshang'] }),
    make({ start: heading.start, end: heading.end }, { color: 'pink', note: NOTES.heading }),
  ];
  const orphan = make({ start: 0, end: 10 }, { color: 'purple', note: NOTES.orphan, tagIds: ['tag-yingshang'] });
  annotations.push({ ...orphan, fingerprint: 'f'.repeat(64), quote: { exact: '这段文字已从原文中删去，批注仍然保留', prefix: '', suffix: '' } });
  return { file, text, article: { key: file, text: { canonical, fingerprint, article } }, annotations };
}

export function allSeedsInput(): { fixtures: SeedFixture[]; articles: ExportArticle[]; annotations: AnnotationRecord[]; tags: TagRecord[] } {
  const fixtures = SEED_FILES.map((f, i) => seedFixture(f, i));
  return { fixtures, articles: fixtures.map((f) => f.article), annotations: fixtures.flatMap((f) => f.annotations), tags: TAGS };
}
