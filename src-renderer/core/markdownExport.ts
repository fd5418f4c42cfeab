// Highlights and notes as Markdown files (CommonMark, Obsidian-friendly): one article, one
// theme across articles, or the whole library as one file or as a folder of one file per
// article plus an index. Pure: rows and texts in, file names and contents out; the state
// layer gathers the rows and the host saves the files.
//
// Quotes, headings, titles, theme names and the exporter's own labels are in the export's
// script (chosen apart from the reading view); notes are the user's words and stay as
// written. The same input and `exportedAt` always give the same bytes, which is what makes
// a re-export replace a file rather than pile up near-copies, and what the golden files test.
import { anchorAll } from './anchor.ts';
import { safeFileName, uniqueFileNames } from './fileNames.ts';
import { blockQuote, containedNote, escapeInline, frontMatter, obsidianTag, yamlString } from './markdownWriting.ts';
import { view } from './scriptView.ts';
import { convertText, SCRIPT_NAMES } from './scriptText.ts';
import type { Article, Block, Range, Script, ScriptView, ViewOptions } from './types.ts';
import type { AnnotationRow } from './userRows.ts';

/** What the exporter reads of an annotation row. Live rows only. */
export type ExportAnnotation = Omit<AnnotationRow, 'updatedAt' | 'deletedAt' | 'tagIds'> & { tagIds: readonly string[] };

export interface ExportTag {
  id: string;
  name: string;
}

export interface ArticleText {
  canonical: string;
  fingerprint: string;
  article: Article;
}

export interface ExportArticle {
  key: string;
  /** null when the file is gone or unreadable: its annotations are all orphans. */
  text: ArticleText | null;
  /** The title the user gave it, if any. */
  userTitle?: string | null;
}

export type ExportScope =
  | { kind: 'article'; key: string }
  | { kind: 'theme'; tagId: string }
  | { kind: 'library'; layout: 'file' | 'folder' }
  /** One annotation, for "copy as Markdown": its block only, no front matter. */
  | { kind: 'annotation'; id: string };

export interface ExportInput {
  articles: readonly ExportArticle[];
  annotations: readonly ExportAnnotation[];
  tags: readonly ExportTag[];
}

export interface ExportOptions {
  script: Script;
  /** The reader's corner quotes and overrides, so an export reads as the view does. */
  viewOptions?: ViewOptions;
  /** Written into the front matter (ms since the epoch); injected so the same export gives the same bytes. */
  exportedAt: number;
}

export interface ExportFile {
  /** A bare file name (safe on Windows, macOS and Linux); no folders. */
  path: string;
  content: string;
}

export interface ExportResult {
  /** A file name for one file, a folder name for several. */
  suggestedName: string;
  files: ExportFile[];
}

// The exporter's own words, in 简体: converted to the export's script like everything else.
const LABELS = {
  color: '颜色',
  place: '位置',
  paragraph: (n: number) => `第 ${n} 段`,
  heading: '标题',
  themes: '主题',
  orphans: '孤立标注',
  orphansHint: '原文改动后找不到这些段落，以下按保存时的原文引用。',
  orphanPlace: '原文中已找不到',
  missingFile: '文件不在文库中或无法读取',
  none: '（没有标注）',
  library: '全部批注',
  source: '来源',
  date: '日期',
  file: '文件',
  count: (n: number) => `${n} 条标注`,
  underline: '下划线',
  note: '笔记',
  author: '作者',
  inArticle: '文章批注',
  colors: { yellow: '黄色', green: '绿色', blue: '蓝色', pink: '粉色', purple: '紫色' } as Record<string, string>,
};

const BODY_KINDS = new Set<Block['kind']>(['paragraph', 'list-item', 'pull-quote', 'chronicle']);

/** An annotation where it stands in its article now. */
interface Placed {
  record: ExportAnnotation;
  /** Canonical range found now; null for an orphan. */
  range: Range | null;
}

/** One article prepared for writing: its annotations placed, its words in the export's script. */
interface ArticleExport {
  key: string;
  text: ArticleText | null;
  title: string;
  anchored: Placed[];
  orphans: Placed[];
  view: ScriptView | null;
  /** Per block: body paragraphs up to it (0 in the head) and the last heading at or before it. */
  paragraphNo: number[];
  headingOf: number[];
}

