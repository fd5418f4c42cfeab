// canonical text → Article. Every canonical line becomes at most one block; a line that
// is only Markdown markup (a fence, a rule, a setext underline, front matter) becomes none,
// and Markdown markers are left out of block ranges (“## 一、总体情况” → 一、总体情况).
//
// Three kinds of file reach us, and each rule below says which it applies to:
//
// - Markdown (a .md file, or text with `#` headings, code fences or front matter):
//   structure is explicit, read by the CommonMark + GFM parser (core/markdownBlocks.ts):
//   blocks carry the runs they show, a table or a code block spans its lines, and what no
//   run covers is hidden (Article.hidden). The first heading, when no other is as shallow,
//   is the title; other headings count levels from it; headings come from heading syntax
//   only. Front matter gives title, subtitle, date, authors, source and editor. Files past
//   MARKDOWN_PARSER_MAX are read by the line recognisers below instead.
// - The seeds' layout: a web page copied out with blank lines between blocks (clean
//   reports the layout) and pictures in it (a photo credit, an image file line, a caption
//   clean moved out of a split sentence). There a run of short label lines is pictures'
//   captions parked before the next heading: only the last label, the one followed by
//   text, is the heading (“两山”未来科技城城市设计效果图 / 城市能级提升取得新突破), and
//   labels followed only by captions or by the end of the article are captions too.
// - Any other plain text, in any language: a line is a paragraph unless there is positive
//   evidence otherwise — a photo credit or image file name (caption, figure), a short label
//   followed by body text (heading), a numbered opener 一、 / （一） / 第一章 (heading, levels
//   by rank).
//
// Header (plain text): kicker line(s), title, optional subtitle, then a byline of names or
// a dateline (发布时间…来源…). The title is the last header line before the
// byline/dateline; the lines above it are kickers (引题). Without a byline, a short first
// line followed by body text is the title. Otherwise (004: one paragraph per line from the
// first sentence) the title is derived from the opening and marked as derived.
// 大事记 opens a dated list everywhere: year lines are sub-headings, entries chronicle blocks.

import { findCredit, isImageFileLine } from './captionCues.ts';
import { isProse } from './cjkChars.ts';
import { findPlace, readDateline, urlHost } from './dateline.ts';
import {
  atxHeading,
  bulletContentStart,
  closesFence,
  fenceOpening,
  frontMatterEnd,
  isTableRule,
  isThematicBreak,
  markdownImage,
  orderedContentStart,
  quoteContentStart,
  readFrontMatter,
  setextLevel,
  wholeLineEmphasis,
} from './markdownSyntax.ts';
import { markdownBlocks } from './markdownBlocks.ts';
import { isNumberedHeading, sectionRank } from './sectionNumbers.ts';
import type { Article, ArticleMeta, Block, BlockKind, CleanResult, Range } from './types.ts';

export interface ParseOptions {
  /** The file is Markdown (a .md name): Markdown rules apply even without telltale syntax. */
  markdown?: boolean;
}

type Role = 'text' | 'heading' | 'quote' | 'bullet' | 'ordered' | 'emphasis' | 'code' | 'image';

/** A canonical line with its markers stripped: [start, end) is the content. */
interface Line extends Range {
  text: string;
  role: Role;
  /** Markdown heading level as written (`##` → 2, setext `---` → 2). */
  level?: number;
  src?: string;
}

const HEADER_SCAN = 10;
/** Headings that may stand between a plain-text title and the first paragraph. */
const OPENING_HEADINGS = 3;
const HEADING_MAX = 30;
const LABEL_MAX = 60;

