// The exchange exports and the REFI-QDA import driven through AppState, a fake host and a
// real (fake-indexeddb) database: the .qdpx holds every article of the library, a CSV of a
// theme is saved as one UTF-8 file with a BOM, and a bad file changes nothing and says why.
import 'fake-indexeddb/auto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { allSeedsInput, TAGS } from '../support/exportFixtures.ts';
import { schemaErrors, selectionsOf, unzipped } from '../support/refiReadBack.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { startedApp } from '../support/appHarness.ts';

const dbs = testDatabases('state-exchange');
const input = allSeedsInput();

async function started() {
  const host = FakeHost.withSeeds();
  // An article nobody annotated: the project still carries it.
  host.files.set('zz/未标注.txt', { text: '一篇还没有标注的文章。\n' });
  const db = dbs.open();
  await db.annotations.bulkPut(input.annotations.map((a) => structuredClone(a)));
  await db.tags.bulkPut(TAGS);
  const app = await startedApp(host, db, SEED.s000);
  await app.library.settled();
  return { app, host, db, exporter: app.exporter };
}

describe('exchange through ExportState', () => {
  it('the .qdpx holds every readable article of the library and says how many passages it left out', async () => {
    const { exporter, host } = await started();
    await exporter.exportProject();
    expect(exporter.status).toEqual({ kind: 'saved', location: '/tmp/export', count: 1, skipped: 5 });
    const [saved] = host.saved;
    expect(saved.suggestedName).toMatch(/^pizhu-project-\d{4}-\d\d-\d\d\.qdpx$/);
    const files = unzipped(saved.files[0].content as Uint8Array);
    const qde = files.get('project.qde')!.toString('utf8');
    expect(schemaErrors(qde)).toBeNull();
    const read = selectionsOf(qde);
    expect(read.sources.map((s) => s.description).sort()).toEqual([...input.fixtures.map((f) => f.file), 'zz/未标注.txt'].sort());
    expect(read.selections).toHaveLength(20);
  });

  it('a theme as CSV: one file, BOM first, the theme’s rows in the chosen script', async () => {
    const { exporter, host } = await started();
    await exporter.prepare('t');
    exporter.scope = 'theme';
    exporter.tagId = 'tag-rencai';
    exporter.format = 'csv';
    await exporter.exportChosen();
    const [saved] = host.saved;
    expect(saved.suggestedName).toBe('人才.csv');
    const csv = saved.files[0].content as string;
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    // The second passage of each seed has 营商环境 and 人才: one row each, with both themes; in 繁體 the head says 主題路徑.
    expect(rows[0][4]).toBe('主題路徑');
    expect(rows.slice(1).map((r) => r[4])).toEqual(['營商環境\n人才', '營商環境\n人才', '營商環境\n人才', '營商環境\n人才', '營商環境\n人才']);
  });

  it('a file that is not REFI-QDA is refused, with the reason, and nothing changes', async () => {
    const { exporter, db } = await started();
    const before = { tags: await db.tags.toArray(), annotations: await db.annotations.toArray() };
    const bytes = new TextEncoder().encode('<html><body>not a project</body></html>');
    await exporter.importRefi({ size: bytes.length, arrayBuffer: async () => bytes.buffer as ArrayBuffer });
    expect(exporter.status).toMatchObject({ kind: 'refi-error', code: 'not-refi' });
    expect({ tags: await db.tags.toArray(), annotations: await db.annotations.toArray() }).toEqual(before);
  });
});
