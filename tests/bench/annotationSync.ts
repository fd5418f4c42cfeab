// The annotation files' whole renderer path, Node: the state layer (state/annotationSync) on
// a Dexie database (fake-indexeddb here, not Chromium's IndexedDB) and a host kept in memory
// (the disk is the annotationFolder suite's). First start writes every file from the
// database; a start on an empty database reads them back and merges them in; one edited note
// is written to its article's file; one file changed elsewhere is merged in. The redraw after
// a merge is the reader's and is not in these figures.
// fake-indexeddb only fills in IndexedDB where Node has none, with its request queue made O(1)
// (fakeIndexedDbQueue.ts says why); the Chromium suite annotationSyncChromium measures the real one.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import type { AnnotationFileRead, AnnotationFilesEvent, PizhuApi } from '../../src-main/api.ts';
import { articleFileText, parseAnnotationFile } from '../../src-renderer/core/annotationFiles.ts';
import { articleFileName } from '../../src-renderer/core/annotationFileNames.ts';
import type { ThemeFields } from '../../src-renderer/core/themeIdentity.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import type { Figure } from './figures.ts';
import { installFakeIndexedDbQueue } from './fakeIndexedDbQueue.ts';

type Record = (f: Omit<Figure, 'suite'>) => Figure;

const LIBRARY = '/bench/library';

