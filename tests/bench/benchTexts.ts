// The article texts the Node and Chromium benches share, so a figure measured in both
// places is about the same characters.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

let seedTexts: string[] | null = null;
/** The seeds' texts, in file-name order. */
export function seeds(): string[] {
  seedTexts ??= readdirSync(join(ROOT, 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(ROOT, 'seeds', f), 'utf8'));
  return seedTexts;
}

/** A simplified article of about `chars` characters, made by repeating the simplified seeds. */
export function simplifiedText(chars: number): string {
  const base = seeds().slice(0, 4).join('\n\n');
  let out = '';
  while (out.length < chars) out += base + '\n\n';
  return out.slice(0, chars);
}

/**
 * A Markdown article of about `chars` characters in the forms real ones take: the realworld
 * md-*.md fixtures' bodies (tables, HTML figures, links, bold, numbered paragraphs,
 * footnotes) repeated under one front matter.
 */
export function markdownText(chars: number): string {
  const dir = join(ROOT, 'tests/fixtures/realworld');
  const bodies = readdirSync(dir)
    .filter((f) => /^md-.+-.+\.md$/.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
  let out = '---\ntitle: 基准文章\nsource: 测试\n---\n\n# 基准文章\n\n';
  for (let i = 0; out.length < chars; i++) out += bodies[i % bodies.length].replace(/\[\^1\]/g, `[^${i}]`) + '\n\n';
  return out;
}

/**
 * A Markdown article as most are: the seeds' prose under front matter and a title, every
 * fourth paragraph opening in bold, a section heading every tenth, one link, one table, one figure.
 */
export function proseMarkdown(chars: number): string {
  const lines = simplifiedText(chars).split('\n').filter((l) => l.trim());
  const body = lines.map((l, i) => (i % 10 === 9 ? `## ${l.slice(0, 12)}` : i % 4 === 0 && l.length > 8 ? `**${l.slice(0, 6)}**${l.slice(6)}` : l));
  body.splice(3, 0, '详见[政府网站](https://www.example.gov.cn/a)。', '| 年度 | 地区 |\n|---|---|\n| 2023 | 安吉 |', '<figure><img src="a.jpg"><figcaption>图片说明</figcaption></figure>');
  return `---\ntitle: 基准文章\nsource: 测试\n---\n\n# 基准文章\n\n${body.join('\n\n')}`.slice(0, chars + 200);
}
