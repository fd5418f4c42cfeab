// The database side of the annotation files: the records that travel, read out, and records
// read from files merged in by the one rule (core/syncMerge.ts). Rows are only ever put, never
// deleted: a deletion travels as a tombstone row like any other version.
import { compareVersions, sameKeyMerges, effectiveTagIds, themeResolution, type SyncRecords } from '../core/syncMerge.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord, TagRecord, TitleRecord } from './records.ts';

/** Every travelling record whose article passes `keep` (themes all: one codebook per database). */
export async function readSyncRecords(db: PizhuDatabase, keep: (articleKey: string) => boolean): Promise<SyncRecords> {
  return db.transaction('r', db.annotations, db.tags, db.titles, async () => {
    const [annotations, themes, titles] = await Promise.all([db.annotations.toArray(), db.tags.toArray(), db.titles.toArray()]);
    return { annotations: annotations.filter((a) => keep(a.articleKey)), themes, titles: titles.filter((t) => keep(t.articleKey)) };
  });
}

export interface MergeOutcome {
  /** Ids of annotations whose stored version changed, with the note they had before (undefined: new). */
  changedAnnotations: Map<string, string | undefined>;
  themesChanged: number;
  titlesChanged: number;
}

/**
 * Merges `incoming` into the database in one transaction: each row is put only where the
 * incoming version wins over the stored one. Then live themes that share a key (one made on
 * each machine) are merged into the one of smaller id, as every machine computes alike, so
 * the store keeps one live theme per key.
 */
export async function mergeIntoDatabase(db: PizhuDatabase, incoming: SyncRecords): Promise<MergeOutcome> {
  return db.transaction('rw', db.annotations, db.tags, db.titles, async () => {
    const changedAnnotations = new Map<string, string | undefined>();
    const stored = await db.annotations.bulkGet(incoming.annotations.map((a) => a.id));
    const putAnnotations = new Map<string, AnnotationRecord>();
    incoming.annotations.forEach((row, i) => {
      const here = stored[i];
      if (here && compareVersions(row, here) <= 0) return;
      changedAnnotations.set(row.id, here?.note);
      putAnnotations.set(row.id, structuredClone(row));
    });
    const storedThemes = await db.tags.bulkGet(incoming.themes.map((t) => t.id));
    const putThemes = incoming.themes.filter((t, i) => !storedThemes[i] || compareVersions(t, storedThemes[i]) > 0).map((t) => structuredClone(t) as TagRecord);
    const storedTitles = await db.titles.bulkGet(incoming.titles.map((t) => t.articleKey));
    const putTitles = incoming.titles.filter((t, i) => !storedTitles[i] || compareVersions(t, storedTitles[i]) > 0).map((t) => structuredClone(t) as TitleRecord);
    if (putThemes.length > 0) await db.tags.bulkPut(putThemes);
    let themesChanged = putThemes.length;

    // Two live themes of one key: the later id becomes a tombstone pointing at the keeper, and
    // passages tagged with it follow. Stamps derive from the rows (not the clock), so two
    // machines doing this write the same rows and the files stop changing.
    const themes = await db.tags.toArray();
    const merges = sameKeyMerges(themes);
    if (merges.length > 0) {
      const byId = new Map(themes.map((t) => [t.id, t]));
      const tombstones = merges.map(({ fromId, intoId }) => {
        const from = byId.get(fromId)!;
        const stamp = Math.max(from.updatedAt, byId.get(intoId)!.updatedAt) + 1;
        return { ...from, updatedAt: stamp, deletedAt: stamp, mergedInto: intoId };
      });
      await db.tags.bulkPut(tombstones);
      themesChanged += tombstones.length;
      const resolution = themeResolution(await db.tags.toArray());
      const fromIds = merges.map((m) => m.fromId);
      const tagged = await db.annotations.where('tagIds').anyOf(fromIds).distinct().toArray();
      for (const row of tagged) {
        const base = putAnnotations.get(row.id) ?? row;
        if (!changedAnnotations.has(row.id)) changedAnnotations.set(row.id, row.note);
        putAnnotations.set(row.id, { ...base, tagIds: effectiveTagIds(base.tagIds, resolution), updatedAt: base.updatedAt + 1 });
      }
    }
    if (putAnnotations.size > 0) await db.annotations.bulkPut([...putAnnotations.values()]);
    if (putTitles.length > 0) await db.titles.bulkPut(putTitles);
    return { changedAnnotations, themesChanged, titlesChanged: putTitles.length };
  });
}