/** The seven host calls the sync layer makes, on a Map of file texts. */
function memoryHost(files: Map<string, string>) {
  const listeners = new Set<(event: AnnotationFilesEvent) => void>();
  const api = {
    listAnnotationFiles: async () => ({
      location: { folder: `${LIBRARY}/.pizhu`, place: 'library' as const, libraryRoot: LIBRARY },
      files: [...files.keys()].sort().map((name) => ({ name, size: Buffer.byteLength(files.get(name)!), mtimeMs: 0 })),
      others: [],
    }),
    readAnnotationFiles: async (names: string[]): Promise<AnnotationFileRead[]> =>
      names.map((name) => {
        const text = files.get(name);
        if (text === undefined) return { ok: false, name, code: 'missing', detail: 'no such file' };
        return { ok: true, name, text, sha256: createHash('sha256').update(text).digest('hex'), size: Buffer.byteLength(text), mtimeMs: 0 };
      }),
    writeAnnotationFile: async (name: string, text: string) => {
      files.set(name, text);
      return { ok: true as const, file: { name, size: Buffer.byteLength(text), mtimeMs: 0 } };
    },
    writeAnnotationFiles: async (writes: { name: string; text: string }[]) =>
      writes.map(({ name, text }) => {
        files.set(name, text);
        return { ok: true as const, file: { name, size: Buffer.byteLength(text), mtimeMs: 0 } };
      }),
    setAnnotationFileAside: async () => ({ ok: false as const, code: 'missing' as const, detail: 'not in the bench' }),
    removeConflictCopy: async () => ({ ok: false as const, code: 'missing' as const, detail: 'not in the bench' }),
    onAnnotationFilesEvent: (listener: (event: AnnotationFilesEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api: api as unknown as PizhuApi, emit: (event: AnnotationFilesEvent) => listeners.forEach((l) => l(event)) };
}

export async function benchAnnotationSync(options: { record: Record; annotations: AnnotationRecord[]; themes: readonly ThemeFields[]; runs: number }): Promise<void> {
  // The state classes' runes without the Svelte compiler (tsx runs this): plain fields, as
  // nothing is rendered here. Only $state and $state.raw are used by the two classes.
  installFakeIndexedDbQueue();
  const runes = globalThis as unknown as { $state?: unknown };
  runes.$state ??= Object.assign(<T>(value: T) => value, { raw: <T>(value: T) => value });
  const { createDatabase } = await import('../../src-renderer/db/database.ts');
  const { AnnotationSync } = await import('../../src-renderer/state/annotationSync.svelte.ts');
  const { StorageStatus } = await import('../../src-renderer/state/storageStatus.svelte.ts');
  const { record, annotations, themes, runs } = options;
  const n = annotations.length.toLocaleString('en-US');
  const keys = [...new Set(annotations.map((a) => a.articleKey))];
  const context = { libraryId: () => LIBRARY, libraryKeys: () => keys, fingerprintOf: () => undefined };

  // First start: the database holds everything, the folder nothing.
  const files = new Map<string, string>();
  const first = memoryHost(files);
  const db = createDatabase(`bench-sync-${Date.now()}`);
  await db.annotations.bulkPut(annotations);
  await db.tags.bulkPut([...themes]);
  const sync = new AnnotationSync(first.api, db, new StorageStatus(), context);
  let t0 = performance.now();
  await sync.start();
  const write = record({ name: `first start: ${n} annotations written to ${files.size.toLocaleString('en-US')} files from the database`, samples: [performance.now() - t0] });
  write.target = { op: '<', value: 10_000, label: '< 10 s (with the disk writes)' };

  // Another machine's first start on those files: an empty database takes them in.
  const copy = new Map(files);
  const second = memoryHost(copy);
  const db2 = createDatabase(`bench-sync-read-${Date.now()}`);
  const sync2 = new AnnotationSync(second.api, db2, new StorageStatus(), context);
  t0 = performance.now();
  await sync2.start();
  const readBack = record({ name: `read back: ${(files.size).toLocaleString('en-US')} files merged into an empty database (${n} annotations)`, samples: [performance.now() - t0] });
  readBack.target = { op: '<', value: 5_000, label: '< 5 s (with the disk reads)' };
  if ((await db2.annotations.count()) !== annotations.length) throw new Error('the read back lost annotations');

  // The busiest article: one note edited, until its file holds it (the write delay added after).
  const sizes = new Map<string, number>();
  for (const a of annotations) sizes.set(a.articleKey, (sizes.get(a.articleKey) ?? 0) + 1);
  const [busiest, count] = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0];
  const target = annotations.find((a) => a.articleKey === busiest)!;
  const { WRITE_DELAY_MS } = await import('../../src-renderer/state/annotationSync.svelte.ts');
  const edits: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const note = `本机改的笔记 ${i}`;
    t0 = performance.now();
    const row = (await db.annotations.get(target.id))!;
    await db.annotations.put({ ...row, note, updatedAt: row.updatedAt + 1 });
    sync.schedule({ tables: new Set(['annotations']), annotationIds: new Set([target.id]) });
    await sync.flush();
    if (!files.get(articleFileName(busiest))!.includes(note)) throw new Error('the edit was not written');
    if (i > 0) edits.push(performance.now() - t0 + WRITE_DELAY_MS);
  }
  const edit = record({ name: `one note edited in an article of ${count}: written to its file (the ${WRITE_DELAY_MS} ms write delay included)`, samples: edits });
  edit.target = { op: '<', value: 200, label: '< 200 ms after the action' };

  // That article's file changed on another machine: the event, read and merged in.
  const rows = await db2.annotations.where('articleKey').equals(busiest).toArray();
  const merges: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const note = `另一台机器上的笔记 ${i}`;
    const changed = rows.map((a, j) => ({ ...a, libraryIds: undefined, ...(j === 0 ? { note, updatedAt: a.updatedAt + 1000 + i } : {}) }));
    const text = articleFileText({ articleKey: busiest, fingerprint: rows[0].fingerprint, annotations: changed, title: null }, themes);
    if (!parseAnnotationFile(text).ok) throw new Error('the changed file does not read');
    const name = articleFileName(busiest);
    copy.set(name, text);
    t0 = performance.now();
    second.emit({ changed: [{ name, size: Buffer.byteLength(text), mtimeMs: 0 }], removed: [] });
    await sync2.flush();
    if ((await db2.annotations.get(rows[0].id))?.note !== note) throw new Error('the change was not merged');
    if (i > 0) merges.push(performance.now() - t0);
  }
  const merge = record({ name: `one file changed elsewhere (${count} annotations): read and merged into the database`, samples: merges });
  merge.target = { op: '<', value: 100, label: '< 100 ms (with the redraw, not measured here)' };
  sync.stop();
  sync2.stop();
  db.close();
  db2.close();
}
