// The merge of copies made on different machines. Hand-written cases first (expected values
// worked out by hand from the rule), then properties over random edit histories on two and
// three machines: notes typed on both at once, deletes, theme renames, deletions and merges,
// titles, and syncs between them at random points. Times come from a small range so equal
// stamps on different machines are common.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, effectiveTagIds, mergeRecords, sameKeyMerges, themeResolution, versionStamp, type SyncRecords } from '../../src-renderer/core/syncMerge.ts';
import { mergeThemes, retag, themeKey, type ThemeFields } from '../../src-renderer/core/themeIdentity.ts';
import type { AnnotationRow, TitleRow } from '../../src-renderer/core/userRows.ts';

const annotation = (id: string, more: Partial<AnnotationRow> = {}): AnnotationRow => ({
  id,
  articleKey: 'a.md',
  fingerprint: 'f',
  cleanVersion: 3,
  position: { start: 0, end: 2 },
  quote: { exact: '营商', prefix: '', suffix: '' },
  color: 'yellow',
  note: '',
  tagIds: [],
  createdAt: 1,
  updatedAt: 1,
  deletedAt: null,
  ...more,
});

const theme = (id: string, name: string, more: Partial<ThemeFields> = {}): ThemeFields => ({
  id,
  key: themeKey(name),
  name,
  aliases: [],
  color: '',
  description: '',
  parentId: null,
  updatedAt: 1,
  deletedAt: null,
  ...more,
});

const records = (more: Partial<SyncRecords> = {}): SyncRecords => ({ annotations: [], themes: [], titles: [], ...more });

