// Batched search keys against the one-text fold: each key of a batch must be the key the
// app's own searchKeyText gives that text alone (a different path: opencc-js's converter over
// the joined texts, against the mapped conversion of each). Texts are the seeds' paragraphs —
// simplified (000–003) and traditional (004) — and notes in the forms people write them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { searchKeyText, searchKeyTexts } from '../../src-renderer/core/searchKey.ts';

const SEEDS = resolve(import.meta.dirname, '../../seeds');

describe('searchKeyTexts', () => {
  it('gives each text of a batch the key it has alone', () => {
    const texts: string[] = [];
    for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()) {
      const { clean } = loadArticle(readFileSync(join(SEEDS, file), 'utf8'), { fileName: file });
      texts.push(...clean.text.split('\n'));
    }
    // Notes: Markdown, line breaks, full-width letters, a phrase split over lines, nothing at all.
    texts.push('**重点**：縣域\n下一行', 'ＡＢＣ１２３ 增长5%', '营商\n環境', '', '  ', '乾隆年間的乾燥天氣', '🀄️ 發放補貼', 'ΣΟΦΟΣ Straße İstanbul', '\ud800孤\udc00', '全角　空格，ｘ％');
    const batch = searchKeyTexts(texts);
    expect(batch).toHaveLength(texts.length);
    const differing = texts.map((text, i) => ({ text, alone: searchKeyText(text), batched: batch[i] })).filter((d) => d.alone !== d.batched);
    expect(differing).toEqual([]);
  });

  it('folds across scripts, width and punctuation', () => {
    expect(searchKeyTexts(['營商環境', '营商，环境', 'ＡＢ'])).toEqual(['营商环境', '营商环境', 'ab']);
    expect(searchKeyTexts([])).toEqual([]);
  });
});
