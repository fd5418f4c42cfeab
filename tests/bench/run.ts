// `npm run bench`: Pizhu's speed figures, measured in Node and in Chromium through the web
// host, written to BENCHMARKS.md with the command and the machine. Each figure is repeated
// and reported as median and spread; nothing here is asserted — tests assert behaviour,
// not time. The product's targets (for a 10,000-article library on a 2-core machine) sit beside
// the figures they are about.
//
//   npm run bench                     everything, libraries of 100, 1,000 and 10,000 articles
//   npm run bench -- --quick          100 and 1,000 only, fewer runs: for development
//   npm run bench -- --only library   one suite (repeatable, or comma-separated); the other
//                                     sections of BENCHMARKS.md are kept as they were
//   npm run bench -- --sizes 100      library sizes for the library/index/anchors suites
//   npm run bench -- --only resize    the window resized 1440 → 600 px (PIZHU_BENCH_PROFILE=DIR
//                                     also writes a CPU profile of one pass there)
//   npm run bench -- --out FILE       write there instead of BENCHMARKS.md
//   npm run bench -- --runs 3         that many samples of each figure (full sizes, fewer runs)
//   PIZHU_BENCH_RENDERER=DIR          the markdown suite serves that renderer build (another
//                                     commit's out/renderer, to compare) instead of building
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBytes, fingerprintText } from '../../src-main/library/decode.ts';
import { indexedText, loadArticle } from '../../src-renderer/core/article.ts';
import { clean } from '../../src-renderer/core/clean.ts';
import type { LibraryIndex } from '../../src-renderer/core/libraryIndex.ts';
import type { ExportArticle } from '../../src-renderer/core/markdownExport.ts';
import { clearViewCache, view } from '../../src-renderer/core/scriptView.ts';
import { searchKey } from '../../src-renderer/core/searchKey.ts';
import { blockParts } from '../../src-renderer/state/blockParts.ts';
import type { Script } from '../../src-renderer/core/types.ts';
import { benchAnalysis } from './analysis.ts';
import { benchAnnotationFiles } from './annotationFiles.ts';
import { benchAnchoring } from './anchoring.ts';
import { benchChromium } from './chromium.ts';
import { markdownText, proseMarkdown, seeds as seedTexts, simplifiedText } from './benchTexts.ts';
import { exportAndImport, benchExportImport } from './exportImport.ts';
import { benchQdpx } from './exchange.ts';
import { benchAnnotationFolder } from './annotationFolder.ts';
import { benchAnnotationSync } from './annotationSync.ts';
import { benchAnnotationSyncChromium } from './annotationSyncChromium.ts';
import { benchMarkdownReader } from './markdownReader.ts';
import { benchLongArticle } from './longArticle.ts';
import { describe, renderTable, type Figure } from './figures.ts';
import { largeArticle } from '../support/largeArticle.ts';
import { BENCH_THEMES, generateAnnotations, generateArticles, writeLibrary, type GeneratedArticle } from './generateLibrary.ts';
import { indexLibrary, benchLibraryScale } from './libraryScale.ts';
import { benchHostileBackup } from './hostileBackup.ts';
import { benchBigDatabase, benchLibraryStart } from './libraryStart.ts';
import { benchColdStart } from './coldStart.ts';
import { describeMachine, machineLine } from './machine.ts';
import { benchConversion, benchRipgrep } from './sideBySide.ts';
import { benchThemePage } from './themePage.ts';
import { benchResize } from './resize.ts';
import { benchNotebook } from './notebook.ts';
import { benchTraditional } from './traditional.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Suites in the order they run and appear in BENCHMARKS.md. */
export const SUITES = {
  article: 'Per article, Node: clean, parse, script views, search key, re-anchoring',
  reader: 'Reader in Chromium (seeds + one 15,000-char article with 1,000 highlights)',
  resize: 'Resizing the window in Chromium: 1440 → 600 px with 1,000 highlights, outline and annotation panes open',
  markdown: 'Markdown in Chromium: open a 15,000-char Markdown article; clean + parse of a 1.9 MB text in a Worker',
  long: 'A 10 MB one-line article in Chromium: open, first 繁體, scrolling',
  library: 'Library in Chromium through the web host: list cold and warm, open, switch, highlight, heap, RSS',
  cold: 'First start in Chromium beside its floors, same run: rg -c over the folder, the core’s per-file work in Node on one core',
  bigdb: 'One big annotation database in Chromium',
  index: 'Index and search, Node (the search worker’s code on the main thread)',
  themes: 'Theme page in Chromium',
  notebook: 'Notebook in Chromium: 100,000 annotations across the seeds, open, filter, search',
  analysis: 'Analysis views, Node: co-occurrence, timeline, concordance',
  export: 'Export and backup import, Node',
  exchange: 'Exchange with QDA tools, Node: REFI-QDA project (.qdpx)',
  sync: 'Annotation files, Node: the .pizhu files of the big database written, read back and merged (without the disk)',
  anchors: 'Side by side: native opencc and ripgrep, same run',
  hostile: 'A hostile backup in Chromium: 100,000 highlights on one article and one 1 M-character quote',
  annotationFolder: 'Annotation files, Node, the host’s part: write, bulk read, one change, watcher',
  annotationSyncChromium: 'Annotation files in Chromium through the web host, on disk: first start, read back, one remote change redrawn',
  annotationSync: 'Annotation files, Node, the renderer’s whole path: the sync state on Dexie (fake-indexeddb, its request queue made O(1)), host in memory',
} as const;
type Suite = keyof typeof SUITES;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    sizes: { type: 'string' },
    out: { type: 'string' },
    runs: { type: 'string' },
  },
  strict: true,
});
const quick = values.quick!;
const only = (values.only ?? []).flatMap((s) => s.split(',')).filter(Boolean);
for (const s of only) if (!(s in SUITES)) throw new Error(`unknown suite ${s}: one of ${Object.keys(SUITES).join(', ')}`);
const selected = (Object.keys(SUITES) as Suite[]).filter((s) => only.length === 0 || only.includes(s));
const sizes = values.sizes ? values.sizes.split(',').map(Number) : quick ? [100, 1_000] : [100, 1_000, 10_000];
const largest = Math.max(...sizes);
const outFile = resolve(values.out ?? join(ROOT, 'BENCHMARKS.md'));
const runs = values.runs ? Math.max(1, Number(values.runs)) : quick ? 3 : 9;

