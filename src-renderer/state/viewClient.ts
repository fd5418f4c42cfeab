// The UI thread's end of the long-article worker: clean + parse of a long file, and script
// views, called through comlink. Where no worker was started (Node tests, a browser without
// module workers) the work is done in-thread, after one yield, like an answer would come.
import { proxy } from 'comlink';
import { loadArticle } from '../core/article.ts';
import { SpanOffsetMap } from '../core/offsetMap.ts';
import { looksTraditional } from '../core/scriptLang.ts';
import { piecedView, pieceView, view, type MappedScriptView } from '../core/scriptView.ts';
import type { Range, Script, ViewOptions } from '../core/types.ts';
import type { ParsedText, ScriptViewWorkerApi, ViewPiece } from '../core/viewProtocol.ts';
import type { StartedWorker, WorkerStarter } from './workerStarter.ts';

export type { ParsedText } from '../core/viewProtocol.ts';

export interface ViewBuilder {
  /**
   * The whole view of `text`. With `first` (the canonical range in view), `onPiece` is called
   * before that with a view in which only that range is converted (core/scriptView.piecedView).
   */
  build(text: string, script: Script, options?: ViewOptions, first?: Range, onPiece?: (view: MappedScriptView) => void): Promise<MappedScriptView>;
  /** `raw` (the file `fileName`) cleaned and parsed. */
  parse(raw: string, fileName: string): Promise<ParsedText>;
  /** Gets ready to convert while nothing is asked of it (a worker loads its dictionaries; the page does not). */
  warm(): void;
  /** Ends the worker, if any; calls under way are dropped. */
  dispose(): void;
}

export class InlineViewBuilder implements ViewBuilder {
  async build(text: string, script: Script, options?: ViewOptions, first?: Range, onPiece?: (view: MappedScriptView) => void): Promise<MappedScriptView> {
    await Promise.resolve();
    if (first && onPiece) {
      const piece = pieceView(text, script, options, first);
      onPiece(piecedView(text, script, first, piece.text, piece.map));
      await Promise.resolve();
    }
    return view(text, script, options);
  }

  async parse(raw: string, fileName: string): Promise<ParsedText> {
    await Promise.resolve();
    const { clean, article } = loadArticle(raw, { fileName });
    return { clean, article, traditional: looksTraditional(clean.text) };
  }
  // Loading the dictionaries here would hold the page: they load on the first conversion.
  warm(): void {}

  dispose(): void {}

}

export class WorkerViewBuilder implements ViewBuilder {
  constructor(private readonly worker: StartedWorker<ScriptViewWorkerApi>) {}

  async build(text: string, script: Script, options?: ViewOptions, first?: Range, onPiece?: (view: MappedScriptView) => void): Promise<MappedScriptView> {
    // Plain data: the settings' options may be Svelte state, which cannot be cloned into a message.
    const plainOptions = options ? { cornerQuotes: options.cornerQuotes, overrides: options.overrides ? [...options.overrides] : undefined } : undefined;
    const wanted = first && onPiece ? { start: first.start, end: first.end } : undefined;
    const piece = onPiece
      ? proxy((sent: ViewPiece) => {
          const map = SpanOffsetMap.fromParts(sent.map);
          // A malformed piece is only a preview lost: the whole view follows.
          if (map) onPiece(piecedView(text, script, sent.piece, sent.text, map));
        })
      : undefined;
    const built = await this.worker.call((remote) => remote.view(text, script, plainOptions, wanted, wanted ? piece : undefined));
    const map = SpanOffsetMap.fromParts(built.map);
    if (!map) throw new Error('script view worker sent a malformed map');
    return { script, text: built.text, map };
  }

  parse(raw: string, fileName: string): Promise<ParsedText> {
    return this.worker.call((remote) => remote.parse(raw, fileName));
  }

  warm(): void {
    // Only a head start: a worker that cannot load them now loads them at its first conversion.
    this.worker.call((remote) => remote.warm()).catch(() => {});
  }

  dispose(): void {
    this.worker.terminate();
  }
}

/** The long-article worker where `workers` can start one, else the same work in the page. */
export function createViewBuilder(workers: WorkerStarter | null): ViewBuilder {
  const worker = workers?.scriptView();
  return worker ? new WorkerViewBuilder(worker) : new InlineViewBuilder();
}
