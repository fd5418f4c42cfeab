// The UI thread's end of the script-view worker. Where no module worker can run (Node tests,
// a browser without one) the view is built in-thread, after one yield, like a reply would come.
import { SpanOffsetMap } from '../core/offsetMap.ts';
import { view, type MappedScriptView } from '../core/scriptView.ts';
import type { Script, ViewOptions } from '../core/types.ts';
import type { ViewReply, ViewRequest } from '../core/viewProtocol.ts';

export interface ViewBuilder {
  build(text: string, script: Script, options?: ViewOptions): Promise<MappedScriptView>;
}

export class InlineViewBuilder implements ViewBuilder {
  async build(text: string, script: Script, options?: ViewOptions): Promise<MappedScriptView> {
    await Promise.resolve();
    return view(text, script, options);
  }
}

export class WorkerViewBuilder implements ViewBuilder {
  private nextId = 1;
  private readonly pending = new Map<number, { script: Script; resolve: (v: MappedScriptView) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<ViewReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      const map = reply.ok ? SpanOffsetMap.fromParts(reply.map) : null;
      if (reply.ok && map) waiting.resolve({ script: waiting.script, text: reply.text, map });
      else waiting.reject(new Error(reply.ok ? 'script view worker sent a malformed map' : reply.error));
    };
    worker.onerror = (event) => {
      const error = new Error(`script view worker failed: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  build(text: string, script: Script, options?: ViewOptions): Promise<MappedScriptView> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { script, resolve, reject });
      const request: ViewRequest = { id, text, script, options: options ? { cornerQuotes: options.cornerQuotes, overrides: options.overrides ? [...options.overrides] : undefined } : undefined };
      this.worker.postMessage(request);
    });
  }
}

export function createViewBuilder(): ViewBuilder {
  if (typeof Worker === 'undefined') return new InlineViewBuilder();
  try {
    // Vite bundles the worker as its own module chunk, served from 'self' (CSP worker-src).
    return new WorkerViewBuilder(new Worker(new URL('../workers/scriptView.worker.ts', import.meta.url), { type: 'module', name: 'pizhu-script-view' }));
  } catch (error) {
    console.error('pizhu: script view worker unavailable, converting in the page', error);
    return new InlineViewBuilder();
  }
}
