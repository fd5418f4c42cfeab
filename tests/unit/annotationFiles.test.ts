// The annotation files: what one article's file and the codebook hold, that the same records
// always give the same bytes, that every annotation in them is a W3C Web Annotation by the
// suite's MUST assertions, and that a file which is not ours, cut short or from a newer
// version is classified so the caller sets it aside instead of reading it as empty.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleFilesOf, articleFileText, codebookFileText, parseAnnotationFile, recordsOfFiles, type ArticleFileData } from '../../src-renderer/core/annotationFiles.ts';
import { mergeRecords } from '../../src-renderer/core/syncMerge.ts';
import type { ThemeFields } from '../../src-renderer/core/themeIdentity.ts';
import type { AnnotationRow } from '../../src-renderer/core/userRows.ts';
import { parseBackup, toAnnotationCollection } from '../../src-renderer/core/webAnnotation.ts';
import { failedMusts, meetsAssertion, SUITE } from '../support/w3cMusts.ts';

const KEY = '论文/营商环境 2026.md';
const FINGERPRINT = 'c0ffee'.padEnd(64, '0');

const theme = (id: string, name: string, key: string, more: Partial<ThemeFields> = {}): ThemeFields => ({
  id,
  key,
  name,
  aliases: [],
  color: '',
  description: '',
  parentId: null,
  updatedAt: 100,
  deletedAt: null,
  ...more,
});

const THEMES: ThemeFields[] = [
  theme('t-2', '营商环境', '营商环境', { aliases: ['營商環境'], color: '#c33', description: '政府服务、审批', updatedAt: 120 }),
  theme('t-1', '人才', '人才', { parentId: 't-2' }),
  theme('t-0', '招商引资', '招商引资', { deletedAt: 150, mergedInto: 't-2' }),
];

const annotation = (id: string, more: Partial<AnnotationRow> = {}): AnnotationRow => ({
  id,
  articleKey: KEY,
  fingerprint: FINGERPRINT,
  cleanVersion: 3,
  position: { start: 10, end: 14 },
  quote: { exact: '营商环境', prefix: '优化', suffix: '，推动' },
  color: 'yellow',
  note: '',
  tagIds: [],
  createdAt: Date.UTC(2026, 2, 1, 8, 0, 0),
  updatedAt: Date.UTC(2026, 2, 1, 8, 0, 0),
  deletedAt: null,
  ...more,
});

const ROWS: AnnotationRow[] = [
  annotation('b2c3d4e5-0000-4000-8000-000000000002', { note: '**重点**：审批时限', tagIds: ['t-2', 't-1'], style: 'underline', author: { id: 'inst-7f3a', name: '李伟' } }),
  annotation('a1b2c3d4-0000-4000-8000-000000000001', { tagIds: ['t-0'], deletedAt: Date.UTC(2026, 2, 2), updatedAt: Date.UTC(2026, 2, 2) }),
  annotation('legacy id 旧', { author: { id: 'inst/with slash', name: '' } }),
];

const DATA: ArticleFileData = { articleKey: KEY, fingerprint: FINGERPRINT, annotations: ROWS, title: { articleKey: KEY, title: '我的标题', updatedAt: 5 } };