export function parse(clean: CleanResult, options: ParseOptions = {}): Article {
  const raw = splitLines(clean.text);
  const frontEnd = frontMatterEnd(raw.slice(0, 102).map((l) => l.text));
  const front = frontEnd >= 0 ? readFrontMatter(raw.slice(1, frontEnd).map((l) => l.text)) : new Map<string, string[]>();
  const bodyRaw = raw.slice(frontEnd + 1);
  const markdown = options.markdown ?? (frontEnd >= 0 || bodyRaw.some((l) => hasMarkdownSyntax(l.text)));
  if (markdown && clean.text.length <= MARKDOWN_PARSER_MAX) return parseMarkdown(clean, front);
  const lines = classify(bodyRaw, markdown);
  const moved = new Set(clean.edits.filter((e) => e.kind === 'caption-moved').map((e) => e.at));

  const headings = lines.filter((l) => l.role === 'heading');
  const first = lines[0];
  const frontTitle = front.get('title')?.[0] || null;
  // The first heading is the title when none is as shallow and front matter does not name another.
  const titleLine =
    first && first.role === 'heading' && headings.every((h) => h === first || h.level! > first.level!) && (!frontTitle || frontTitle === first.text)
      ? first
      : null;
  const header = titleLine || frontTitle ? markdownHeader(lines, titleLine) : readHeader(lines);
  // Heading levels count from the title's level; without a title the shallowest is 1.
  const base = titleLine ? titleLine.level! : headings.reduce((m, h) => Math.min(m, h.level!), 7) - 1;
  const pictures = !markdown && clean.layout !== 'line-per-paragraph' && lines.some((l) => isPictureCue(l.text) || moved.has(l.start));
  const body = readBody(lines.slice(header.end), { moved, captionGroups: pictures, markdown, base });
  const blocks: Block[] = [...header.blocks, ...body];
  blocks.sort((a, b) => a.start - b.start);
  const meta = buildMeta(lines, header, blocks, clean.text, front);
  return { meta, blocks };
}

// ── Markdown: blocks from the CommonMark + GFM parser ────────────────────────────────────

/**
 * Beyond this a Markdown file is read line by line (the recognisers below) rather than by
 * the full parser, which would hold the page for seconds on a file of many megabytes.
 */
const MARKDOWN_PARSER_MAX = 3_000_000;

/** The text a Markdown block shows: its runs, literals as drawn. */
function shownText(text: string, b: Block): string {
  if (!b.runs) return text.slice(b.start, b.end);
  return b.runs.map((r) => r.literal ?? text.slice(r.start, r.end)).join('');
}

/**
 * Blocks come from the parser; headings only from heading syntax. The header (title,
 * subtitle, byline, dateline) and the metadata are read from those blocks by the same rules
 * as the line-by-line path, on their shown text.
 */
function parseMarkdown(clean: CleanResult, front: Map<string, string[]>): Article {
  const text = clean.text;
  const md = markdownBlocks(text);
  const byStart = new Map<number, Block>();
  const lines: Line[] = [];
  for (const b of md.blocks) {
    if (b.kind !== 'heading' && b.kind !== 'paragraph') continue;
    byStart.set(b.start, b);
    lines.push({ start: b.start, end: b.end, text: shownText(text, b), role: b.kind === 'heading' ? 'heading' : 'text', level: b.level });
  }
  const headings = lines.filter((l) => l.role === 'heading');
  const first = lines[0];
  const firstBlock = md.blocks[0];
  const frontTitle = front.get('title')?.[0] || null;
  const titleLine =
    first && first.role === 'heading' && firstBlock?.start === first.start && headings.every((h) => h === first || h.level! > first.level!) && (!frontTitle || frontTitle === first.text)
      ? first
      : null;
  // Only the lines before the first block that is neither heading nor paragraph can be header lines.
  const leading = md.blocks.findIndex((b) => b.kind !== 'heading' && b.kind !== 'paragraph');
  const headerLines = leading < 0 ? lines : lines.filter((l) => l.start < md.blocks[leading].start);
  const header = titleLine || frontTitle ? markdownHeader(headerLines, titleLine) : readHeader(headerLines);
  const inHeader = new Map<number, Block>();
  for (const h of header.blocks) {
    const b = byStart.get(h.start);
    if (!b) continue;
    const { level: _level, ...rest } = b;
    inHeader.set(b.start, { ...rest, kind: h.kind });
  }
  const base = titleLine ? titleLine.level! : headings.reduce((m, h) => Math.min(m, h.level!), 7) - 1;
  const blocks = md.blocks.map((b) => {
    const head = inHeader.get(b.start);
    if (head && byStart.get(b.start) === b) return head;
    if (b.kind === 'heading') return { ...b, level: Math.max(1, b.level! - base) };
    if (b.kind === 'paragraph' && b.end - b.start <= FOOTER_MAX_CHARS * 2 && isFooterLine(shownText(text, b))) return { ...b, kind: 'footer' as const };
    // A photo credit (夏鹏飞 摄) in a paragraph of plain text makes it a caption, as in plain text.
    const plain = (b.kind === 'paragraph' || b.kind === 'caption') && b.runs?.length === 1 && b.runs[0].marks === 0 && b.runs[0].literal === undefined;
    const credit = plain ? findCredit(text.slice(b.start, b.end)) : null;
    if (credit) return { kind: 'caption' as const, start: b.start, end: b.end, credit: { start: b.start + credit.start, end: b.start + credit.end } };
    return b;
  });
  const meta = buildMeta(lines, header, blocks, text, front);
  return { meta, blocks, hidden: md.hidden };
}