class Exporter {
  private readonly tagNames = new Map<string, string>();
  private readonly labels = new Map<string, string>();
  private readonly converted = new Map<string, string>();
  private readonly exported: string;
  private readonly blockIds: Map<string, string>;

  constructor(
    private readonly input: ExportInput,
    private readonly options: ExportOptions,
  ) {
    for (const tag of input.tags) this.tagNames.set(tag.id, tag.name);
    this.exported = new Date(options.exportedAt).toISOString();
    this.blockIds = blockIds(input.annotations.map((a) => a.id));
  }

  run(scope: ExportScope): ExportResult {
    switch (scope.kind) {
      case 'article': {
        const prepared = this.prepare(scope.key, this.input.annotations.filter((a) => a.articleKey === scope.key));
        const file = this.articleFile(prepared);
        return { suggestedName: file.path, files: [file] };
      }
      case 'theme':
        return this.themeFile(scope.tagId);
      case 'library':
        return scope.layout === 'file' ? this.libraryFile() : this.libraryFolder();
      case 'annotation': {
        const record = this.input.annotations.find((a) => a.id === scope.id);
        if (!record) return { suggestedName: '', files: [] };
        const prepared = this.prepare(record.articleKey, [record]);
        const placed = prepared.anchored[0] ?? prepared.orphans[0];
        const content = `${this.item(prepared, placed)}\n\n${this.word('source')}：${escapeInline(prepared.title)}\n`;
        return { suggestedName: safeFileName(prepared.title, 'md'), files: [{ path: safeFileName(prepared.title, 'md'), content }] };
      }
    }
  }

  // ── scopes ───────────────────────────────────────────────────────────────

  private articleFile(a: ArticleExport): ExportFile {
    const meta = a.text?.article.meta ?? null;
    const convert = (s: string | null) => (s === null ? null : yamlString(this.convert(s)));
    const head = frontMatter([
      ['title', yamlString(a.title)],
      ['kicker', meta ? convert(meta.kicker) : null],
      ['authors', meta && meta.authors.length > 0 ? meta.authors.map((s) => this.convert(s)) : null],
      ['source', meta ? convert(meta.source) : null],
      ['date', meta?.date ?? null],
      ['file', yamlString(a.key)],
      ...this.themeFields(this.themesOf([...a.anchored, ...a.orphans])),
      ['script', yamlString(SCRIPT_NAMES[this.options.script])],
      ['exported', yamlString(this.exported)],
    ]);
    const parts = [head, `# ${escapeInline(a.title)}`];
    if (!a.text) parts.push(this.word('missingFile'));
    parts.push(...this.articleBody(a, 2));
    return { path: safeFileName(a.title, 'md'), content: `${parts.join('\n\n')}\n` };
  }

  private themeFile(tagId: string): ExportResult {
    const name = this.convert(this.tagNames.get(tagId) ?? '');
    const tagged = this.input.annotations.filter((a) => a.tagIds.includes(tagId));
    const articles = this.prepareAll(tagged);
    const head = frontMatter([
      ['title', yamlString(name)],
      ...this.themeFields([name]),
      ['script', yamlString(SCRIPT_NAMES[this.options.script])],
      ['exported', yamlString(this.exported)],
    ]);
    const parts = [head, `# ${escapeInline(name)}`];
    if (articles.length === 0) parts.push(this.word('none'));
    for (const a of articles) parts.push(...this.articleSection(a, safeFileName(a.title, 'md')));
    const path = safeFileName(name, 'md', 'theme');
    return { suggestedName: path, files: [{ path, content: `${parts.join('\n\n')}\n` }] };
  }

  private libraryFile(): ExportResult {
    const title = this.word('library');
    const articles = this.prepareAll(this.input.annotations);
    const head = frontMatter([
      ['title', yamlString(title)],
      ...this.themeFields(this.themesOf(articles.flatMap((a) => [...a.anchored, ...a.orphans]))),
      ['script', yamlString(SCRIPT_NAMES[this.options.script])],
      ['exported', yamlString(this.exported)],
    ]);
    const parts = [head, `# ${escapeInline(title)}`];
    if (articles.length === 0) parts.push(this.word('none'));
    for (const a of articles) parts.push(...this.articleSection(a, safeFileName(a.title, 'md')));
    const path = safeFileName(title, 'md');
    return { suggestedName: path, files: [{ path, content: `${parts.join('\n\n')}\n` }] };
  }

