// Which library article each source of an imported REFI-QDA project is: first the article
// its description or name names (a Pizhu export writes the library key there, and the file
// may have been edited since), then the
// file whose fingerprint is the source text's (the file as written, exported by a tool that
// kept it unchanged), then any article whose canonical text is the source's, read one by one.
import type { ArticleEntry, PizhuApi } from '../../src-main/api.ts';
import { loadArticle } from '../core/article.ts';
import { clean } from '../core/clean.ts';
import type { MatchedArticle, RefiSource } from '../core/refiImport.ts';

const READ_CONCURRENCY = 8;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

interface ReadArticle extends MatchedArticle {
  /** The decoded file, as the fingerprint was taken of it. */
  raw: string;
}

export async function matchSources(api: PizhuApi, entries: readonly ArticleEntry[], sources: readonly RefiSource[]): Promise<Map<RefiSource, MatchedArticle | null>> {
  const out = new Map<RefiSource, MatchedArticle | null>();
  const readable = entries.filter((e) => e.error === null && e.fingerprint !== null);
  const byKey = new Map(readable.map((e) => [e.key, e]));
  const cache = new Map<string, Promise<ReadArticle | null>>();
  const read = (key: string) => {
    let p = cache.get(key);
    if (!p) {
      p = api.readArticle(key).then(
        (r) => (r.ok ? { key, raw: r.file.text, canonical: loadArticle(r.file.text, { fileName: key }).clean.text, fingerprint: r.file.fingerprint } : null),
        () => null,
      );
      cache.set(key, p);
    }
    return p;
  };
  const pending: { source: RefiSource; text: string; cleaned: string; fingerprint: string }[] = [];
  for (const source of sources) {
    out.set(source, null);
    if (source.text === null || source.selections.length === 0) continue;
    pending.push({ source, text: source.text, cleaned: clean(source.text).text, fingerprint: await sha256Hex(source.text) });
  }
  const same = (p: (typeof pending)[number], a: ReadArticle) => a.canonical === p.text || a.canonical === p.cleaned || a.raw === p.text;
  let left = pending;
  // Named: the key in the description (a Pizhu export), or a name that is a key. A named
  // article whose text has changed since is still the one: its passages are then found by
  // their quotes, as a changed file's annotations are, or counted as not placed.
  const next: typeof pending = [];
  for (const p of left) {
    const hint = [p.source.description.trim(), p.source.name.trim()].find((k) => byKey.has(k));
    const article = hint ? await read(hint) : null;
    if (article) out.set(p.source, article);
    else next.push(p);
  }
  left = next;
  // By fingerprint: the source is the file exactly.
  const byFingerprint = new Map(readable.map((e) => [e.fingerprint!, e.key]));
  left = (
    await Promise.all(
      left.map(async (p) => {
        const key = byFingerprint.get(p.fingerprint);
        const article = key ? await read(key) : null;
        if (article) out.set(p.source, article);
        return article ? null : p;
      }),
    )
  ).filter((p): p is (typeof pending)[number] => p !== null);
  // Every other article, a few at a time, until each source has one.
  if (left.length > 0) {
    const keys = readable.map((e) => e.key);
    let i = 0;
    const worker = async () => {
      while (i < keys.length && left.length > 0) {
        const article = await read(keys[i++]);
        if (!article) continue;
        const found = left.filter((p) => same(p, article));
        for (const p of found) out.set(p.source, article);
        if (found.length > 0) left = left.filter((p) => !found.includes(p));
        // Texts already compared are not kept: a library of 10,000 articles would all be held.
        cache.delete(article.key);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, worker));
  }
  return out;
}
