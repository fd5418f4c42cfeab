// Builds a backup's JSON off the UI thread: with 100,000 annotations reading the tables and
// writing the JSON takes seconds, and the daily snapshot must not freeze the reader for them.
// It opens the same database the page uses (same origin), reads, and closes it again. A Blob
// reaches the page as a handle: its bytes stay where the worker put them.
import { expose } from 'comlink';
import { toAnnotationCollection } from '../core/webAnnotation.ts';
import { readBackupData } from '../db/backup.ts';
import { createDatabase } from '../db/database.ts';
import { encodeBackup, type BackupWorkerApi } from '../state/backupEncoding.ts';

const backupWorker: BackupWorkerApi = {
  async build(job) {
    const db = createDatabase(job.dbName);
    try {
      return encodeBackup(toAnnotationCollection(await readBackupData(db), job.exportedAt, job.collectionId), job);
    } finally {
      db.close();
    }
  },
};

expose(backupWorker);