const figures: Figure[] = [];
const notes = new Map<Suite, string[]>();
const note = (suite: Suite, text: string) => notes.set(suite, [...(notes.get(suite) ?? []), text]);

function recordIn(suite: Suite) {
  return (f: Omit<Figure, 'suite'>): Figure => {
    const figure = { ...f, suite };
    figures.push(figure);
    console.log(describe(figure));
    return figure;
  };
}

/** Runs `fn` `runs` times after one warm-up and records the wall time of each run in ms. */
function measureIn(suite: Suite) {
  const record = recordIn(suite);
  return (name: string, n: number, fn: () => void, note?: string): Figure => {
    fn();
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      fn();
      samples.push(performance.now() - t0);
    }
    return record({ name, samples, note });
  };
}

const seeds = seedTexts();

/** The largest generated library on disk and indexed once, shared by the index and anchors suites. */
let scale: { articles: GeneratedArticle[]; dir: string; built: { index: LibraryIndex; ms: number[] } } | null = null;
const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-'));
function scaleLibrary() {
  if (!scale) {
    const articles = generateArticles(largest);
    const dir = join(work, 'library');
    writeLibrary(dir, articles);
    console.log(`indexing ${largest.toLocaleString('en-US')} generated articles, 3 times…`);
    // Three builds for the figure; the last index is kept and searched.
    const builds = [indexLibrary(articles), indexLibrary(articles)].map((b) => b.ms);
    const last = indexLibrary(articles);
    scale = { articles, dir, built: { index: last.index, ms: [...builds, last.ms] } };
  }
  return scale;
}

