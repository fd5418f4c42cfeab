// The article's blocks as DOM elements, built directly rather than through a component per
// block, part and run: an article is drawn once per open or script switch and never patched
// in place, and a Svelte component tree of a few thousand runs (each with its own effects)
// cost several times what creating the same elements does. Text goes in as text nodes
// (never parsed as HTML), so nothing in a file can become markup. What the elements carry
// is what the rest of the reader reads: `data-block` (reading spot, find, outline),
// `data-v` on every run of view text with the text node as its first child (dom/viewText.ts),
// `data-chunk(s)` on the pieces of a block cut for display (ArticleWindow).
import { MARK } from '../core/types.ts';
import type { Segment } from '../state/blockParts.ts';
import type { RenderedBlock } from '../state/reader.svelte.ts';

/** A run of view text as drawn. */
export type DrawnSegment = Segment;

/** A block with its parts in the view. */
export type DrawnBlock = RenderedBlock;

/** Words the elements carry in the UI language. */
export interface BlockLabels {
  /** A figure's accessible name and caption (图片). */
  figure: string;
  /** A chronicle list's accessible name (编年). */
  chronicle: string;
}

/** The outer element of a block: its tag and attributes, without its content. */
export interface BlockShell {
  tag: string;
  attributes: Record<string, string>;
}

// The header shows kicker/title/byline/datelines from the parsed meta; the body draws the rest.
const HEADER_KINDS = new Set(['kicker', 'title', 'subtitle', 'byline', 'dateline']);

/** The element a block is drawn as, and its attributes. */
export function blockShell(drawn: DrawnBlock, labels: BlockLabels): BlockShell {
  const { block, index } = drawn;
  const at = { 'data-block': String(index) };
  // A piece of a block cut for display: data-chunk lets the reading spot tell the pieces apart.
  const cut = drawn.chunks !== undefined && drawn.chunks > 1 && drawn.chunk !== undefined ? { 'data-chunk': String(drawn.chunk), 'data-chunks': String(drawn.chunks) } : null;
  // Its length, for the stand-in height it has while off screen (content-visibility in app.css).
  const chars = { style: `--chars: ${block.end - block.start};` };
  switch (block.kind) {
    case 'heading':
      return { tag: (block.level ?? 1) <= 1 ? 'h2' : 'h3', attributes: { id: `block-${index}`, ...at, tabindex: '-1', ...chars } };
    case 'caption':
      return { tag: 'figure', attributes: { class: 'caption', ...at, ...chars } };
    case 'figure':
      return { tag: 'figure', attributes: { class: 'figure-placeholder', ...at, role: 'group', 'aria-label': `${labels.figure} ${figureFile(drawn)}` } };
    case 'pull-quote':
      return { tag: 'blockquote', attributes: { class: 'pull-quote', ...at, ...cut, ...chars } };
    case 'list-item':
    case 'chronicle':
      return { tag: 'li', attributes: { ...at, ...cut, ...(block.number !== undefined ? { value: String(block.number) } : null) } };
    case 'table':
      // A row is about a line however long its cells are.
      return { tag: 'div', attributes: { class: 'md-table-wrap', ...at, style: `--chars: ${(drawn.rows?.length ?? 1) * LINE_CHARS * 1.4};` } };
    case 'code':
      return { tag: 'pre', attributes: { class: 'md-code-block', ...at, style: `--chars: ${codeLines(drawn) * LINE_CHARS};` } };
    case 'footnote':
      return { tag: 'p', attributes: { class: 'md-footnote', ...at } };
    case 'footer':
      return { tag: 'p', attributes: { class: 'footer-line', ...at } };
    default: {
      const pieces = cut ? [drawn.chunk! > 0 && 'continued', drawn.chunk! < drawn.chunks! - 1 && 'continues'].filter(Boolean).join(' ') : '';
      return { tag: 'p', attributes: { ...at, ...cut, ...chars, ...(pieces ? { class: pieces } : null) } };
    }
  }
}

