// What the backup worker is asked and answers, and the encoding both it and the in-page
// fallback use (backupJson.ts). Kept apart so the worker does not import the module that starts it.
export interface BackupJobRequest {
  dbName: string;
  exportedAt: number;
  collectionId: string;
  indent: number;
  /** `bytes`: the JSON as UTF-8, its buffer transferred to the page. */
  output: 'text' | 'bytes';
}
export type BackupJobReply = { ok: true; json: string } | { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; error: string };

export type BackupAnswer = Exclude<BackupJobReply, { ok: false }>;

/** The collection as the job asks for it: what the worker sends, and the in-thread fallback returns. */
export function encodeBackup(collection: Record<string, unknown>, job: Pick<BackupJobRequest, 'indent' | 'output'>): BackupAnswer {
  const json = JSON.stringify(collection, null, job.indent);
  return job.output === 'bytes' ? { ok: true, bytes: new TextEncoder().encode(json) } : { ok: true, json };
}
