// The REFI-QDA exports read back as another tool would (tests/support/refiReadBack.ts):
// project.qde valid against the standard's schema, every selection's code points equal to its
// passage's quote in 原文, characters outside the BMP counted once, themes nested as Codes,
// notes as Notes, and the .qdc a codebook in its own namespace.
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import type { ExportArticle } from '../../src-renderer/core/markdownExport.ts';
import { codebookQdc, qdpxArchive, refiProject, type RefiAnnotation, type RefiTheme } from '../../src-renderer/core/refiExport.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import { allSeedsInput, EXPORTED_AT, TAGS } from '../support/exportFixtures.ts';
import { codesOf, parseXml, schemaErrors, selectionsOf, unzipped } from '../support/refiReadBack.ts';

function counter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`;
}

const input = allSeedsInput();

describe('REFI-QDA project (.qdpx)', () => {
  it('is a ZIP of a schema-valid project.qde and one UTF-8 text per article, selections on the quotes in 原文', () => {
    const project = refiProject({ articles: input.articles, annotations: input.annotations, themes: TAGS }, { exportedAt: EXPORTED_AT, newGuid: counter() });
    const files = unzipped(qdpxArchive(project));
    const qde = files.get('project.qde')!.toString('utf8');
    expect(schemaErrors(qde)).toBeNull();
    const read = selectionsOf(qde);
    // Five seeds, four placed passages each; each seed's fifth is an orphan (its quote is not in the text).
    expect(read.sources).toHaveLength(5);
    expect(read.selections).toHaveLength(20);
    expect(project.skipped).toBe(5);
    expect([...files.keys()].filter((p) => p.startsWith('sources/'))).toHaveLength(5);
    for (const source of read.sources) {
      expect(source.path).toMatch(/^internal:\/\/[0-9a-f-]{36}\.txt$/);
      const fixture = input.fixtures.find((f) => f.file === source.description)!;
      expect(files.get(`sources/${source.path.slice('internal://'.length)}`)!.toString('utf8')).toBe(fixture.article.text!.canonical);
    }
    const byId = new Map(input.annotations.map((a) => [a.id, a]));
    for (const sel of read.selections) {
      const text = files.get(`sources/${sel.source}`)!.toString('utf8');
      const quote = byId.get(sel.guid)!.quote.exact;
      expect([...text].slice(sel.start, sel.end).join('')).toBe(quote);
    }
    // Codes by name, codings by theme: the second passage of each seed has two themes.
    expect(read.codes.map((c) => c.name).sort()).toEqual(['人才', '招商引资', '营商环境']);
    const codeName = new Map(read.codes.map((c) => [c.guid, c.name]));
    const second = read.selections.find((s) => s.guid === input.fixtures[0].annotations[1].id)!;
    expect(second.codeGuids.map((g) => codeName.get(g)).sort()).toEqual(['人才', '营商环境']);
    // Notes travel as Notes, referenced from their selection, text unchanged (an unclosed fence included).
    const noted = input.fixtures[0].annotations[1];
    const sel = read.selections.find((s) => s.guid === noted.id)!;
    expect(sel.noteGuids).toHaveLength(1);
    expect(read.notes.get(sel.noteGuids[0])).toBe('用 `代码` 和表格 | 列 |，再引一句：\n\n> 笔记里的引文\n\n```\n没有关上的代码块');
  });

  it('counts code points: characters outside the BMP before a passage shift it by one each', () => {
    // Written for this test: an extension-B character, an emoji and a ZWJ sequence before the passage.
    const raw = '𠀀字头\n\n😀 开头一句。👨‍👩‍👧 之后，营商环境持续优化。\n';
    const { clean, article } = loadArticle(raw);
    const canonical = clean.text;
    const start = canonical.indexOf('营商环境');
    const { position, quote } = describeRange(canonical, { start, end: start + 4 });
    const articles: ExportArticle[] = [{ key: 'nonbmp.txt', text: { canonical, fingerprint: 'x', article } }];
    const annotation: RefiAnnotation = { id: '11111111-2222-4333-8444-555555555555', articleKey: 'nonbmp.txt', fingerprint: 'x', cleanVersion: CLEAN_VERSION, position, quote, color: 'yellow', note: '', tagIds: ['tag-yingshang'], createdAt: 1, updatedAt: 2 };
    const project = refiProject({ articles, annotations: [annotation], themes: TAGS }, { exportedAt: EXPORTED_AT, newGuid: counter() });
    expect(schemaErrors(project.qde)).toBeNull();
    const [sel] = selectionsOf(project.qde).selections;
    // Counted by hand on the canonical text: 𠀀 字 头 \n 😀 ␠ 开 头 一 句 。 👨 ZWJ 👩 ZWJ 👧 ␠ 之 后 ， → 20 code points before 营.
    expect(canonical.slice(0, start)).toBe('𠀀字头\n😀 开头一句。👨‍👩‍👧 之后，');
    expect(sel.start).toBe(20);
    expect(sel.end).toBe(24);
    expect(start).toBe(25); // UTF-16 units: the five astral characters (𠀀 😀 👨 👩 👧) count twice
  });

  it('names a selection by its first 40 code points, white space folded, astral characters whole', () => {
    // Written for this test: a passage of 47 code points over two paragraphs, three of them astral
    // (two units each); the paragraph break is folded to a space, the 40th code point is 过.
    const raw = '标题\n\n𠀀起头的一句话写得很长，😀中间有表情，后来又换了一行\n\n接着写𠀁个字，一直写到超过四十个字为止。\n';
    const { clean, article } = loadArticle(raw);
    const canonical = clean.text;
    const start = canonical.indexOf('𠀀');
    const { position, quote } = describeRange(canonical, { start, end: canonical.length });
    const articles: ExportArticle[] = [{ key: 'name.txt', text: { canonical, fingerprint: 'x', article } }];
    const annotation: RefiAnnotation = { id: '11111111-2222-4333-8444-666666666666', articleKey: 'name.txt', fingerprint: 'x', cleanVersion: CLEAN_VERSION, position, quote, color: 'yellow', note: '', tagIds: ['tag-yingshang'], createdAt: 1 };
    const project = refiProject({ articles, annotations: [annotation], themes: TAGS }, { exportedAt: EXPORTED_AT, newGuid: counter() });
    expect(project.qde).toContain(' name="𠀀起头的一句话写得很长，😀中间有表情，后来又换了一行 接着写𠀁个字，一直写到超过"');
  });

  it('nests codes under their parents, skips deleted themes and escapes what XML reserves', () => {
    const themes: RefiTheme[] = [
      { id: 'p', name: '营商环境 <总>', color: 'blue', description: '政务 & 服务 "一网通办"\n第二行', parentId: null },
      { id: 'c', name: '审批提速', color: '', description: '', parentId: 'p' },
      { id: 'g', name: '窗口', color: 'green', description: '', parentId: 'c' },
      { id: 'x', name: '已删除', color: '', description: '', parentId: null, deletedAt: 5 },
      { id: 'orphan-child', name: '父主题已删', color: '', description: '', parentId: 'x' },
    ];
    const qdc = codebookQdc(themes, { exportedAt: EXPORTED_AT, newGuid: counter() })!;
    const root = parseXml(qdc);
    expect(Object.keys(root)).toContain('CodeBook');
    const book = root.CodeBook as Record<string, unknown>;
    expect(book['@xmlns']).toBe('urn:QDA-XML:codebook:1.0');
    const codes = codesOf(book.Codes as Record<string, unknown>);
    expect(codes.map((c) => c.path.join('/'))).toEqual(['营商环境 <总>', '营商环境 <总>/审批提速', '营商环境 <总>/审批提速/窗口', '父主题已删']);
    expect(codes[0].description).toBe('政务 & 服务 "一网通办"\n第二行');
    expect(codes[0].color).toBe('#2f78d0');
    // Codebook.xsd's Codes are the project schema's: the same element validates inside a Project.
    const codesXml = qdc.slice(qdc.indexOf('<Codes>'), qdc.indexOf('</CodeBook>'));
    expect(schemaErrors(`<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="t"><CodeBook>${codesXml}</CodeBook></Project>`)).toBeNull();
  });

  it('keeps a note with control characters and CRs valid XML', () => {
    const fixture = input.fixtures[0];
    const annotations = [{ ...fixture.annotations[0], note: 'a\u0001b\r\nc ]]> <d> & "e"' }];
    const project = refiProject({ articles: [fixture.article], annotations, themes: TAGS }, { exportedAt: EXPORTED_AT, newGuid: counter() });
    expect(schemaErrors(project.qde)).toBeNull();
    const read = selectionsOf(project.qde);
    expect([...read.notes.values()]).toEqual(['ab\r\nc ]]> <d> & "e"']);
  });

  it('writes project.qde into the archive as the same text, however much of it is Chinese', () => {
    // A long Chinese note makes the XML mostly three-byte characters: more bytes than any guess from its length.
    const fixture = input.fixtures[0];
    const note = `${'营商环境持续优化，企业办事更方便。'.repeat(400)}😀`;
    const project = refiProject({ articles: [fixture.article], annotations: [{ ...fixture.annotations[0], note }], themes: TAGS }, { exportedAt: EXPORTED_AT, newGuid: counter() });
    const qde = unzipped(qdpxArchive(project)).get('project.qde')!.toString('utf8');
    expect(qde).toBe(project.qde);
    expect([...selectionsOf(qde).notes.values()]).toEqual([note]);
  });

  it('has no codebook to write without a live theme', () => {
    expect(codebookQdc([], { exportedAt: 0, newGuid: counter() })).toBeNull();
    expect(codebookQdc([{ id: 'a', name: 'x', color: '', description: '', deletedAt: 1 }], { exportedAt: 0, newGuid: counter() })).toBeNull();
  });
});
