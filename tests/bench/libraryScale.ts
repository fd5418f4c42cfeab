// Library-scale figures for issue 4: a generated library of 10,000 articles (1,000 with
// --quick) indexed by core/libraryIndex.ts — the same code the search worker runs, here on
// Node's main thread — then searched in both scripts and asked for a theme's mentions.
//
// The articles are made from the seeds' paragraphs, shuffled across seeds so no two are
// alike: each keeps a seed's header lines (title, byline) and then draws body paragraphs
// until it reaches a size between 3,000 and 15,000 characters. One article in five is
// traditional (seed 004's paragraphs only), the rest simplified (seeds 000–003), so a
// 營商環境 query has to fold across scripts. A fixed PRNG seed makes every run build the
// same library.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { mulberry32 as prng } from '../support/prng.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => { note?: string };

export interface ScaleFigure {
  name: string;
  samples: number[];
  note?: string;
}

const SEEDS = resolve(import.meta.dirname, '../../seeds');
const TRADITIONAL_SEED = '004_';
const HEADER_LINES = 3;
const FIXED_QUERIES = ['营商环境', '營商環境', '招商引资', '招商引資', '人才', '共同富裕', '高质量发展', '數字經濟'];
const QUERY_COUNT = 50;


interface SeedParts {
  header: string[];
  paragraphs: string[];
}

function seedParts(): { simplified: SeedParts[]; traditional: SeedParts[] } {
  const simplified: SeedParts[] = [];
  const traditional: SeedParts[] = [];
  for (const f of readdirSync(SEEDS).filter((n) => n.endsWith('.txt')).sort()) {
    const lines = readFileSync(join(SEEDS, f), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const parts = { header: lines.slice(0, HEADER_LINES), paragraphs: lines.slice(HEADER_LINES).filter((l) => l.length >= 20) };
    (f.startsWith(TRADITIONAL_SEED) ? traditional : simplified).push(parts);
  }
  return { simplified, traditional };
}

/** `count` article texts (raw, as read from disk) of 3,000–15,000 characters. */
export function generateLibrary(count: number, seed = 4): string[] {
  const rand = prng(seed);
  const { simplified, traditional } = seedParts();
  const simplifiedBody = simplified.flatMap((s) => s.paragraphs);
  const traditionalBody = traditional.flatMap((s) => s.paragraphs);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const isTraditional = i % 5 === 4;
    const head = pick(isTraditional ? traditional : simplified).header;
    const body = isTraditional ? traditionalBody : simplifiedBody;
    const target = 3_000 + Math.floor(rand() * 12_000);
    const parts = [...head];
    let size = head.reduce((n, l) => n + l.length + 2, 0);
    while (size < target) {
      const p = pick(body);
      parts.push(p);
      size += p.length + 2;
    }
    out.push(parts.join('\n\n') + '\n');
  }
  return out;
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

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export function benchLibraryScale(measure: Measure, record: (f: ScaleFigure) => void, quick: boolean): void {
  const count = quick ? 1_000 : 10_000;
  const label = count.toLocaleString('en-US');
  const texts = generateLibrary(count);
  const chars = texts.reduce((n, t) => n + t.length, 0);
  console.log(`library scale: ${label} generated articles, ${(chars / 1e6).toFixed(1)} M characters`);

  // One build only: at 10,000 articles a repeat would double the run for little. The
  // index is kept and searched below, as the worker's would be after the first scan.
  const index = new LibraryIndex();
  const t0 = performance.now();
  texts.forEach((text, i) => index.put(`第${Math.floor(i / 100)}册/${String(i).padStart(5, '0')}.txt`, `f${i}`, text));
  const build = performance.now() - t0;
  record({ name: `index build, ${label} generated articles (${(chars / 1e6).toFixed(0)} M chars: clean + search key)`, samples: [build], note: 'one build, Node main thread; the worker runs the same code' });
  console.log(`index build, ${label} articles: ${build.toFixed(0)} ms`);

  const rand = prng(11);
  const queries = [...FIXED_QUERIES, ...randomTerms(texts, QUERY_COUNT - FIXED_QUERIES.length, rand)];
  index.search(queries[0]); // warm-up
  const samples: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const s = performance.now();
    hits += index.search(q).articles.length;
    samples.push(performance.now() - s);
  }
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const note = `${queries.length} queries (${FIXED_QUERIES.join(' ')} + ${QUERY_COUNT - FIXED_QUERIES.length} random 2–4 char terms), ${(hits / queries.length).toFixed(0)} articles hit on average`;
  record({ name: `search p50, ${label} articles`, samples: [p50], note });
  record({ name: `search p95, ${label} articles`, samples: [p95], note: `same ${queries.length} queries; slowest ${Math.max(...samples).toFixed(0)} ms` });
  console.log(`search over ${label} articles: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);

  const theme = { id: 't', names: ['营商环境'], tagged: [] };
  let found = 0;
  const figure = measure(
    `theme mentions of 营商环境 across ${label} articles (untagged, with contexts and selectors)`,
    quick ? 1 : 3,
    () => {
      found = index.mentions([theme])[0].articles.reduce((n, a) => n + a.mentions.length, 0);
    },
  );
  figure.note = `${found} mentions found`;
  console.log(`  ${found} mentions`);
}
