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
      return { tag: (block.level ?? 1) <= 1 ? 'h2' : 'h3', attributes: { id: `block-${index}`, ...at, tabindex: '-1' } };
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
      return { tag: 'div', attributes: { class: 'md-table-wrap', ...at } };
    case 'code':
      return { tag: 'pre', attributes: { class: 'md-code-block', ...at } };
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
      el.replaceChildren(figureIcon(doc), element(doc, 'span', { class: 'figure-label' }, labels.figure), element(doc, 'small', { class: 'figure-file', lang: 'en' }, figureFile(drawn)));
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
 * The body of a short article: every block but the header's and the footer lines, list
 * items gathered in their lists (items with their own numbers, 39. 40., in an ordered list
 * that shows them; a chronicle's entries in theirs).
 */
export function bodyElements(blocks: readonly DrawnBlock[], labels: BlockLabels, doc: Document = document): DocumentFragment {
  const out = doc.createDocumentFragment();
  let list = null as { kind: string; el: HTMLElement } | null;
  for (const drawn of blocks) {
    const kind = drawn.block.kind;
    if (HEADER_KINDS.has(kind) || kind === 'footer') continue;
    if (kind !== 'list-item' && kind !== 'chronicle') {
      list = null;
      out.appendChild(blockElement(drawn, labels, doc));
      continue;
    }
    const listKind = kind === 'chronicle' ? 'chronicle' : drawn.block.number !== undefined ? 'numbered' : 'list';
    if (list?.kind !== listKind) {
      const el: HTMLElement = listKind === 'chronicle' ? element(doc, 'ol', { class: 'chronicle', 'aria-label': labels.chronicle }) : listKind === 'numbered' ? element(doc, 'ol', { class: 'article-list numbered' }) : element(doc, 'ul', { class: 'article-list' });
      list = { kind: listKind, el };
      out.appendChild(el);
    }
    list.el.appendChild(blockElement(drawn, labels, doc));
  }
  return out;
}

/** The footer lines (editor, source notes) of an article. */
export function footerElements(blocks: readonly DrawnBlock[], labels: BlockLabels, doc: Document = document): DocumentFragment {
  const out = doc.createDocumentFragment();
  for (const drawn of blocks) if (drawn.block.kind === 'footer') out.appendChild(blockElement(drawn, labels, doc));
  return out;
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

const SVG = 'http://www.w3.org/2000/svg';

function figureIcon(doc: Document): SVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  for (const [name, value] of Object.entries({ class: 'figure-icon', viewBox: '0 0 24 24', width: '28', height: '28', 'aria-hidden': 'true', focusable: 'false' })) svg.setAttribute(name, value);
  const shapes: [string, Record<string, string>][] = [
    ['rect', { x: '3', y: '4.5', width: '18', height: '15', rx: '2', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' }],
    ['circle', { cx: '8.5', cy: '9.5', r: '1.6', fill: 'currentColor' }],
    ['path', { d: 'M4 17.5l5-5 3.5 3.5 2.5-2.5 5 4.5', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5', 'stroke-linejoin': 'round' }],
  ];
  for (const [tag, attributes] of shapes) {
    const shape = svg.appendChild(doc.createElementNS(SVG, tag));
    for (const name in attributes) shape.setAttribute(name, attributes[name]);
  }
  return svg;
}