describe('the rule, case by case', () => {
  it('the later edit wins, whichever copy comes first', () => {
    const a = annotation('x', { note: '旧', updatedAt: 5 });
    const b = annotation('x', { note: '新', updatedAt: 7 });
    expect(mergeRecords([records({ annotations: [a] }), records({ annotations: [b] })]).annotations).toEqual([b]);
    expect(mergeRecords([records({ annotations: [b] }), records({ annotations: [a] })]).annotations).toEqual([b]);
  });

  it('a deletion wins over an older edit, and counts from when it was made, not from the last edit', () => {
    // A theme deleted at 6 keeps its last edit time 3; the other machine renamed it at 5.
    const deleted = theme('t', '人才', { updatedAt: 3, deletedAt: 6 });
    const renamed = theme('t', '人才培养', { updatedAt: 5 });
    expect(versionStamp(deleted)).toBe(6);
    expect(mergeRecords([records({ themes: [renamed] }), records({ themes: [deleted] })]).themes).toEqual([deleted]);
    expect(mergeRecords([records({ themes: [deleted] }), records({ themes: [renamed] })]).themes).toEqual([deleted]);
    // An edit made after the deletion (the theme brought back) wins over it.
    const back = theme('t', '人才', { updatedAt: 8 });
    expect(mergeRecords([records({ themes: [deleted] }), records({ themes: [back] })]).themes).toEqual([back]);
  });

  it('at the same moment a deletion wins over an edit', () => {
    const edited = annotation('x', { note: '同时', updatedAt: 9 });
    const deleted = annotation('x', { updatedAt: 9, deletedAt: 9 });
    expect(mergeRecords([records({ annotations: [edited] }), records({ annotations: [deleted] })]).annotations).toEqual([deleted]);
    expect(mergeRecords([records({ annotations: [deleted] }), records({ annotations: [edited] })]).annotations).toEqual([deleted]);
  });

  it('two notes typed at the same moment: the same one wins on every machine (the larger canonical text, here "B")', () => {
    const a = annotation('x', { note: 'A', updatedAt: 9 });
    const b = annotation('x', { note: 'B', updatedAt: 9 });
    expect(compareVersions(b, a)).toBeGreaterThan(0);
    expect(compareVersions(a, b)).toBeLessThan(0);
    expect(mergeRecords([records({ annotations: [a] }), records({ annotations: [b] })]).annotations[0].note).toBe('B');
    expect(mergeRecords([records({ annotations: [b] }), records({ annotations: [a] })]).annotations[0].note).toBe('B');
    // Field order in the row does not count: these are one version.
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as AnnotationRow;
    expect(compareVersions(a, reordered)).toBe(0);
  });

  it('one version met twice is told the same however its fields are held; any field differing makes another version', () => {
    const author = { id: 'inst-1', name: '王' };
    const here = { ...annotation('x', { note: '同一版', updatedAt: 9 }), tagIds: ['t1', 't2'], author, extra: undefined } as unknown as AnnotationRow;
    const read = { ...annotation('x', { note: '同一版', updatedAt: 9 }), tagIds: ['t1', 't2'], author: { name: '王', id: 'inst-1' } } as unknown as AnnotationRow;
    expect(compareVersions(here, read)).toBe(0);
    expect(compareVersions(read, here)).toBe(0);
    // Another author's name, another tag order, another tag: other versions, one winning the same way both ways round.
    for (const other of [
      { ...read, author: { id: 'inst-1', name: '李' } },
      { ...read, tagIds: ['t2', 't1'] },
      { ...read, tagIds: ['t1', 't2', 't3'] },
      { ...read, extra: 'x' },
      // A hole reads as null in the canonical text: not the same as a value there.
      { ...read, tagIds: Object.assign(new Array(2), { 1: 't2' }) },
    ] as AnnotationRow[]) {
      const ab = compareVersions(here, other);
      expect(ab).not.toBe(0);
      expect(compareVersions(other, here)).toBe(-ab);
    }
  });

  it('what only this machine notes on a row (the libraries it is filed in) does not make it another version', () => {
    const here = { ...annotation('x', { note: '同一版', updatedAt: 9 }), libraryIds: ['lib-1'] };
    const fromFile = annotation('x', { note: '同一版', updatedAt: 9 });
    expect(compareVersions(here, fromFile)).toBe(0);
    expect(compareVersions(fromFile, here)).toBe(0);
  });

  it('titles merge by article key; records of one kind never meet records of another', () => {
    const t1: TitleRow = { articleKey: 'a.md', title: '甲', updatedAt: 3 };
    const t2: TitleRow = { articleKey: 'a.md', title: null, updatedAt: 4 };
    const t3: TitleRow = { articleKey: 'b.md', title: '乙', updatedAt: 1 };
    expect(mergeRecords([records({ titles: [t1, t3] }), records({ titles: [t2] })]).titles).toEqual([t2, t3]);
  });

  it('a passage tagged on one machine with a theme another machine merged away follows it into the other theme', () => {
    const from = theme('t-from', '招商引资', { updatedAt: 2 });
    const into = theme('t-into', '营商环境', { updatedAt: 2 });
    // Machine A merges at 10 (as the themes page does: tombstone, aliases, passages retagged).
    const a = records({
      themes: [{ ...from, deletedAt: 10, mergedInto: 't-into' }, { ...mergeThemes(from, into), updatedAt: 10 }],
      annotations: [annotation('p1', { tagIds: retag(['t-from'], 't-from', 't-into'), updatedAt: 10 })],
    });
    // Machine B, not yet told, tags another passage with the old theme at 11.
    const b = records({ themes: [from, into], annotations: [annotation('p1', { tagIds: ['t-from'], updatedAt: 2 }), annotation('p2', { tagIds: ['t-from'], updatedAt: 11 })] });
    const merged = mergeRecords([b, a]);
    expect(merged.themes.map((t) => [t.id, t.deletedAt, t.aliases])).toEqual([
      ['t-from', 10, []],
      ['t-into', null, ['招商引资']],
    ]);
    const resolution = themeResolution(merged.themes);
    expect(resolution).toEqual(
      new Map([
        ['t-from', 't-into'],
        ['t-into', 't-into'],
      ]),
    );
    expect(merged.annotations.map((r) => [r.id, effectiveTagIds(r.tagIds, resolution)])).toEqual([
      ['p1', ['t-into']],
      ['p2', ['t-into']],
    ]);
  });

  it('营商环境 made on one machine and 營商環境 on another are one theme: both read as the one with the smaller id', () => {
    const a = records({ themes: [theme('id-b', '营商环境')], annotations: [annotation('p1', { tagIds: ['id-b'] })] });
    const b = records({ themes: [theme('id-a', '營商環境')], annotations: [annotation('p2', { tagIds: ['id-a'] })] });
    const merged = mergeRecords([a, b]);
    const resolution = themeResolution(merged.themes);
    expect(resolution.get('id-a')).toBe('id-a');
    expect(resolution.get('id-b')).toBe('id-a');
    expect(sameKeyMerges(merged.themes)).toEqual([{ fromId: 'id-b', intoId: 'id-a' }]);
    expect(merged.annotations.map((r) => effectiveTagIds(r.tagIds, resolution))).toEqual([['id-a'], ['id-a']]);
  });

  it('deleted themes drop out of a passage; an unknown theme id is kept (its codebook may arrive later); merges that loop stand for nothing', () => {
    const themes = [theme('dead', '甲', { deletedAt: 4 }), theme('x', '乙', { deletedAt: 5, mergedInto: 'y' }), theme('y', '丙', { deletedAt: 5, mergedInto: 'x' }), theme('live', '丁')];
    const resolution = themeResolution(themes);
    expect(effectiveTagIds(['dead', 'live', 'unknown', 'x', 'live'], resolution)).toEqual(['live', 'unknown']);
    expect(resolution.get('x')).toBe(null);
    expect(resolution.get('y')).toBe(null);
    // Merged into a theme not seen yet: the passage waits for it under its id.
    expect(themeResolution([theme('m', '甲', { deletedAt: 3, mergedInto: 'later' })]).get('m')).toBe('later');
  });
});

