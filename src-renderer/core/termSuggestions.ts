// Frequent terms of a library, offered as a new user's first themes. Counting Han n-grams
// finds the library's recurring phrases cheaply, but on its own it offers function-word
// bigrams (国的, 的人) and pieces of longer phrases cut mid-word (在湖州看见美, 年春). Three
// filters make the candidates terms:
//   1. a gram whose neighbour is nearly always the same character is a piece of a longer
//      fixed phrase, not a term of its own (accessor variety, the usual unsupervised test
//      for Chinese word extraction);
//   2. a term neither starts nor ends with a function word;
//   3. a term starts and ends on word boundaries, as the platform's dictionary segmenter
//      (Intl.Segmenter, ICU) cuts the text around a few of its occurrences. The segmenter
//      alone cannot find themes — its dictionary cuts 营商环境 into 营|商|环境 and 招商引资
//      into single characters — so it only vetoes cuts, it never proposes terms. It is too
//      slow to run over a whole library, hence the samples.

export interface TermSuggestion {
  /** Simplified, as the search key has it. */
  term: string;
  count: number;
  articles: number;
}

const HAN = /^\p{Script=Han}+$/u;
const MIN_GRAM = 2;
const MAX_TERM = 6;
/** One longer than a term may be: only to tell whether a term of MAX_TERM is a fragment. */
const MAX_GRAM = MAX_TERM + 1;
/** Share of a gram's occurrences that one neighbour may take before the gram counts as a fragment. */
const FRAGMENT_SHARE = 0.8;
const MIN_COUNT = 3;
/** Occurrences segmented per candidate, and the context either side. */
const BOUNDARY_SAMPLES = 5;
const BOUNDARY_CONTEXT = 8;
/** How many of the best-ranked candidates get the boundary check, per suggestion asked for. */
const CHECKED_PER_SUGGESTION = 4;
/**
 * Characters whose grams are counted. The count runs in the search worker, where searches and
 * theme mentions wait behind it, and over a whole large library it took far longer than a
 * user waits; a library's commonest phrases show as well in a large share of it. Past this
 * many characters, articles spread evenly over the library are counted (one longer than the
 * budget, its opening), and the suggestions' own figures are then counted over every article.
 */
const COUNTED_CHARS = 1_500_000;

/**
 * Characters that, in simplified news and essay prose, are function words at the edge of
 * a gram: particles, prepositions, conjunctions, pronouns, copulas, adverbs of degree.
 * Characters that often begin or end content words (年 in 青年, 上 in 线上, 一 in 一体化,
 * 中 in 中国, 有 in 有限) are left out on purpose.
 */
const FUNCTION_EDGE = new Set(Array.from('的了着过是在和与及或等也都就而之其这那此为对将从把被让向于以由并但又还很已再所我你他她它们个到说要会能可不没地得'));

export interface SuggestOptions {
  limit?: number;
  /** Search keys of names already used as themes. */
  exclude?: ReadonlySet<string>;
  /** Word segmenter; defaults to Intl.Segmenter('zh') where the platform has it. */
  segmenter?: { segment(text: string): Iterable<{ index: number; segment: string }> } | null;
  /** Characters whose grams are counted (COUNTED_CHARS). */
  countedChars?: number;
}

function defaultSegmenter(): SuggestOptions['segmenter'] {
  return typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
}

