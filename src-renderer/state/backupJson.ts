// A backup as JSON, built in a worker where there is one (the app) and in-thread where there
// is none (Node tests). Snapshots and the 保存备份 button both come through here. Snapshots
// take the JSON as a Blob made in the worker, which the page passes on without reading: a
// backup of 100,000 highlights is tens of megabytes, and receiving it as one string (or
// encoding or copying it for the host) would hold the page for seconds.
import { toAnnotationCollection } from '../core/webAnnotation.ts';
import { readBackupData } from '../db/backup.ts';
import type { PizhuDatabase } from '../db/database.ts';
import { encodeBackup, type BackupAnswer, type BackupJobReply, type BackupJobRequest } from './backupEncoding.ts';

/** The backup's JSON text (the 保存备份 file). */
export async function backupJson(db: PizhuDatabase, exportedAt: number, collectionId: string, indent = 0): Promise<string> {
  const reply = await backupJob(db, { exportedAt, collectionId, indent, output: 'text' });
  if ('json' in reply) return reply.json;
  throw new Error('backup worker answered a Blob for text');
}

/** The backup's JSON as a UTF-8 Blob (a snapshot), never a string in the page. */
export async function backupBlob(db: PizhuDatabase, exportedAt: number, collectionId: string): Promise<Blob> {
  const reply = await backupJob(db, { exportedAt, collectionId, indent: 0, output: 'blob' });
  if ('blob' in reply) return reply.blob;
  throw new Error('backup worker answered text for a Blob');
}

async function backupJob(db: PizhuDatabase, job: Omit<BackupJobRequest, 'dbName'>): Promise<BackupAnswer> {
  if (typeof Worker !== 'undefined') {
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL('../workers/backup.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-backup' });
    } catch (error) {
      console.error('pizhu: backup worker unavailable, building the backup in the page', error);
    }
    if (worker) {
      const running = worker;
      try {
        const reply = await new Promise<BackupJobReply>((resolve) => {
          running.onmessage = (event: MessageEvent<BackupJobReply>) => resolve(event.data);
          running.onerror = (event) => resolve({ ok: false, error: `backup worker failed: ${event.message}` });
          const request: BackupJobRequest = { dbName: db.name, ...job };
          running.postMessage(request);
        });
        if (!reply.ok) throw new Error(reply.error);
        return reply;
      } finally {
        running.terminate();
      }
    }
  }
  return encodeBackup(toAnnotationCollection(await readBackupData(db), job.exportedAt, job.collectionId), job);
}
