// Export and import figures: 10,000 annotations over 50 articles (the seeds,
// each under ten library paths), exported as the whole library to Markdown in 繁體, and the
// backup of the same rows imported into an empty database.
//
// `measure` times a synchronous function, and an import is asynchronous (IndexedDB). So the
// import runs in a worker thread and the measured function blocks on an Atomics.wait until
// the worker says it is done: the figure is the wall time of one whole import, message
// hop included. The database there is fake-indexeddb in Node, not Chromium's IndexedDB.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { exportMarkdown, type ExportArticle } from '../../src-renderer/core/markdownExport.ts';
import { clearViewCache } from '../../src-renderer/core/scriptView.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import { toAnnotationCollection, type BackupAnnotation } from '../../src-renderer/core/webAnnotation.ts';
import type { ThemeFields } from '../../src-renderer/core/themeIdentity.ts';
import type { Target } from './figures.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => { target?: Target };

const SEEDS = resolve(import.meta.dirname, '../../seeds');
const TAGS = ['营商环境', '招商引资', '人才', '乡村振兴', '数字经济'].map((name, i) => ({ id: `tag-${i}`, key: name, name, aliases: [], color: '', description: '', parentId: null, updatedAt: 0, deletedAt: null }));

function library(): { articles: ExportArticle[]; annotations: BackupAnnotation[] } {
  const seeds = readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(SEEDS, f), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
      const { clean, article } = loadArticle(text, { fileName: f });
      return { f, canonical: clean.text, article, fingerprint: createHash('sha256').update(text).digest('hex') };
    });
  const articles: ExportArticle[] = [];
  const annotations: BackupAnnotation[] = [];
  for (let copy = 0; copy < 10; copy++) {
    for (const seed of seeds) {
      const key = `第${copy}册/${seed.f}`;
      articles.push({ key, text: { canonical: seed.canonical, fingerprint: seed.fingerprint, article: seed.article } });
      const step = Math.floor(seed.canonical.length / 200);
      for (let i = 0; i < 200; i++) {
        const n = annotations.length;
        const start = i * step;
        const { position, quote } = describeRange(seed.canonical, { start, end: Math.min(seed.canonical.length, start + 8 + (n % 30)) });
        annotations.push({
          id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
          articleKey: key,
          fingerprint: seed.fingerprint,
          cleanVersion: CLEAN_VERSION,
          position,
          quote,
          color: ['yellow', 'green', 'blue', 'pink', 'purple'][n % 5],
          style: n % 7 === 0 ? 'underline' : 'highlight',
          note: n % 3 === 0 ? `第 ${n} 条笔记：**要点**，见 \`代码\` 与列表\n\n- 一\n- 二` : '',
          tagIds: n % 4 === 0 ? [TAGS[n % 5].id, TAGS[(n + 1) % 5].id] : [],
          createdAt: 1_700_000_000_000 + n,
          updatedAt: 1_700_000_000_000 + n,
          deletedAt: null,
        });
      }
    }
  }
  return { articles, annotations };
}

export function benchExportImport(measure: Measure, runs: number): void {
  const { articles, annotations } = library();
  const figure = exportAndImport(measure, runs, { articles, annotations, tags: TAGS }, `${annotations.length.toLocaleString('en-US')} annotations (${articles.length} articles)`);
  figure.target = { op: '<', value: 1000, label: '< 1 s' };
}

/** Export (whole library, folder layout, 繁體) and backup import of `input`; returns the export figure. */
export function exportAndImport(measure: Measure, runs: number, input: { articles: ExportArticle[]; annotations: BackupAnnotation[]; tags: ThemeFields[] }, what: string): { target?: Target } {
  const { articles, annotations } = input;
  let files = 0;
  const figure = measure(`export ${what} to Markdown, whole library as a folder, in 繁體 (view cache cleared)`, runs, () => {
    clearViewCache();
    files = exportMarkdown(input, { kind: 'library', layout: 'folder' }, { script: 't', exportedAt: 0 }).files.length;
  });
  if (files !== articles.length + 1) throw new Error(`expected ${articles.length + 1} files, got ${files}`);

  const backup = JSON.stringify(toAnnotationCollection({ annotations, tags: input.tags, titles: [], settings: [], reading: [] }, 0, '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f'), null, 1);
  const signal = new Int32Array(new SharedArrayBuffer(8));
  // Workers do not inherit tsx's loader: the worker registers it, then loads the TypeScript.
  const entry = JSON.stringify(new URL('./importWorker.ts', import.meta.url).href);
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); });`, { eval: true, workerData: { backup, signal } });
  const importOnce = () => {
    Atomics.store(signal, 0, 0);
    worker.postMessage('import');
    Atomics.wait(signal, 0, 0, 600_000);
    if (Atomics.load(signal, 0) !== 1) throw new Error(`import failed in the worker (state ${Atomics.load(signal, 0)}, added ${Atomics.load(signal, 1)})`);
    if (Atomics.load(signal, 1) !== annotations.length) throw new Error(`import added ${Atomics.load(signal, 1)} of ${annotations.length}`);
  };
  try {
    measure(
      `import the backup of the same ${annotations.length.toLocaleString('en-US')} annotations (${(backup.length / 2 ** 20).toFixed(1)} MB JSON-LD) into an empty database: parse, check, merge, write`,
      runs,
      importOnce,
      'fake-indexeddb in a worker thread',
    );
  } finally {
    void worker.terminate();
  }
  return figure;
}
