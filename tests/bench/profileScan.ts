// `node --import tsx [--cpu-prof] tests/bench/profileScan.ts [articles] [rounds]`: the core's share of
// a first start on one core, without the page or the workers: every generated article through
// `scanArticle` (clean, parse, fold, index entry). Run it under `--cpu-prof` or callgrind to see
// which core functions the per-character cost sits in.
import { scanArticle } from '../../src-renderer/core/scanArticle.ts';
import { generateArticles } from './generateLibrary.ts';

const size = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 1);
const articles = generateArticles(size);
let chars = 0;
for (const article of articles) chars += article.text.length;
for (let round = 0; round < rounds; round++) {
  const start = performance.now();
  let failed = 0;
  for (const article of articles) {
    const result = scanArticle({ key: article.key, fingerprint: article.key, raw: article.text });
    if (!result.ok) failed++;
  }
  const ms = performance.now() - start;
  console.log(`${size} articles, ${(chars / 1e6).toFixed(1)} M chars: ${ms.toFixed(0)} ms (${((ms * 1e6) / chars).toFixed(0)} ns/char), ${failed} failed`);
}
