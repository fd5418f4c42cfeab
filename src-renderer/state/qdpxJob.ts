// A .qdpx built in a worker where one was started (the app) and in-thread where none was
// (Node tests), as backups are (backupJson.ts). The worker gets what the project needs of
// each article (its canonical text, fingerprint and title), not the parsed blocks.
import type { ExportArticle } from '../core/markdownExport.ts';
import { qdpxArchive, refiProject, type RefiProjectInput } from '../core/refiExport.ts';
import type { WorkerStarter } from './workerStarter.ts';

export interface QdpxJobRequest {
  input: RefiProjectInput;
  exportedAt: number;
}
export interface QdpxProject {
  bytes: Uint8Array;
  skipped: number;
}

/** What the .qdpx worker exposes (workers/qdpx.worker.ts), called through comlink. */
export interface QdpxWorkerApi {
  build(request: QdpxJobRequest): QdpxProject;
}

/** The article as the project reads it: blocks dropped, the title kept in its meta. */
function slim(article: ExportArticle): ExportArticle {
  if (!article.text) return article;
  return { ...article, text: { ...article.text, article: { meta: article.text.article.meta, blocks: [] } } };
}

export async function qdpxBytes(input: RefiProjectInput, exportedAt: number, workers: WorkerStarter | null = null): Promise<QdpxProject> {
  const worker = workers?.qdpx();
  if (worker) {
    try {
      return await worker.call((remote) => remote.build({ input: { ...input, articles: input.articles.map(slim) }, exportedAt }));
    } finally {
      worker.terminate();
    }
  }
  const project = refiProject(input, { exportedAt, newGuid: () => crypto.randomUUID() });
  return { bytes: qdpxArchive(project), skipped: project.skipped };
}
