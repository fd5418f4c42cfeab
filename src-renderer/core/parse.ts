// canonical text → Article. Every canonical line becomes one block (a line that is only
// markup, never: there is none after clean). Decisions lean on the structure the seeds
// share:
//
// - Header: kicker line(s), title, optional subtitle, then a byline of names or a dateline
//   (发布时间…来源…). The title is the last header line before the byline/dateline; the
//   lines above it are kickers (引题). A file without such a header (004: one paragraph
//   per line from the first sentence) gets a title derived from its opening.
// - Body: prose (clause punctuation) is a paragraph. A short label line without it is a
//   heading or a caption. Captions announce themselves by a photo credit, by following an
//   image file line, by having been moved out of a split sentence by clean, or by standing
//   in a run of labels: layout parks picture captions just before the next heading, so in
//   a run of labels only the last, the one followed by text, is the heading
//   (“两山”未来科技城城市设计效果图 / 城市能级提升取得新突破). Labels followed only by
//   captions or by the end of the article are captions too.
// - 大事记 opens a dated list: year lines are sub-headings, entries are chronicle blocks.

import { findCredit, isImageFileLine } from './captionCues.ts';
import { isProse } from './cjkChars.ts';
import type { Article, ArticleMeta, Block, BlockKind, CleanResult, Range } from './types.ts';

interface Line extends Range {
  text: string;
}

const HEADER_SCAN = 10;
const HEADING_MAX = 30;
const LABEL_MAX = 60;

export function parse(clean: CleanResult): Article {
  const lines = splitLines(clean.text);
  const moved = new Set(clean.edits.filter((e) => e.kind === 'caption-moved').map((e) => e.at));
  const header = readHeader(lines);
  const blocks: Block[] = [...header.blocks, ...readBody(lines.slice(header.end), moved)];
  blocks.sort((a, b) => a.start - b.start);
  const meta = buildMeta(lines, header, blocks, clean.text);
  return { meta, blocks };
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
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

const DATELINE = /发布时间|發布時間|来源[：:]|來源[：:]|^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}/;
const NAME = /^[\u4e00-\u9fff·]{2,4}$/;
const BYLINE_MARK = /^(?:本报|本報)?(?:记者|記者|通讯员|通訊員|实习生|實習生|作者|文|撰文|摄影|攝影)[：:／/]?/;

