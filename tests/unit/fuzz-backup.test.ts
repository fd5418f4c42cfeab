// Property tests of backup import over random and damaged files: a file either imports or
// is refused with a code and a reason, nothing escapes as an unexpected error, and a
// refused file leaves the database exactly as it was. Driven through ExportState.importFile,
// the path the import button takes, on fake-indexeddb.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBackup, toAnnotationCollection } from '../../src-renderer/core/webAnnotation.ts';
import { readBackupData } from '../../src-renderer/db/backup.ts';
import { createDatabase, type PizhuDatabase } from '../../src-renderer/db/database.ts';
import type { ExportStatus } from '../../src-renderer/state/export.svelte.ts';
import { allSeedsInput, EXPORTED_AT, TAGS } from '../support/exportFixtures.ts';
import { fuzzRun } from '../support/fuzzText.ts';

const input = allSeedsInput();
const CODES = ['too-large', 'not-json', 'not-backup', 'newer-format', 'invalid'];

let dbCount = 0;

async function fill(db: PizhuDatabase): Promise<void> {
  await db.annotations.bulkPut(input.annotations.slice(0, 12).map((a) => structuredClone(a)));
  await db.tags.bulkPut(structuredClone(TAGS));
  await db.libraryTitles.put({ libraryId: 'bundled', articleKey: input.fixtures[1].file, title: '换过的标题', updatedAt: 10 });
  await db.settings.bulkPut([
    { key: 'script', value: 't' },
    { key: 'fontSize', value: 21 },
  ]);
  await db.libraryReading.put({ libraryId: 'bundled', articleKey: input.fixtures[0].file, fingerprint: 'abc', blockIndex: 7, fraction: 0.25, offset: 900, updatedAt: 12 });
}

/** One filled database per property, refilled only after a file was imported into it. */
async function withFilledDb(run: (check: (text: string) => Promise<ExportStatus>) => Promise<void>): Promise<void> {
  const db = createDatabase(`fuzz-backup-${dbCount++}`);
  try {
    await fill(db);
    const baseline = await snapshot(db);
    await run(async (text) => {
      const status = await checkImport(db, baseline, text);
      if (status.kind === 'imported') {
        await Promise.all([db.annotations.clear(), db.tags.clear(), db.libraryTitles.clear(), db.settings.clear(), db.libraryReading.clear()]);
        await fill(db);
      }
      return status;
    });
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}

/** A valid backup of more than the database holds: importing it adds rows. */
async function validBackup(): Promise<Record<string, unknown>> {
  const db = createDatabase(`fuzz-backup-source-${dbCount++}`);
  try {
    await db.annotations.bulkPut(input.annotations.map((a) => structuredClone(a)));
    await db.tags.bulkPut(structuredClone(TAGS));
    await db.libraryTitles.put({ libraryId: 'bundled', articleKey: input.fixtures[2].file, title: null, updatedAt: 11 });
    await db.settings.put({ key: 'theme', value: { nested: ['夜', 1] } });
    await db.libraryReading.put({ libraryId: 'bundled', articleKey: input.fixtures[1].file, fingerprint: null, blockIndex: -1, fraction: 0, offset: 0, updatedAt: 13 });
    return toAnnotationCollection(await readBackupData(db), EXPORTED_AT, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f');
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}

async function snapshot(db: PizhuDatabase) {
  const d = await readBackupData(db);
  const by = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return { a: by(d.annotations, (r) => r.id), t: by(d.tags, (r) => r.id), ti: by(d.titles, (r) => r.articleKey), s: by(d.settings, (r) => r.key), r: by(d.reading, (r) => r.articleKey) };
}

async function importText(db: PizhuDatabase, text: string): Promise<ExportStatus> {
  const { ExportState } = await import('../../src-renderer/state/export.svelte.ts');
  const exporter = new ExportState({} as never, db, { reader: null as never, annotations: null as never, userTitle: () => null, reloadAfterImport: async () => {}, now: () => EXPORTED_AT });
  await exporter.importFile({ size: new TextEncoder().encode(text).length, text: async () => text });
  expect(exporter.status).not.toBeNull();
  return exporter.status!;
}

/** Imported, or refused with a known code and a reason; a refusal changed nothing. */
async function checkImport(db: PizhuDatabase, baseline: Awaited<ReturnType<typeof snapshot>>, text: string): Promise<ExportStatus> {
  const status = await importText(db, text);
  if (status.kind === 'import-error') {
    expect(CODES).toContain(status.code);
    expect(status.detail.length).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(baseline);
  } else {
    expect(status.kind, JSON.stringify(status)).toBe('imported');
    // Importing the same file again changes nothing more.
    const after = await snapshot(db);
    const again = await importText(db, text);
    expect(again).toMatchObject({ kind: 'imported', summary: { added: 0, updated: 0, tagsAdded: 0 } });
    expect(await snapshot(db)).toEqual(after);
  }
  // Nothing in any file reaches the prototypes of the app's objects.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return status;
}

// ── mutations of a real backup ───────────────────────────────────────────────

type Path = (string | number)[];

function pathsOf(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...path, k], out);
  return out;
}

const DEEP = '\u0000deep\u0000';
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

type Mutation =
  | { kind: 'drop' }
  | { kind: 'replace'; value: unknown }
  | { kind: 'huge'; length: number }
  | { kind: 'deep'; depth: number; inSetting: boolean }
  | { kind: 'proto'; key: string; value: unknown }
  | { kind: 'duplicate' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'drop' } as const),
  fc.record({ kind: fc.constant('replace' as const), value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(-1, 1.5, 2 ** 53, 1e308, -0, '', '0', [], {}, null, true)) }),
  fc.record({ kind: fc.constant('huge' as const), length: fc.integer({ min: 100_000, max: 1_000_000 }) }),
  // Deep anywhere, or where the format allows any value: a setting's.
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 2, max: 20_000 }), inSetting: fc.boolean() }),
  fc.record({ kind: fc.constant('proto' as const), key: fc.constantFrom(...PROTO_KEYS), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ polluted: 'yes' })) }),
  fc.constant({ kind: 'duplicate' } as const),
);