/** Replaces the content of `el` (the block's shell) with the block's text. */
export function fillBlock(el: Element, drawn: DrawnBlock, labels: BlockLabels): void {
  const doc = el.ownerDocument;
  switch (drawn.block.kind) {
    case 'caption':
      el.replaceChildren(withParts(doc.createElement('figcaption'), drawn));
      return;
    case 'figure':
      el.replaceChildren(element(doc, 'span', { class: 'figure-label' }, labels.figure), element(doc, 'small', { class: 'figure-file', lang: 'en' }, figureFile(drawn)));
      return;
    case 'pull-quote':
      el.replaceChildren(withParts(doc.createElement('p'), drawn));
      return;
    case 'code':
      el.replaceChildren(withParts(doc.createElement('code'), drawn));
      return;
    case 'table': {
      const rows = drawn.rows ?? [];
      const table = element(doc, 'table', { class: 'md-table' });
      const head = table.appendChild(doc.createElement('thead'));
      const body = table.appendChild(doc.createElement('tbody'));
      for (const row of rows) {
        const tr = (row.header ? head : body).appendChild(doc.createElement('tr'));
        for (const cell of row.cells) {
          const c = tr.appendChild(row.header ? element(doc, 'th', { scope: 'col' }) : doc.createElement('td'));
          appendSegments(c, cell);
        }
      }
      el.replaceChildren(table);
      return;
    }
    default:
      el.replaceChildren();
      withParts(el, drawn);
  }
}

/** A block's element with its content. */
export function blockElement(drawn: DrawnBlock, labels: BlockLabels, doc: Document = document): HTMLElement {
  const shell = blockShell(drawn, labels);
  const el = element(doc, shell.tag, shell.attributes);
  fillBlock(el, drawn, labels);
  return el;
}

/**
 * Builds the body of a short article block by block, into `target`: every block but the
 * header's and the footer lines, list items gathered in their lists (items with their own
 * numbers, 39. 40., in an ordered list that shows them; a chronicle's entries in theirs).
 * Blocks may come in several batches (dom/bodyDrawing.ts): a list cut between two batches
 * goes on in the same list element.
 */
export class BodyBuilder {
  private list = null as { kind: string; el: HTMLElement; chars: number } | null;

  /**
   * @param footerFrom the index (in DrawnBlock.index terms) from which footer lines are the
   *   article's closing ones, drawn in its footer (footerElements); one before it is drawn
   *   in place, so that the runs stay in view order (dom/viewText.ts relies on it).
   */
  constructor(
    private target: Element | DocumentFragment,
    private readonly labels: BlockLabels,
    private readonly doc: Document = document,
    private readonly footerFrom = Infinity,
  ) {}

  /** Goes on in `target` (the body the first batch's fragment was put in); an open list goes on where it is. */
  retarget(target: Element): void {
    this.target = target;
  }

  add(drawn: DrawnBlock): void {
    const { doc, labels } = this;
    const kind = drawn.block.kind;
    if (HEADER_KINDS.has(kind) || (kind === 'footer' && drawn.index >= this.footerFrom)) return;
    if (kind !== 'list-item' && kind !== 'chronicle') {
      this.closeList();
      this.target.appendChild(blockElement(drawn, labels, doc));
      return;
    }
    const listKind = kind === 'chronicle' ? 'chronicle' : drawn.block.number !== undefined ? 'numbered' : 'list';
    let list = this.list;
    if (list?.kind !== listKind) {
      this.closeList();
      const el: HTMLElement = listKind === 'chronicle' ? element(doc, 'ol', { class: 'chronicle', 'aria-label': labels.chronicle }) : listKind === 'numbered' ? element(doc, 'ol', { class: 'article-list numbered' }) : element(doc, 'ul', { class: 'article-list' });
      list = this.list = { kind: listKind, el, chars: 0 };
      this.target.appendChild(el);
    }
    list.el.appendChild(blockElement(drawn, labels, doc));
    // A list stands in for its items together while off screen (content-visibility in
    // app.css); each item starts a line, and half a line stands for its own margin.
    list.chars += drawn.block.end - drawn.block.start + LINE_CHARS / 2;
  }

  /** The end of a batch: the open list's stand-in height so far (it may go on in the next). */
  endBatch(): void {
    if (this.list) setChars(this.list.el, this.list.chars);
  }

  private closeList(): void {
    this.endBatch();
    this.list = null;
  }
}

/** The body of a short article, all of it at once (see BodyBuilder). */
export function bodyElements(blocks: readonly DrawnBlock[], labels: BlockLabels, doc: Document = document): DocumentFragment {
  const out = doc.createDocumentFragment();
  const builder = new BodyBuilder(out, labels, doc, closingFooterFrom(blocks));
  for (const drawn of blocks) builder.add(drawn);
  builder.endBatch();
  return out;
}

