// The UI thread's end of the long-article worker: clean + parse of a long file, and script
// views. Where no module worker can run (Node tests, a browser without one) the work is done
// in-thread, after one yield, like a reply would come.
import { loadArticle } from '../core/article.ts';
import { leadingCut } from '../core/leadingSlice.ts';
import { SpanOffsetMap } from '../core/offsetMap.ts';
import { looksTraditional } from '../core/scriptLang.ts';
import { piecedView, pieceView, view, type MappedScriptView } from '../core/scriptView.ts';
import type { Article, CleanResult, Range, Script, ViewOptions } from '../core/types.ts';
import type { ParseReply, ParseRequest, ViewReply, ViewRequest } from '../core/viewProtocol.ts';

export interface ParsedText {
  clean: CleanResult;
  article: Article;
  /** Whether the text reads as traditional (core/scriptLang.ts). */
  traditional: boolean;
}

export interface ViewBuilder {
  /**
   * The whole view of `text`. With `first` (the canonical range in view), `onPiece` is called
   * before that with a view in which only that range is converted (core/scriptView.piecedView).
   */
  build(text: string, script: Script, options?: ViewOptions, first?: Range, onPiece?: (view: MappedScriptView) => void): Promise<MappedScriptView>;
  /**
   * `raw` (the file `fileName`) cleaned and parsed. With `onLead`, a long file's opening
   * (core/leadingSlice.ts) is handed to it first, cleaned and parsed on its own.
   */
  parse(raw: string, fileName: string, onLead?: (lead: ParsedText) => void): Promise<ParsedText>;
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

  async parse(raw: string, fileName: string, onLead?: (lead: ParsedText) => void): Promise<ParsedText> {
    await Promise.resolve();
    const cut = onLead ? leadingCut(raw, fileName) : -1;
    if (onLead && cut > 0) {
      const lead = loadArticle(raw.slice(0, cut), { fileName });
      onLead({ ...lead, traditional: looksTraditional(lead.clean.text) });
      await Promise.resolve();
    }
    const { clean, article } = loadArticle(raw, { fileName });
    return { clean, article, traditional: looksTraditional(clean.text) };
  }
}

interface Waiting {
  resolve: (reply: ViewReply | ParseReply) => void;
  reject: (e: Error) => void;
  /** A view's piece, sent ahead of the whole. */
  onPiece?: (reply: Extract<ViewReply, { partial: true }>) => void;
  /** A parse's opening, sent ahead of the whole. */
  onLead?: (lead: ParsedText) => void;
}

export class WorkerViewBuilder implements ViewBuilder {
  private nextId = 1;
  private readonly pending = new Map<number, Waiting>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<ViewReply | ParseReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      if (reply.ok && 'lead' in reply) {
        waiting.onLead?.({ clean: reply.clean, article: reply.article, traditional: reply.traditional });
        return;
      }
      if (reply.ok && 'partial' in reply) {
        waiting.onPiece?.(reply);
        return;
      }
      this.pending.delete(reply.id);
      waiting.resolve(reply);
    };
    worker.onerror = (event) => {
      const error = new Error(`script view worker failed: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  private send(request: ViewRequest | ParseRequest, waiting: Omit<Waiting, 'resolve' | 'reject'> = {}): Promise<ViewReply | ParseReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, ...waiting });
      this.worker.postMessage(request);
    });
  }

  async build(text: string, script: Script, options?: ViewOptions, first?: Range, onPiece?: (view: MappedScriptView) => void): Promise<MappedScriptView> {
    const request: ViewRequest = { id: this.nextId++, text, script, options: options ? { cornerQuotes: options.cornerQuotes, overrides: options.overrides ? [...options.overrides] : undefined } : undefined };
    if (first && onPiece) request.first = { start: first.start, end: first.end };
    const reply = (await this.send(request, {
      onPiece: (piece) => {
        const map = SpanOffsetMap.fromParts(piece.map);
        // A malformed piece is only a preview lost: the whole view follows.
        if (map && onPiece) onPiece(piecedView(text, script, piece.piece, piece.text, map));
      },
    })) as ViewReply;
    if (!reply.ok) throw new Error(reply.error);
    const map = 'partial' in reply ? null : SpanOffsetMap.fromParts(reply.map);
    if (!map) throw new Error('script view worker sent a malformed map');
    return { script, text: reply.text, map };
  }

  async parse(raw: string, fileName: string, onLead?: (lead: ParsedText) => void): Promise<ParsedText> {
    const reply = (await this.send({ kind: 'parse', id: this.nextId++, raw, fileName }, { onLead })) as ParseReply;
    if (!reply.ok) throw new Error(reply.error);
    return { clean: reply.clean, article: reply.article, traditional: reply.traditional };
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
