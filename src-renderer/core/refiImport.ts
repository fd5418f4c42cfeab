// Reading a REFI-QDA codebook (.qdc) or project (.qdpx, or a bare project.qde) and planning
// what it adds here: codes become themes (matched to ours by id, then by search key, so 营商环境
// from NVivo is our 營商環境; nested as the file nests them), and selections on sources that
// are library articles become passages. Pure: the state layer finds the articles, the db layer
// writes the plan in one transaction. A file that is not one of these is refused whole, with
// the reason, before anything is planned.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { anchor } from './anchor.ts';
import { CLEAN_VERSION } from './clean.ts';
import { toUnitOffsets } from './codePoints.ts';
import { CODEBOOK_NS, COLOR_RGB, PROJECT_NS } from './refiExport.ts';
import { describeRange } from './textQuote.ts';
import { findTheme, newTheme, themeKey, type ThemeFields } from './themeIdentity.ts';
import type { AnnotationRow } from './userRows.ts';

/** Larger files are refused unread: a project of 10,000 articles zips to well under this. */
export const MAX_REFI_BYTES = 512 * 1024 * 1024;

export type RefiErrorCode = 'too-large' | 'not-refi' | 'invalid';
export interface RefiError {
  code: RefiErrorCode;
  /** What and where, in English; the UI words the code. */
  detail: string;
}

export interface RefiCode {
  guid: string;
  name: string;
  /** One of the app's colour names, or ''. */
  color: string;
  description: string;
  parentGuid: string | null;
}

export interface RefiSelection {
  guid: string;
  /** Code points, [start, end). */
  start: number;
  end: number;
  codeGuids: string[];
  note: string;
  created: number | null;
  modified: number | null;
}

export interface RefiSource {
  guid: string;
  name: string;
  description: string;
  /** The source's plain text; null when the file does not carry it (an external path, a missing entry). */
  text: string | null;
  selections: RefiSelection[];
}

export interface RefiDocument {
  kind: 'codebook' | 'project';
  codes: RefiCode[];
  sources: RefiSource[];
}

export type ReadRefiResult = { ok: true; document: RefiDocument } | { ok: false; error: RefiError };