// ── random histories ─────────────────────────────────────────────────────────

const ANNOTATION_IDS = ['a1', 'a2', 'a3', 'a4'];
const THEME_IDS = ['t1', 't2', 't3'];
// 营商环境 and 營商環境 share a key: two machines naming a theme alike.
const THEME_NAMES = ['营商环境', '營商環境', '人才', '招商引资'];
const NOTES = ['', '甲', '乙', '**丙**'];

type Op =
  | { kind: 'note'; r: number; id: string; note: string; t: number }
  | { kind: 'delete'; r: number; id: string; t: number }
  | { kind: 'tag'; r: number; id: string; theme: string; t: number }
  | { kind: 'theme'; r: number; theme: string; name: string; t: number }
  | { kind: 'dropTheme'; r: number; theme: string; t: number }
  | { kind: 'mergeTheme'; r: number; from: string; into: string; t: number }
  | { kind: 'title'; r: number; key: string; title: string | null; t: number }
  | { kind: 'sync'; r: number; from: number };

const opArb = (replicas: number): fc.Arbitrary<Op> => {
  const r = fc.integer({ min: 0, max: replicas - 1 });
  const t = fc.integer({ min: 1, max: 12 });
  const id = fc.constantFrom(...ANNOTATION_IDS);
  const th = fc.constantFrom(...THEME_IDS);
  return fc.oneof(
    fc.record({ kind: fc.constant('note' as const), r, id, note: fc.constantFrom(...NOTES), t }),
    fc.record({ kind: fc.constant('delete' as const), r, id, t }),
    fc.record({ kind: fc.constant('tag' as const), r, id, theme: th, t }),
    fc.record({ kind: fc.constant('theme' as const), r, theme: th, name: fc.constantFrom(...THEME_NAMES), t }),
    fc.record({ kind: fc.constant('dropTheme' as const), r, theme: th, t }),
    fc.record({ kind: fc.constant('mergeTheme' as const), r, from: th, into: th, t }),
    fc.record({ kind: fc.constant('title' as const), r, key: fc.constantFrom('a.md', 'b.md'), title: fc.constantFrom(null, '新标题', '另一个'), t }),
    fc.record({ kind: fc.constant('sync' as const), r, from: fc.integer({ min: 0, max: replicas - 1 }) }),
  );
};

/** One machine's copy, as maps, edited the way the app edits (new row objects, stamped). */
class Machine {
  annotations = new Map<string, AnnotationRow>();
  themes = new Map<string, ThemeFields>();
  titles = new Map<string, TitleRow>();

  records(): SyncRecords {
    return { annotations: [...this.annotations.values()], themes: [...this.themes.values()], titles: [...this.titles.values()] };
  }

  load(r: SyncRecords): void {
    this.annotations = new Map(r.annotations.map((a) => [a.id, a]));
    this.themes = new Map(r.themes.map((t) => [t.id, t]));
    this.titles = new Map(r.titles.map((t) => [t.articleKey, t]));
  }

  apply(op: Exclude<Op, { kind: 'sync' }>): void {
    switch (op.kind) {
      case 'note': {
        const here = this.annotations.get(op.id) ?? annotation(op.id, { createdAt: op.t });
        this.annotations.set(op.id, { ...here, note: op.note, updatedAt: op.t });
        return;
      }
      case 'delete': {
        const here = this.annotations.get(op.id);
        if (here) this.annotations.set(op.id, { ...here, deletedAt: op.t, updatedAt: op.t });
        return;
      }
      case 'tag': {
        const here = this.annotations.get(op.id);
        if (here && !here.tagIds.includes(op.theme)) this.annotations.set(op.id, { ...here, tagIds: [...here.tagIds, op.theme], updatedAt: op.t });
        return;
      }
      case 'theme': {
        const here = this.themes.get(op.theme);
        this.themes.set(op.theme, here ? { ...here, name: op.name, key: themeKey(op.name), updatedAt: op.t } : theme(op.theme, op.name, { updatedAt: op.t }));
        return;
      }
      case 'dropTheme': {
        const here = this.themes.get(op.theme);
        if (here && here.deletedAt === null) this.themes.set(op.theme, { ...here, deletedAt: op.t });
        return;
      }
      case 'mergeTheme': {
        const from = this.themes.get(op.from);
        const into = this.themes.get(op.into);
        if (!from || !into || op.from === op.into || from.deletedAt !== null || into.deletedAt !== null) return;
        this.themes.set(op.from, { ...from, deletedAt: op.t, mergedInto: op.into });
        this.themes.set(op.into, { ...mergeThemes(from, into), updatedAt: op.t });
        for (const a of this.annotations.values()) if (a.tagIds.includes(op.from)) this.annotations.set(a.id, { ...a, tagIds: retag(a.tagIds, op.from, op.into), updatedAt: op.t });
        return;
      }
      case 'title':
        this.titles.set(op.key, { articleKey: op.key, title: op.title, updatedAt: op.t });
    }
  }
}

