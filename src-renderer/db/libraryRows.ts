// Titles and reading positions of no library yet (NO_LIBRARY: rows from a database or a
// backup made before they were kept per library, whose library the upgrade could not tell)
// become the rows of the library opened. That is the library the profile had open last (the
// host remembers it), the one those rows were made in; conversion corrections from that time
// go to it the same way (state/settings.svelte.ts).
import { NO_LIBRARY } from '../core/userRows.ts';
import { compareVersions } from '../core/syncMerge.ts';
import type { PizhuDatabase } from './database.ts';
import type { ReadingRecord, TitleRecord } from './records.ts';

/**
 * Moves every row of no library to `libraryId`, in one transaction. Where the library has
 * its own row for the article already, the later of the two stays (as a merge keeps the
 * later version). Returns how many rows moved.
 */
export async function adoptUnplacedRows(db: PizhuDatabase, libraryId: string): Promise<number> {
  if (libraryId === NO_LIBRARY) return 0;
  return db.transaction('rw', db.libraryTitles, db.libraryReading, async () => {
    const [titles, reading] = await Promise.all([
      db.libraryTitles.where('libraryId').equals(NO_LIBRARY).toArray(),
      db.libraryReading.where('libraryId').equals(NO_LIBRARY).toArray(),
    ]);
    if (titles.length === 0 && reading.length === 0) return 0;
    const ownTitles = await db.libraryTitles.bulkGet(titles.map((t) => [libraryId, t.articleKey]));
    const movedTitles = titles.flatMap((t, i): TitleRecord[] => {
      const moved = { ...t, libraryId };
      const own = ownTitles[i];
      return own && compareVersions({ ...own, libraryId: NO_LIBRARY }, t) >= 0 ? [] : [moved];
    });
    const ownReading = await db.libraryReading.bulkGet(reading.map((r) => [libraryId, r.articleKey]));
    const movedReading = reading.flatMap((r, i): ReadingRecord[] => {
      const own = ownReading[i];
      return own && compareVersions({ ...own, libraryId: NO_LIBRARY }, r) >= 0 ? [] : [{ ...r, libraryId }];
    });
    await db.libraryTitles.bulkPut(movedTitles);
    await db.libraryReading.bulkPut(movedReading);
    await db.libraryTitles.bulkDelete(titles.map((t) => [NO_LIBRARY, t.articleKey]));
    await db.libraryReading.bulkDelete(reading.map((r) => [NO_LIBRARY, r.articleKey]));
    return titles.length + reading.length;
  });
}
