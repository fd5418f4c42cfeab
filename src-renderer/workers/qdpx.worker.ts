// Builds a .qdpx off the UI thread: for a library of 10,000 articles, anchoring every passage,
// writing project.qde and deflating the texts takes seconds the reader must not freeze for.
import { expose, transfer } from 'comlink';
import { qdpxArchive, refiProject } from '../core/refiExport.ts';
import type { QdpxWorkerApi } from '../state/qdpxJob.ts';

const qdpxWorker: QdpxWorkerApi = {
  build({ input, exportedAt }) {
    const project = refiProject(input, { exportedAt, newGuid: () => crypto.randomUUID() });
    const bytes = qdpxArchive(project);
    // The archive's buffer moves to the page rather than being copied.
    return transfer({ bytes, skipped: project.skipped }, [bytes.buffer]);
  },
};

expose(qdpxWorker);
