// The import half of tests/bench/exportImport.ts: each 'import' message imports the backup
// into a fresh database, then sets signal[0] to 1 (2 on failure) and wakes the waiting thread.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { parentPort, workerData } from 'node:worker_threads';
import { parseBackup } from '../../src-renderer/core/webAnnotation.ts';
import { importBackupData } from '../../src-renderer/db/backup.ts';
import { createDatabase } from '../../src-renderer/db/database.ts';

const { backup, signal } = workerData as { backup: string; signal: Int32Array };
let n = 0;
/** The previous run's database, being deleted after the run was reported: memory stays flat. */
let cleanup: Promise<void> = Promise.resolve();

parentPort!.on('message', () => {
  const db = createDatabase(`bench-import-${n++}`);
  (async () => {
    await cleanup;
    const parsed = parseBackup(backup);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    const summary = await importBackupData(db, parsed.data);
    Atomics.store(signal, 1, summary.added);
    Atomics.store(signal, 0, 1);
  })()
    .catch((error: unknown) => {
      console.error(error);
      Atomics.store(signal, 0, 2);
    })
    .finally(() => {
      db.close();
      Atomics.notify(signal, 0);
      cleanup = Dexie.delete(db.name);
    });
});