interface RawLine extends Range {
  text: string;
}

function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  if (!text) return lines;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) lines.push({ start, end, text: text.slice(start, end) });
    start = end + 1;
  }
  return lines;
}

function hasMarkdownSyntax(t: string): boolean {
  return (t[0] === '#' && atxHeading(t) !== null) || fenceOpening(t) !== null;
}

function isPictureCue(t: string): boolean {
  return isImageFileLine(t) || findCredit(t) !== null;
}

// ── markup ────────────────────────────────────────────────────────────────────────────

function content(l: RawLine, role: Role, from: number, to = l.text.length): Line {
  return { start: l.start + from, end: l.start + to, text: l.text.slice(from, to), role };
}

/** Strip markers and give each line its role; lines that are only markup are dropped. */
function classify(raw: RawLine[], markdown: boolean): Line[] {
  const out: Line[] = [];
  let fence: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i];
    const t = l.text;
    if (fence !== null) {
      if (closesFence(t, fence)) fence = null;
      else out.push(content(l, 'code', 0));
      continue;
    }
    if (markdown && (fence = fenceOpening(t)) !== null) continue;
    const setext = markdown ? setextLevel(t) : 0;
    if (setext > 0) {
      // `---` under a short label is a heading underline; elsewhere it is a rule.
      const prev = out[out.length - 1];
      const adjacent = prev && prev.role === 'text' && prev.end + 1 === l.start;
      if (adjacent && (setext === 1 || (prev.text.length <= HEADING_MAX && !readsAsProse(prev.text)))) {
        prev.role = 'heading';
        prev.level = setext;
      }
      continue;
    }
    if (isThematicBreak(t) || isTableRule(t) || (t.length > 2 && setextLevel(t) === 1)) continue;
    const atx = markdown && t[0] === '#' ? atxHeading(t) : null;
    if (atx) {
      if (atx.end > atx.start) out.push({ ...content(l, 'heading', atx.start, atx.end), level: atx.level });
      continue;
    }
    const quote = quoteContentStart(t);
    if (quote >= 0) {
      if (quote < t.length) out.push(content(l, 'quote', quote));
      continue;
    }
    const src = markdownImage(t);
    if (src) {
      out.push({ ...content(l, 'image', 0), src });
      continue;
    }
    const bullet = bulletContentStart(t);
    if (bullet >= 0) {
      out.push(content(l, 'bullet', bullet));
      continue;
    }
    const ordered = markdown ? orderedContentStart(t) : -1;
    if (ordered >= 0) {
      out.push(content(l, 'ordered', ordered));
      continue;
    }
    const em = wholeLineEmphasis(t);
    if (em && (em.strong || markdown)) {
      // Only `**…**` outside Markdown: the seeds' starred slogan; a lone `*` is just text there.
      out.push(content(l, 'emphasis', em.start, em.end));
      continue;
    }
    out.push(content(l, 'text', 0));
  }
  return out;
}

/** Prose in any language: CJK clause punctuation, or a Latin sentence. */
function readsAsProse(t: string): boolean {
  return isProse(t) || isLatinProse(t);
}