describe('one article’s file', () => {
  const text = articleFileText(DATA, THEMES);
  const json = JSON.parse(text) as Record<string, unknown>;
  const items = (json.first as { items: Record<string, unknown>[] }).items;

  it('is an AnnotationCollection naming the article, its annotations sorted by id', () => {
    expect(json['@context']).toEqual(['http://www.w3.org/ns/anno.jsonld', { pizhu: 'urn:pizhu:vocab:' }]);
    expect(json.type).toBe('AnnotationCollection');
    expect(json.id).toBe('urn:pizhu:article:%E8%AE%BA%E6%96%87/%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83%202026.md#annotations');
    expect(json['pizhu:format']).toBe(1);
    expect(json['pizhu:kind']).toBe('article');
    expect(json['pizhu:articleKey']).toBe(KEY);
    expect(json['pizhu:fingerprint']).toBe(FINGERPRINT);
    expect(json['pizhu:title']).toEqual({ title: '我的标题', updatedAt: 5 });
    expect(json.total).toBe(3);
    expect(items.map((i) => i['pizhu:id'])).toEqual(['a1b2c3d4-0000-4000-8000-000000000001', 'b2c3d4e5-0000-4000-8000-000000000002', 'legacy id 旧']);
    // No time of writing anywhere: only the records' own times.
    expect(text).not.toMatch(/exported/);
  });

  it('carries the author as the annotation’s W3C creator, and a live theme’s name as a tagging body', () => {
    expect(items[1].creator).toEqual({ id: 'urn:pizhu:author:inst-7f3a', type: 'Person', name: '李伟' });
    expect(items[2].creator).toEqual({ id: 'urn:pizhu:author:inst%2Fwith%20slash', type: 'Person', name: '' });
    expect(items[0].creator).toBeUndefined();
    expect(items[1].body).toEqual([
      { type: 'TextualBody', value: '**重点**：审批时限', format: 'text/markdown', purpose: 'commenting' },
      { type: 'TextualBody', value: '营商环境', purpose: 'tagging' },
      { type: 'TextualBody', value: '人才', purpose: 'tagging' },
    ]);
    // The merged-away theme names no passage; its id stays in pizhu:tagIds for the merge to follow.
    expect(items[0].body).toBeUndefined();
    expect(items[0]['pizhu:tagIds']).toEqual(['t-0']);
  });

  it('every annotation in it passes every MUST assertion of the W3C suite', () => {
    for (const item of items) expect(failedMusts(item), String(item.id)).toEqual([]);
  });

  it('the creator is an Agent by the suite’s creator assertions (id, type, name), and those assertions bite', () => {
    const agent = ['3.3.1-annotationCreatorImplemented.json', '3.3.2-annotationCreatorAgentIdImplemented.json', '3.3.2-annotationCreatorAgentTypeImplemented.json', '3.3.2-annotationCreatorAgentNameImplemented.json'];
    for (const path of agent) expect(meetsAssertion(path, items[1]), path).toBe(true);
    expect(meetsAssertion('3.3.1-annotationCreatorImplemented.json', items[0])).toBe(false);
    expect(meetsAssertion('3.3.2-annotationCreatorAgentTypeImplemented.json', { ...items[1], creator: { id: 'urn:x', type: 'Robot' } })).toBe(false);
  });

  it('reads back to the same records', () => {
    const parsed = parseAnnotationFile(text);
    expect(parsed).toEqual({ ok: true, kind: 'article', data: { ...DATA, annotations: [ROWS[1], ROWS[0], ROWS[2]] } });
  });

  it('is the same bytes for the same records, whatever their order or their fields’ order', () => {
    const shuffled: ArticleFileData = {
      ...DATA,
      annotations: [ROWS[2], ROWS[0], ROWS[1]].map((r) => Object.fromEntries(Object.entries(r).reverse()) as unknown as AnnotationRow),
    };
    expect(articleFileText(shuffled, [...THEMES].reverse())).toBe(text);
    // A real change is a change.
    expect(articleFileText({ ...DATA, annotations: [ROWS[0], ROWS[1], { ...ROWS[2], note: 'x' }] }, THEMES)).not.toBe(text);
  });

  it('an article without a replaced title has no title field', () => {
    const plain = JSON.parse(articleFileText({ ...DATA, title: null }, THEMES)) as Record<string, unknown>;
    expect('pizhu:title' in plain).toBe(false);
    const back = parseAnnotationFile(articleFileText({ ...DATA, title: null }, THEMES));
    expect(back.ok && back.kind === 'article' && back.data.title).toBe(null);
  });
});

