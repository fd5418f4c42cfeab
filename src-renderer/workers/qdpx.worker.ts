// Builds a .qdpx off the UI thread: for a library of 10,000 articles, anchoring every passage,
// writing project.qde and deflating the texts takes seconds the reader must not freeze for.
import { qdpxArchive, refiProject } from '../core/refiExport.ts';
import type { QdpxJobReply, QdpxJobRequest } from '../state/qdpxJob.ts';

const scope = self as unknown as { onmessage: ((e: MessageEvent<QdpxJobRequest>) => void) | null; postMessage(reply: QdpxJobReply, transfer?: Transferable[]): void };

scope.onmessage = (event) => {
  try {
    const project = refiProject(event.data.input, { exportedAt: event.data.exportedAt, newGuid: () => crypto.randomUUID() });
    const bytes = qdpxArchive(project);
    scope.postMessage({ ok: true, bytes, skipped: project.skipped }, [bytes.buffer]);
  } catch (error) {
    scope.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
