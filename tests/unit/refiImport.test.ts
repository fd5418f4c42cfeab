// Importing REFI-QDA files: a Pizhu .qdpx back into an empty database gives the same themes
// (nested) and passages; twice is once; codes merge with themes of the same name in either
// script; a deleted theme stays deleted; a project written the way other tools write one (a
// source that is the file as written, braced upper-case GUIDs, characters outside the BMP)
// lands on the right words; sources that are not in the library are reported; bad files
// are refused and change nothing.
import 'fake-indexeddb/auto';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { qdpxArchive, refiProject, codebookQdc } from '../../src-renderer/core/refiExport.ts';
import { planRefiImport, readRefiFile, type RefiDocument } from '../../src-renderer/core/refiImport.ts';
import { newTheme } from '../../src-renderer/core/themeIdentity.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { applyRefiImport, type RefiImportSummary } from '../../src-renderer/db/refiImport.ts';
import type { TagRecord } from '../../src-renderer/db/records.ts';
import { matchSources } from '../../src-renderer/state/sourceMatching.ts';
import { allSeedsInput, EXPORTED_AT, TAGS } from '../support/exportFixtures.ts';
import { FakeHost } from '../support/fakeHost.ts';
import { testDatabases } from '../support/testDatabases.ts';

const dbs = testDatabases('refi-import');
const input = allSeedsInput();
// A codebook with a level: 人才 sits under 营商环境.
const THEMES: TagRecord[] = TAGS.map((t) => (t.id === 'tag-rencai' ? { ...t, parentId: 'tag-yingshang', description: '人才引进与培养' } : t));
let ids = 0;
const newId = () => `00000000-0000-4000-a000-${String(++ids).padStart(12, '0')}`;

function readOk(bytes: Uint8Array): RefiDocument {
  const read = readRefiFile(bytes);
  if (!read.ok) throw new Error(`${read.error.code}: ${read.error.detail}`);
  return read.document;
}

async function importInto(db: PizhuDatabase, bytes: Uint8Array, host = FakeHost.withSeeds()): Promise<RefiImportSummary> {
  const document = readOk(bytes);
  const matched = await matchSources(host, host.snapshot().entries, document.sources);
  const plan = planRefiImport(document, await db.tags.toArray(), matched, { now: EXPORTED_AT + 1, newId });
  return applyRefiImport(db, plan);
}

function seedsProject(): Uint8Array {
  return qdpxArchive(refiProject({ articles: input.articles, annotations: input.annotations, themes: THEMES }, { exportedAt: EXPORTED_AT, newGuid: newId }));
}

