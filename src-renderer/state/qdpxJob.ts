// A .qdpx built in a worker where there is one (the app) and in-thread where there is none
// (Node tests), as backups are (backupJson.ts). The worker gets what the project needs of
// each article (its canonical text, fingerprint and title), not the parsed blocks.
import type { ExportArticle } from '../core/markdownExport.ts';
import { qdpxArchive, refiProject, type RefiProjectInput } from '../core/refiExport.ts';

export interface QdpxJobRequest {
  input: RefiProjectInput;
  exportedAt: number;
}
export type QdpxJobReply = { ok: true; bytes: Uint8Array; skipped: number } | { ok: false; error: string };

/** The article as the project reads it: blocks dropped, the title kept in its meta. */
function slim(article: ExportArticle): ExportArticle {
  if (!article.text) return article;
  return { ...article, text: { ...article.text, article: { meta: article.text.article.meta, blocks: [] } } };
}

export async function qdpxBytes(input: RefiProjectInput, exportedAt: number): Promise<{ bytes: Uint8Array; skipped: number }> {
  if (typeof Worker !== 'undefined') {
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL('../workers/qdpx.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-qdpx' });
    } catch (error) {
      console.error('pizhu: .qdpx worker unavailable, building the project in the page', error);
    }
    if (worker) {
      const job = worker;
      try {
        const reply = await new Promise<QdpxJobReply>((resolve) => {
          job.onmessage = (event: MessageEvent<QdpxJobReply>) => resolve(event.data);
          job.onerror = (event) => resolve({ ok: false, error: `.qdpx worker failed: ${event.message}` });
          const request: QdpxJobRequest = { input: { ...input, articles: input.articles.map(slim) }, exportedAt };
          job.postMessage(request);
        });
        if (!reply.ok) throw new Error(reply.error);
        return { bytes: reply.bytes, skipped: reply.skipped };
      } finally {
        job.terminate();
      }
    }
  }
  const project = refiProject(input, { exportedAt, newGuid: () => crypto.randomUUID() });
  return { bytes: qdpxArchive(project), skipped: project.skipped };
}