/** `keys`: the search key (folded, simplified, no punctuation) of every article. */
export function suggestTerms(keys: readonly string[], options: SuggestOptions = {}): TermSuggestion[] {
  const limit = options.limit ?? 20;
  const exclude = options.exclude ?? new Set<string>();
  const segmenter = options.segmenter === undefined ? defaultSegmenter() : options.segmenter;

  const counted = evenlySpread(keys, options.countedChars ?? COUNTED_CHARS);
  const count = new Map<string, number>();
  const docs = new Map<string, number>();
  for (const key of counted) {
    const seen = new Set<string>();
    for (let i = 0; i < key.length; i++) {
      for (let n = MIN_GRAM; n <= MAX_GRAM && i + n <= key.length; n++) {
        const gram = key.slice(i, i + n);
        if (!HAN.test(gram)) break;
        count.set(gram, (count.get(gram) ?? 0) + 1);
        seen.add(gram);
      }
    }
    for (const g of seen) docs.set(g, (docs.get(g) ?? 0) + 1);
  }

  const minDocs = counted.length > 1 ? 2 : 1;
  // For each gram, the commonest one-character extension on either side.
  const commonestNeighbour = new Map<string, number>();
  for (const [g, c] of count) {
    if (g.length <= MIN_GRAM || c < MIN_COUNT) continue;
    for (const sub of [g.slice(0, -1), g.slice(1)]) commonestNeighbour.set(sub, Math.max(commonestNeighbour.get(sub) ?? 0, c));
  }
  const ranked = [...count]
    .filter(([g, c]) => {
      if (g.length > MAX_TERM || c < MIN_COUNT || (docs.get(g) ?? 0) < minDocs || exclude.has(g)) return false;
      if ((commonestNeighbour.get(g) ?? 0) >= FRAGMENT_SHARE * c) return false;
      return !FUNCTION_EDGE.has(g[0]) && !FUNCTION_EDGE.has(g[g.length - 1]);
    })
    .map(([term, c]) => ({ term, count: c, articles: docs.get(term) ?? 0, score: c * (term.length - 1) }))
    .sort((x, y) => y.score - x.score || (x.term < y.term ? -1 : 1));

  const checkable = ranked.slice(0, limit * CHECKED_PER_SUGGESTION);
  const samples = segmenter ? sampleOccurrences(new Set(checkable.map((r) => r.term)), counted) : new Map<string, Sample[]>();
  const out: TermSuggestion[] = [];
  for (const { term, count: c, articles } of checkable) {
    if (out.length >= limit) break;
    if (segmenter && !cutsOnWordBoundaries(term, samples.get(term) ?? [], segmenter)) continue;
    out.push(counted === keys ? { term, count: c, articles } : { term, ...occurrences(term, keys) });
  }
  return out;
}

/** `keys` if they hold at most `budget` characters, else articles spread evenly over them, at most `budget` characters in all. */
function evenlySpread(keys: readonly string[], budget: number): readonly string[] {
  let total = 0;
  for (const key of keys) total += key.length;
  if (total <= budget) return keys;
  const wanted = Math.max(1, Math.floor((keys.length * budget) / total));
  const out: string[] = [];
  let taken = 0;
  for (let j = 0; j < wanted && taken < budget; j++) {
    const key = keys[Math.floor((j * keys.length) / wanted)].slice(0, budget - taken);
    out.push(key);
    taken += key.length;
  }
  return out;
}

/** How often `term` occurs in `keys`, overlapping occurrences included as the gram count has them, and in how many. */
function occurrences(term: string, keys: readonly string[]): { count: number; articles: number } {
  let count = 0;
  let articles = 0;
  for (const key of keys) {
    let here = 0;
    for (let at = key.indexOf(term); at !== -1; at = key.indexOf(term, at + 1)) here++;
    count += here;
    if (here > 0) articles++;
  }
  return { count, articles };
}

/**
 * A few occurrences of each term with their context, at most two from one article so one
 * article's house style does not decide. One pass over the keys for all terms at once.
 */
interface Sample {
  window: string;
  /** Where the term starts in `window`. */
  at: number;
}

function sampleOccurrences(terms: ReadonlySet<string>, keys: readonly string[]): Map<string, Sample[]> {
  const samples = new Map<string, Sample[]>();
  const longest = Math.max(0, ...[...terms].map((t) => t.length));
  for (const key of keys) {
    const fromThisArticle = new Map<string, number>();
    for (let i = 0; i < key.length; i++) {
      for (let n = MIN_GRAM; n <= longest && i + n <= key.length; n++) {
        const gram = key.slice(i, i + n);
        if (!terms.has(gram)) continue;
        const list = samples.get(gram) ?? [];
        const here = fromThisArticle.get(gram) ?? 0;
        if (list.length >= BOUNDARY_SAMPLES || here >= 2) continue;
        fromThisArticle.set(gram, here + 1);
        const from = Math.max(0, i - BOUNDARY_CONTEXT);
        list.push({ window: key.slice(from, i + n + BOUNDARY_CONTEXT), at: i - from });
        samples.set(gram, list);
      }
    }
  }
  return samples;
}

/** Whether most sampled occurrences of `term` begin and end where the segmenter cuts words. */
function cutsOnWordBoundaries(term: string, samples: readonly Sample[], segmenter: NonNullable<SuggestOptions['segmenter']>): boolean {
  if (samples.length === 0) return true;
  let aligned = 0;
  for (const { window, at } of samples) {
    const cuts = new Set<number>();
    for (const s of segmenter.segment(window)) {
      cuts.add(s.index);
      cuts.add(s.index + s.segment.length);
    }
    if (cuts.has(at) && cuts.has(at + term.length)) aligned++;
  }
  return aligned * 2 > samples.length;
}
