// The article model shared by every layer. Offsets are UTF-16 code-unit offsets into the
// canonical text (what `clean` returns), half-open [start, end).

export interface Range {
  start: number;
  end: number;
}

/** Pinyin that was written inline (`經(jīng)`) and lifted out of the text by `clean`. */
export interface RubyAnnotation extends Range {
  /** The reading, as written (tone marks kept). */
  reading: string;
}

/** One thing `clean` changed, kept so the UI and tests can explain the canonical text. */
export interface CleanEdit {
  kind: 'pinyin' | 'punctuation-artifact' | 'full-width' | 'layout-join' | 'layout-split' | 'caption-moved' | 'whitespace';
  /** Where it happened in the canonical text (a zero-length range for removals). */
  at: number;
}

export interface CleanResult {
  /** Canonical text: paragraphs separated by a single `\n`, no blank lines, no pinyin. */
  text: string;
  ruby: RubyAnnotation[];
  edits: CleanEdit[];
  cleanVersion: number;
  /**
   * How the raw text separated its paragraphs: by blank lines (a web page copied out, where
   * picture captions are parked between blocks) or one line per paragraph. parse infers
   * caption groups only in the first. Absent on results made before it existed.
   */
  layout?: 'blank-line' | 'line-per-paragraph';
}

export type BlockKind =
  | 'kicker'
  | 'title'
  | 'subtitle'
  | 'byline' // authors line
  | 'dateline' // date / source / editor lines at the top or bottom
  | 'heading'
  | 'paragraph'
  | 'caption' // a figure caption, optionally with a photo credit
  | 'figure' // an image file name: shown as a figure placeholder, never as text
  | 'pull-quote'
  | 'list-item'
  | 'chronicle' // 大事记 entry: a date and what happened
  | 'footer' // copyright, 标签/编辑 lines: metadata, not body text
  | 'table' // Markdown: rows of cells (`rows`)
  | 'code' // Markdown: fenced code, shown as written
  | 'footnote'; // Markdown: a footnote's text, its label first

/** Inline marks of a Markdown run (bit flags). */
export const MARK = { strong: 1, em: 2, code: 4, del: 8, link: 16, sup: 32 } as const;

/**
 * A piece of a Markdown block that is shown: canonical [start, end) drawn as written, with
 * its marks. A `literal` run draws that text instead (a decoded `&amp;`, a task box): it is
 * decoration, neither selectable nor searched, and its canonical range counts as hidden.
 */
export interface Run extends Range {
  marks: number;
  /** A link's target when it is one the app may open (https). */
  href?: string;
  literal?: string;
}

export interface TableRow {
  header: boolean;
  cells: Run[][];
}

export interface Block extends Range {
  kind: BlockKind;
  /** heading level (1 = section); only for headings. */
  level?: number;
  /** caption: where the credit (夏鹏飞 摄 / 供图) starts inside the block. */
  credit?: Range;
  /** chronicle: the date part of the entry. */
  date?: Range;
  /** figure: the image file name. */
  src?: string;
  /**
   * Markdown blocks: what is shown of [start, end), in order; the rest (markers, URLs, tags)
   * is hidden. Absent: the whole range is shown as it is.
   */
  runs?: Run[];
  /** table: its rows (a table block has no `runs`). */
  rows?: TableRow[];
  /** An ordered list item's number as written (`39.` → 39). */
  number?: number;
}

export interface ArticleMeta {
  kicker: string | null;
  title: string;
  /** True when the file has no title line and `title` was derived from its opening. */
  titleDerived: boolean;
  subtitle: string | null;
  authors: string[];
  /** ISO date (YYYY-MM-DD) when one is found. */
  date: string | null;
  source: string | null;
  editor: string | null;
  /** Rough place (county/district) the article is about, for the library list. */
  place: string | null;
}

export interface Article {
  meta: ArticleMeta;
  blocks: Block[];
  /**
   * Markdown: canonical ranges the reader does not show (front matter, markers, URLs, tags),
   * sorted and disjoint. Search, find, mentions and counts skip them. Absent for plain text.
   */
  hidden?: Range[];
}

/** Script views. `original` is the canonical text as written. */
export type Script = 'original' | 'cn' | 't' | 'tw' | 'twp' | 'hk';

export const SCRIPTS: readonly Script[] = ['original', 'cn', 't', 'tw', 'twp', 'hk'];

/** A user's correction of a conversion: in view `script`, the shown `from` is shown as `to`. */
export interface ConversionOverride {
  script: Exclude<Script, 'original'>;
  from: string;
  to: string;
}

/** What the reader asked of the views beyond the script itself. */
export interface ViewOptions {
  /** 臺灣 and 香港: “…” ‘…’ shown as 「…」『…』. */
  cornerQuotes?: boolean;
  overrides?: readonly ConversionOverride[];
}

/** A monotone map between two texts built from aligned spans. */
export interface OffsetMap {
  /** Offset in the target text of a source offset; a boundary inside a changed span maps to the span's start. */
  toTarget(sourceOffset: number): number;
  /** Offset in the source text of a target offset; a boundary inside a changed span maps to the span's start. */
  toSource(targetOffset: number): number;
  /** Widen a source range so both ends fall on span boundaries, then map it. */
  rangeToTarget(range: Range): Range;
  rangeToSource(range: Range): Range;
}

export interface ScriptView {
  script: Script;
  text: string;
  /** source = canonical text, target = this view's text. */
  map: OffsetMap;
}

export interface SearchKeyResult {
  /** Folded text: simplified, no whitespace or punctuation, width folded, lower-case. */
  key: string;
  /** source = the input text, target = key. */
  map: OffsetMap;
}

/** W3C Web Annotation TextQuoteSelector (without `type`): the quote and up to 32 chars of context each side. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** What an annotation stores to find its passage again (DESIGN.md, Anchors). Offsets are canonical. */
export interface AnchorTarget {
  fingerprint: string;
  cleanVersion: number;
  position: Range;
  quote: TextQuote;
}

/** Outcome of re-anchoring one target on the current canonical text, cheapest method first. */
export type AnchorResult =
  | { status: 'anchored'; range: Range; method: 'position' | 'quote' | 'fuzzy'; score: number }
  | { status: 'orphan'; bestScore: number };