/** The footer lines (editor, source notes) that close an article. */
export function footerElements(blocks: readonly DrawnBlock[], labels: BlockLabels, doc: Document = document): DocumentFragment {
  const out = doc.createDocumentFragment();
  const from = closingFooterFrom(blocks);
  for (const drawn of blocks) if (drawn.block.kind === 'footer' && drawn.index >= from) out.appendChild(blockElement(drawn, labels, doc));
  return out;
}

/**
 * The index of the first of the footer lines that end the article (nothing but footer lines
 * after it); Infinity when it does not end with one. A footer line before other text (a
 * copyright line between two reprinted pieces) is not the article's close.
 */
export function closingFooterFrom(blocks: readonly DrawnBlock[]): number {
  let from = Infinity;
  for (let i = blocks.length - 1; i >= 0 && blocks[i].block.kind === 'footer'; i--) from = blocks[i].index;
  return from;
}

/**
 * Characters in a line of the full measure: the `--chars` a block carries is its stand-in height
 * while off screen (content-visibility in app.css), counted in these.
 */
const LINE_CHARS = 38;

function setChars(el: HTMLElement, chars: number): void {
  el.style.setProperty('--chars', String(Math.round(chars)));
}

function codeLines(drawn: DrawnBlock): number {
  let lines = 1;
  for (const part of drawn.parts) for (const s of part.segments) for (const c of s.text) if (c === '\n') lines++;
  return lines;
}

/** The image a figure stands for: its file name, else the text it was written with. */
function figureFile(drawn: DrawnBlock): string {
  return drawn.block.src ?? drawn.parts.flatMap((p) => p.segments.map((s) => s.text)).join('');
}

function withParts(el: HTMLElement | Element, drawn: DrawnBlock): HTMLElement | Element {
  const doc = el.ownerDocument;
  drawn.parts.forEach((part, i) => {
    if (part.role === 'credit') appendSegments(el.appendChild(element(doc, 'span', { class: i > 0 ? 'credit after-text' : 'credit' })), part.segments);
    else if (part.role === 'date') appendSegments(el.appendChild(element(doc, 'strong', { class: 'chronicle-date' })), part.segments);
    else appendSegments(el, part.segments);
  });
  return el;
}

/** The element a marked run is drawn in; further marks become classes on it. */
function tagOf(marks: number): string {
  if (marks & MARK.code) return 'code';
  if (marks & MARK.sup) return 'sup';
  if (marks & MARK.strong) return 'strong';
  if (marks & MARK.em) return 'em';
  if (marks & MARK.del) return 'del';
  return 'span';
}

function classOf(marks: number): string {
  const names: string[] = [];
  if (marks & MARK.strong) names.push('md-strong');
  if (marks & MARK.em) names.push('md-em');
  if (marks & MARK.del) names.push('md-del');
  if (marks & MARK.code) names.push('md-code');
  return names.join(' ');
}

// Links open only through the app's external-link path (https, a new window the host hands to the browser).
function appendSegments(el: Element, segments: readonly DrawnSegment[]): void {
  const doc = el.ownerDocument;
  for (const s of segments) {
    const marks = s.marks ?? 0;
    const cls = classOf(marks);
    let run: Element;
    if (s.literal) {
      run = element(doc, 'span', { class: cls ? `md-literal ${cls}` : 'md-literal' }, s.text);
    } else if (s.reading) {
      run = element(doc, 'ruby', { 'data-v': String(s.start) }, s.text);
      run.append(element(doc, 'rp', {}, '('), element(doc, 'rt', {}, s.reading), element(doc, 'rp', {}, ')'));
    } else if (s.href) {
      run = element(doc, 'a', { 'data-v': String(s.start), ...(cls ? { class: cls } : null), href: s.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, s.text);
    } else {
      run = element(doc, marks ? tagOf(marks) : 'span', { 'data-v': String(s.start), ...(cls ? { class: cls } : null) }, s.text);
    }
    el.appendChild(run);
  }
}

function element(doc: Document, tag: string, attributes: Record<string, string>, text?: string): HTMLElement {
  const el = doc.createElement(tag);
  for (const name in attributes) el.setAttribute(name, attributes[name]);
  if (text !== undefined) el.appendChild(doc.createTextNode(text));
  return el;
}
