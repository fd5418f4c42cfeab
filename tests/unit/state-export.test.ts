// ExportState driven through AppState with a fake host and a real (fake-indexeddb) database:
// each scope gathers the right rows and texts and is saved through the host; a backup saved
// and imported into a fresh profile shows up in the open article; a bad file changes nothing.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MAX_BACKUP_BYTES, parseBackup } from '../../src-renderer/core/webAnnotation.ts';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';
import { allSeedsInput, EXPORTED_AT, TAGS } from '../support/exportFixtures.ts';
import { testDatabases } from '../support/testDatabases.ts';
import { transactionHold, until, startedApp } from '../support/appHarness.ts';

const dbs = testDatabases('state-export');
const input = allSeedsInput();

async function started(fill = true) {
  const host = FakeHost.withSeeds();
  const db = dbs.open();
  if (fill) {
    await db.annotations.bulkPut(input.annotations.map((a) => structuredClone(a)));
    await db.tags.bulkPut(TAGS);
  }
  const app = await startedApp(host, db, SEED.s000);
  // The library parses titles in the background; let it finish before the database closes.
  await app.library.settled();
  return { app, host, db, exporter: app.exporter };
}

describe('ExportState', () => {
  it('an export, a backup and a snapshot taken while the edits shown are still being stored have them', async () => {
    const { app, exporter, host, db } = await started(false);
    // Writes wait before they begin: a disk that takes seconds. Reads go on.
    const writes = transactionHold(db, { writesOnly: true });
    writes.hold();
    try {
      const a = app.annotations;
      const text = app.reader.clean!.text;
      const at = text.indexOf('安吉入选');
      a.selection.range = { start: at, end: at + 4 };
      const id = (await a.requestTag())!;
      void a.addTag(id, '新来的主题');
      // Shown at once, stored only once the disk lets go.
      await until(() => a.model.find(id)?.tagIds.length === 1, 'the theme shown');
      expect(await db.annotations.count()).toBe(0);
      const prepared = exporter.prepare('cn');
      const backup = exporter.backup();
      const snapshot = app.snapshots.backupNow();
      writes.release();
      await Promise.all([prepared, backup, snapshot]);
      expect(exporter.themes.map((t) => t.name)).toEqual(['新来的主题']);
      const saved = parseBackup(String(host.saved[0].files[0].content));
      expect(saved.ok && saved.data.annotations.map((r) => [r.quote.exact, r.tagIds.length])).toEqual([['安吉入选', 1]]);
      const manual = host.snapshots.filter((s) => s.reason === 'manual');
      expect(manual).toHaveLength(1);
      const taken = parseBackup(manual[0].json);
      expect(taken.ok && taken.data.tags.map((t) => t.name)).toEqual(['新来的主题']);
    } finally {
      writes.release();
    }
  });

  it('exports the open article in the chosen script and saves it through the host', async () => {
    const { exporter, host } = await started();
    await exporter.prepare('t');
    exporter.scope = 'article';
    await exporter.exportChosen();
    expect(exporter.status).toEqual({ kind: 'saved', location: '/tmp/export', count: 1 });
    const [saved] = host.saved;
    expect(saved.suggestedName).toBe('快多好省 敢爲爭先 安吉：全域競掀高質量發展熱潮.md');
    expect(saved.files[0].content).toContain('script: "繁體"');
    expect(saved.files[0].content).toContain('> 營商環境');
  });

  it('a theme gathers its passages from every article, reading the ones not open', async () => {
    const { exporter, host } = await started();
    await exporter.prepare('cn');
    expect(exporter.themes.map((t) => t.name)).toEqual(['人才', '招商引资', '营商环境']);
    exporter.scope = 'theme';
    exporter.tagId = 'tag-yingshang';
    const readsBefore = host.reads.length;
    await exporter.exportChosen();
    expect(host.reads.length - readsBefore).toBe(4);
    const content = host.saved[0].files[0].content;
    for (const f of input.fixtures) expect(content).toContain(`文件：${f.file.replace(/_/g, '\\_')}`);
  });

  it('the whole library as a folder: an index and a file per article, named as a browser saves them side by side', async () => {
    const { exporter, host } = await started();
    await exporter.prepare('cn');
    exporter.scope = 'library-folder';
    await exporter.exportChosen();
    expect(host.saved[0].suggestedName).toBe('全部批注');
    // The fake host is a web host: downloads land side by side, so the names carry the folder's.
    const names = host.saved[0].files.map((f) => f.path);
    expect(names[0]).toBe('全部批注 - index.md');
    expect(names).toHaveLength(6);
    for (const name of names.slice(1)) expect(host.saved[0].files[0].content).toContain(`](<${name}>)`);
  });

  it('copies one annotation in the reading script, without front matter', async () => {
    const { exporter } = await started();
    const markdown = await exporter.annotationMarkdown(input.fixtures[0].annotations[1].id, 'hk');
    expect(markdown.startsWith('> 營商環境\n')).toBe(true);
    expect(markdown).not.toContain('---');
  });

  it('a backup saved here and imported into an empty profile brings the annotations into the open article', async () => {
    const first = await started();
    await first.exporter.backup();
    const backup = first.host.saved[0];
    expect(backup.suggestedName).toMatch(/^pizhu-backup-\d{4}-\d\d-\d\d\.json$/);
    const parsed = parseBackup(String(backup.files[0].content));
    expect(parsed.ok && parsed.data.annotations.length).toBe(input.annotations.length);

    const second = await started(false);
    expect(second.app.annotations.model.records).toHaveLength(0);
    const content = String(backup.files[0].content);
    await second.exporter.importFile({ size: content.length, text: async () => content });
    expect(second.exporter.status).toEqual({ kind: 'imported', summary: { added: input.annotations.length, updated: 0, unchanged: 0, tagsAdded: 3 } });
    expect(second.app.annotations.model.records).toHaveLength(input.fixtures[0].annotations.length);
    expect(second.app.annotations.model.tags).toHaveLength(3);
  });

  it('a bad file is refused with its reason, and the database is untouched', async () => {
    const { exporter, db } = await started();
    const before = await db.annotations.count();
    await exporter.importFile({ size: 12, text: async () => '{"type":"Ann' });
    expect(exporter.status).toMatchObject({ kind: 'import-error', code: 'not-json' });
    let read = false;
    await exporter.importFile({
      size: MAX_BACKUP_BYTES + 1,
      text: async () => {
        read = true;
        return '';
      },
    });
    expect(exporter.status).toMatchObject({ kind: 'import-error', code: 'too-large' });
    expect(read).toBe(false);
    expect(await db.annotations.count()).toBe(before);
  });

  it('uses the injected clock for the exported time', async () => {
    const host = FakeHost.withSeeds();
    const db = dbs.open();
    await db.annotations.bulkPut(input.annotations.map((a) => structuredClone(a)));
    const app = new AppState(host, db);
    await app.start(SEED.s000);
    await until(() => app.reader.status === 'ready', 'article');
    await app.library.settled();
    const { ExportState } = await import('../../src-renderer/state/export.svelte.ts');
    const exporter = new ExportState(host, db, { reader: app.reader, annotations: app.annotations.model, userTitle: () => null, reloadAfterImport: async () => {}, now: () => EXPORTED_AT });
    const result = await exporter.render({ kind: 'article', key: SEED.s000 }, 'cn');
    expect(result.files[0].content).toContain('exported: "2026-01-02T03:04:05.000Z"');
  });
});