/** ExportArticle rows for the articles the annotations are on. */
function exportArticles(articles: readonly GeneratedArticle[], keys: ReadonlySet<string>): ExportArticle[] {
  return articles
    .filter((a) => keys.has(a.key))
    .map((a) => {
      const { clean: c, article } = loadArticle(a.text, { fileName: a.key });
      return { key: a.key, text: { canonical: c.text, fingerprint: fingerprintText(a.text), article } };
    });
}

const bigDb = { size: quick ? 1_000 : 10_000, total: quick ? 10_000 : 100_000 };

const runSuite: Record<Suite, () => Promise<void> | void> = {
  article() {
    const measure = measureIn('article');
    const article15k = clean(simplifiedText(15_000)).text;
    measure('clean + parse, seed 004 (15,217 bytes, 647 pinyin)', runs, () => loadArticle(seeds[4]));
    measure('clean + parse, 15,000-char article', runs, () => loadArticle(simplifiedText(15_000)));
    // A real long plain text: the classical chronicle, with its CRLF line ends, as the library reads it.
    const classicBytes = readFileSync(join(ROOT, 'tests/fixtures/realworld/rw-zuozhuan.txt'));
    measure('decode, 左传 1.9 MB classical text (UTF-8, CRLF)', runs, () => decodeBytes(classicBytes));
    const classic = decodeBytes(classicBytes);
    if (!classic.ok) throw new Error(`rw-zuozhuan.txt: ${classic.error.code}`);
    const parsed = measure('clean + parse, 左传 1.9 MB classical text (main thread)', runs, () => loadArticle(classic.text, { fileName: 'rw-zuozhuan.txt' }));
    parsed.target = { op: '<', value: 300, label: '< 300 ms (in a worker)' };
    const openMarkdown = (text: string) => () => {
      const { clean: c, article } = loadArticle(text, { fileName: 'bench.md' });
      const v = view(c.text, 'original');
      for (const block of article.blocks) blockParts(v, c.ruby, block);
    };
    const prose15k = proseMarkdown(15_000);
    measure(`clean + parse + shown runs, ${prose15k.length.toLocaleString('en-US')}-char Markdown article, prose with some markup (target < 50 ms)`, runs, openMarkdown(prose15k));
    const dense15k = markdownText(15_000);
    measure(`clean + parse + shown runs, ${dense15k.length.toLocaleString('en-US')}-char Markdown article, markup on most lines (md-*.md fixtures repeated)`, runs, openMarkdown(dense15k));
    for (const script of ['cn', 't', 'twp', 'hk'] as Script[]) {
      measure(`script view ${script}, 15,000 chars, with offset map (cache cleared)`, runs, () => {
        clearViewCache();
        view(article15k, script);
      });
    }
    measure('script view t, 15,000 chars, cached (switching back)', runs, () => view(article15k, 't'));
    measure('searchKey, 15,000 chars, with offset map', runs, () => searchKey(article15k));
    // The per-character cost of what the index does with each file (clean + parse + fold), over generated articles.
    const perCharLibrary = generateArticles(quick ? 300 : 1_000);
    const perCharChars = perCharLibrary.reduce((n, a) => n + a.text.length, 0);
    const indexAll = () => {
      for (const a of perCharLibrary) searchKey(indexedText(a.text, a.key).searchable);
    };
    indexAll();
    const nsPerChar: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      indexAll();
      nsPerChar.push(((performance.now() - t0) * 1e6) / perCharChars);
    }
    recordIn('article')({ name: `clean + parse + fold, ns per character: ${perCharLibrary.length.toLocaleString('en-US')} generated articles (${perCharChars.toLocaleString('en-US')} chars)`, samples: nsPerChar, unit: 'count' });
    const oneLine = largeArticle({ oneLine: true }).text;
    const oneLineNs: number[] = [];
    for (let i = 0; i < (quick ? 2 : 3); i++) {
      const t0 = performance.now();
      loadArticle(oneLine, { fileName: 'long.txt' });
      oneLineNs.push(((performance.now() - t0) * 1e6) / oneLine.length);
    }
    recordIn('article')({ name: `clean + parse, ns per character: the 10 MB one-line article (${oneLine.length.toLocaleString('en-US')} chars)`, samples: oneLineNs, unit: 'count' });
    benchTraditional(measure, article15k, runs);
    benchAnchoring(measure, article15k, runs);
  },
  async reader() {
    await benchChromium({ runs, record: recordIn('reader') });
  },
  async resize() {
    await benchResize({ runs: quick ? 3 : 5, record: recordIn('resize') });
  },
  async markdown() {
    await benchMarkdownReader({ runs, record: recordIn('markdown') });
  },
  async long() {
    await benchLongArticle({ runs, record: recordIn('long') });
  },
  async library() {
    await benchLibraryStart({ sizes, runs: (size) => (quick ? 3 : size >= 10_000 ? 3 : 5), repeats: quick ? 5 : 9, record: recordIn('library') });
    note('library', 'Cold: fresh Chromium profile and fresh host data folder; the OS page cache is warm (the files were just written). Warm: host and browser restarted on the same profile and data folder, with annotations at a realistic density (30 % of articles, 1–20 highlights) seeded in between.');
  },
  async cold() {
    for (const n of await benchColdStart({ sizes: sizes.filter((n) => n >= 1_000), runs: () => (quick ? 1 : 3), record: recordIn('cold') })) note('cold', n);
    note('cold', 'Fresh Chromium profile and host data folder each run; the OS page cache is warm (the files were just written, and rg and Node read them first). The Node figures are one core, no page, host or worker: the floor of the per-file work.');
  },
  async bigdb() {
    await benchBigDatabase({ ...bigDb, runs: 3, record: recordIn('bigdb') });
  },
  index() {
    const { articles, built } = scaleLibrary();
    benchLibraryScale(measureIn('index'), recordIn('index'), articles, built, quick);
  },
  async themes() {
    await benchThemePage({ runs, record: recordIn('themes') });
  },
  async notebook() {
    await benchNotebook({ runs, record: recordIn('notebook') });
  },
  analysis() {
    // One index build is enough here; the index suite builds three for its own figure.
    const articles = scale?.articles ?? generateArticles(largest);
    const index = scale?.built.index ?? indexLibrary(articles).index;
    for (const n of benchAnalysis(measureIn('analysis'), articles, index, runs)) note('analysis', n);
  },
  export() {
    const measure = measureIn('export');
    benchExportImport(measure, runs);
    // Generated annotations at the reader's spread (20–80 on each article), 10,000 as the
    // target says, then the big database's rows as a whole.
    const articles = generateArticles(bigDb.size).filter((a) => a.bytes < 200_000);
    for (const total of new Set([10_000, bigDb.total])) {
      const annotations = generateAnnotations(articles, { total, min: 20, max: 80 });
      const input = { articles: exportArticles(articles, new Set(annotations.map((a) => a.articleKey))), annotations, tags: BENCH_THEMES };
      const figure = exportAndImport(measure, 3, input, `${annotations.length.toLocaleString('en-US')} annotations (${input.articles.length.toLocaleString('en-US')} generated articles)`);
      if (total === 10_000) figure.target = { op: '<', value: 1000, label: '< 1 s' };
    }
  },
  exchange() {
    const articles = generateArticles(bigDb.size);
    benchQdpx(measureIn('exchange'), exportArticles(articles, new Set(articles.map((a) => a.key))), generateAnnotations(articles, { total: bigDb.total, min: 20, max: 80 }));
  },
  sync() {
    const articles = generateArticles(bigDb.size);
    benchAnnotationFiles(measureIn('sync'), generateAnnotations(articles, { total: bigDb.total, min: 20, max: 80 }), BENCH_THEMES);
  },
  async hostile() {
    await benchHostileBackup({ runs: quick ? 1 : 3, record: recordIn('hostile') });
  },
  async annotationSync() {
    const articles = generateArticles(bigDb.size);
    await benchAnnotationSync({ record: recordIn('annotationSync'), annotations: generateAnnotations(articles, { total: bigDb.total, min: 20, max: 80 }), themes: BENCH_THEMES, runs });
  },
  async annotationSyncChromium() {
    await benchAnnotationSyncChromium({ runs, record: recordIn('annotationSyncChromium') });
  },
  async annotationFolder() {
    await benchAnnotationFolder({ runs, record: recordIn('annotationFolder'), total: bigDb.total, files: bigDb.size / 10 });
    note(
      'annotationFolder',
      'The host’s part only: the renderer’s turning the database into W3C collections and merging them back is not in these figures. The issue’s targets (first start < 10 s, read back < 5 s, a change written < 200 ms after the action) are for the whole path.',
    );
  },
  anchors() {
    const record = recordIn('anchors');
    const bigLabel = quick ? '1 MB' : '10 MB';
    for (const n of benchConversion(measureIn('anchors'), record, simplifiedText(quick ? 1_000_000 : 10_000_000), bigLabel, 3)) note('anchors', n);
    const { dir, built } = scaleLibrary();
    for (const n of benchRipgrep(record, dir, built.index, `${largest.toLocaleString('en-US')} articles`, quick ? 5 : 10)) note('anchors', n);
  },
};

