// A long article off the UI thread: its clean + parse (a 10 MB file takes a second or more),
// and its script views (converting 3 million characters takes seconds), during which the
// reader keeps showing (and scrolling) what it has. A view asked with the range in view
// converts that piece first and sends it ahead, so the reader shows the visible part at once.
// The worker keeps its own cache, so 繁體 after 简体 reuses the 简体 step.
import { loadArticle } from '../core/article.ts';
import { leadingCut } from '../core/leadingSlice.ts';
import { looksTraditional } from '../core/scriptLang.ts';
import { clearViewCache, pieceView, view } from '../core/scriptView.ts';
import { convertText } from '../core/scriptText.ts';
import type { ParseReply, ViewReply, WorkerRequest } from '../core/viewProtocol.ts';

let lastText = '';

const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(reply: ViewReply | ParseReply): void };

/** Views of one article at a time: a reader jumping between 10 MB files must not pile them up here. */
function useText(text: string): void {
  if (text !== lastText) clearViewCache();
  lastText = text;
}

function failure(id: number, error: unknown): { id: number; ok: false; error: string } {
  return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'parse') {
    let reply: ParseReply;
    try {
      // The opening first, so the reader shows it while the rest is cleaned.
      const cut = leadingCut(request.raw, request.fileName);
      if (cut > 0) {
        const lead = loadArticle(request.raw.slice(0, cut), { fileName: request.fileName });
        scope.postMessage({ id: request.id, ok: true, lead: true, clean: { ...lead.clean, edits: [] }, article: lead.article, traditional: looksTraditional(lead.clean.text) });
      }
      const { clean, article } = loadArticle(request.raw, { fileName: request.fileName });
      useText(clean.text);
      reply = { id: request.id, ok: true, clean: { ...clean, edits: [] }, article, traditional: looksTraditional(clean.text) };
    } catch (error) {
      reply = failure(request.id, error);
    }
    scope.postMessage(reply);
    // The dictionaries of 繁體 and 简体 (both directions) are loaded now, while the reader reads:
    // the first switch then converts the part in view at once instead of loading them first.
    convertText('发展。發展', 't');
    convertText('發展', 'cn');
    return;
  }
  const { id, text, script, options, first } = request;
  useText(text);
  try {
    if (first && first.end > first.start && first.start >= 0 && first.end <= text.length) {
      const piece = pieceView(text, script, options, first);
      scope.postMessage({ id, ok: true, partial: true, piece: first, text: piece.text, map: piece.map.toParts() });
    }
    const built = view(text, script, options);
    scope.postMessage({ id, ok: true, text: built.text, map: built.map.toParts() });
  } catch (error) {
    scope.postMessage(failure(id, error));
  }
};
