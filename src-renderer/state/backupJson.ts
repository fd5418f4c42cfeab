// A backup as JSON text, built in a worker where there is one (the app) and in-thread where
// there is none (Node tests). Snapshots and the 保存备份 button both come through here.
import { toAnnotationCollection } from '../core/webAnnotation.ts';
import { readBackupData } from '../db/backup.ts';
import type { PizhuDatabase } from '../db/database.ts';

export interface BackupJobRequest {
  dbName: string;
  exportedAt: number;
  collectionId: string;
  indent: number;
}
export type BackupJobReply = { ok: true; json: string } | { ok: false; error: string };

export async function backupJson(db: PizhuDatabase, exportedAt: number, collectionId: string, indent = 0): Promise<string> {
  if (typeof Worker !== 'undefined') {
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL('../workers/backup.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-backup' });
    } catch (error) {
      console.error('pizhu: backup worker unavailable, building the backup in the page', error);
    }
    if (worker) {
      const job = worker;
      try {
        const reply = await new Promise<BackupJobReply>((resolve) => {
          job.onmessage = (event: MessageEvent<BackupJobReply>) => resolve(event.data);
          job.onerror = (event) => resolve({ ok: false, error: `backup worker failed: ${event.message}` });
          const request: BackupJobRequest = { dbName: db.name, exportedAt, collectionId, indent };
          job.postMessage(request);
        });
        if (!reply.ok) throw new Error(reply.error);
        return reply.json;
      } finally {
        job.terminate();
      }
    }
  }
  return JSON.stringify(toAnnotationCollection(await readBackupData(db), exportedAt, collectionId), null, indent);
}