/** A Latin sentence: ends with . ! ? or runs on past a comma. Scanned, not backtracked. */
function isLatinProse(t: string): boolean {
  if (!/[A-Za-z]/.test(t)) return false;
  let k = t.length - 1;
  while (k > 0 && '"\')]”’'.includes(t[k])) k--;
  return '.!?'.includes(t[k]) || /[A-Za-z][,;] [A-Za-z]/.test(t);
}

/** Text a reader reads through, as opposed to a label (heading, caption, title). */
function isBodyLine(l: Line): boolean {
  if (l.role === 'bullet' || l.role === 'ordered' || l.role === 'quote' || l.role === 'code') return true;
  return (l.role === 'text' || l.role === 'emphasis') && (readsAsProse(l.text) || l.text.length > LABEL_MAX);
}

// ── header ────────────────────────────────────────────────────────────────────────────

interface Header {
  blocks: Block[];
  /** Index of the first body line. */
  end: number;
  title: Line | null;
  kickers: Line[];
  subtitle: Line | null;
  authors: string[];
  datelines: Line[];
}

const DATELINE = /发布时间|發布時間|来源[：:]|來源[：:]|^(?:日期|时间|時間)[：:]|^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}/;
const NAME = /^[\u4e00-\u9fff·]{2,4}$/;
const BYLINE_MARK = /^(?:本报|本報)?(?:记者|記者|通讯员|通訊員|实习生|實習生|作者|文|撰文|摄影|攝影)[：:／/]?/;

/** Names of a byline (李世超 吴丹 祝懿希; 记者 张三), or null if the line is not one. */
export function bylineNames(line: string): string[] | null {
  const latin = LATIN_BYLINE.exec(line);
  if (latin) return latinNames(line.slice(latin[0].length));
  if (line.length > 40 || isProse(line)) return null;
  let marked = false;
  const names: string[] = [];
  for (const raw of line.split(/\s+/)) {
    const token = raw.replace(BYLINE_MARK, (m) => {
      marked = m.length > 0;
      return '';
    });
    if (!token) continue;
    if (!NAME.test(token)) return null;
    names.push(token);
  }
  return names.length >= 2 || (marked && names.length === 1) ? names : null;
}

const LATIN_BYLINE = /^(?:By|Author|Authors|Written by)\s*:?\s+/i;
const LATIN_NAME = /^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$/;

/** “By Jane Doe and John Smith”: up to four capitalised words per name. */
function latinNames(rest: string): string[] | null {
  if (rest.length > 80) return null;
  const names = rest.split(/\s*(?:,|&|\band\b)\s*/).filter(Boolean);
  return names.length > 0 && names.every((n) => LATIN_NAME.test(n)) ? names : null;
}

function emptyHeader(): Header {
  return { blocks: [], end: 0, title: null, kickers: [], subtitle: null, authors: [], datelines: [] };
}

function readHeader(lines: Line[]): Header {
  // The header ends where running text or markup starts: the first sentence, a long line.
  let end = 0;
  while (end < Math.min(lines.length, HEADER_SCAN)) {
    const l = lines[end];
    const t = l.text;
    // A kicker may carry a comma (打造“改革创新高地，品质生活新城”美丽图景); a sentence ends it.
    if (l.role !== 'text' || /[。！？]/.test(t) || t.length > 60 || isPictureCue(t) || isLatinProse(t)) break;
    end++;
  }
  let byline = -1;
  let firstDateline = -1;
  for (let i = 0; i < end; i++) {
    if (byline < 0 && bylineNames(lines[i].text)) byline = i;
    if (firstDateline < 0 && DATELINE.test(lines[i].text)) firstDateline = i;
  }
  const anchor = byline >= 0 && (firstDateline < 0 || byline < firstDateline) ? byline : firstDateline;
  const h = emptyHeader();
  if (anchor < 0) {
    // No byline or dateline: a short first line is the title when body text follows it,
    // directly or after the headings that open the text (a book's title, its first
    // chapter, the chapter's first section: 左传 / 隐公 / 隐公元年), or when it is all there is.
    const l0 = lines[0];
    let k = 1;
    while (k < Math.min(lines.length, 1 + OPENING_HEADINGS) && lines[k].role === 'text' && !isBodyLine(lines[k])) k++;
    if (l0 && isTitleLike(l0) && (lines.length === 1 || (k < lines.length && isBodyLine(lines[k])))) {
      h.title = l0;
      h.blocks.push(block('title', l0));
      h.end = 1;
    }
    return h;
  }
  // Title: the last line above the byline/dateline; a 「——」 line right below it is a subtitle.
  let t = anchor - 1;
  if (t >= 1 && /^[—-]{1,2}/.test(lines[t].text)) {
    h.subtitle = lines[t];
    t--;
  }
  if (t >= 0) {
    h.title = lines[t];
    h.blocks.push(block('title', lines[t]));
    if (h.subtitle) h.blocks.push(block('subtitle', h.subtitle));
    for (let i = 0; i < t; i++) {
      h.kickers.push(lines[i]);
      h.blocks.push(block('kicker', lines[i]));
    }
  }
  h.end = readBylines(lines, anchor, end, h);
  return h;
}