const started = new Date();
// Other work on the machine moves every figure: the load at the start says how quiet it was.
const loadAtStart = loadavg()[0];
try {
  for (const suite of selected) {
    console.log(`\n## ${suite}: ${SUITES[suite]}`);
    await runSuite[suite]();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// ── BENCHMARKS.md ──

const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
const section = (suite: Suite) => {
  const own = figures.filter((f) => f.suite === suite);
  return [`<!-- suite:${suite} -->`, `## ${SUITES[suite]}`, '', own.length ? renderTable(own) : '(no figures: see the notes)', ...(notes.get(suite) ?? []).flatMap((n) => ['', n]), `<!-- /suite:${suite} -->`].join('\n');
};
/** Sections this run did not make, from the file as it was (only those in this format). */
const kept = new Map<Suite, string>();
if (only.length > 0 && existsSync(outFile)) {
  const before = readFileSync(outFile, 'utf8');
  for (const suite of Object.keys(SUITES) as Suite[]) {
    const m = new RegExp(`<!-- suite:${suite} -->[\\s\\S]*?<!-- /suite:${suite} -->`).exec(before);
    if (m && !selected.includes(suite)) kept.set(suite, m[0]);
  }
}
const machine = describeMachine();
const body = (Object.keys(SUITES) as Suite[]).flatMap((s) => (selected.includes(s) ? [section(s)] : kept.has(s) ? [kept.get(s)!] : []));
const lines = [
  '# Benchmarks',
  '',
  `Produced by \`${command}\` (tests/bench/run.ts) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${kept.size ? `; the sections ${[...kept.keys()].join(', ')} are kept from an earlier run` : ''}.`,
  '',
  `Machine: ${machineLine(machine)}; load average ${loadAtStart.toFixed(1)} when the run started.`,
  '',
  `Each figure is repeated (runs column) after a warm-up where one is cheap; the table gives the median and the spread — min–max, or p10–p90 where marked (20 samples or more). Library sizes: ${sizes.map((n) => n.toLocaleString('en-US')).join(', ')} articles. Targets are the product's, for a 10,000-article library on this 2-core machine; met/missed compares the median. A ratio below 1× means ours takes less time.`,
  '',
  ...body.flatMap((b) => [b, '']),
];
writeFileSync(outFile, lines.join('\n'));
console.log(`\nwrote ${outFile} (${command})`);
