// The Markdown exporter: golden files per seed in 简体 and 繁體 (byte for byte), every scope,
// and a CommonMark round trip (the reference parser reads back every quote and note).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { blockIds, exportMarkdown, flattenFolder, type ExportAnnotation, type ExportInput, type ExportResult } from '../../src-renderer/core/markdownExport.ts';
import { isSafeFileName } from '../../src-renderer/core/fileNames.ts';
import { convertText } from '../../src-renderer/core/scriptText.ts';
import { view } from '../../src-renderer/core/scriptView.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { Script } from '../../src-renderer/core/types.ts';
import { allSeedsInput, EXPORTED_AT, NOTES, SEED_FILES, TAGS } from '../support/exportFixtures.ts';
import { parser, readBack } from '../support/markdownReadBack.ts';

const GOLDEN_DIR = join(import.meta.dirname, '../fixtures/export');
// `UPDATE_GOLDENS=1 npx vitest run … markdownExport` rewrites them; review the diff before committing.
const UPDATE = process.env.UPDATE_GOLDENS === '1';
const input = allSeedsInput();
const shortIds = blockIds(input.annotations.map((a) => a.id));
/** The block id an export of `input` writes for an annotation. */
const idOf = (annotationId: string) => shortIds.get(annotationId)!;
const options = (script: Script) => ({ script, exportedAt: EXPORTED_AT });

function golden(name: string, content: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, content);
    if (!UPDATE) throw new Error(`golden ${name} was missing and has been written: check it and run again`);
  }
  expect(Buffer.from(content, 'utf8').equals(readFileSync(file)), `${name} differs from its golden file`).toBe(true);
}

function headingsOf(result: ExportResult, script: Script): Set<string> {
  const words = ['孤立标注', '全部批注', ...TAGS.map((t) => t.name)].map((w) => convertText(w, script));
  const titles = input.fixtures.map((f) => convertText(f.article.text!.article.meta.title, script));
  return new Set([...words, ...titles, ...result.files.map((f) => f.path.replace(/\.md$/, ''))]);
}

describe('Markdown export: golden files', () => {
  for (const script of ['cn', 't'] as const) {
    for (const file of SEED_FILES) {
      it(`seed ${file.slice(0, 3)} in ${script === 'cn' ? '简体' : '繁體'} matches its golden file byte for byte`, () => {
        const result = exportMarkdown(input, { kind: 'article', key: file }, options(script));
        expect(result.files).toHaveLength(1);
        golden(`${file.slice(0, 3)}.${script}.md`, result.files[0].content);
        expect(isSafeFileName(result.files[0].path)).toBe(true);
      });
    }
    it(`the theme 营商环境 in ${script} matches its golden file`, () => {
      golden(`theme-yingshang.${script}.md`, exportMarkdown(input, { kind: 'theme', tagId: 'tag-yingshang' }, options(script)).files[0].content);
    });
  }
});