/** Byline and dateline lines, in either order, from `i`; returns the first line after them. */
function readBylines(lines: Line[], i: number, end: number, h: Header): number {
  while (i < end) {
    const l = lines[i];
    const names = l.role === 'text' ? bylineNames(l.text) : null;
    if (names) {
      h.authors.push(...names);
      h.blocks.push(block('byline', l));
    } else if (l.role === 'text' && DATELINE.test(l.text)) {
      h.datelines.push(l);
      h.blocks.push(block('dateline', l));
    } else break;
    i++;
  }
  return i;
}

/** Markdown: the title heading (if any), a —— subtitle, then byline and dateline lines. */
function markdownHeader(lines: Line[], titleLine: Line | null): Header {
  const h = emptyHeader();
  let i = 0;
  if (titleLine) {
    h.title = titleLine;
    h.blocks.push(block('title', titleLine));
    i = 1;
    const next = lines[1];
    if (next && next.role === 'text' && /^[—-]{1,2}[^—-]/.test(next.text) && next.text.length <= 60) {
      h.subtitle = next;
      h.blocks.push(block('subtitle', next));
      i = 2;
    }
  }
  h.end = readBylines(lines, i, Math.min(lines.length, i + 4), h);
  return h;
}

function isTitleLike(l: Line): boolean {
  const t = l.role === 'text' || l.role === 'emphasis' ? l.text : '';
  if (!t || /[。！？；]/.test(t) || '，,：:.!?;、'.includes(t[t.length - 1])) return false;
  if (t.length > (/[\u3400-\u9fff]/.test(t) ? 40 : 100)) return false;
  if (isPictureCue(t) || isFooterLine(t) || DATELINE.test(t) || CHRONICLE_HEAD.test(t) || sectionRank(t) >= 0) return false;
  return true;
}

// ── body ──────────────────────────────────────────────────────────────────────────────

const FOOTER_START = /^(?:Copyright|©|\(c\)|版权所有|版權所有|标签[：:]|標籤[：:]|编辑[：:]|編輯[：:]|责任编辑|責任編輯|责编|責編)/i;
/** A notice that names its words further in says what is forbidden or reserved: 本网站版权所有，未经授权不得转载. */
const FOOTER_WITHIN = /All Rights Reserved|(?:版权所有|版權所有).*(?:未经|未經|禁止|不得|转载|轉載|复制|複製)|(?:未经|未經|禁止|不得|转载|轉載).*(?:版权所有|版權所有)/i;
/**
 * A footer line is a notice (a copyright line, 标签/编辑), short by nature: the longest
 * English boilerplate runs to about two hundred characters. A longer line that names those
 * words is body text about them, or a whole text with no line breaks, which must stay a
 * paragraph: footers are drawn small and whole. So is a line that names 版权所有 in passing.
 */
const FOOTER_MAX_CHARS = 240;
function isFooterLine(line: string): boolean {
  return line.length <= FOOTER_MAX_CHARS && (FOOTER_START.test(line) || FOOTER_WITHIN.test(line));
}
const CHRONICLE_HEAD = /^(?:大事记|大事記)$/;
const YEAR_LINE = /^\d{4}年$/;
const MONTH_DAY = /^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:(?:至|到|-|—|–|~|～)(?:\d{1,2}月)?\d{1,2}日)?/;
const YEAR = /^\d{4}年/;

