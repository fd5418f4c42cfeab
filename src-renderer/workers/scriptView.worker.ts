// Script views of a long article off the UI thread: converting 3 million characters takes a
// second or more, during which the reader keeps showing (and scrolling) the view it has.
// The worker keeps its own cache, so 繁體 after 简体 reuses the 简体 step.
import { clearViewCache, view } from '../core/scriptView.ts';
import type { ViewReply, ViewRequest } from '../core/viewProtocol.ts';

let lastText = '';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ViewRequest>) => void) | null; postMessage(reply: ViewReply): void };

scope.onmessage = (event) => {
  const { id, text, script, options } = event.data;
  let reply: ViewReply;
  // Views of one article at a time: a reader jumping between 10 MB files must not pile them up here.
  if (text !== lastText) clearViewCache();
  lastText = text;
  try {
    const built = view(text, script, options);
    reply = { id, ok: true, text: built.text, map: built.map.toParts() };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
