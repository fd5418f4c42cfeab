// Generated libraries for the benches: 100, 1,000 or 10,000 articles made from the
// seeds' paragraphs, and annotations on them at a reader's density. Everything comes from
// one PRNG seed, so a run builds the same library byte for byte.
//
// Articles: a title (a seed's, or a clause cut from a paragraph), a byline and a dateline
// (发布时间 … 来源 …, so the list sorts by date), then body paragraphs drawn across seeds
// until the article reaches a size drawn from a log-normal (median about 7 KB on disk, a
// long tail to ~200 KB), plus a few files of 1 MB and one 15,000-character article with a
// known key for the open/switch figures. One in five is traditional (the whole text through
// opencc, seed 004's paragraphs included), some carry inline pinyin `經(jīng)` and scraper
// artifacts `,,` `,。` as found in the wild. Files sit in topic/year(/month) sub-folders.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as OpenCC from 'opencc-js';
import { fingerprintText } from '../../src-main/library/decode.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { AnnotationRecord, TagRecord } from '../../src-renderer/db/records.ts';
import { searchKeyText } from '../../src-renderer/core/searchKey.ts';
import { mulberry32 } from '../support/prng.ts';

const SEEDS = resolve(import.meta.dirname, '../../seeds');
const TRADITIONAL_SEED = '004_';
const HEADER_LINES = 3;

/** Median file size on disk and the log-normal's sigma (e^0.8 ≈ 2.2× per standard deviation). */
export const MEDIAN_BYTES = 7_000;
const SIGMA = 0.8;
const MIN_BYTES = 1_200;
const MAX_BYTES = 200_000;
export const BIG_BYTES = 1_000_000;
/** The article the open and script-switch figures use: 15,000 characters, simplified. */
export const BENCH_15K_KEY = '基准/bench_15000.txt';
export const BENCH_15K_TITLE = '基准文章：一万五千字的阅读测试';
/** A short article beside it, to switch to and back; both file names hold `bench_`, which the list filter finds. */
export const BENCH_OTHER_KEY = '基准/bench_other.txt';

const TOPICS = ['营商环境', '招商引资', '人才', '乡村振兴', '数字经济', '综合'];
const SOURCES = ['湖州日报', '安徽日报', '浙江日报', '人民日报', '新华每日电讯', '经济日报', '光明日报'];
const PINYIN: Record<string, string> = { 经: 'jīng', 經: 'jīng', 济: 'jì', 濟: 'jì', 发: 'fā', 發: 'fā', 展: 'zhǎn', 数: 'shù', 數: 'shù', 据: 'jù', 據: 'jù', 项: 'xiàng', 項: 'xiàng', 争: 'zhēng', 爭: 'zhēng' };

export interface GeneratedArticle {
  /** Library-relative path, `/`-separated. */
  key: string;
  text: string;
  script: 'simplified' | 'traditional';
  /** UTF-8 bytes on disk. */
  bytes: number;
  pinyin: boolean;
  artifacts: boolean;
}

interface SeedParts {
  header: string[];
  paragraphs: string[];
}

let seedCache: { simplified: SeedParts[]; traditional: SeedParts[] } | null = null;

function seedParts(): { simplified: SeedParts[]; traditional: SeedParts[] } {
  if (seedCache) return seedCache;
  const simplified: SeedParts[] = [];
  const traditional: SeedParts[] = [];
  for (const f of readdirSync(SEEDS).filter((n) => n.endsWith('.txt')).sort()) {
    const lines = readFileSync(join(SEEDS, f), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const parts = { header: lines.slice(0, HEADER_LINES), paragraphs: lines.slice(HEADER_LINES).filter((l) => l.length >= 20) };
    (f.startsWith(TRADITIONAL_SEED) ? traditional : simplified).push(parts);
  }
  seedCache = { simplified, traditional };
  return seedCache;
}

/** A simplified text of exactly `chars` characters, the seeds 000–003 repeated (as bench/chromium.ts's benchArticle). */
function repeatedSeeds(chars: number): string {
  const base = readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt') && !f.startsWith(TRADITIONAL_SEED))
    .sort()
    .map((f) => readFileSync(join(SEEDS, f), 'utf8').replace(/^\uFEFF/, ''))
    .join('\n\n');
  let out = '';
  while (out.length < chars) out += base + '\n\n';
  return out.slice(0, chars);
}

/** Standard normal from two uniforms (Box–Muller). */
function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const hanCount = (line: string) => line.match(/\p{Script=Han}/gu)?.length ?? 0;
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** How many 1 MB files a library of `count` has: a few, never none. */
export function bigFileCount(count: number): number {
  return Math.max(1, Math.min(5, Math.floor(count / 2000)));
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });

/** `count` articles (the two fixed ones included), deterministic for a given `seed`. */
export function generateArticles(count: number, seed = 7): GeneratedArticle[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const { simplified, traditional } = seedParts();
  const simplifiedBody = simplified.flatMap((s) => s.paragraphs);
  const allBody = [...simplifiedBody, ...traditional.flatMap((s) => s.paragraphs)];
  const headers = simplified.map((s) => s.header);
  const bigAt = new Set(Array.from({ length: bigFileCount(count) }, (_, i) => Math.floor(((i + 0.5) * count) / bigFileCount(count))));
  const out: GeneratedArticle[] = [];
  for (let i = 0; i < count; i++) {
    if (i === 0) {
      const text = `${BENCH_15K_TITLE}\n\n${repeatedSeeds(15_000 - BENCH_15K_TITLE.length - 2)}`;
      out.push({ key: BENCH_15K_KEY, text, script: 'simplified', bytes: utf8Bytes(text), pinyin: false, artifacts: false });
      continue;
    }
    if (i === 1) {
      const text = `基准文章：另一篇\n\n${repeatedSeeds(3_000)}`;
      out.push({ key: BENCH_OTHER_KEY, text, script: 'simplified', bytes: utf8Bytes(text), pinyin: false, artifacts: false });
      continue;
    }
    const isTraditional = rand() < 0.2;
    const targetBytes = bigAt.has(i) ? BIG_BYTES : Math.round(Math.min(MAX_BYTES, Math.max(MIN_BYTES, MEDIAN_BYTES * Math.exp(SIGMA * normal(rand)))));
    const body = isTraditional ? allBody : simplifiedBody;
    const header = pick(headers);
    // Half keep a seed's title; the rest take the opening clause of some paragraph.
    const seedTitle = [...header].sort((x, y) => hanCount(y) - hanCount(x))[0];
    const clause = pick(body).split(/[，。,；;：:！？]/)[0].slice(0, 28);
    const title = rand() < 0.5 || hanCount(clause) < 8 ? seedTitle : clause;
    const year = 2018 + Math.floor(rand() * 7);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const lines = [title, header.find((l) => l !== seedTitle && hanCount(l) > 0 && l.length < 20) ?? '', `发布时间：${date} 来源：${pick(SOURCES)}`].filter(Boolean);
    // About three bytes a character on disk: draw paragraphs until the target is reached.
    let bytes = lines.reduce((n, l) => n + utf8Bytes(l) + 2, 0);
    while (bytes < targetBytes) {
      const p = pick(body);
      lines.push(p);
      bytes += utf8Bytes(p) + 2;
    }
    let text = lines.join('\n\n') + '\n';
    const pinyin = rand() < 0.08;
    const artifacts = rand() < 0.1;
    if (isTraditional) text = toTraditional(text);
    if (pinyin) text = text.replace(/[经經济濟发發展数數据據项項争爭](?!\()/g, (ch) => (rand() < 0.3 ? `${ch}(${PINYIN[ch]})` : ch));
    if (artifacts) text = text.replace(/,/g, () => (rand() < 0.06 ? ',,' : ',')).replace(/。/g, () => (rand() < 0.04 ? ',。' : '。'));
    const topic = pick(TOPICS);
    const folder = rand() < 0.1 ? topic : rand() < 0.7 ? `${topic}/${year}` : `${topic}/${year}/${String(month).padStart(2, '0')}`;
    const hex = Math.floor(rand() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
    const key = `${folder}/${String(i).padStart(5, '0')}_${hex}.txt`;
    out.push({ key, text, script: isTraditional ? 'traditional' : 'simplified', bytes: utf8Bytes(text), pinyin, artifacts });
  }
  return out;
}

/** Writes the articles under `dir` (created); returns the total bytes written. */
export function writeLibrary(dir: string, articles: readonly GeneratedArticle[]): number {
  let total = 0;
  const made = new Set<string>();
  for (const a of articles) {
    const file = join(dir, a.key);
    const parent = dirname(file);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(file, a.text);
    total += a.bytes;
  }
  return total;
}

export const BENCH_THEMES: TagRecord[] = ['营商环境', '招商引资', '人才', '乡村振兴', '数字经济', '高质量发展', '共同富裕', '项目建设', '科技创新', '民营经济', '城乡融合', '开放合作'].map(
  (name, i) => ({ id: `bench-tag-${i}`, key: searchKeyText(name), name, aliases: [], color: ['blue', 'green', 'pink', ''][i % 4], description: '', parentId: null, updatedAt: 0, deletedAt: null }),
);

const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'];
const NOTES = ['要点：**服务靠前**。', '与上文对照，见第二节。', '数据待核实：\n\n- 签约额\n- 开工数', '可作为案例引用。', '> 原话\n\n值得细读。'];

export interface AnnotationOptions {
  /** Share of articles with any annotations (default 0.3). */
  share?: number;
  /** Highlights per annotated article: uniform in [min, max] (default 1–20). */
  min?: number;
  max?: number;
  /** Stop once this many annotations exist (the 100,000-annotation database). */
  total?: number;
  seed?: number;
}

/**
 * Annotations as a reader leaves them: on `share` of the articles, `min`–`max` highlights of
 * 4–40 characters each, a note on one in four, one or two themes on one in six. Anchored on
 * the canonical text (clean), fingerprinted as the host does, so the app finds them by position.
 * With `total`, articles are taken in turn (and again from the start) until that many exist.
 */
export function generateAnnotations(articles: readonly GeneratedArticle[], options: AnnotationOptions = {}): AnnotationRecord[] {
  const { share = 0.3, min = 1, max = 20, total, seed = 13 } = options;
  const rand = mulberry32(seed);
  const rows: AnnotationRecord[] = [];
  const t0 = Date.UTC(2025, 0, 1);
  const canonicalOf = new Map<string, { canonical: string; fingerprint: string }>();
  const prepared = (a: GeneratedArticle) => {
    let c = canonicalOf.get(a.key);
    if (!c) {
      c = { canonical: loadArticle(a.text, { fileName: a.key }).clean.text, fingerprint: fingerprintText(a.text) };
      // Only the last few are kept: 10,000 canonical texts would hold the whole library twice.
      if (canonicalOf.size > 64) canonicalOf.clear();
      canonicalOf.set(a.key, c);
    }
    return c;
  };
  const annotate = (a: GeneratedArticle, n: number) => {
    const { canonical, fingerprint } = prepared(a);
    if (canonical.length < 50) return;
    for (let j = 0; j < n; j++) {
      const start = Math.floor(rand() * (canonical.length - 45));
      const end = start + 4 + Math.floor(rand() * 37);
      const id = createHash('sha256').update(`${seed}:${rows.length}`).digest('hex');
      const r = rand();
      const tagIds = r < 1 / 6 ? [BENCH_THEMES[Math.floor(rand() * BENCH_THEMES.length)].id] : [];
      if (r < 1 / 24) tagIds.push(BENCH_THEMES[(BENCH_THEMES.findIndex((t) => t.id === tagIds[0]) + 1) % BENCH_THEMES.length].id);
      const at = t0 + rows.length * 60_000;
      rows.push({
        id: `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`,
        articleKey: a.key,
        fingerprint,
        cleanVersion: CLEAN_VERSION,
        ...describeRange(canonical, { start, end }),
        color: COLORS[Math.floor(rand() * COLORS.length)],
        style: rand() < 0.15 ? 'underline' : 'highlight',
        note: rand() < 0.25 ? NOTES[Math.floor(rand() * NOTES.length)] : '',
        tagIds,
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
      });
      if (total !== undefined && rows.length >= total) return;
    }
  };
  if (total === undefined) {
    for (const a of articles) if (rand() < share) annotate(a, min + Math.floor(rand() * (max - min + 1)));
    return rows;
  }
  for (let i = 0; rows.length < total; i++) annotate(articles[i % articles.length], min + Math.floor(rand() * (max - min + 1)));
  return rows;
}
