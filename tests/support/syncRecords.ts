// The library's records whole, as the annotation files' full step reads them in parts
// (readSyncRecordsInParts): what tests look at at once.
import type { SyncRecords } from '../../src-renderer/core/syncMerge.ts';
import type { PizhuDatabase } from '../../src-renderer/db/database.ts';
import { readSyncRecordsInParts, type Adoption, type LibraryScope } from '../../src-renderer/db/syncRows.ts';

export async function readSyncRecords(db: PizhuDatabase, scope: LibraryScope): Promise<{ records: SyncRecords; adoption: Adoption }> {
  const annotations: SyncRecords['annotations'] = [];
  const titles: SyncRecords['titles'] = [];
  const adopted: string[] = [];
  const { themes, adoption } = await readSyncRecordsInParts(db, scope, async (part) => {
    annotations.push(...part.annotations);
    titles.push(...part.titles);
    adopted.push(...part.adopted);
  });
  // The parts list the rows of no library as the whole pass does.
  if (adopted.join() !== adoption.annotationIds.join()) throw new Error('readSyncRecords: the parts and the pass list different rows to adopt');
  return { records: { annotations, themes, titles }, adoption };
}