describe('REFI-QDA import', () => {
  it('round trip: a .qdpx of the seeds imported into an empty database gives the same themes and passages', async () => {
    const db = dbs.open();
    const summary = await importInto(db, seedsProject());
    expect(summary).toMatchObject({ themesAdded: 3, themesMatched: 0, added: 20, updated: 0, unchanged: 0, unmatchedSources: [], unplaced: 0 });
    const tags = await db.tags.toArray();
    const name = new Map(tags.map((t) => [t.id, t.name]));
    expect(tags.map((t) => [t.name, t.parentId === null ? null : name.get(t.parentId), t.color, t.description, t.deletedAt]).sort()).toEqual([
      ['人才', '营商环境', '', '人才引进与培养', null],
      ['招商引资', null, '', '', null],
      ['营商环境', null, 'blue', '', null],
    ]);
    const rows = await db.annotations.toArray();
    const placed = input.annotations.filter((a) => a.fingerprint !== 'f'.repeat(64));
    const shape = (a: { id: string; articleKey: string; position: unknown; quote: unknown; note: string; createdAt: number; updatedAt: number; deletedAt: number | null }, tagNames: string[]) => ({
      id: a.id,
      articleKey: a.articleKey,
      position: a.position,
      quote: a.quote,
      note: a.note,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      deletedAt: a.deletedAt,
      tags: [...tagNames].sort(),
    });
    const originalName = new Map(THEMES.map((t) => [t.id, t.name]));
    const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
    expect(rows.map((r) => shape(r, r.tagIds.map((id) => name.get(id)!))).sort(byId)).toEqual(placed.map((a) => shape(a, a.tagIds.map((id) => originalName.get(id)!))).sort(byId));
    // A passage takes its first theme's colour (营商环境 is blue), else yellow.
    expect(rows.find((r) => r.id === input.fixtures[0].annotations[0].id)!.color).toBe('blue');
  });

  it('importing the same project twice is importing it once', async () => {
    const db = dbs.open();
    const bytes = seedsProject();
    await importInto(db, bytes);
    const before = { tags: await db.tags.toArray(), annotations: await db.annotations.toArray() };
    const again = await importInto(db, bytes);
    expect(again).toMatchObject({ themesAdded: 0, themesMatched: 3, added: 0, updated: 0, unchanged: 20 });
    expect({ tags: await db.tags.toArray(), annotations: await db.annotations.toArray() }).toEqual(before);
  });

  it('an article edited since the export is still found by its key; its passages by their quotes', async () => {
    const host = FakeHost.withSeeds();
    const fixture = input.fixtures[0];
    // A line added at the top: every passage moves, none is lost.
    host.files.set(fixture.file, { text: `编者按：本文有改动。\n\n${fixture.text}` });
    const db = dbs.open();
    const summary = await importInto(db, seedsProject(), host);
    expect(summary).toMatchObject({ added: 20, unmatchedSources: [], unplaced: 0 });
    const row = (await db.annotations.toArray()).find((r) => r.id === fixture.annotations[0].id)!;
    expect(row.quote.exact).toBe(fixture.annotations[0].quote.exact);
    expect(row.position.start).toBeGreaterThan(fixture.annotations[0].position.start);
  });

  it('a code merges with the theme of the same name in the other script; a theme deleted here is not brought back', async () => {
    const db = dbs.open();
    const here = newTheme('aaaaaaaa-0000-4000-8000-000000000001', '營商環境', 1);
    await db.tags.bulkAdd([here]);
    const qdc = codebookQdc(
      [
        { id: 'bbbbbbbb-0000-4000-8000-000000000001', name: '营商环境', color: 'green', description: '', parentId: null },
        { id: 'bbbbbbbb-0000-4000-8000-000000000002', name: '政务服务', color: '', description: '', parentId: 'bbbbbbbb-0000-4000-8000-000000000001' },
        { id: 'bbbbbbbb-0000-4000-8000-000000000003', name: '旧主题', color: '', description: '', parentId: null },
      ],
      { exportedAt: 0, newGuid: newId },
    )!;
    await db.tags.add({ ...newTheme('bbbbbbbb-0000-4000-8000-000000000003', '旧主题', 1), deletedAt: 2, updatedAt: 2 });
    const summary = await importInto(db, strToU8(qdc));
    expect(summary).toMatchObject({ themesAdded: 1, themesMatched: 1 });
    const tags = await db.tags.toArray();
    expect(tags.filter((t) => t.deletedAt === null).map((t) => [t.name, t.parentId]).sort()).toEqual([
      ['政务服务', here.id],
      ['營商環境', null],
    ]);
    expect(tags.find((t) => t.name === '旧主题')!.deletedAt).toBe(2);
  });

  it('a project as other tools write it: the file as written, braced GUIDs, astral characters before the passage', async () => {
    const host = FakeHost.withSeeds();
    // Written for this test: a library file with inline pinyin, which clean takes out of the canonical text.
    const raw = '😀𠀀开篇。\n\n今年经(jīng)济稳中向好，营商环境持续优化。\n';
    host.files.set('extra/jingji.txt', { text: raw });
    // Counted by hand in the file as written: 😀 𠀀 开 篇 。 \n \n 今 年 经 ( j ī n g ) 济 稳 中 向 好 ， → 营 is code point 22.
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="县域调研" origin="another tool">
  <CodeBook><Codes>
    <Code guid="{5D2E0C3A-1B7F-4E8A-9C4D-2F6A8B1C3E5D}" name="营商环境" isCodable="true" color="#3366CC">
      <Code guid="{6E3F1D4B-2C8A-4F9B-8D5E-3A7B9C2D4F6E}" name="政务服务" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{7F4A2E5C-3D9B-4A0C-9E6F-4B8C0D3E5A7F}" name="经济.txt" plainTextPath="internal://7F4A2E5C-3D9B-4A0C-9E6F-4B8C0D3E5A7F.txt">
      <PlainTextSelection guid="{8A5B3F6D-4E0C-4B1D-8F7A-5C9D1E4F6B8A}" name="营商环境持续优化" startPosition="22" endPosition="30" creationDateTime="2025-05-06T07:08:09Z">
        <Coding guid="{9B6C4A7E-5F1D-4C2E-9A8B-6D0E2F5A7C9B}"><CodeRef targetGUID="{6E3F1D4B-2C8A-4F9B-8D5E-3A7B9C2D4F6E}"/></Coding>
        <NoteRef targetGUID="{AC7D5B8F-6A2E-4D3F-8B9C-7E1F3A6B8D0C}"/>
      </PlainTextSelection>
      <PlainTextSelection guid="{BD8E6C9A-7B3F-4E4A-9CAD-8F2A4B7C9E1D}" startPosition="500" endPosition="510"/>
    </TextSource>
    <TextSource guid="{CE9F7DAB-8C4A-4F5B-8DBE-9A3B5C8DAF2E}" name="不在文库里的文章" plainTextPath="internal://CE9F7DAB-8C4A-4F5B-8DBE-9A3B5C8DAF2E.txt">
      <PlainTextSelection guid="{DFA08EBC-9D5B-4A6C-9ECF-AB4C6D9EB03F}" startPosition="0" endPosition="2"/>
    </TextSource>
  </Sources>
  <Notes><Note guid="{AC7D5B8F-6A2E-4D3F-8B9C-7E1F3A6B8D0C}" name="memo"><PlainTextContent>一网通办&amp;“最多跑一次”</PlainTextContent></Note></Notes>
</Project>`;
    const bytes = zipSync({
      'project.qde': strToU8(qde),
      'sources/7F4A2E5C-3D9B-4A0C-9E6F-4B8C0D3E5A7F.txt': strToU8(raw),
      'sources/CE9F7DAB-8C4A-4F5B-8DBE-9A3B5C8DAF2E.txt': strToU8('别处的文章，文库里没有。'),
    });
    const db = dbs.open();
    const summary = await importInto(db, bytes, host);
    expect(summary).toMatchObject({ themesAdded: 2, added: 1, unmatchedSources: ['不在文库里的文章'], unplaced: 1 });
    const [row] = await db.annotations.toArray();
    expect(row.id).toBe('8a5b3f6d-4e0c-4b1d-8f7a-5c9d1e4f6b8a');
    expect(row.articleKey).toBe('extra/jingji.txt');
    expect(row.quote.exact).toBe('营商环境持续优化');
    expect(row.note).toBe('一网通办&“最多跑一次”');
    expect(row.createdAt).toBe(Date.UTC(2025, 4, 6, 7, 8, 9));
    const tags = await db.tags.toArray();
    const child = tags.find((t) => t.name === '政务服务')!;
    expect(row.tagIds).toEqual([child.id]);
    expect(tags.find((t) => t.id === child.parentId)!.name).toBe('营商环境');
    expect(tags.find((t) => t.name === '营商环境')!.color).toBe('blue');
  });

  it('refuses files that are not REFI-QDA, or broken, and changes nothing', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['random bytes', new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x90]), 'not-refi'],
      ['a ZIP without project.qde', zipSync({ 'word/document.xml': strToU8('<w/>') }), 'not-refi'],
      ['XML of another kind', strToU8('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'), 'not-refi'],
      ['broken XML', strToU8('<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes></CodeBook>'), 'invalid'],
      ['a DOCTYPE with entities', strToU8('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'), 'not-refi'],
      ['a code without a GUID', strToU8('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="x" isCodable="true"/></Codes></CodeBook>'), 'invalid'],
      ['a truncated .qdpx', seedsProject().slice(0, 400), 'invalid'],
    ];
    for (const [what, bytes, code] of cases) {
      const read = readRefiFile(bytes);
      expect(read.ok, what).toBe(false);
      if (!read.ok) expect(read.error.code, what).toBe(code);
    }
  });
});