  private libraryFolder(): ExportResult {
    const title = this.word('library');
    const articles = this.prepareAll(this.input.annotations);
    const indexName = 'index.md';
    // The index's name is reserved first, so no article can take it.
    const names = uniqueFileNames([indexName, ...articles.map((a) => safeFileName(a.title, 'md'))]).slice(1);
    const files = articles.map((a, i) => ({ ...this.articleFile(a), path: names[i] }));
    const head = frontMatter([
      ['title', yamlString(title)],
      ['script', yamlString(SCRIPT_NAMES[this.options.script])],
      ['exported', yamlString(this.exported)],
    ]);
    const list = articles.map((a, i) => `- [${escapeInline(a.title)}](<${names[i]}>) · ${this.convert(LABELS.count(a.anchored.length + a.orphans.length))}`);
    const index = [head, `# ${escapeInline(title)}`, list.length > 0 ? list.join('\n') : this.word('none')];
    return { suggestedName: safeFileName(title, ''), files: [{ path: indexName, content: `${index.join('\n\n')}\n` }, ...files] };
  }

  /**
   * An article inside a theme or library file: a level-2 heading, where it is from, its
   * passages, each linking to its block in the article's own export (`articleFile`, the name
   * an export of that article gets), so a vault holding both can go from theme to article.
   */
  private articleSection(a: ArticleExport, articleFile: string): string[] {
    const meta = a.text?.article.meta ?? null;
    const facts: string[] = [];
    if (meta?.source) facts.push(`${this.word('source')}：${escapeInline(this.convert(meta.source))}`);
    if (meta?.date) facts.push(`${this.word('date')}：${escapeInline(meta.date)}`);
    facts.push(`${this.word('file')}：${escapeInline(a.key)}`);
    const parts = [`## ${escapeInline(a.title)}`, facts.join(' · ')];
    if (!a.text) parts.push(this.word('missingFile'));
    return [...parts, ...this.articleBody(a, 3, articleFile)];
  }

  private articleBody(a: ArticleExport, orphanLevel: number, articleFile: string | null = null): string[] {
    const parts = a.anchored.map((p) => this.item(a, p, articleFile));
    if (a.anchored.length === 0 && a.orphans.length === 0) parts.push(this.word('none'));
    if (a.orphans.length > 0) {
      parts.push(`${'#'.repeat(orphanLevel)} ${this.word('orphans')}`, this.word('orphansHint'));
      parts.push(...a.orphans.map((p) => this.item(a, p, articleFile)));
    }
    return parts;
  }

  // ── one highlight ────────────────────────────────────────────────────────

  /**
   * Quote, block id (on its own line, as Obsidian wants after a quote), facts, and the note
   * as a callout: set apart from the quote, so a quotation inside the note (`> 引用`) is
   * nested in it and never reads as another highlight.
   */
  private item(a: ArticleExport, p: Placed, articleFile: string | null = null): string {
    const r = p.record;
    const quote = p.range && a.view ? sliceView(a.view, p.range) : this.convert(r.quote.exact);
    const facts: string[] = [];
    const color = LABELS.colors[r.color] ?? r.color;
    facts.push(`${this.word('color')}：${escapeInline(this.convert(color))}${r.style === 'underline' ? `（${this.word('underline')}）` : ''}`);
    facts.push(`${this.word('place')}：${p.range ? this.place(a, p.range) : this.word('orphanPlace')}`);
    const themes = r.tagIds.map((id) => this.tagNames.get(id)).filter((n): n is string => n !== undefined);
    if (themes.length > 0) facts.push(`${this.word('themes')}：${themes.map((n) => obsidianTag(this.convert(n))).join(' ')}`);
    // The name as the person wrote it (like a note, never converted); an unnamed author says nothing.
    if (r.author && r.author.name.trim() !== '') facts.push(`${this.word('author')}：${escapeInline(oneLine(r.author.name))}`);
    const id = this.blockIds.get(r.id) ?? blockId(r.id);
    if (articleFile !== null) facts.push(`[${this.word('inArticle')}](<${articleFile}#^${id}>)`);
    const parts = [blockQuote(quote), `^${id}`, facts.join(' · ')];
    const note = containedNote(r.note);
    if (note.trim() !== '') parts.push(callout('note', this.word('note'), note));
    return parts.join('\n\n');
  }

