// Library-scale figures: a generated library (generateLibrary.ts: 10,000
// articles, 1,000 with --quick) indexed by core/libraryIndex.ts — the same code the search
// worker runs, here on Node's main thread — then searched in both scripts and asked for a
// theme's mentions. A fixed PRNG seed makes every run build the same library.
import { LibraryIndex, SEARCH_PAGE_ARTICLES, SEARCH_PAGE_NOTES } from '../../src-renderer/core/libraryIndex.ts';
import { mulberry32 as prng } from '../support/prng.ts';
import { percentile, type Target } from './figures.ts';
import type { GeneratedArticle } from './generateLibrary.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => { note?: string; target?: Target };

export interface ScaleFigure {
  name: string;
  samples: number[];
  note?: string;
  target?: Target;
}

const FIXED_QUERIES = ['营商环境', '營商環境', '招商引资', '招商引資', '人才', '共同富裕', '高质量发展', '數字經濟'];
const QUERY_COUNT = 50;
/** What the search dialog asks the worker for: every article counted, the first page mapped and snipped. */
export const DIALOG_PAGE = { articleLimit: SEARCH_PAGE_ARTICLES, noteLimit: SEARCH_PAGE_NOTES };

/** The index the search worker would hold after its first pass over `articles`, and how long that took. */
export function indexLibrary(articles: readonly GeneratedArticle[]): { index: LibraryIndex; ms: number } {
  const index = new LibraryIndex();
  const t0 = performance.now();
  articles.forEach((a, i) => index.put(a.key, `f${i}`, a.text));
  return { index, ms: performance.now() - t0 };
}

/** Random 2–4 character terms cut from the library's own text, so most of them hit. */
function randomTerms(texts: string[], n: number, rand: () => number): string[] {
  const terms: string[] = [];
  while (terms.length < n) {
    const text = texts[Math.floor(rand() * texts.length)];
    const at = Math.floor(rand() * (text.length - 4));
    const term = text.slice(at, at + 2 + Math.floor(rand() * 3));
    if (/^\p{Script=Han}+$/u.test(term)) terms.push(term);
  }
  return terms;
}

export function benchLibraryScale(measure: Measure, record: (f: ScaleFigure) => void, articles: readonly GeneratedArticle[], built: { index: LibraryIndex; ms: number[] }, quick: boolean): void {
  const count = articles.length;
  const label = count.toLocaleString('en-US');
  const texts = articles.map((a) => a.text);
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const { index } = built;
  // The last build's index is searched below, as the worker's would be after its first pass.
  record({ name: `index build, ${label} generated articles (${(chars / 1e6).toFixed(0)} M chars: clean + search key)`, samples: built.ms, note: 'Node main thread; the worker runs the same code' });

  const rand = prng(11);
  const queries = [...FIXED_QUERIES, ...randomTerms(texts, QUERY_COUNT - FIXED_QUERIES.length, rand)];
  index.search(queries[0], DIALOG_PAGE); // warm-up
  // Each round runs every query once; a round gives one p50 and one p95.
  const p50s: number[] = [];
  const p95s: number[] = [];
  let hits = 0;
  let slowest = 0;
  for (let round = 0; round < (quick ? 2 : 3); round++) {
    const samples: number[] = [];
    hits = 0;
    for (const q of queries) {
      const s = performance.now();
      hits += index.search(q, DIALOG_PAGE).totalArticles;
      samples.push(performance.now() - s);
    }
    p50s.push(percentile(samples, 50));
    p95s.push(percentile(samples, 95));
    slowest = Math.max(slowest, ...samples);
  }
  const at10k = count === 10_000;
  const note = `${queries.length} queries a round (${FIXED_QUERIES.join(' ')} + ${QUERY_COUNT - FIXED_QUERIES.length} random 2–4 char terms), ${(hits / queries.length).toFixed(0)} articles hit on average, each query as the search dialog runs it (every article counted, the first ${SEARCH_PAGE_ARTICLES} with hits mapped and snipped); one sample per round`;
  record({ name: `search p50, ${label} articles`, samples: p50s, note, target: at10k ? { op: '<', value: 50, label: '< 50 ms' } : undefined });
  record({ name: `search p95, ${label} articles`, samples: p95s, note: `same queries; slowest single query ${slowest.toFixed(0)} ms`, target: at10k ? { op: '<', value: 150, label: '< 150 ms' } : undefined });

  const theme = { id: 't', names: ['营商环境'], tagged: [] };
  let found = 0;
  const figure = measure(
    `theme mentions of 营商环境 across ${label} articles (untagged, with contexts and selectors)`,
    quick ? 1 : 3,
    () => {
      found = index.mentions([theme])[0].articles.reduce((n, a) => n + a.mentions.length, 0);
    },
  );
  figure.note = `${found} mentions found — the first count of a new theme once the index is built`;
  if (at10k) figure.target = { op: '<', value: 1000, label: '< 1 s' };
  console.log(`  ${found} mentions`);
}