interface BodyContext {
  moved: Set<number>;
  /** The seeds' layout: runs of labels are parked picture captions. */
  captionGroups: boolean;
  markdown: boolean;
  /** Markdown heading level that counts as level 0 (the title's). */
  base: number;
}

/**
 * A label line waiting for what follows it to decide between heading, caption and
 * paragraph: its section rank (-1 if unnumbered) and whether it is a Markdown bold line.
 * Kept beside the blocks, not on them, so every block keeps one shape (10 MB files).
 */
interface Label {
  rank: number;
  sub: boolean;
}

function readBody(lines: Line[], ctx: BodyContext): Block[] {
  const out: Block[] = [];
  const labels = new Map<Block, Label>();
  const label = (line: Line, rank: number, sub: boolean) => {
    const b = block('heading', line);
    out.push(b);
    labels.set(b, { rank, sub });
  };
  let inChronicle = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.text;
    switch (line.role) {
      case 'code':
        out.push(block('paragraph', line));
        continue;
      case 'heading':
        inChronicle = false;
        out.push({ ...block('heading', line), level: Math.max(1, line.level! - ctx.base) });
        continue;
      case 'image':
        out.push({ ...block('figure', line), src: line.src });
        continue;
      case 'quote':
        out.push(block('pull-quote', line));
        continue;
      case 'ordered':
        out.push(block('list-item', line));
        continue;
      case 'bullet': {
        const entry = inChronicle ? chronicleEntry(line, true) : null;
        out.push(entry ?? block('list-item', line));
        continue;
      }
      default:
    }
    const prev = lines[i - 1];
    const prevFigure = prev !== undefined && prev.role === 'text' && isImageFileLine(prev.text);
    if (isImageFileLine(t)) {
      out.push({ ...block('figure', line), src: t });
      continue;
    }
    if (isFooterLine(t)) {
      out.push(block('footer', line));
      continue;
    }
    if (CHRONICLE_HEAD.test(t)) {
      inChronicle = true;
      out.push({ ...block('heading', line), level: 1 });
      continue;
    }
    if (inChronicle) {
      const entry = chronicleEntry(line, false);
      if (entry) {
        out.push(entry);
        continue;
      }
      inChronicle = false;
    }
    const credit = findCredit(t);
    if (credit || prevFigure || (ctx.moved.has(line.start) && t.length <= LABEL_MAX)) {
      const b = block('caption', line);
      if (credit) b.credit = { start: line.start + credit.start, end: line.start + credit.end };
      out.push(b);
      continue;
    }
    if (line.role === 'emphasis') {
      if (!ctx.markdown) out.push(block('pull-quote', line));
      else if (readsAsProse(t) || t.length > HEADING_MAX) out.push(block('paragraph', line));
      else label(line, -1, true);
      continue;
    }
    const rank = isNumberedHeading(t) ? sectionRank(t) : -1;
    if (rank >= 0) label(line, rank, false);
    else if ((readsAsProse(t) && !isClauseLabel(t)) || t.length > LABEL_MAX || ctx.markdown) out.push(block('paragraph', line));
    else label(line, -1, false);
  }
  resolveLabels(out, labels, ctx.captionGroups);
  return out;
}

/**
 * A short line whose only punctuation is a comma between two phrases (慢下来，才看得见):
 * a subheading's turn of phrase, not a sentence. Whether it heads anything is decided by
 * what follows it, as for any label.
 */
function isClauseLabel(t: string): boolean {
  return t.length <= HEADING_MAX && (t.match(/，/g)?.length ?? 0) === 1 && !/[。！？；…]/.test(t) && !'，,、：:'.includes(t[t.length - 1]) && !isLatinProse(t);
}

/** A 大事记 line: a year sub-heading, or an entry whose leading date is marked. */
function chronicleEntry(line: Line, bulleted: boolean): Block | null {
  const t = line.text;
  if (!bulleted && YEAR_LINE.test(t)) return { ...block('heading', line), level: 2 };
  // A bullet is an entry even when undated (2022年… counts as its date); an unmarked line
  // needs a month and day, or a caption that happens to start with a year would be taken.
  const date = MONTH_DAY.exec(t) ?? (bulleted ? YEAR.exec(t) : null);
  if (!bulleted && !date) return null;
  const b: Block = { kind: 'chronicle', start: line.start, end: line.end };
  if (date) b.date = { start: line.start, end: line.start + date[0].length };
  return b;
}

