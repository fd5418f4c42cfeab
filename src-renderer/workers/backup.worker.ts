// Builds a backup's JSON off the UI thread: with 100,000 annotations reading the tables and
// writing the JSON takes seconds, and the daily snapshot must not freeze the reader for them.
// It opens the same database the page uses (same origin), reads, and closes it again.
import { toAnnotationCollection } from '../core/webAnnotation.ts';
import { readBackupData } from '../db/backup.ts';
import { createDatabase } from '../db/database.ts';
import type { BackupJobReply, BackupJobRequest } from '../state/backupJson.ts';

const scope = self as unknown as { onmessage: ((e: MessageEvent<BackupJobRequest>) => void) | null; postMessage(reply: BackupJobReply): void };

scope.onmessage = async (event) => {
  const { dbName, exportedAt, collectionId, indent } = event.data;
  const db = createDatabase(dbName);
  try {
    const collection = toAnnotationCollection(await readBackupData(db), exportedAt, collectionId);
    scope.postMessage({ ok: true, json: JSON.stringify(collection, null, indent) });
  } catch (error) {
    scope.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  } finally {
    db.close();
  }
};