  /** "一、加快发展 · 第 3 段": the section heading the passage is under and its paragraph. */
  private place(a: ArticleExport, range: Range): string {
    const blocks = a.text!.article.blocks;
    const at = blockAt(blocks, range.start);
    if (at < 0) return this.convert(LABELS.paragraph(1));
    const out: string[] = [];
    const heading = a.headingOf[at];
    if (heading >= 0 && a.view) out.push(escapeInline(oneLine(sliceView(a.view, blocks[heading]))));
    // A passage in a heading or in the article's head (kicker, title, byline) has no paragraph number.
    out.push(blocks[at].kind === 'heading' || a.paragraphNo[at] === 0 ? this.word('heading') : this.convert(LABELS.paragraph(a.paragraphNo[at])));
    return out.join(' · ');
  }

  // ── preparation ──────────────────────────────────────────────────────────

  /** Every article that has some of `annotations`, in key order (code units: stable everywhere). */
  private prepareAll(annotations: readonly ExportAnnotation[]): ArticleExport[] {
    const byKey = new Map<string, ExportAnnotation[]>();
    for (const a of annotations) {
      let list = byKey.get(a.articleKey);
      if (!list) byKey.set(a.articleKey, (list = []));
      list.push(a);
    }
    return [...byKey.keys()].sort(compareCodeUnits).map((key) => this.prepare(key, byKey.get(key)!));
  }