/** Names of a byline (李世超 吴丹 祝懿希; 记者 张三), or null if the line is not one. */
export function bylineNames(line: string): string[] | null {
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

function readHeader(lines: Line[]): Header {
  // The header ends where running text starts: the first sentence, or a long line.
  let end = 0;
  while (end < Math.min(lines.length, HEADER_SCAN)) {
    const t = lines[end].text;
    if (/[。！？]/.test(t) || t.length > 60 || isImageFileLine(t) || findCredit(t)) break;
    end++;
  }
  let byline = -1;
  let firstDateline = -1;
  for (let i = 0; i < end; i++) {
    if (byline < 0 && bylineNames(lines[i].text)) byline = i;
    if (firstDateline < 0 && DATELINE.test(lines[i].text)) firstDateline = i;
  }
  const anchor = byline >= 0 && (firstDateline < 0 || byline < firstDateline) ? byline : firstDateline;
  const h: Header = { blocks: [], end: 0, title: null, kickers: [], subtitle: null, authors: [], datelines: [] };
  if (anchor < 0) {
    // No byline or dateline: a lone short line above the text is still a title.
    if (end === 1 && lines.length > 1 && !isProse(lines[0].text) && lines[0].text.length <= 40) {
      h.title = lines[0];
      h.blocks.push(block('title', lines[0]));
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
  // Byline and dateline lines follow the title, in either order.
  let i = anchor;
  while (i < end) {
    const names = bylineNames(lines[i].text);
    if (names) {
      h.authors.push(...names);
      h.blocks.push(block('byline', lines[i]));
    } else if (DATELINE.test(lines[i].text)) {
      h.datelines.push(lines[i]);
      h.blocks.push(block('dateline', lines[i]));
    } else break;
    i++;
  }
  h.end = i;
  return h;
}

// ── body ──────────────────────────────────────────────────────────────────────────────

const FOOTER = /^(?:Copyright|©|\(c\)|版权所有|版權所有|标签[：:]|標籤[：:]|编辑[：:]|編輯[：:]|责任编辑|責任編輯|责编|責編)|All Rights Reserved|版权所有|版權所有/i;
const PULL_QUOTE = /^\*\*(.+)\*\*$/;
const LIST_ITEM = /^(?:[-•·]|\*(?!\*))\s+/;
const CHRONICLE_HEAD = /^(?:大事记|大事記)$/;
const YEAR_LINE = /^\d{4}年$/;
const MONTH_DAY = /^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:(?:至|到|-|—|–|~|～)(?:\d{1,2}月)?\d{1,2}日)?/;
const YEAR = /^\d{4}年/;

type Pending = Block & { candidate?: boolean };

function readBody(lines: Line[], moved: Set<number>): Block[] {
  const out: Pending[] = [];
  let inChronicle = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.text;
    const prevFigure = i > 0 && isImageFileLine(lines[i - 1].text);
    if (isImageFileLine(t)) {
      out.push({ ...block('figure', line), src: t });
      continue;
    }
    if (FOOTER.test(t)) {
      out.push(block('footer', line));
      continue;
    }
    if (CHRONICLE_HEAD.test(t)) {
      inChronicle = true;
      out.push({ ...block('heading', line), level: 1 });
      continue;
    }
    if (inChronicle) {
      const entry = chronicleEntry(line);
      if (entry) {
        out.push(entry);
        continue;
      }
      inChronicle = false;
    }
    const credit = findCredit(t);
    if (credit || prevFigure || (moved.has(line.start) && t.length <= LABEL_MAX)) {
      const b: Pending = block('caption', line);
      if (credit) b.credit = { start: line.start + credit.start, end: line.start + credit.end };
      out.push(b);
      continue;
    }
    const quote = PULL_QUOTE.exec(t);
    if (quote) {
      out.push({ kind: 'pull-quote', start: line.start + 2, end: line.end - 2 });
      continue;
    }
    const item = LIST_ITEM.exec(t);
    if (item) {
      out.push({ kind: 'list-item', start: line.start + item[0].length, end: line.end });
      continue;
    }
    if (isProse(t) || t.length > LABEL_MAX) out.push(block('paragraph', line));
    else out.push({ ...block('heading', line), candidate: true });
  }
  resolveLabels(out);
  return out.map(({ candidate: _c, ...b }) => b);
}

/** A 大事记 line: a year sub-heading, or an entry whose leading date is marked. */
function chronicleEntry(line: Line): Block | null {
  const t = line.text;
  if (YEAR_LINE.test(t)) return { ...block('heading', line), level: 2 };
  const item = LIST_ITEM.exec(t);
  const body = item ? item[0].length : 0;
  // A bullet is an entry even when undated (2022年… counts as its date); an unmarked line
  // needs a month and day, or a caption that happens to start with a year would be taken.
  const rest = t.slice(body);
  const date = MONTH_DAY.exec(rest) ?? (item ? YEAR.exec(rest) : null);
  if (!item && !date) return null;
  const b: Block = { kind: 'chronicle', start: line.start + body, end: line.end };
  if (date) b.date = { start: line.start + body, end: line.start + body + date[0].length };
  return b;
}

/** Decide heading vs caption for label lines, last to first (a caption run ends at a heading). */
function resolveLabels(blocks: Pending[]): void {
  let next: Pending | undefined;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    if (!b.candidate) {
      if (b.kind !== 'footer') next = b;
      continue;
    }
    const len = b.end - b.start;
    let kind: BlockKind;
    if (!next || next.kind === 'caption' || next.kind === 'figure' || (next.kind === 'heading' && next.candidate === false)) {
      kind = 'caption';
    } else if (len <= HEADING_MAX) {
      kind = 'heading';
    } else {
      kind = 'paragraph';
    }
    b.kind = kind;
    b.candidate = false;
    if (kind === 'heading') b.level = 1;
    next = b;
  }
}