class Refused extends Error {
  constructor(
    readonly code: RefiErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['Code', 'TextSource', 'PlainTextSelection', 'Coding', 'NoteRef', 'Note', 'PictureSource', 'PDFSource', 'AudioSource', 'VideoSource']);
const list = (n: unknown): Node[] => (Array.isArray(n) ? (n as Node[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A GUID as the app writes ids: lower case, no braces; '' when it is not one. */
export function normalGuid(value: string): string {
  const m = GUID.exec(value.trim());
  return m ? m[1].toLowerCase() : '';
}

function time(value: unknown): number | null {
  const s = str(value);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

/** The app's colour nearest to an RGB colour (`#rrggbb` or `#rgb`), or '' for none. */
export function nearestColor(rgb: string): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(rgb.trim());
  if (!m) return '';
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const parts = (h: string) => [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  const [r, g, b] = parts(hex);
  let best = '';
  let bestDistance = Infinity;
  for (const [name, value] of Object.entries(COLOR_RGB)) {
    const [r2, g2, b2] = parts(value.slice(1));
    const d = (r - r2) ** 2 + (g - g2) ** 2 + (b - b2) ** 2;
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function parseXml(xml: string): Node {
  // A DTD can define entities that expand without bound; no REFI-QDA file has one.
  if (/<!DOCTYPE/i.test(xml)) throw new Refused('not-refi', 'the XML has a DOCTYPE, which no REFI-QDA file has');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Refused('invalid', `XML error at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => ARRAYS.has(name),
  }).parse(xml) as Node;
}

function readCodes(codes: Node | undefined, parentGuid: string | null, out: RefiCode[]): void {
  for (const c of list(codes?.Code)) {
    const guid = normalGuid(str(c['@guid']));
    const name = str(c['@name']).trim();
    if (!guid) throw new Refused('invalid', `a Code (${JSON.stringify(name)}) has no GUID`);
    if (!name) throw new Refused('invalid', `the Code ${guid} has no name`);
    out.push({ guid, name, color: nearestColor(str(c['@color'])), description: str(c.Description), parentGuid });
    readCodes(c, guid, out);
  }
}

const utf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');

/** The XML of a .qdc or .qde, or of a .qdpx's project.qde, and the .qdpx's files. */
function unpack(bytes: Uint8Array): { xml: string; files: Map<string, Uint8Array> } {
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!isZip) {
    try {
      return { xml: utf8(bytes), files: new Map() };
    } catch {
      throw new Refused('not-refi', 'the file is neither a ZIP (.qdpx) nor UTF-8 XML (.qdc, .qde)');
    }
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new Refused('invalid', `the ZIP cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const files = new Map<string, Uint8Array>();
  for (const [path, data] of Object.entries(entries)) files.set(path.replace(/\\/g, '/').toLowerCase(), data);
  const qde = files.get('project.qde') ?? [...files.entries()].find(([p]) => p.endsWith('.qde'))?.[1];
  if (!qde) throw new Refused('not-refi', 'the ZIP has no project.qde, so it is not a REFI-QDA project');
  try {
    return { xml: utf8(qde), files };
  } catch {
    throw new Refused('invalid', 'project.qde is not UTF-8');
  }
}

function sourceText(source: Node, files: Map<string, Uint8Array>): string | null {
  const inline = source.PlainTextContent;
  if (typeof inline === 'string') return inline;
  const path = str(source['@plainTextPath']);
  const internal = /^internal:\/\/(.+)$/i.exec(path);
  if (!internal) return null;
  const data = files.get(`sources/${internal[1]}`.toLowerCase());
  if (!data) return null;
  try {
    return utf8(data).replace(/\r\n?/g, '\n');
  } catch {
    return null;
  }
}

export function readRefiFile(bytes: Uint8Array): ReadRefiResult {
  try {
    if (bytes.length > MAX_REFI_BYTES) throw new Refused('too-large', `${bytes.length} bytes is more than the ${MAX_REFI_BYTES} an import may have`);
    const { xml, files } = unpack(bytes);
    const root = parseXml(xml);
    const codes: RefiCode[] = [];
    if (root.CodeBook !== undefined && root.Project === undefined) {
      const book = root.CodeBook as Node;
      const ns = str(book['@xmlns']);
      if (ns && ns !== CODEBOOK_NS) throw new Refused('not-refi', `the codebook's namespace is ${ns}, not ${CODEBOOK_NS}`);
      readCodes(book.Codes as Node | undefined, null, codes);
      return { ok: true, document: { kind: 'codebook', codes, sources: [] } };
    }
    if (root.Project === undefined || typeof root.Project !== 'object') throw new Refused('not-refi', 'the root element is neither Project nor CodeBook');
    const project = root.Project as Node;
    const ns = str(project['@xmlns']);
    if (ns && ns !== PROJECT_NS) throw new Refused('not-refi', `the project's namespace is ${ns}, not ${PROJECT_NS}`);
    readCodes((project.CodeBook as Node | undefined)?.Codes as Node | undefined, null, codes);
    const notes = new Map<string, string>();
    for (const n of list((project.Notes as Node | undefined)?.Note)) {
      const text = sourceText(n, files);
      if (text !== null) notes.set(normalGuid(str(n['@guid'])), text);
    }
    const sources: RefiSource[] = list((project.Sources as Node | undefined)?.TextSource).map((s) => ({
      guid: normalGuid(str(s['@guid'])),
      name: str(s['@name']),
      description: str(s.Description),
      text: sourceText(s, files),
      selections: list(s.PlainTextSelection).map((sel) => {
        const start = Number(str(sel['@startPosition']));
        const end = Number(str(sel['@endPosition']));
        const noteText = list(sel.NoteRef)
          .map((r) => notes.get(normalGuid(str(r['@targetGUID']))))
          .filter((t): t is string => t !== undefined);
        return {
          guid: normalGuid(str(sel['@guid'])),
          start,
          end,
          codeGuids: list(sel.Coding).map((c) => normalGuid(str((c.CodeRef as Node | undefined)?.['@targetGUID']))).filter((g) => g !== ''),
          note: noteText.join('\n\n'),
          created: time(sel['@creationDateTime']),
          modified: time(sel['@modifiedDateTime']),
        };
      }),
    }));
    return { ok: true, document: { kind: 'project', codes, sources } };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: { code: error.code, detail: error.message } };
    return { ok: false, error: { code: 'invalid', detail: error instanceof Error ? error.message : String(error) } };
  }
}

/** A library article a source was matched to. */
export interface MatchedArticle {
  key: string;
  canonical: string;
  /** The fingerprint annotations of this article carry. */
  fingerprint: string;
}

export interface RefiImportPlan {
  /** Themes to add (new ids, nested under their imported parents). */
  newThemes: ThemeFields[];
  /** Passages to write (merged by id with what is here: the newer wins). */
  annotations: AnnotationRow[];
  /** Codes that became an existing theme (by id or by name). */
  themesMatched: number;
  /** Sources with selections that match no library article (their names), or whose text the file does not carry. */
  unmatchedSources: string[];
  /** Selections on matched sources that could not be placed (outside the text, or text that changed). */
  unplaced: number;
}

export interface PlanOptions {
  now: number;
  newId: () => string;
}

/**
 * The plan for `document` against the themes here (tombstones included: a theme deleted here
 * is not brought back by an older file) and the articles its sources matched.
 */
export function planRefiImport(document: RefiDocument, localThemes: readonly ThemeFields[], matched: ReadonlyMap<RefiSource, MatchedArticle | null>, options: PlanOptions): RefiImportPlan {
  const byId = new Map(localThemes.map((t) => [t.id, t]));
  const live = localThemes.filter((t) => t.deletedAt === null);
  const themeOf = new Map<string, string | null>();
  const newThemes: ThemeFields[] = [];
  let themesMatched = 0;
  for (const code of document.codes) {
    const here = byId.get(code.guid);
    if (here) {
      themeOf.set(code.guid, here.deletedAt === null ? here.id : null);
      if (here.deletedAt === null) themesMatched++;
      continue;
    }
    const sameName = findTheme(live, code.name) ?? findTheme(newThemes, code.name);
    if (sameName) {
      themeOf.set(code.guid, sameName.id);
      if (!newThemes.includes(sameName)) themesMatched++;
      continue;
    }
    if (!themeKey(code.name)) {
      themeOf.set(code.guid, null);
      continue;
    }
    const parentId = code.parentGuid === null ? null : (themeOf.get(code.parentGuid) ?? null);
    const theme = newTheme(code.guid, code.name, options.now, { color: code.color, description: code.description, parentId });
    newThemes.push(theme);
    themeOf.set(code.guid, theme.id);
  }
  const colorOf = new Map([...localThemes, ...newThemes].map((t) => [t.id, t.color]));

  const annotations: AnnotationRow[] = [];
  const unmatchedSources: string[] = [];
  let unplaced = 0;
  const seen = new Set<string>();
  for (const source of document.sources) {
    if (source.selections.length === 0) continue;
    const article = matched.get(source) ?? null;
    if (!article || source.text === null) {
      unmatchedSources.push(source.name || source.guid);
      continue;
    }
    const sourceText = source.text;
    const units = toUnitOffsets(sourceText, source.selections.flatMap((s) => [s.start, s.end]));
    source.selections.forEach((sel, i) => {
      const [a, b] = [units[2 * i], units[2 * i + 1]];
      if (a === null || b === null || b <= a) {
        unplaced++;
        return;
      }
      let range: { start: number; end: number } | null = { start: a, end: b };
      if (sourceText !== article.canonical) {
        // The source is this article's text in another form (the file as written, before
        // clean): the passage is found by its quote, as a changed file's annotations are.
        const described = describeRange(sourceText, range);
        const found = anchor(article.canonical, article.fingerprint, { fingerprint: '', cleanVersion: CLEAN_VERSION, position: described.position, quote: described.quote });
        range = found.status === 'anchored' ? found.range : null;
      }
      if (range === null || range.end <= range.start) {
        unplaced++;
        return;
      }
      const tagIds = [...new Set(sel.codeGuids.map((g) => themeOf.get(g)).filter((id): id is string => typeof id === 'string'))];
      let id = sel.guid || options.newId();
      if (seen.has(id)) id = options.newId();
      seen.add(id);
      const created = sel.created ?? options.now;
      const { position, quote } = describeRange(article.canonical, range);
      const firstColor = tagIds.map((t) => colorOf.get(t)).find((c) => c !== undefined && c in COLOR_RGB);
      annotations.push({
        id,
        articleKey: article.key,
        fingerprint: article.fingerprint,
        cleanVersion: CLEAN_VERSION,
        position,
        quote,
        color: firstColor ?? 'yellow',
        style: 'highlight',
        note: sel.note,
        tagIds,
        createdAt: created,
        updatedAt: sel.modified ?? created,
        deletedAt: null,
      });
    });
  }
  return { newThemes, annotations, themesMatched, unmatchedSources, unplaced };
}
