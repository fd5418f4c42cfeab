// A long article off the UI thread: its clean + parse (a 10 MB file takes a second or more),
// and its script views (converting 3 million characters takes seconds), during which the
// reader keeps showing (and scrolling) what it has. A view asked with the range in view
// converts that piece first and sends it ahead, so the reader shows the visible part at once.
// The worker keeps its own cache, so 繁體 after 简体 reuses the 简体 step.
import { expose, releaseProxy } from 'comlink';
import { loadArticle } from '../core/article.ts';
import { looksTraditional } from '../core/scriptLang.ts';
import { clearViewCache, pieceView, view } from '../core/scriptView.ts';
import { convertText } from '../core/scriptText.ts';
import type { ScriptViewWorkerApi } from '../core/viewProtocol.ts';

let lastText = '';

/** Views of one article at a time: a reader jumping between 10 MB files must not pile them up here. */
function useText(text: string): void {
  if (text !== lastText) clearViewCache();
  lastText = text;
}

/**
 * Hands a view's piece to the callback the page passed (with Comlink.proxy) and waits until the
 * page has taken it: the callback's messages travel on a channel of their own, which the whole
 * view could otherwise overtake, and the reader drops a piece that comes after the whole.
 * The callback's channel is released at once rather than whenever it is collected.
 */
async function handOver<T>(callback: (value: T) => void, value: T): Promise<void> {
  try {
    await callback(value);
  } catch (error) {
    // Only a preview is lost: the whole follows.
    console.error('pizhu: the page failed to take a preview from the long-article worker', error);
  } finally {
    (callback as { [releaseProxy]?: () => void })[releaseProxy]?.();
  }
}

const scriptViewWorker: ScriptViewWorkerApi = {
  async view(text, script, options, first, onPiece) {
    useText(text);
    if (onPiece && first && first.end > first.start && first.start >= 0 && first.end <= text.length) {
      const piece = pieceView(text, script, options, first);
      await handOver(onPiece, { piece: first, text: piece.text, map: piece.map.toParts() });
    }
    const built = view(text, script, options);
    return { text: built.text, map: built.map.toParts() };
  },

  async parse(raw, fileName) {
    const { clean, article } = loadArticle(raw, { fileName });
    useText(clean.text);
    return { clean: { ...clean, edits: [] }, article, traditional: looksTraditional(clean.text) };
  },

  warm() {
    convertText('发展。發展', 't');
    convertText('發展', 'cn');
  },
};

expose(scriptViewWorker);