const BODY_KINDS = new Set<BlockKind>(['paragraph', 'list-item', 'pull-quote', 'chronicle']);
/** Labels above headings make parts only when there are at least this many. */
const MIN_PARTS = 2;

/** Decide label lines, last to first, from what follows each. */
function resolveLabels(blocks: Block[], labels: Map<Block, Label>, captionGroups: boolean): void {
  const ranks = [...new Set([...labels.values()].filter((l) => l.rank >= 0).map((l) => l.rank))].sort();
  const sections = blocks.some((b) => b.kind === 'heading' && !labels.has(b));
  const parts = new Set<Block>();
  let next: Block | undefined;
  let nextLabel: Label | undefined;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    const info = labels.get(b);
    if (!info) {
      if (b.kind !== 'footer') [next, nextLabel] = [b, undefined];
      continue;
    }
    const len = b.end - b.start;
    // A label that turned out a paragraph is no body text to head.
    const beforeBody = next !== undefined && BODY_KINDS.has(next.kind) && !(nextLabel && next.kind === 'paragraph');
    let kind: BlockKind;
    let level = 1;
    if (info.rank >= 0) {
      // A numbered heading may open a section that starts with a sub-heading.
      kind = beforeBody || next?.kind === 'heading' ? 'heading' : 'paragraph';
      level = ranks.indexOf(info.rank) + 1;
    } else if (info.sub) {
      kind = beforeBody ? 'heading' : 'paragraph';
      level = sections ? 2 : 1;
    } else if (captionGroups) {
      const afterPicture = !next || next.kind === 'caption' || next.kind === 'figure' || (next.kind === 'heading' && nextLabel !== undefined);
      kind = afterPicture ? 'caption' : len <= HEADING_MAX ? 'heading' : 'paragraph';
    } else {
      // A label right above another heading opens a part that starts with a section (隐公 / 隐公元年).
      const aboveHeading = next?.kind === 'heading' && nextLabel !== undefined && nextLabel.rank < 0 && !nextLabel.sub;
      kind = (beforeBody || aboveHeading) && len <= HEADING_MAX ? 'heading' : 'paragraph';
      if (kind === 'heading' && aboveHeading && !beforeBody) parts.add(b);
    }
    b.kind = kind;
    if (kind === 'heading') b.level = level;
    [next, nextLabel] = [b, info];
  }
  // Parts and the sections inside them, when the text is built so (more than one part):
  // plain labels under a part heading go one level down. A lone label above a heading is
  // more likely a stray caption than a part.
  if (parts.size < MIN_PARTS) {
    for (const b of parts) b.kind = 'paragraph';
  } else if (ranks.length === 0 && !sections) {
    for (const [b, info] of labels) if (b.kind === 'heading' && info.rank < 0 && !info.sub && !parts.has(b)) b.level = 2;
  }
}

function block(kind: BlockKind, r: Range): Block {
  return { kind, start: r.start, end: r.end };
}

// ── meta ──────────────────────────────────────────────────────────────────────────────

