// What the backup worker is asked and answers, and the encoding both it and the in-page
// fallback use (backupJson.ts). Kept apart so the worker does not import the module that starts it.
export interface BackupJobRequest {
  dbName: string;
  exportedAt: number;
  collectionId: string;
  indent: number;
  /** `blob`: the JSON as UTF-8 in a Blob, which reaches the page as a handle (no bytes copied). */
  output: 'text' | 'blob';
}
export type BackupAnswer = { json: string } | { blob: Blob };

/** What the backup worker exposes (workers/backup.worker.ts), called through comlink. */
export interface BackupWorkerApi {
  build(job: BackupJobRequest): Promise<BackupAnswer>;
}

/** The collection as the job asks for it: what the worker sends, and the in-thread fallback returns. */
export function encodeBackup(collection: Record<string, unknown>, job: Pick<BackupJobRequest, 'indent' | 'output'>): BackupAnswer {
  const json = JSON.stringify(collection, null, job.indent);
  return job.output === 'blob' ? { blob: new Blob([json], { type: 'application/json' }) } : { json };
}
