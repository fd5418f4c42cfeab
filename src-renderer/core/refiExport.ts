// The codebook as a REFI-QDA codebook (.qdc) and the whole project as a REFI-QDA project
// (.qdpx: a ZIP of project.qde and sources/), the exchange format of ATLAS.ti, NVivo,
// MAXQDA, QualCoder and others (QDA-XML 1.0, Project-mrt2019.xsd). Themes are Codes (nested
// as the codebook nests them), each article's canonical text is a TextSource, each passage
// a PlainTextSelection with a Coding per theme and a NoteRef to its note. Positions count
// Unicode code points of the source text, end exclusive ([start, end), as the app's ranges).
import { strToU8, zipSync } from 'fflate';
import { toCodePointOffsets } from './codePoints.ts';
import type { ExportAnnotation, ExportArticle } from './markdownExport.ts';
import { articleTitle, placePassages } from './placedPassages.ts';
import { themeChildren, type TreeTheme } from './themeTree.ts';
import { attrs, xmlText } from './xmlText.ts';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
export const ORIGIN = 'Pizhu 批注';

export interface RefiTheme extends TreeTheme {
  color: string;
  description: string;
}

export type RefiAnnotation = ExportAnnotation & { updatedAt?: number };

export interface RefiOptions {
  exportedAt: number;
  /** A new GUID, for what has no UUID of its own (sources, codings, notes, ids from elsewhere). */
  newGuid: () => string;
}