describe('the codebook file', () => {
  it('holds every theme (tombstones and merges too) in one order, written out by hand here', () => {
    const text = codebookFileText([THEMES[2], theme('t-1', '人才', '人才', { parentId: 't-2' })]);
    expect(text).toBe(
      [
        '{',
        '  "@context": {',
        '    "pizhu": "urn:pizhu:vocab:"',
        '  },',
        '  "id": "urn:pizhu:codebook",',
        '  "type": "pizhu:Codebook",',
        '  "pizhu:format": 1,',
        '  "pizhu:kind": "codebook",',
        '  "pizhu:themes": [',
        '    {',
        '      "id": "t-0",',
        '      "key": "招商引资",',
        '      "name": "招商引资",',
        '      "aliases": [],',
        '      "color": "",',
        '      "description": "",',
        '      "parentId": null,',
        '      "updatedAt": 100,',
        '      "deletedAt": 150,',
        '      "mergedInto": "t-2"',
        '    },',
        '    {',
        '      "id": "t-1",',
        '      "key": "人才",',
        '      "name": "人才",',
        '      "aliases": [],',
        '      "color": "",',
        '      "description": "",',
        '      "parentId": "t-2",',
        '      "updatedAt": 100,',
        '      "deletedAt": null',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('reads back to the same themes, and a theme row with its fields in another order writes the same bytes', () => {
    const text = codebookFileText(THEMES);
    const parsed = parseAnnotationFile(text);
    expect(parsed).toEqual({ ok: true, kind: 'codebook', themes: [THEMES[2], THEMES[1], THEMES[0]] });
    const reordered = THEMES.map((t) => Object.fromEntries(Object.entries(t).reverse()) as unknown as ThemeFields);
    expect(codebookFileText(reordered)).toBe(text);
  });
});

describe('a file that is not one of ours, whole and of this version, is classified, never read as empty', () => {
  const article = articleFileText(DATA, THEMES);
  const problem = (text: string) => {
    const parsed = parseAnnotationFile(text);
    return parsed.ok ? 'ok' : parsed.problem;
  };

  it('cut short anywhere (a write or a transfer in progress): truncated', () => {
    expect(problem('')).toBe('truncated');
    expect(problem('   \n')).toBe('truncated');
    expect(problem(article.slice(0, 1))).toBe('truncated');
    expect(problem(article.slice(0, article.indexOf('李伟') + 1))).toBe('truncated');
    expect(problem(article.slice(0, -3))).toBe('truncated');
    // Every cut of the file, not only the ones chosen above.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: article.trimEnd().length - 1 }), (at) => problem(article.slice(0, at)) === 'truncated'),
      { numRuns: 300 },
    );
  });

  it('not JSON at all: not-json', () => {
    expect(problem('这不是 JSON')).toBe('not-json');
    expect(problem('{"a": 1}}')).toBe('not-json');
    expect(problem('{"a": 1] ')).toBe('not-json');
    expect(problem(`${article}x`)).toBe('not-json');
  });

  it('someone else’s JSON, or a Pizhu backup: foreign', () => {
    // A Web Annotation from the W3C suite's correct samples: valid, and not ours.
    const sample = readFileSync(join(SUITE, 'tools/samples/correct/anno1.json'), 'utf8');
    expect(problem(sample)).toBe('foreign');
    expect(problem('{"name": "pizhu", "version": "0.1.0"}')).toBe('foreign');
    expect(problem('[1, 2, 3]')).toBe('foreign');
    expect(problem('null')).toBe('foreign');
    const backup = JSON.stringify(toAnnotationCollection({ annotations: ROWS, tags: THEMES, titles: [], settings: [], reading: [] }, 0, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f'));
    const parsed = parseAnnotationFile(backup);
    expect(parsed).toEqual({ ok: false, problem: 'foreign', detail: 'a Pizhu backup, not an annotation file' });
  });

  it('ours from a newer version: newer-format', () => {
    const newer = article.replace('"pizhu:format": 1', '"pizhu:format": 2');
    expect(newer).not.toBe(article);
    expect(problem(newer)).toBe('newer-format');
    expect(problem(codebookFileText(THEMES).replace('"pizhu:format": 1', '"pizhu:format": 7'))).toBe('newer-format');
  });

  it('ours with a broken field: invalid, with the place named', () => {
    const wrongKey = JSON.parse(article) as { first: { items: Record<string, unknown>[] } };
    wrongKey.first.items[1]['pizhu:articleKey'] = '别的文章.md';
    expect(parseAnnotationFile(JSON.stringify(wrongKey))).toEqual({
      ok: false,
      problem: 'invalid',
      detail: 'first.items[1].pizhu:articleKey: is "别的文章.md", not the file\'s "论文/营商环境 2026.md"',
    });
    expect(problem(article.replace('"total": 3', '"total": 2'))).toBe('invalid');
    expect(problem(codebookFileText(THEMES).replace('"name": "人才"', '"name": 7'))).toBe('invalid');
  });
});

describe('authors and old backups', () => {
  it('a backup with authors reads them back; fixtures made before authors still import', () => {
    const collection = toAnnotationCollection({ annotations: ROWS, tags: THEMES, titles: [], settings: [], reading: [] }, 0, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f');
    const parsed = parseBackup(JSON.stringify(collection));
    expect(parsed.ok && parsed.data.annotations.map((a) => a.author)).toEqual([{ id: 'inst-7f3a', name: '李伟' }, undefined, { id: 'inst/with slash', name: '' }]);
    expect(parsed.ok && parsed.data.tags.find((t) => t.id === 't-0')?.mergedInto).toBe('t-2');
    for (const fixture of ['backup-before-script-detection.json', 'backup-library-wide-overrides.json']) {
      const old = parseBackup(readFileSync(join(import.meta.dirname, '../fixtures/traditional', fixture), 'utf8'));
      expect(old.ok, fixture).toBe(true);
      if (old.ok) for (const a of old.data.annotations) expect('author' in a).toBe(false);
    }
  });

  it('another tool’s creator is left to it, not read as ours', () => {
    const collection = toAnnotationCollection({ annotations: [ROWS[0]], tags: [], titles: [], settings: [], reading: [] }, 0, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f') as { first: { items: Record<string, unknown>[] } };
    collection.first.items[0].creator = { id: 'http://example.org/user1', type: 'Person', name: 'Someone' };
    const parsed = parseBackup(JSON.stringify(collection));
    expect(parsed.ok && parsed.data.annotations[0].author).toBeUndefined();
  });
});

describe('records to files and back', () => {
  const other = annotation('c0000000-0000-4000-8000-000000000003', { articleKey: '别的/文章.txt', fingerprint: 'old-print', updatedAt: 7 });
  const records = { annotations: [...ROWS, other], themes: THEMES, titles: [{ articleKey: '只改了标题.md', title: '新标题', updatedAt: 9 }] };

  it('one file per article with an annotation or a title, sorted by key, with the library’s fingerprint or the latest annotation’s', () => {
    const files = articleFilesOf(records, (key) => (key === KEY ? FINGERPRINT : undefined));
    expect(files.map((f) => [f.articleKey, f.fingerprint, f.annotations.length, f.title?.title ?? null])).toEqual([
      ['别的/文章.txt', 'old-print', 1, null],
      ['只改了标题.md', '', 0, '新标题'],
      [KEY, FINGERPRINT, 3, null],
    ]);
  });

  it('written and read back (with a conflict copy of one file holding an older version) the records are whole again', () => {
    const files = articleFilesOf(records, () => undefined);
    const texts = [...files.map((f) => articleFileText(f, THEMES)), codebookFileText(THEMES)];
    // A conflict copy: the same article with the legacy annotation's note at an older time.
    const stale = articleFileText({ ...files[2], annotations: files[2].annotations.map((a) => (a.id === 'legacy id 旧' ? { ...a, note: '旧的', updatedAt: 0 } : a)) }, THEMES);
    const parsed = [...texts, stale].map((t) => parseAnnotationFile(t));
    const ok = parsed.filter((p) => p.ok);
    expect(ok).toHaveLength(parsed.length);
    const back = recordsOfFiles(ok);
    expect(back).toEqual(mergeRecords([records]));
  });
});

describe('any records', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const stamp = fc.integer({ min: 0, max: 4_102_444_800_000 });
  const row = (key: string) =>
    fc.record({
      id: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
      note: text,
      exact: text,
      prefix: text,
      suffix: text,
      start: fc.nat(1_000_000),
      length: fc.nat(1000),
      tagIds: fc.uniqueArray(fc.constantFrom('t-0', 't-1', 't-2', 'gone'), { maxLength: 3 }),
      style: fc.constantFrom(undefined, 'highlight' as const, 'underline' as const),
      author: fc.option(fc.record({ id: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), name: text }), { nil: undefined }),
      createdAt: stamp,
      updatedAt: stamp,
      deletedAt: fc.option(stamp, { nil: null }),
    }).map((r): AnnotationRow => {
      const out: AnnotationRow = annotation(r.id, {
        articleKey: key,
        note: r.note,
        quote: { exact: r.exact, prefix: r.prefix, suffix: r.suffix },
        position: { start: r.start, end: r.start + r.length },
        tagIds: r.tagIds,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        deletedAt: r.deletedAt,
      });
      if (r.style !== undefined) out.style = r.style;
      if (r.author !== undefined) out.author = r.author;
      return out;
    });
  const article = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).chain((key) =>
    fc.record({
      articleKey: fc.constant(key),
      fingerprint: fc.string({ maxLength: 64 }),
      annotations: fc.uniqueArray(row(key), { maxLength: 8, selector: (a) => a.id }),
      title: fc.option(fc.record({ articleKey: fc.constant(key), title: fc.option(text, { nil: null }), updatedAt: stamp }), { nil: null }),
    }),
  );

  it('read back exactly, in any order written the same bytes, and every annotation a W3C one', () => {
    fc.assert(
      fc.property(article, (data) => {
        const written = articleFileText(data, THEMES);
        const parsed = parseAnnotationFile(written);
        const sorted = [...data.annotations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        expect(parsed).toEqual({ ok: true, kind: 'article', data: { ...data, annotations: sorted } });
        expect(articleFileText({ ...data, annotations: [...data.annotations].reverse() }, THEMES)).toBe(written);
        for (const item of (JSON.parse(written) as { first: { items: unknown[] } }).first.items) expect(failedMusts(item)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('annotation files: the layout of an article file', () => {
  it('puts each annotation on a line of its own, compact, between indented collection fields', () => {
    const lines = articleFileText(DATA, THEMES).split('\n');
    const itemLines = lines.filter((line) => line.includes('"type":"Annotation"'));
    // Three annotations, three lines, each one whole JSON object (the last without a comma).
    expect(itemLines).toHaveLength(3);
    expect(itemLines.map((line) => line.startsWith('      {"@context":"http://www.w3.org/ns/anno.jsonld","id":'))).toEqual([true, true, true]);
    expect(itemLines.map((line) => line.endsWith('},'))).toEqual([true, true, false]);
    expect(lines).toContain('  "type": "AnnotationCollection",');
    expect(lines).toContain('    "items": [');
    expect(articleFileText({ ...DATA, annotations: [] }, THEMES).split('\n')).toContain('    "items": []');
  });
});
