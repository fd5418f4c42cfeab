// The analysis views' computations on the largest generated library: 50 themes and 100,000
// coded passages spread over its articles (1–3 themes each, a few tombstoned), counted into
// the co-occurrence matrix and the timeline; and the concordance of the theme name whose
// mentions come nearest 5,000 (a name with up to two aliases, as a theme has them), found in the index (the search worker's part) and sorted (the
// main thread's part; the list then draws only the rows in view).
import { coOccurrence, type CodedPassage } from '../../src-renderer/core/coOccurrence.ts';
import { sortConcordance, type ConcordanceLine } from '../../src-renderer/core/concordance.ts';
import type { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import { timeline } from '../../src-renderer/core/timeline.ts';
import type { Target } from './figures.ts';
import type { GeneratedArticle } from './generateLibrary.ts';
import { mulberry32 } from '../support/prng.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => { target?: Target; note?: string };

export const ANALYSIS_THEMES = 50;
export const ANALYSIS_PASSAGES = 100_000;
const CONCORDANCE_MENTIONS = 5_000;
/** Names the concordance may take: terms the generated library repeats from the seeds. */
const CONCORDANCE_CANDIDATES = ['招商引资', '人才', '乡村振兴', '数字经济', '高质量发展', '项目建设', '科技创新', '民营经济', '共同富裕', '实干争先', '产业', '企业', '服务', '创新', '青年'];

/** Passages as the views read them: popular themes more often (rank-weighted), 1–3 themes, 2 % deleted. */
export function codedPassages(articles: readonly GeneratedArticle[], themes: number, total: number, seed = 23): CodedPassage[] {
  const rand = mulberry32(seed);
  const ids = Array.from({ length: themes }, (_, i) => `theme-${i}`);
  const pickTheme = () => ids[Math.floor(themes * rand() ** 2)];
  const out: CodedPassage[] = [];
  for (let i = 0; i < total; i++) {
    const n = 1 + Math.floor(rand() * rand() * 3);
    const tagIds = Array.from({ length: n }, pickTheme);
    out.push({ articleKey: articles[Math.floor(rand() * articles.length)].key, tagIds, deletedAt: rand() < 0.02 ? 1 : null });
  }
  return out;
}

/** The generated dateline (发布时间：YYYY-MM-DD), as the parser reads it into meta.date. */
function articleDates(articles: readonly GeneratedArticle[]): Map<string, string | null> {
  return new Map(articles.map((a) => [a.key, /发布时间：(\d{4}-\d{2}-\d{2})|發佈時間：(\d{4}-\d{2}-\d{2})|發布時間：(\d{4}-\d{2}-\d{2})/.exec(a.text)?.slice(1).find(Boolean) ?? null]));
}

export function benchAnalysis(measure: Measure, articles: readonly GeneratedArticle[], index: LibraryIndex, runs: number): string[] {
  const notes: string[] = [];
  const count = articles.length.toLocaleString('en-US');
  const passages = codedPassages(articles, ANALYSIS_THEMES, ANALYSIS_PASSAGES);
  const themeIds = Array.from({ length: ANALYSIS_THEMES }, (_, i) => `theme-${i}`);
  const setting = `${ANALYSIS_THEMES} themes, ${ANALYSIS_PASSAGES.toLocaleString('en-US')} passages over ${count} generated articles`;

  const matrix = measure(`co-occurrence matrix (passages and articles), ${setting}`, runs, () => void coOccurrence(themeIds, passages));
  matrix.target = { op: '<', value: 300, label: '< 300 ms' };

  const dates = articleDates(articles);
  const dated = [...dates.values()].filter(Boolean).length;
  for (const unit of ['month', 'year'] as const) {
    const figure = measure(`timeline by ${unit}, ${setting} (${dated.toLocaleString('en-US')} articles dated)`, runs, () => void timeline(themeIds, passages, (key) => dates.get(key) ?? null, unit));
    figure.target = { op: '<', value: 200, label: '< 200 ms' };
  }

  // The names (none inside another, so their mentions add up) whose mentions come nearest the figure asked for.
  const mentionsOf = CONCORDANCE_CANDIDATES.map((name) => ({ name, count: index.concordance([name]).length }));
  let names: string[] = [];
  let nearest = Infinity;
  for (let a = 0; a < mentionsOf.length; a++)
    for (let b = a; b < mentionsOf.length; b++)
      for (let c = b; c < mentionsOf.length; c++) {
        const chosen = [...new Set([a, b, c])].map((k) => mentionsOf[k]);
        if (chosen.some((x) => chosen.some((y) => x !== y && y.name.includes(x.name)))) continue;
        const off = Math.abs(chosen.reduce((sum, x) => sum + x.count, 0) - CONCORDANCE_MENTIONS);
        if (off < nearest) [nearest, names] = [off, chosen.map((x) => x.name)];
      }
  const lines = index.concordance(names);
  const about = `theme ${names.join(' / ')}, ${lines.length.toLocaleString('en-US')} mentions in ${new Set(lines.map((l) => l.articleKey)).size.toLocaleString('en-US')} of ${count} articles`;
  let found: ConcordanceLine[] = [];
  measure(`concordance: find every mention with its context (search worker), ${about}`, runs, () => void (found = index.concordance(names)));
  for (const by of ['right', 'left'] as const) measure(`concordance: sort by ${by} context (main thread), ${about}`, runs, () => void sortConcordance(found, by));
  const whole = measure(`concordance: find + sort by right context, ${about} — the list then draws only the rows in view`, runs, () => void sortConcordance(index.concordance(names), 'right'));
  whole.target = { op: '<', value: 300, label: '< 300 ms (windowed)' };
  // A theme just made: its untagged mentions counted from the index as it stands (no text read
  // again), every article searched and each mention cut to its sentence and paragraph. The
  // themes page asks this once the index is complete; before that it asks the same of the part
  // built so far. One name of the candidates per run, so no run finds its needle folded already.
  let mentionRun = 0;
  let mentionCount = 0;
  const firstAnswer = measure(`new theme's mentions, first answer from the complete index (search worker's part), one name, ${count} articles`, runs, () => {
    const name = CONCORDANCE_CANDIDATES[mentionRun++ % CONCORDANCE_CANDIDATES.length];
    const [found] = index.mentions([{ id: 'new-theme', names: [name], tagged: [] }]);
    mentionCount = Math.max(mentionCount, found.articles.reduce((n, a) => n + a.mentions.length, 0));
  });
  firstAnswer.target = { op: '<', value: 1000, label: '< 1 s' };
  firstAnswer.note = `names taken in turn from the concordance candidates; up to ${mentionCount.toLocaleString('en-US')} mentions found in one run`;
  notes.push(`Concordance theme: the name and aliases (up to three names) nearest ${CONCORDANCE_MENTIONS.toLocaleString('en-US')} mentions, from: ${mentionsOf.map((c) => `${c.name} ${c.count}`).join(', ')}.`);
  return notes;
}