/** The app's colour names as RGB, the underline shades of the light scheme (app.css). */
export const COLOR_RGB: Record<string, string> = { yellow: '#d9a400', green: '#2f9a4a', blue: '#2f78d0', pink: '#d0457f', purple: '#7d55c2' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (ms: number) => new Date(ms).toISOString();

/** Ids as GUIDs: a UUID is its own; anything else gets a new GUID, the same one each time it is asked for. */
function guids(newGuid: () => string): (id: string) => string {
  const made = new Map<string, string>();
  return (id) => {
    if (UUID.test(id)) return id.toLowerCase();
    let g = made.get(id);
    if (g === undefined) made.set(id, (g = newGuid()));
    return g;
  };
}

function codesXml(themes: readonly RefiTheme[], guidOf: (id: string) => string): string {
  const children = themeChildren(themes);
  const code = (t: RefiTheme): string => {
    const rgb = COLOR_RGB[t.color] ?? (/^#[0-9a-f]{6}$/i.test(t.color) ? t.color : undefined);
    const inner = [t.description.trim() ? `<Description>${xmlText(t.description)}</Description>` : '', ...(children.get(t.id) ?? []).map(code)].join('');
    const head = `<Code${attrs([['guid', guidOf(t.id)], ['name', t.name], ['isCodable', true], ['color', rgb]])}`;
    return inner ? `${head}>${inner}</Code>` : `${head}/>`;
  };
  return `<Codes>${(children.get(null) ?? []).map(code).join('')}</Codes>`;
}

/** True when there is a theme to put in a codebook (a CodeBook needs at least one Code). */
export function hasCodes(themes: readonly RefiTheme[]): boolean {
  return themeChildren(themes).has(null);
}

/** The .qdc text; null when there is no live theme (a codebook needs one). */
export function codebookQdc(themes: readonly RefiTheme[], options: RefiOptions): string | null {
  if (!hasCodes(themes)) return null;
  const guidOf = guids(options.newGuid);
  return `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook${attrs([['xmlns', CODEBOOK_NS], ['origin', ORIGIN]])}>${codesXml(themes, guidOf)}</CodeBook>\n`;
}

export interface RefiProjectInput {
  /** Every article the project holds (with its text, or null when it could not be read). */
  articles: readonly ExportArticle[];
  /** Live annotations. */
  annotations: readonly RefiAnnotation[];
  themes: readonly RefiTheme[];
}

export interface RefiProject {
  /** project.qde, as one string (joined when asked for). */
  readonly qde: string;
  /**
   * project.qde in pieces that join to it: a project of 100,000 passages is some 50 million
   * characters, and the archive encodes the pieces one by one rather than copy them into one
   * string first.
   */
  qdePieces: readonly string[];
  /** sources/<name>: each article's canonical text. */
  sources: { name: string; text: string }[];
  /** Passages written as selections. */
  selections: number;
  /** Passages left out: their text is no longer in the article, or the article is gone. */
  skipped: number;
}

const SELECTION_NAME_CHARS = 40;

/** The first `n` code points of `s` (a lone surrogate counts as one, as string iteration counts it). */
function firstCodePoints(s: string, n: number): string {
  let units = 0;
  for (let points = 0; points < n && units < s.length; points++) {
    const c = s.charCodeAt(units);
    const d = s.charCodeAt(units + 1);
    units += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return s.slice(0, units);
}

export function refiProject(input: RefiProjectInput, options: RefiOptions): RefiProject {
  const guidOf = guids(options.newGuid);
  const liveThemeIds = new Set([...themeChildren(input.themes).values()].flat().map((t) => t.id));
  const notes: string[] = [];
  const sources: { name: string; text: string }[] = [];
  const sourceXml: string[] = [];
  let selections = 0;
  let skipped = 0;
  for (const { article, passages } of placePassages(input.articles, input.annotations)) {
    const text = article.text;
    if (!text) {
      skipped += passages.length;
      continue;
    }
    const sourceGuid = options.newGuid();
    const name = `${sourceGuid}.txt`;
    sources.push({ name, text: text.canonical });
    const placed = passages.filter((p) => p.range !== null);
    skipped += passages.length - placed.length;
    const points = toCodePointOffsets(
      text.canonical,
      placed.flatMap((p) => [p.range!.start, p.range!.end]),
    );
    const selectionXml = placed.map((p, i) => {
      const r = p.record;
      const created = iso(r.createdAt);
      const modified = r.updatedAt === undefined ? undefined : iso(r.updatedAt);
      let inner = '';
      for (const id of r.tagIds) {
        if (liveThemeIds.has(id)) inner += `<Coding${attrs([['guid', options.newGuid()], ['creationDateTime', created]])}><CodeRef${attrs([['targetGUID', guidOf(id)]])}/></Coding>`;
      }
      if (r.note.trim() !== '') {
        const noteGuid = options.newGuid();
        inner += `<NoteRef${attrs([['targetGUID', noteGuid]])}/>`;
        notes.push(
          `<Note${attrs([['guid', noteGuid], ['name', r.note.trim().split('\n')[0].slice(0, SELECTION_NAME_CHARS)], ['creationDateTime', created], ['modifiedDateTime', modified]])}><PlainTextContent>${xmlText(r.note)}</PlainTextContent></Note>`,
        );
      }
      // The name is the passage's opening, as tools list selections; twice the characters are taken so pairs stay whole.
      const opening = text.canonical.slice(p.range!.start, Math.min(p.range!.end, p.range!.start + 2 * SELECTION_NAME_CHARS));
      const head = attrs([
        ['guid', guidOf(r.id)],
        ['name', firstCodePoints(opening.replace(/\s+/g, ' '), SELECTION_NAME_CHARS)],
        ['startPosition', points[2 * i]],
        ['endPosition', points[2 * i + 1]],
        ['creationDateTime', created],
        ['modifiedDateTime', modified],
      ]);
      selections++;
      return inner ? `<PlainTextSelection${head}>${inner}</PlainTextSelection>` : `<PlainTextSelection${head}/>`;
    });
    // The library key goes in the description: it is what an import back finds the article by first.
    sourceXml.push(
      `<TextSource${attrs([['guid', sourceGuid], ['name', articleTitle(article)], ['plainTextPath', `internal://${name}`]])}><Description>${xmlText(article.key)}</Description>${selectionXml.join('\n')}</TextSource>`,
    );
  }
  const pieces = [`<?xml version="1.0" encoding="utf-8"?>\n<Project${attrs([['xmlns', PROJECT_NS], ['name', ORIGIN], ['origin', ORIGIN], ['creationDateTime', iso(options.exportedAt)]])}>\n`];
  if (hasCodes(input.themes)) pieces.push(`<CodeBook>${codesXml(input.themes, guidOf)}</CodeBook>\n`);
  // Each element on a line of its own, as a list joined by line breaks would put them.
  const section = (tag: string, elements: readonly string[]) => {
    if (elements.length === 0) return;
    pieces.push(`<${tag}>\n`);
    for (const element of elements) pieces.push(element, '\n');
    pieces.push(`</${tag}>\n`);
  };
  section('Sources', sourceXml);
  section('Notes', notes);
  pieces.push('</Project>\n');
  let joined: string | undefined;
  return {
    get qde() {
      return (joined ??= pieces.join(''));
    },
    qdePieces: pieces,
    sources,
    selections,
    skipped,
  };
}

/** UTF-8 of the pieces, end to end, encoded one by one into one buffer. */
function utf8(pieces: readonly string[]): Uint8Array {
  const encoder = new TextEncoder();
  // Three bytes at most per UTF-16 unit (a pair is two units and four bytes).
  let units = 0;
  for (const piece of pieces) units += piece.length;
  let out = new Uint8Array(Math.max(16, Math.ceil(units * 1.5)));
  let at = 0;
  for (const piece of pieces) {
    if (out.length - at < piece.length * 3) {
      const grown = new Uint8Array(Math.max(out.length * 2, at + piece.length * 3));
      grown.set(out.subarray(0, at));
      out = grown;
    }
    at += encoder.encodeInto(piece, out.subarray(at)).written;
  }
  return out.subarray(0, at);
}

/**
 * The .qdpx bytes: project.qde and sources/ (UTF-8), deflated at the fastest level: Chinese
 * text in files of a few thousand characters comes out only a few percent smaller at the
 * default level, for about twice the work, and deflating is most of a big project's export.
 */
export function qdpxArchive(project: RefiProject): Uint8Array {
  const files: Record<string, Uint8Array> = { 'project.qde': utf8(project.qdePieces) };
  for (const s of project.sources) files[`sources/${s.name}`] = strToU8(s.text);
  return zipSync(files, { level: 1 });
}
