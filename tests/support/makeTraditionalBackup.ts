// Writes tests/fixtures/traditional/backup-before-script-detection.json: highlights on
// hk-news.md made through the reader's own calls (a range selected in a view → canonical
// range aligned in every view → selectors), exported as the W3C backup. Run once, at the
// commit named in tests/fixtures/traditional/SOURCE.md; the file is kept as written.
//   npx tsx tests/support/makeTraditionalBackup.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { alignCanonicalRange, canonicalRangeToView, describeRange, viewRangeToCanonical } from '../../src-renderer/core/anchor.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { view } from '../../src-renderer/core/scriptView.ts';
import { SCRIPTS, type Script } from '../../src-renderer/core/types.ts';
import { toAnnotationCollection, type BackupData } from '../../src-renderer/core/webAnnotation.ts';

const dir = fileURLToPath(new URL('../fixtures/traditional/', import.meta.url));
const raw = readFileSync(dir + 'hk-news.md', 'utf8');
const canonical = loadArticle(raw, { fileName: 'hk-news.md' }).clean.text;
const fingerprint = createHash('sha256').update(raw, 'utf8').digest('hex');
const everyView = SCRIPTS.map((s) => view(canonical, s));

// Passages picked by their canonical characters, selected in the view the reader had on.
const PICKS: { phrase: string; script: Script; nth?: number }[] = [
  { phrase: '現金發放計劃', script: 'hk' },
  { phrase: '計劃係為咗紓緩', script: 'hk' },
  { phrase: '參與今次嘅', script: 'hk' },
  { phrase: '出現衝突', script: 'hk' },
  { phrase: '超過一個鐘頭', script: 't' },
  { phrase: '即屬干犯欺詐罪', script: 't' },
  { phrase: '採取的做法', script: 'cn' },
  { phrase: '更新軟件', script: 'cn' },
];

const base = Date.UTC(2026, 11, 2, 12, 0, 0);
const annotations = PICKS.map((p, i) => {
  const at = canonical.indexOf(p.phrase);
  if (at < 0) throw new Error(`not in the article: ${p.phrase}`);
  const v = view(canonical, p.script);
  const shown = canonicalRangeToView(v, { start: at, end: at + p.phrase.length });
  const range = viewRangeToCanonical(v, shown);
  const { position, quote } = describeRange(canonical, alignCanonicalRange(range, everyView));
  const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
  console.log(p.script, JSON.stringify(v.text.slice(shown.start, shown.end)), '→', JSON.stringify(quote.exact));
  return {
    id,
    articleKey: 'hk-news.md',
    fingerprint,
    cleanVersion: CLEAN_VERSION,
    position,
    quote,
    color: 'yellow' as const,
    style: 'highlight' as const,
    note: i === 0 ? `在${p.script}視圖中標記` : '',
    tagIds: [],
    createdAt: base + i * 1000,
    updatedAt: base + i * 1000,
    deletedAt: null,
  };
});
const data: BackupData = { annotations, tags: [], titles: [], settings: [], reading: [] };
writeFileSync(dir + 'backup-before-script-detection.json', JSON.stringify(toAnnotationCollection(data, base + 60_000, '11111111-2222-4333-8444-555555555555'), null, 2) + '\n');
