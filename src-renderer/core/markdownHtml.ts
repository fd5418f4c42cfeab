// Raw HTML in a Markdown article (pages saved from the web carry <figure>, <p>, <table>):
// never shown as source and never fetched. Known block tags become the reader's blocks
// (figure card and caption, paragraphs, headings, quotes, list items, tables), inline tags
// become marks, and anything else is reduced to its text. Script-like elements show nothing.
//
// Hand-written rather than an HTML parser library: all that is needed is the tags and the
// exact offsets of the text between them, and no DOM is built (core runs without one).

import { characterReference, pushBlock, RunSink, trimRuns, type Walk } from './markdownBlocks.ts';
import { safeHref } from './safeLink.ts';
import { MARK, type Block, type Run, type TableRow } from './types.ts';

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const HIDDEN = new Set(['script', 'style', 'template', 'iframe', 'object', 'noscript', 'svg', 'math', 'head', 'title', 'select', 'textarea', 'video', 'audio', 'canvas', 'button']);
const BLOCK = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'center', 'dd', 'dt', 'dl', 'address', 'details', 'summary', 'nav', 'figure', 'pre', 'body', 'html', 'hr', 'br']);
const INLINE_MARKS: Record<string, number> = { strong: MARK.strong, b: MARK.strong, em: MARK.em, i: MARK.em, code: MARK.code, tt: MARK.code, kbd: MARK.code, del: MARK.del, s: MARK.del, strike: MARK.del, sup: MARK.sup };

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) out.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

interface Open {
  kind: Block['kind'];
  sink: RunSink;
  extra: Partial<Block>;
}

