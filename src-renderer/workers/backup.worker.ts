// Builds a backup's JSON off the UI thread: with 100,000 annotations reading the tables and
// writing the JSON takes seconds, and the daily snapshot must not freeze the reader for them.
// It opens the same database the page uses (same origin), reads, and closes it again. A Blob
// reaches the page as a handle: its bytes stay where the worker put them.
import { toAnnotationCollection } from '../core/webAnnotation.ts';
import { readBackupData } from '../db/backup.ts';
import { createDatabase } from '../db/database.ts';
import { encodeBackup, type BackupJobReply, type BackupJobRequest } from '../state/backupEncoding.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<BackupJobRequest>) => void) | null;
  postMessage(reply: BackupJobReply): void;
};

scope.onmessage = async (event) => {
  const { dbName, exportedAt, collectionId } = event.data;
  const db = createDatabase(dbName);
  try {
    scope.postMessage(encodeBackup(toAnnotationCollection(await readBackupData(db), exportedAt, collectionId), event.data));
  } catch (error) {
    scope.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  } finally {
    db.close();
  }
};