function buildMeta(lines: Line[], h: Header, blocks: Block[], text: string, front: Map<string, string[]>): ArticleMeta {
  const one = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = front.get(k)?.[0];
      if (v) return v;
    }
    return null;
  };
  const firstParagraph = blocks.find((b) => b.kind === 'paragraph');
  const given = one('title') ?? h.title?.text ?? null;
  const title = given ?? deriveTitle(firstParagraph ? text.slice(firstParagraph.start, firstParagraph.end) : (lines[0]?.text ?? ''));
  const frontDate = one('date', 'published');
  let date: string | null = frontDate ? isoDate(frontDate) : null;
  // A wire dateline opens the first paragraph (中新网北京9月12日电…) or stands in the header.
  const dateline = [...h.datelines.map((d) => d.text), ...(firstParagraph ? [text.slice(firstParagraph.start, firstParagraph.end)] : [])]
    .map(readDateline)
    .find((d) => d !== null);
  let source: string | null = one('source', 'publisher') ?? urlHost(one('url', 'link'));
  const authors: string[] = [];
  for (const k of ['author', 'authors']) for (const v of front.get(k) ?? []) for (const name of v.split(/\s*[,，、;；]\s*/)) if (name && !authors.includes(name)) authors.push(name);
  for (const a of h.authors) if (!authors.includes(a)) authors.push(a);
  for (const d of h.datelines) {
    date ??= isoDate(d.text);
    const m = /(?:来源|來源)[：:]\s*(\S+)((?:\s+\S+)*)/.exec(d.text);
    if (m) {
      source ??= m[1];
      for (const token of m[2].trim().split(/\s+/)) if (NAME.test(token) && !authors.includes(token)) authors.push(token);
    }
  }
  source ??= dateline?.source ?? null;
  for (const name of dateline?.reporters ?? []) if (!authors.includes(name)) authors.push(name);
  let editor: string | null = one('editor');
  for (const b of blocks) {
    if (b.kind !== 'footer') continue;
    const m = /(?:责任编辑|責任編輯|编辑|編輯|责编|責編)[：:]\s*([^\s：:，,]+)/.exec(text.slice(b.start, b.end));
    if (m) editor ??= m[1];
  }
  return {
    kicker: h.kickers.length ? h.kickers.map((k) => k.text).join('·') : null,
    title,
    titleDerived: given === null,
    subtitle: one('subtitle') ?? (h.subtitle ? h.subtitle.text.replace(/^[—-]+\s*/, '') : null),
    authors,
    date,
    source,
    editor,
    place: one('place', 'location', '地点', '地點') ?? dateline?.place ?? findPlace(title, text),
  };
}

function isoDate(s: string): string | null {
  const m = /(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(s);
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

const TITLE_MAX = 40;

const OPENERS = '（(【[《〈「『“‘';
const CLOSERS = '）)】]》〉」』”’';

/**
 * A title for a file that has none: the opening sentence, cut back to the last clause
 * that fits. Marks inside brackets and quotes do not end or cut it, and a cut never
 * falls inside them: 支持向量机（英语：support vector machine，…）是… gives 支持向量机.
 * The user can replace it; meta.titleDerived says it was made up.
 */
export function deriveTitle(opening: string): string {
  // A colon ends the lead-in (一組數據令人印象深刻：…) as well as a sentence mark does;
  // a Latin mark ends a sentence only before a space (2.5, example.com go on).
  const open: number[] = [];
  let openAtLimit = -1;
  let cut = -1;
  let end = 0;
  // Past a few lines' worth the sentence is too long to be the title whatever follows.
  const scanEnd = Math.min(opening.length, TITLE_MAX * 4);
  for (; end < scanEnd; end++) {
    const c = opening[end];
    if (end === TITLE_MAX && open.length > 0) openAtLimit = open[0];
    if (OPENERS.includes(c)) {
      open.push(end);
      continue;
    }
    if (CLOSERS.includes(c)) {
      open.pop();
      continue;
    }
    if (open.length > 0) continue;
    if ('。！？：'.includes(c)) break;
    if ('.!?'.includes(c) && (end + 1 === opening.length || opening[end + 1] === ' ')) break;
    if (end < TITLE_MAX && end >= 8 && ('，；、'.includes(c) || (c === ',' && opening[end + 1] === ' '))) cut = end;
  }
  const trimmed = opening.slice(0, end).replace(/[，、；,;\s]+$/, '');
  if (trimmed.length <= TITLE_MAX) return trimmed;
  if (cut >= 8) return opening.slice(0, cut);
  // The limit falls inside a bracket: what comes before the bracket names the subject.
  if (openAtLimit >= 2) return opening.slice(0, openAtLimit);
  const head = trimmed.slice(0, TITLE_MAX);
  // Latin text is cut between words.
  const space = /[\u3400-\u9fff]/.test(head) ? -1 : head.lastIndexOf(' ');
  return space >= 8 ? `${head.slice(0, space)}…` : `${head}…`;
}