/** Blocks for the HTML at parser offsets [start, end). */
export function htmlBlocks(w: Walk, start: number, end: number, inQuote: boolean): void {
  const text = w.text;
  let current: Open | null = null;
  let hidden = 0;
  let quote = inQuote ? 1 : 0;
  let inFigure = 0;
  const marks: { tag: string; mark: number; href?: string }[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let table: { rows: TableRow[]; row: Run[][] | null; header: boolean; cell: RunSink | null } | null = null;

  const markNow = () => marks.reduce((m, x) => m | x.mark, 0);
  const hrefNow = () => marks.findLast((x) => x.href)?.href;
  const flush = () => {
    if (!current) return;
    trimRuns(w, current.sink.runs);
    pushBlock(w, current.kind, current.sink.runs, current.extra);
    current = null;
  };
  const open = (kind: Block['kind'], extra: Partial<Block> = {}) => {
    flush();
    current = { kind: quote > 0 ? 'pull-quote' : kind, sink: new RunSink(w.src), extra: quote > 0 ? {} : extra };
  };
  const finishCell = () => {
    if (!table?.cell || !table.row) return;
    trimRuns(w, table.cell.runs);
    table.row.push(table.cell.runs);
    table.cell = null;
  };
  const finishRow = () => {
    if (!table) return;
    finishCell();
    if (table.row && table.row.length) table.rows.push({ header: table.header, cells: table.row });
    table.row = null;
    table.header = false;
  };
  const textRun = (from: number, to: number) => {
    if (hidden > 0 || from >= to) return;
    let sink: RunSink;
    if (table) {
      if (!table.cell) {
        if (text.slice(from, to).trim() === '') return;
        table.row ??= [];
        table.cell = new RunSink(w.src);
      }
      sink = table.cell;
    } else {
      if (!current) {
        if (text.slice(from, to).trim() === '') return;
        open(inFigure > 0 ? 'caption' : 'paragraph');
      }
      sink = current!.sink;
    }
    const m = markNow();
    const href = hrefNow();
    let runFrom = from;
    for (let i = text.indexOf('&', from); i >= 0 && i < to; i = text.indexOf('&', i + 1)) {
      const ref = characterReference(text.slice(i, Math.min(to, i + 40)));
      if (!ref) continue;
      if (i > runFrom) sink.shown(runFrom, i, m, href);
      sink.literal(i, i + ref.length, ref.value, m);
      runFrom = i + ref.length;
      i = runFrom - 1;
    }
    if (to > runFrom) sink.shown(runFrom, to, m, href);
  };

  let at = start;
  let textFrom = start;
  while (at < end) {
    const lt = text.indexOf('<', at);
    if (lt < 0 || lt >= end) break;
    let tagEnd = -1;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      tagEnd = close < 0 || close + 3 > end ? end : close + 3;
    } else if (text[lt + 1] === '!' || text[lt + 1] === '?') {
      const close = text.indexOf('>', lt);
      tagEnd = close < 0 || close >= end ? end : close + 1;
    }
    if (tagEnd >= 0) {
      textRun(textFrom, lt);
      at = textFrom = tagEnd;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (!m || lt + m[0].length > end) {
      at = lt + 1;
      continue;
    }
    textRun(textFrom, lt);
    at = textFrom = lt + m[0].length;
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const selfClosing = m[4] === '/';
    if (HIDDEN.has(name)) {
      if (!selfClosing) hidden = Math.max(0, hidden + (closing ? -1 : 1));
      continue;
    }
    if (hidden > 0) continue;
    const attrs = closing ? new Map<string, string>() : attributes(m[3]);
    if (name === 'img') {
      flush();
      w.out.push({ kind: 'figure', start: w.src.toCanonical(lt), end: w.src.toCanonical(lt + m[0].length), src: attrs.get('src') ?? '', runs: [] });
    } else if (name === 'figcaption') {
      if (closing) flush();
      else open('caption');
    } else if (/^h[1-6]$/.test(name)) {
      if (closing) flush();
      else open('heading', { level: Number(name[1]) });
    } else if (name === 'blockquote') {
      flush();
      quote = Math.max(0, quote + (closing ? -1 : 1));
    } else if (name === 'ul' || name === 'ol') {
      flush();
      if (closing) lists.pop();
      else lists.push({ ordered: name === 'ol', next: Number.parseInt(attrs.get('start') ?? '1', 10) || 1 });
    } else if (name === 'li') {
      if (closing) flush();
      else {
        const list = lists[lists.length - 1];
        const value = Number.parseInt(attrs.get('value') ?? '', 10);
        if (list?.ordered && value > 0) list.next = value;
        open('list-item', list?.ordered ? { number: list.next++ } : {});
      }
    } else if (name === 'table') {
      flush();
      if (!closing) table = { rows: [], row: null, header: false, cell: null };
      else if (table) {
        finishRow();
        const runs = table.rows.flatMap((r) => r.cells.flat());
        const shown = runs.filter((r) => r.literal === undefined);
        if (shown.length) w.out.push({ kind: 'table', start: Math.min(...shown.map((r) => r.start)), end: Math.max(...shown.map((r) => r.end)), rows: table.rows, runs });
        table = null;
      }
    } else if (name === 'tr' && table) {
      finishRow();
      if (!closing) table.row = [];
    } else if ((name === 'td' || name === 'th') && table) {
      finishCell();
      if (!closing) {
        table.row ??= [];
        if (name === 'th') table.header = true;
        table.cell = new RunSink(w.src);
      }
    } else if (name === 'figure') {
      flush();
      inFigure = Math.max(0, inFigure + (closing ? -1 : 1));
    } else if (BLOCK.has(name)) {
      flush();
    } else if (name in INLINE_MARKS || name === 'a') {
      if (closing) {
        const k = marks.findLastIndex((x) => x.tag === name);
        if (k >= 0) marks.splice(k, 1);
      } else if (!selfClosing) {
        const href = name === 'a' ? (safeHref(attrs.get('href') ?? '') ?? undefined) : undefined;
        marks.push({ tag: name, mark: name === 'a' ? (href ? MARK.link : 0) : INLINE_MARKS[name], href });
      }
    }
    // Any other tag: markup, hidden; its text stays.
  }
  textRun(textFrom, end);
  if (table) {
    finishRow();
    const runs = table.rows.flatMap((r) => r.cells.flat()).filter((r) => r.literal === undefined);
    if (runs.length) w.out.push({ kind: 'table', start: Math.min(...runs.map((r) => r.start)), end: Math.max(...runs.map((r) => r.end)), rows: table.rows, runs: table.rows.flatMap((r) => r.cells.flat()) });
  }
  flush();
}