function run(replicas: number, ops: readonly Op[]): SyncRecords[] {
  const machines = Array.from({ length: replicas }, () => new Machine());
  for (const op of ops) {
    if (op.kind === 'sync') machines[op.r].load(mergeRecords([machines[op.r].records(), machines[op.from].records()]));
    else machines[op.r].apply(op);
  }
  return machines.map((m) => m.records());
}

const history = (replicas: number) => fc.array(opArb(replicas), { minLength: 1, maxLength: 40 }).map((ops) => run(replicas, ops));

const idsOf = (r: SyncRecords) => ({
  annotations: new Set(r.annotations.map((a) => a.id)),
  themes: new Set(r.themes.map((t) => t.id)),
  titles: new Set(r.titles.map((t) => t.articleKey)),
});

describe('the merge over random edit histories', () => {
  it('two machines: commutative and idempotent', () => {
    fc.assert(
      fc.property(history(2), ([a, b]) => {
        expect(mergeRecords([a, b])).toEqual(mergeRecords([b, a]));
        expect(mergeRecords([a, a])).toEqual(mergeRecords([a]));
        const m = mergeRecords([a, b]);
        // Reading back one's own merged copy, or any copy already in it, changes nothing.
        expect(mergeRecords([m, m])).toEqual(m);
        expect(mergeRecords([m, a])).toEqual(m);
        expect(mergeRecords([b, m])).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('three machines: associative, and the same in every order', () => {
    fc.assert(
      fc.property(history(3), ([a, b, c]) => {
        const all = mergeRecords([a, b, c]);
        expect(mergeRecords([mergeRecords([a, b]), c])).toEqual(all);
        expect(mergeRecords([a, mergeRecords([b, c])])).toEqual(all);
        expect(mergeRecords([mergeRecords([a, c]), b])).toEqual(all);
        expect(mergeRecords([c, b, a])).toEqual(all);
        expect(mergeRecords([b, mergeRecords([c, a])])).toEqual(all);
      }),
      { numRuns: 300 },
    );
  });

  it('nothing lost: every id of every copy is in the result, each as a version one of the copies had, the winner by the rule', () => {
    fc.assert(
      fc.property(history(3), (copies) => {
        const merged = mergeRecords(copies);
        const out = idsOf(merged);
        for (const copy of copies) {
          const ids = idsOf(copy);
          for (const kind of ['annotations', 'themes', 'titles'] as const) for (const id of ids[kind]) expect(out[kind].has(id), `${kind} ${id}`).toBe(true);
        }
        for (const row of merged.annotations) {
          const versions = copies.flatMap((c) => c.annotations.filter((a) => a.id === row.id));
          expect(versions).toContain(row);
          const latest = Math.max(...versions.map(versionStamp));
          expect(versionStamp(row)).toBe(latest);
          if (versions.some((v) => versionStamp(v) === latest && v.deletedAt !== null)) expect(row.deletedAt).not.toBe(null);
        }
        for (const row of merged.themes) expect(copies.flatMap((c) => c.themes.filter((t) => t.id === row.id))).toContain(row);
      }),
      { numRuns: 300 },
    );
  });

  it('what themes mean for passages is the same on every machine, and never a deleted theme', () => {
    fc.assert(
      fc.property(history(3), ([a, b, c]) => {
        const one = mergeRecords([mergeRecords([a, b]), c]);
        const other = mergeRecords([c, mergeRecords([b, a])]);
        const resolution = themeResolution(one.themes);
        expect(themeResolution(other.themes)).toEqual(resolution);
        const live = new Map(one.themes.filter((t) => t.deletedAt === null).map((t) => [t.id, t]));
        for (const row of one.annotations) {
          for (const id of effectiveTagIds(row.tagIds, resolution)) {
            const known = one.themes.some((t) => t.id === id);
            // Each id a passage reads as is a live theme (or one not seen at all) …
            if (known) expect(live.has(id), id).toBe(true);
          }
        }
        // … and after the same-key merges the caller makes, one live theme per key remains.
        const merges = sameKeyMerges(one.themes);
        const keys = [...live.values()].filter((t) => !merges.some((m) => m.fromId === t.id)).map((t) => t.key);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 200 },
    );
  });
});
