// Runs in a dedicated Worker in Chromium (bundled by markdownReader.ts): the search worker's
// per-file work (indexedText: clean, parse, hidden text masked, passage layout) and the
// reader's (loadArticle: clean + parse) on one text, timed inside the worker.
import { indexedText, loadArticle } from '../../src-renderer/core/article.ts';

export interface ParseRequest {
  raw: string;
  fileName: string;
  runs: number;
}
export interface ParseReply {
  indexed: number[];
  loaded: number[];
  blocks: number;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<ParseRequest>) => void) | null; postMessage(reply: ParseReply): void };

scope.onmessage = (event) => {
  const { raw, fileName, runs } = event.data;
  const timed = (fn: () => void): number[] => {
    fn();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      fn();
      samples.push(performance.now() - t0);
    }
    return samples;
  };
  let blocks = 0;
  const indexed = timed(() => indexedText(raw, fileName));
  const loaded = timed(() => {
    blocks = loadArticle(raw, { fileName }).article.blocks.length;
  });
  scope.postMessage({ indexed, loaded, blocks });
};