describe('Markdown export: content', () => {
  it('quotes are in the export script, notes stay as written, and the front matter has every field', () => {
    const [fixture] = input.fixtures;
    const { content } = exportMarkdown(input, { kind: 'article', key: fixture.file }, options('t')).files[0];
    expect(content.startsWith('---\ntitle: "快多好省 敢爲爭先 安吉：全域競掀高質量發展熱潮"\n')).toBe(true);
    for (const field of ['kicker:', 'authors:', 'file: "000_5cd884f326e428d3.txt"', 'themes:\n  - "營商環境"', 'script: "繁體"', 'exported: "2026-01-02T03:04:05.000Z"']) expect(content).toContain(field);
    expect(content).toContain('> 營商環境');
    expect(content).toContain(inCallout(NOTES.list));
    expect(content).toContain('#營商環境 #人才');
    expect(content).toContain('顏色：綠色（下劃線）');
    expect(content).toContain('## 孤立標註');
  });

  it('an annotation with an author names them (as written, in any script); one without, or unnamed, says nothing', () => {
    const [first, second, third] = input.annotations.filter((a) => a.articleKey === input.fixtures[0].file);
    const signed: ExportInput = {
      ...input,
      annotations: input.annotations.map((a) =>
        a.id === first.id ? { ...a, author: { id: '11111111-1111-4111-8111-111111111111', name: '林老师 *组*' } } : a.id === second.id ? { ...a, author: { id: '22222222-2222-4222-8222-222222222222', name: '' } } : a,
      ),
    };
    const content = exportMarkdown(signed, { kind: 'article', key: input.fixtures[0].file }, options('t')).files[0].content;
    expect(content.match(/作者：/g)).toHaveLength(1);
    expect(content).toContain('作者：林老师 \\*组\\*');
    const single = exportMarkdown(signed, { kind: 'annotation', id: first.id }, options('cn')).files[0].content;
    expect(single).toContain('作者：林老师 \\*组\\*');
    expect(exportMarkdown(signed, { kind: 'annotation', id: third.id }, options('cn')).files[0].content).not.toContain('作者');
  });

  it('every exported file reads back with a CommonMark parser into the same quotes and notes', () => {
    for (const script of ['original', 'cn', 't', 'tw', 'hk'] as const) {
      for (const result of [
        ...SEED_FILES.map((key) => exportMarkdown(input, { kind: 'article', key }, options(script))),
        exportMarkdown(input, { kind: 'theme', tagId: 'tag-yingshang' }, options(script)),
        exportMarkdown(input, { kind: 'library', layout: 'file' }, options(script)),
        exportMarkdown(input, { kind: 'library', layout: 'folder' }, options(script)),
      ]) {
        for (const file of result.files) {
          if (file.path === 'index.md') continue;
          const back = readBack(file.content, headingsOf(result, script));
          const expected = input.annotations.filter((a) => file.content.includes(`^${idOf(a.id)}\n`));
          expect(back.map((b) => b.id)).toEqual(expect.arrayContaining(expected.map((a) => idOf(a.id))));
          expect(back).toHaveLength(expected.length);
          for (const b of back) {
            const record = input.annotations.find((a) => idOf(a.id) === b.id)!;
            const fixture = input.fixtures.find((f) => f.file === record.articleKey)!;
            const orphan = record.fingerprint === 'f'.repeat(64);
            const quote = orphan ? convertText(record.quote.exact, script) : viewQuote(fixture.article.text!.canonical, record.position, script);
            expect(b.quote, `${file.path} ${b.id}`).toBe(quote);
            expect(b.note.replace(/\n```$/, ''), `${file.path} ${b.id}`).toBe(record.note);
          }
        }
      }
    }
  });

  it('quotes with >, #, *, |, back-ticks, line breaks, leading spaces and list markers survive', () => {
    const nasty = ['> 不是引用 # 不是标题 *不是强调* | 表 | `不是代码` ```', '1. 不是列表', '- 也不是', '    缩进的不是代码  ', '<b>不是 HTML</b> &amp; [不是](链接) ![图](x.png)', '=== 不是标题下划线', '\\ 反斜杠 _下划线_ ~删除~'];
    const raw = `标题\n\n${nasty.join('\n')}\n\n结尾一段。\n`;
    const { clean, article } = loadArticle(raw, { fileName: 'nasty.txt' });
    const canonical = clean.text;
    const start = canonical.indexOf('>');
    const end = canonical.indexOf('~删除~') + 4;
    const { position, quote } = describeRange(canonical, { start, end });
    const record: ExportAnnotation = { id: 'nasty-1', articleKey: 'nasty.txt', fingerprint: 'fp', cleanVersion: CLEAN_VERSION, position, quote, color: 'yellow', note: NOTES.code, tagIds: [], createdAt: 1 };
    const nastyInput: ExportInput = { articles: [{ key: 'nasty.txt', text: { canonical, fingerprint: 'fp', article } }], annotations: [record], tags: [] };
    const result = exportMarkdown(nastyInput, { kind: 'article', key: 'nasty.txt' }, options('original'));
    const [back] = readBack(result.files[0].content, new Set(['孤立标注']));
    expect(back.quote).toBe(canonical.slice(start, end));
    expect(back.quote.split('\n').length).toBeGreaterThan(3);
    expect(back.note.replace(/\n```$/, '')).toBe(NOTES.code);
  });

  // Found by tests/unit/fuzz-export.test.ts: a quote that ran into the next paragraph read
  // back with a paragraph of one space ("> &#32;"); one with a carriage return inside lost
  // what followed it; a BOM or no-break space at a line's end was stripped by the parser.
  it('line breaks at a quote’s ends are left out; CR, BOM and other blanks at line ends survive', () => {
    const canonical = '标题\n甲乙\r丙\ufeff\n\u00a0丁\u3000';
    const { article } = loadArticle(canonical, { fileName: 'blanks.txt' });
    const records: ExportAnnotation[] = [
      { start: 2, end: 4 },
      { start: 3, end: canonical.length },
      { start: 2, end: 3 },
    ].map((r, i) => ({ id: `blanks-${i}`, articleKey: 'blanks.txt', fingerprint: 'fp', cleanVersion: CLEAN_VERSION, ...describeRange(canonical, r), color: 'yellow', note: '', tagIds: [], createdAt: i }));
    const result = exportMarkdown({ articles: [{ key: 'blanks.txt', text: { canonical, fingerprint: 'fp', article } }], annotations: records, tags: [] }, { kind: 'article', key: 'blanks.txt' }, options('original'));
    const back = readBack(result.files[0].content, new Set(['孤立标注']));
    const quotes = Object.fromEntries(back.map((b) => [b.id, b.quote]));
    expect(quotes).toEqual({ 'pz-blanks-0': '甲', 'pz-blanks-1': '甲乙\r丙\ufeff\n\u00a0丁\u3000', 'pz-blanks-2': '' });
    expect(result.files[0].content).toContain('>\n\n^pz-blanks-2');
  });

  it('a note with an unclosed fence or raw-HTML block cannot swallow the passages after it', () => {
    const base = input.fixtures[0];
    const notes = ['<!-- 没有关上的注释', '<pre>\n没有关上的 pre', '~~~~\n没有关上的代码', '后面这条还在'];
    const annotations = notes.map((note, i) => ({ ...base.annotations[i], note, tagIds: [] }));
    const result = exportMarkdown({ articles: [base.article], annotations, tags: [] }, { kind: 'article', key: base.file }, options('cn'));
    const back = readBack(result.files[0].content, new Set(['孤立标注']));
    const ids = blockIds(annotations.map((a) => a.id));
    expect(back.map((b) => b.id).sort()).toEqual(annotations.map((a) => ids.get(a.id)!).sort());
    for (const b of back) {
      const note = annotations.find((a) => ids.get(a.id) === b.id)!.note;
      expect(b.note === note || b.note.startsWith(`${note}\n`), `${b.id}: ${b.note}`).toBe(true);
    }
  });

  it('the same input gives the same bytes, so a re-export replaces rather than grows', () => {
    const a = exportMarkdown(input, { kind: 'library', layout: 'folder' }, options('cn'));
    const b = exportMarkdown(input, { kind: 'library', layout: 'folder' }, options('cn'));
    expect(b).toEqual(a);
  });

  it('the library as a folder: one file per article with safe distinct names, and an index linking them', () => {
    const result = exportMarkdown(input, { kind: 'library', layout: 'folder' }, options('cn'));
    expect(result.files.map((f) => f.path)[0]).toBe('index.md');
    expect(result.files).toHaveLength(SEED_FILES.length + 1);
    const names = result.files.map((f) => f.path);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) expect(isSafeFileName(name), name).toBe(true);
    const index = result.files[0].content;
    for (const name of names.slice(1)) expect(index).toContain(`](<${name}>)`);
    const links: string[] = [];
    const walker = parser.parse(index).walker();
    let event;
    while ((event = walker.next())) if (event.entering && event.node.type === 'link') links.push(decodeURIComponent(event.node.destination ?? ''));
    expect(links).toEqual(names.slice(1));
  });

  it('the library as one file holds every annotation once, orphans in their own section per article', () => {
    const { content } = exportMarkdown(input, { kind: 'library', layout: 'file' }, options('cn')).files[0];
    for (const a of input.annotations) expect(content.split(`^${idOf(a.id)}\n`)).toHaveLength(2);
    expect(content.split('### 孤立标注')).toHaveLength(SEED_FILES.length + 1);
  });

  it('annotations of an article that is not in the library are exported as orphans, marked as such', () => {
    const lost: ExportAnnotation = { ...input.annotations[0], id: 'lost-1', articleKey: 'gone/旧文章.txt' };
    const result = exportMarkdown({ ...input, annotations: [lost] }, { kind: 'article', key: 'gone/旧文章.txt' }, options('cn'));
    expect(result.files[0].path).toBe('旧文章.md');
    expect(result.files[0].content).toContain('文件不在文库中或无法读取');
    expect(result.files[0].content).toContain('## 孤立标注');
  });

  it('one annotation as Markdown: its quote, block id, facts and note, and where it is from', () => {
    const record = input.annotations[1];
    const { content } = exportMarkdown(input, { kind: 'annotation', id: record.id }, options('cn')).files[0];
    expect(content.startsWith('> 营商环境\n\n^pz-')).toBe(true);
    expect(content).toContain(inCallout(NOTES.code));
    expect(content).not.toContain('---\ntitle');
  });

  it('block ids are the first eight hex digits of a UUID, longer only where two share them; other ids whole', () => {
    const ids = blockIds(['3F2A9C1E-0B4D-4E5F-8A6B-7C8D9E0F1A2B', '3f2a9c1e-7777-4e5f-8a6b-7c8d9e0f1a2b', 'd41d8cd9-8f00-4204-a980-0998ecf8427e', 'Imported 1']);
    expect([...ids.values()]).toEqual(['pz-imported-1', 'pz-d41d8cd9', 'pz-3f2a9c1e0', 'pz-3f2a9c1e7']);
  });

  it('themes are also the front matter `tags` Obsidian reads, without #', () => {
    const { content } = exportMarkdown(input, { kind: 'article', key: input.fixtures[0].file }, options('t')).files[0];
    expect(content).toContain('themes:\n  - "營商環境"');
    expect(content).toContain('tags:\n  - "營商環境"');
  });

  it('a note is a callout apart from its quote: a quotation in the note is nested in it, not another passage', () => {
    const base = input.fixtures[0];
    const annotations = [{ ...base.annotations[0], note: '> 引用别人的话\n\n我的看法', tagIds: [] }];
    const { content } = exportMarkdown({ articles: [base.article], annotations, tags: [] }, { kind: 'article', key: base.file }, options('cn')).files[0];
    expect(content).toContain('\n\n> [!note] 笔记\n> > 引用别人的话\n>\n> 我的看法\n');
    const back = readBack(content, new Set(['孤立标注']));
    expect(back).toHaveLength(1);
    expect(back[0].note).toBe('> 引用别人的话\n\n我的看法');
  });

  it('a theme export links each passage to its block in the article’s own export', () => {
    const theme = exportMarkdown(input, { kind: 'theme', tagId: 'tag-yingshang' }, options('cn')).files[0].content;
    const links: string[] = [];
    const walker = parser.parse(theme.replace(/^---\n[\s\S]*?\n---\n/, '')).walker();
    let event;
    while ((event = walker.next())) if (event.entering && event.node.type === 'link') links.push(decodeURIComponent(event.node.destination ?? ''));
    const back = links.filter((l) => l.includes('#^'));
    expect(back.length).toBeGreaterThan(0);
    expect(back[0]).toBe('快多好省 敢为争先 安吉：全域竞掀高质量发展热潮.md#^' + back[0].split('#^')[1]);
    for (const link of back) {
      const [file, id] = link.split('#^');
      const article = input.fixtures.find((f) => exportMarkdown(input, { kind: 'article', key: f.file }, options('cn')).files[0].path === file);
      expect(article, file).toBeDefined();
      expect(exportMarkdown(input, { kind: 'article', key: article!.file }, options('cn')).files[0].content).toContain(`\n^${id}\n`);
    }
  });

  it('a folder saved side by side (browser downloads) names its files "<folder> - <name>" and the index links those names', () => {
    const flat = flattenFolder(exportMarkdown(input, { kind: 'library', layout: 'folder' }, options('cn')));
    expect(flat.files[0].path).toBe('全部批注 - index.md');
    const links: string[] = [];
    const walker = parser.parse(flat.files[0].content).walker();
    let event;
    while ((event = walker.next())) if (event.entering && event.node.type === 'link') links.push(decodeURIComponent(event.node.destination ?? ''));
    expect(links).toEqual(flat.files.slice(1).map((f) => f.path));
    expect(links[0].startsWith('全部批注 - ')).toBe(true);
  });
});

/** A note as the exporter's callout holds it, every line behind `> ` (written here, by the CommonMark rule). */
function inCallout(note: string): string {
  return note
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

function viewQuote(canonical: string, range: { start: number; end: number }, script: Script): string {
  const v = view(canonical, script);
  const t = v.map.rangeToTarget(range);
  return v.text.slice(t.start, t.end);
}
