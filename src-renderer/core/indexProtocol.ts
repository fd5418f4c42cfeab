// Messages between the UI thread and the search worker. One handler serves both the worker
// and the in-thread fallback (Node tests, a browser without module workers), so they cannot
// drift apart.
import type { LibraryIndex, NoteEntry, SearchOptions, SearchResult, TermSuggestion, ThemeMentions, ThemeQuery } from './libraryIndex.ts';

export type IndexRequest =
  | { type: 'put'; key: string; fingerprint: string; raw: string }
  | { type: 'remove'; key: string }
  | { type: 'keepOnly'; keys: string[] }
  | { type: 'fingerprints' }
  | { type: 'notes'; notes: NoteEntry[] }
  | { type: 'search'; query: string; options?: SearchOptions }
  | { type: 'mentions'; themes: ThemeQuery[]; keys?: string[] }
  | { type: 'suggest'; limit: number; exclude: string[] };

export interface IndexResponses {
  put: boolean;
  remove: null;
  keepOnly: null;
  fingerprints: Record<string, string>;
  notes: null;
  search: SearchResult;
  mentions: ThemeMentions[];
  suggest: TermSuggestion[];
}

export type IndexResponse<R extends IndexRequest> = IndexResponses[R['type']];

/** Envelopes on the wire: the id pairs a reply with its request. */
export interface IndexEnvelope {
  id: number;
  request: IndexRequest;
}
export type IndexReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export function handleIndexRequest(index: LibraryIndex, request: IndexRequest): unknown {
  switch (request.type) {
    case 'put':
      return index.put(request.key, request.fingerprint, request.raw);
    case 'remove':
      index.remove(request.key);
      return null;
    case 'keepOnly':
      index.keepOnly(request.keys);
      return null;
    case 'fingerprints':
      return index.fingerprints();
    case 'notes':
      index.setNotes(request.notes);
      return null;
    case 'search':
      return index.search(request.query, request.options);
    case 'mentions':
      return index.mentions(request.themes, request.keys);
    case 'suggest':
      return index.suggest(request.limit, request.exclude);
  }
}