/** The backup's JSON text with one mutation at one path. */
function mutate(backup: Record<string, unknown>, paths: Path[], at: number, m: Mutation): string {
  const root = structuredClone(backup);
  const path = m.kind === 'deep' && m.inSetting ? ['pizhu:settings', 0, 'value'] : paths[at % paths.length];
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  let parent: unknown = root;
  for (const k of parentPath) parent = (parent as Record<string | number, unknown>)[k];
  const holder = parent as Record<string | number, unknown>;
  const target: unknown = last === undefined ? root : holder[last];
  const set = (v: unknown) => {
    if (last === undefined) return v;
    Object.defineProperty(holder, last, { value: v, enumerable: true, writable: true, configurable: true });
    return root;
  };
  let out: unknown = root;
  switch (m.kind) {
    case 'drop':
      if (last === undefined) out = undefined;
      else if (Array.isArray(holder)) holder.splice(last as number, 1);
      else delete holder[last];
      break;
    case 'replace':
      out = set(m.value);
      break;
    case 'huge':
      out = set('营商环境𠀀\u202e'.repeat(Math.ceil(m.length / 8)));
      break;
    case 'deep':
      out = set(DEEP);
      break;
    case 'proto': {
      // Defined as own properties, the way JSON.parse makes them (an assignment to
      // __proto__ would set the prototype instead).
      const obj = target !== null && typeof target === 'object' && !Array.isArray(target) ? (target as Record<string, unknown>) : holder;
      if (obj !== null && typeof obj === 'object') Object.defineProperty(obj, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      break;
    }
    case 'duplicate':
      if (Array.isArray(holder)) holder.splice(last as number, 0, structuredClone(holder[last as number]));
      else if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
      break;
  }
  const text = JSON.stringify(out) ?? '';
  if (m.kind !== 'deep') return text;
  return text.replace(JSON.stringify(DEEP), '['.repeat(m.depth) + '{"a":1}' + ']'.repeat(m.depth));
}

describe('backup import, on any file', () => {
  it('a random JSON value or random text is refused with a reason, and changes nothing', async () => {
    const file = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      // Looks like a backup at first glance.
      fc.record({ type: fc.constant('AnnotationCollection'), 'pizhu:format': fc.jsonValue({ maxDepth: 1 }), first: fc.jsonValue({ maxDepth: 3 }), 'pizhu:tags': fc.jsonValue({ maxDepth: 2 }) }).map((v) => JSON.stringify(v)),
    );
    await withFilledDb(async (checkImport) => {
      await fc.assert(
        fc.asyncProperty(file, async (text) => {
          const status = await checkImport(text);
          // Nothing random is a complete backup.
          expect(status.kind).toBe('import-error');
        }),
        fuzzRun(0xb1, 200),
      );
    });
  });

  it('a real backup with one part dropped, mistyped, huge, deeply nested, duplicated or named __proto__ imports or is refused cleanly', async () => {
    const backup = await validBackup();
    const paths = pathsOf(backup);
    const kinds = new Map<string, number>();
    await withFilledDb(async (checkImport) => {
      expect((await checkImport(JSON.stringify(backup))).kind).toBe('imported');
      await fc.assert(
        fc.asyncProperty(fc.nat(), mutation, async (at, m) => {
          const text = mutate(backup, paths, at, m);
          const status = await checkImport(text);
          const k = `${m.kind}:${status.kind}`;
          kinds.set(k, (kinds.get(k) ?? 0) + 1);
          if (status.kind === 'imported') {
            // What was imported reads back as a valid backup of its own.
            expect(parseBackup(text).ok).toBe(true);
          }
        }),
        fuzzRun(0xb2, 200),
      );
    });
    if (process.env.FUZZ_VERBOSE) console.log(Object.fromEntries(kinds));
    // Both outcomes really happened.
    expect([...kinds.keys()].some((k) => k.endsWith(':imported'))).toBe(true);
    expect([...kinds.keys()].some((k) => k.endsWith(':import-error'))).toBe(true);
  });
});