  private prepare(key: string, annotations: readonly ExportAnnotation[]): ArticleExport {
    const article = this.input.articles.find((a) => a.key === key);
    const text = article?.text ?? null;
    const baseName = key.slice(key.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
    const title = this.convert(article?.userTitle ?? text?.article.meta.title ?? baseName);
    const anchored: Placed[] = [];
    const orphans: Placed[] = [];
    if (text) {
      const results = anchorAll(
        text.canonical,
        text.fingerprint,
        annotations.map((r) => ({ fingerprint: r.fingerprint, cleanVersion: r.cleanVersion, position: r.position, quote: r.quote })),
      );
      annotations.forEach((record, i) => {
        const result = results[i];
        if (result.status === 'anchored') anchored.push({ record, range: result.range });
        else orphans.push({ record, range: null });
      });
    } else {
      orphans.push(...annotations.map((record) => ({ record, range: null })));
    }
    anchored.sort((x, y) => x.range!.start - y.range!.start || x.range!.end - y.range!.end || byCreation(x, y));
    orphans.sort(byCreation);
    const { paragraphNo, headingOf } = text ? numberBlocks(text.article.blocks) : { paragraphNo: [], headingOf: [] };
    return { key, text, title, anchored, orphans, view: text ? view(text.canonical, this.options.script, this.options.viewOptions) : null, paragraphNo, headingOf };
  }

  /** Theme names of these annotations, in first-use order, in the export's script. */
  private themesOf(placed: readonly Placed[]): string[] {
    const seen = new Set<string>();
    for (const p of placed) for (const id of p.record.tagIds) if (this.tagNames.has(id)) seen.add(id);
    return [...seen].map((id) => this.convert(this.tagNames.get(id)!));
  }

  /** Themes for the front matter: by name, and as `tags`, the property Obsidian reads. */
  private themeFields(names: readonly string[]): [string, string[]][] {
    return [
      ['themes', [...names]],
      ['tags', names.map((n) => obsidianTag(n).slice(1))],
    ];
  }

  /** Short strings repeat (colours, theme names): each is converted once per export. */
  private convert(text: string): string {
    let out = this.converted.get(text);
    if (out === undefined) this.converted.set(text, (out = convertText(text, this.options.script, this.options.viewOptions)));
    return out;
  }

  private word(key: Exclude<keyof typeof LABELS, 'colors' | 'paragraph' | 'count'>): string {
    let w = this.labels.get(key);
    if (w === undefined) this.labels.set(key, (w = this.convert(LABELS[key])));
    return w;
  }
}

const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCreation = (x: Placed, y: Placed) => x.record.createdAt - y.record.createdAt || compareCodeUnits(x.record.id, y.record.id);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function sliceView(v: ScriptView, range: Range): string {
  const t = v.map.rangeToTarget(range);
  return v.text.slice(t.start, t.end);
}

/** The last block starting at or before `offset`, or -1. */
function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function numberBlocks(blocks: readonly Block[]): { paragraphNo: number[]; headingOf: number[] } {
  const paragraphNo: number[] = [];
  const headingOf: number[] = [];
  let n = 0;
  let heading = -1;
  blocks.forEach((block, i) => {
    if (block.kind === 'heading') heading = i;
    if (BODY_KINDS.has(block.kind)) n++;
    // A caption or chronicle date between paragraphs counts as part of the paragraph before it.
    paragraphNo.push(n);
    headingOf.push(heading);
  });
  return { paragraphNo, headingOf };
}

/**
 * Obsidian block ids allow letters, digits and `-`. A UUID is already one; anything else an
 * imported backup brought is folded to that alphabet. Stable: the same annotation always
 * gets the same id, so links into an exported vault survive a re-export. This is the long
 * form; an export writes the short one (blockIds).
 */
export function blockId(annotationId: string): string {
  return `pz-${annotationId.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Hex digits of a UUID a block id keeps: 16⁸ makes a clash unlikely below ~10,000 annotations; clashes grow. */
const SHORT_ID_DIGITS = 8;

/**
 * Block ids as an export writes them: a UUID shortened to its first hex digits (`pz-3f2a9c1e`),
 * lengthened for ids that share those digits with another of `ids`, so no two clash; other
 * ids in their long form. Stable while no clashing id arrives.
 */
export function blockIds(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const digitsOf = new Map<string, string>();
  for (const id of new Set(ids)) {
    const lower = id.toLowerCase();
    if (UUID.test(lower)) digitsOf.set(id, lower.replace(/-/g, ''));
    else out.set(id, blockId(id));
  }
  const taken = new Set(out.values());
  let pending = [...digitsOf.keys()];
  for (let n = SHORT_ID_DIGITS; pending.length > 0; n++) {
    const byPrefix = new Map<string, string[]>();
    for (const id of pending) {
      const candidate = `pz-${digitsOf.get(id)!.slice(0, n)}`;
      const sharing = byPrefix.get(candidate);
      // Pushed, not copied: ids made in a sequence can all share their first digits.
      if (sharing) sharing.push(id);
      else byPrefix.set(candidate, [id]);
    }
    pending = [];
    for (const [candidate, sharing] of byPrefix) {
      // The whole UUID (32 digits) can only be shared by the same id, which the Set removed.
      if (sharing.length === 1 && !taken.has(candidate)) {
        out.set(sharing[0], candidate);
        taken.add(candidate);
      } else {
        pending.push(...sharing);
      }
    }
  }
  return out;
}

/**
 * An Obsidian callout (`> [!note] 笔记`): a block quote to CommonMark, so every line of the
 * body, blank ones too, stays inside it, and what the body opens (a fence, an HTML block)
 * ends with it.
 */
function callout(kind: string, title: string, body: string): string {
  const lines = body.split('\n').map((line) => (line === '' ? '>' : `> ${line}`));
  return [`> [!${kind}] ${escapeInline(title)}`, ...lines].join('\n');
}

/**
 * A folder export for a host that saves files side by side (a browser's downloads): each
 * file named `<folder> - <name>`, and the links between them changed to those names.
 */
export function flattenFolder(result: ExportResult): ExportResult {
  if (result.files.length <= 1) return result;
  const renamed = new Map(result.files.map((f) => [f.path, `${result.suggestedName} - ${f.path}`]));
  // Links are written as `](<name>)` or `](<name#^id>)`, so the name is delimited exactly.
  const link = /\]\(<([^<>#\n]+)(#[^<>\n]*)?>\)/g;
  return {
    suggestedName: result.suggestedName,
    files: result.files.map((f) => ({
      path: renamed.get(f.path)!,
      content: f.content.replace(link, (whole, name: string, anchor: string | undefined) => (renamed.has(name) ? `](<${renamed.get(name)}${anchor ?? ''}>)` : whole)),
    })),
  };
}

export function exportMarkdown(input: ExportInput, scope: ExportScope, options: ExportOptions): ExportResult {
  return new Exporter(input, options).run(scope);
}
