// The annotation files' own work, in Node: the records of a library split into one W3C file
// per article plus the codebook and serialised (what the first start writes), every file
// parsed and merged back (what a start reads), and one article's file changed elsewhere,
// parsed and merged with that article's rows (what a watcher event costs). The disk writes
// and reads are the host's and are not in these figures.
import { articleFilesOf, articleFileText, codebookFileText, parseAnnotationFile, recordsOfFiles } from '../../src-renderer/core/annotationFiles.ts';
import { mergeRecords } from '../../src-renderer/core/syncMerge.ts';
import type { ThemeFields } from '../../src-renderer/core/themeIdentity.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import type { Figure } from './figures.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => Figure;

export function benchAnnotationFiles(measure: Measure, annotations: AnnotationRecord[], themes: readonly ThemeFields[]): void {
  const n = annotations.length.toLocaleString('en-US');
  const records = { annotations, themes: [...themes], titles: [] };
  let texts: string[] = [];
  let files = 0;
  const write = measure(`write: ${n} annotations split into article files + the codebook, serialised`, 3, () => {
    const perArticle = articleFilesOf(records, () => undefined);
    files = perArticle.length;
    texts = [...perArticle.map((f) => articleFileText(f, themes)), codebookFileText(themes)];
  });
  write.target = { op: '<', value: 10_000, label: '< 10 s (with the disk writes)' };
  const bytes = texts.reduce((sum, t) => sum + t.length, 0);
  console.log(`  annotation files: ${files.toLocaleString('en-US')} articles, ${(bytes / 1e6).toFixed(1)} M characters`);

  const read = measure(`read: ${(files + 1).toLocaleString('en-US')} files parsed and merged back into ${n} records`, 3, () => {
    const parsed = texts.map((t) => parseAnnotationFile(t));
    const whole = parsed.filter((p) => p.ok);
    if (whole.length !== parsed.length) throw new Error('a file of ours did not read back');
    recordsOfFiles(whole);
  });
  read.target = { op: '<', value: 5_000, label: '< 5 s (with the disk reads)' };

  // The article with the most annotations, changed on another machine.
  const sizes = new Map<string, number>();
  for (const a of annotations) sizes.set(a.articleKey, (sizes.get(a.articleKey) ?? 0) + 1);
  const [busiest, count] = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0];
  const rows = annotations.filter((a) => a.articleKey === busiest);
  const changed = articleFileText({ articleKey: busiest, fingerprint: rows[0].fingerprint, annotations: rows.map((a, i) => (i === 0 ? { ...a, note: '另一台机器上的笔记', updatedAt: a.updatedAt + 1 } : a)), title: null }, themes);
  const one = measure(`one article's file changed elsewhere (${count} annotations): parsed and merged with that article's rows`, 9, () => {
    const parsed = parseAnnotationFile(changed);
    if (!parsed.ok || parsed.kind !== 'article') throw new Error('the changed file did not read back');
    mergeRecords([
      { annotations: rows, themes: [], titles: [] },
      { annotations: parsed.data.annotations, themes: [], titles: [] },
    ]);
  });
  one.target = { op: '<', value: 100, label: '< 100 ms (with the redraw)' };
}
