// A 10 MB Chinese article made from the simplified seeds (000–003): their body paragraphs
// repeated, each copy numbered so no two paragraphs are alike, a numbered section heading
// every 40 paragraphs, and a last sentence no other place has. `oneLine` writes the same
// sentences as a single line with no line break at all (a scraped page gone wrong).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SEEDS = resolve(import.meta.dirname, '../../seeds');

export const LARGE_TITLE = '县域发展长篇汇编';
export const LARGE_FIRST = '本文汇编县域发展报道，供长文阅读测试之用。';
export const LARGE_LAST = '全文至此结束，这是最后一句话。';

/** Body paragraphs of the simplified seeds: lines that read as sentences. */
function seedParagraphs(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(SEEDS).filter((n) => n.endsWith('.txt')).sort().slice(0, 4)) {
    for (const line of readFileSync(join(SEEDS, f), 'utf8').split('\n')) {
      const t = line.trim();
      if (t.length >= 40 && /[。！？]$/.test(t)) out.push(t);
    }
  }
  return out;
}

export interface LargeArticle {
  text: string;
  /** Body paragraphs written (headings not counted). */
  paragraphs: number;
}

export function largeArticle(options: { bytes?: number; oneLine?: boolean } = {}): LargeArticle {
  const bytes = options.bytes ?? 10 * 1024 * 1024;
  const source = seedParagraphs();
  const parts: string[] = [];
  let size = 0;
  const push = (s: string) => {
    parts.push(s);
    size += Buffer.byteLength(s) + 2;
  };
  if (!options.oneLine) {
    push(LARGE_TITLE);
    push('李世超 吴丹');
  }
  push(LARGE_FIRST);
  let n = 0;
  const reserve = Buffer.byteLength(LARGE_LAST) + 64;
  while (size + reserve < bytes) {
    if (!options.oneLine && n % 40 === 39) push(`第${Math.floor(n / 40) + 1}部分 发展纪实`);
    const p = source[n % source.length];
    // The copy number goes before the closing mark, so the paragraph still ends a sentence.
    push(`${p.slice(0, -1)}（第${n + 1}段）${p.slice(-1)}`);
    n++;
  }
  push(LARGE_LAST);
  return { text: options.oneLine ? parts.join('') : parts.join('\n\n') + '\n', paragraphs: n + 2 };
}
