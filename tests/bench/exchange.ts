// The whole project as a REFI-QDA .qdpx: every generated article a source (its canonical text
// zipped), the big database's passages coded with 50 themes (the bench themes and more, some
// nested), notes as Notes. The figure is what 导出项目 does after the texts are read: anchor,
// write project.qde, zip.
import { qdpxArchive, refiProject, type RefiTheme } from '../../src-renderer/core/refiExport.ts';
import { searchKeyText } from '../../src-renderer/core/searchKey.ts';
import type { ExportArticle } from '../../src-renderer/core/markdownExport.ts';
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';
import { BENCH_THEMES } from './generateLibrary.ts';
import type { Target } from './figures.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => { target?: Target };

/** BENCH_THEMES and 38 more, each of those under one of the first twelve: 50 themes, two levels. */
export function fiftyThemes(): RefiTheme[] {
  const more = Array.from({ length: 50 - BENCH_THEMES.length }, (_, i) => {
    const name = `子主题${i + 1}`;
    return { id: `bench-sub-${i}`, key: searchKeyText(name), name, aliases: [], color: '', description: '', parentId: BENCH_THEMES[i % BENCH_THEMES.length].id, updatedAt: 0, deletedAt: null };
  });
  return [...BENCH_THEMES, ...more];
}

export function benchQdpx(measure: Measure, articles: ExportArticle[], annotations: AnnotationRecord[]): void {
  const themes = fiftyThemes();
  // Spread the passages over all 50 themes, one or two each.
  const coded = annotations.map((a, i) => ({ ...a, tagIds: i % 3 === 0 ? [themes[i % 50].id, themes[(i * 7) % 50].id] : [themes[i % 50].id] }));
  let n = 0;
  const newGuid = () => `00000000-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
  let bytes = 0;
  const figure = measure(
    `.qdpx of ${articles.length.toLocaleString('en-US')} articles, ${coded.length.toLocaleString('en-US')} passages, 50 themes (anchor, project.qde, zip)`,
    3,
    () => {
      bytes = qdpxArchive(refiProject({ articles, annotations: coded, themes }, { exportedAt: 0, newGuid })).byteLength;
    },
  );
  console.log(`  .qdpx: ${(bytes / 1e6).toFixed(1)} MB`);
  figure.target = { op: '<', value: 10_000, label: '< 10 s' };
}