function block(kind: BlockKind, r: Range): Block {
  return { kind, start: r.start, end: r.end };
}

// ── meta ──────────────────────────────────────────────────────────────────────────────

function buildMeta(lines: Line[], h: Header, blocks: Block[], text: string): ArticleMeta {
  const firstParagraph = blocks.find((b) => b.kind === 'paragraph');
  const title = h.title ? h.title.text : deriveTitle(firstParagraph ? text.slice(firstParagraph.start, firstParagraph.end) : (lines[0]?.text ?? ''));
  let date: string | null = null;
  let source: string | null = null;
  const authors = [...h.authors];
  for (const d of h.datelines) {
    date ??= isoDate(d.text);
    const m = /(?:来源|來源)[：:]\s*(\S+)((?:\s+\S+)*)/.exec(d.text);
    if (m) {
      source ??= m[1];
      for (const token of m[2].trim().split(/\s+/)) if (NAME.test(token) && !authors.includes(token)) authors.push(token);
    }
  }
  let editor: string | null = null;
  for (const b of blocks) {
    if (b.kind !== 'footer') continue;
    const m = /(?:责任编辑|責任編輯|编辑|編輯|责编|責編)[：:]\s*([^\s：:，,]+)/.exec(text.slice(b.start, b.end));
    if (m) editor ??= m[1];
  }
  return {
    kicker: h.kickers.length ? h.kickers.map((k) => k.text).join('·') : null,
    title,
    titleDerived: h.title === null,
    subtitle: h.subtitle ? h.subtitle.text.replace(/^[—-]+\s*/, '') : null,
    authors,
    date,
    source,
    editor,
    place: findPlace(h.title?.text ?? null, text),
  };
}

function isoDate(s: string): string | null {
  const m = /(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(s);
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

const TITLE_MAX = 40;

/**
 * A title for a file that has none: the opening sentence, cut back to the last clause
 * that fits. The user can replace it; meta.titleDerived says it was made up.
 */
export function deriveTitle(opening: string): string {
  // A colon ends the lead-in (一組數據令人印象深刻：…) as well as a sentence mark does.
  const sentence = /^[^。！？：]*[。！？：]?/.exec(opening)?.[0] ?? opening;
  const trimmed = sentence.replace(/[。！？，、；：]$/, '');
  if (trimmed.length <= TITLE_MAX) return trimmed;
  const head = trimmed.slice(0, TITLE_MAX);
  const cut = Math.max(head.lastIndexOf('，'), head.lastIndexOf('：'), head.lastIndexOf('；'));
  return cut >= 8 ? head.slice(0, cut) : `${head}…`;
}

const PLACE_SUFFIX = /[县縣区區市]$/;
// Words before 县/区 that are not a place: 该县, 全县, 本区, 城区, 园区 …
const NOT_PLACE = /[该該全本各每一两兩个個的和在与與及为為是城园園景社片小新老开開示发發校主辖轄山]/;

/** The county or district the article is about: the title's "X：" prefix, else the commonest X县/X区. */
export function findPlace(title: string | null, text: string): string | null {
  if (title) {
    const m = /(?:^|\s)([\u4e00-\u9fff]{2,4})[：:]/.exec(title);
    if (m) return m[1].length > 2 ? m[1].replace(PLACE_SUFFIX, '') : m[1];
  }
  for (const suffix of ['[县縣]', '[区區]']) {
    const counts = new Map<string, number>();
    const re = new RegExp(`([\\u4e00-\\u9fff]{2})${suffix}`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (NOT_PLACE.test(m[1])) continue;
      counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestCount = 1;
    for (const [k, v] of counts) if (v > bestCount) [best, bestCount] = [k, v];
    if (best) return best;
  }
  return null;
}
