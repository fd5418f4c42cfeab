// A backup as JSON, built in a worker where one was started (the app) and in-thread where none
// was (Node tests). Snapshots and the 保存备份 button both come through here. Snapshots
// take the JSON as a Blob made in the worker, which the page passes on without reading: a
// backup of 100,000 highlights is tens of megabytes, and receiving it as one string (or
// encoding or copying it for the host) would hold the page for seconds.
import { toAnnotationCollection } from '../core/webAnnotation.ts';
import { readBackupData } from '../db/backup.ts';
import type { PizhuDatabase } from '../db/database.ts';
import { encodeBackup, type BackupAnswer, type BackupJobRequest } from './backupEncoding.ts';
import type { WorkerStarter } from './workerStarter.ts';

/** The backup's JSON text (the 保存备份 file). */
export async function backupJson(db: PizhuDatabase, exportedAt: number, collectionId: string, indent = 0, workers: WorkerStarter | null = null): Promise<string> {
  const answer = await backupJob(db, { exportedAt, collectionId, indent, output: 'text' }, workers);
  if ('json' in answer) return answer.json;
  throw new Error('backup worker answered a Blob for text');
}

/** The backup's JSON as a UTF-8 Blob (a snapshot), never a string in the page. */
export async function backupBlob(db: PizhuDatabase, exportedAt: number, collectionId: string, workers: WorkerStarter | null = null): Promise<Blob> {
  const answer = await backupJob(db, { exportedAt, collectionId, indent: 0, output: 'blob' }, workers);
  if ('blob' in answer) return answer.blob;
  throw new Error('backup worker answered text for a Blob');
}

async function backupJob(db: PizhuDatabase, job: Omit<BackupJobRequest, 'dbName'>, workers: WorkerStarter | null): Promise<BackupAnswer> {
  const worker = workers?.backup();
  if (worker) {
    try {
      return await worker.call<BackupAnswer>((remote) => remote.build({ dbName: db.name, ...job }));
    } finally {
      worker.terminate();
    }
  }
  return encodeBackup(toAnnotationCollection(await readBackupData(db), job.exportedAt, job.collectionId), job);
}
