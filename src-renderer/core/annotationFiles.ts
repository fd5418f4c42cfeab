// The annotation files a library carries (DESIGN.md, Data: "Annotation files"): per article a
// W3C Web Annotation AnnotationCollection holding every annotation of that article (tombstones
// too) and the title the user gave it, and one codebook file with every theme. The annotations
// are the backup's Web Annotations (core/webAnnotation.ts), so any Web Annotation reader reads
// them and we read back every field.
//
// Writing is stable: the same records give the same bytes (fields in one order, rows sorted
// by id, no time of writing), so a sync tool sees a change only where there is one.
//
// Reading tells apart what the caller must do: a file of ours (merge it), a file cut short
// (a write or a transfer in progress), not JSON, someone else's JSON, ours from a newer
// version. Only the first is data; every other is set aside and reported, never read as
// "no annotations", which would let a merge lose nothing and the next write lose everything.
import { mergeRecords, type SyncRecords } from './syncMerge.ts';
import type { ThemeFields } from './themeIdentity.ts';
import type { AnnotationRow, TitleRow } from './userRows.ts';
import {
  arr,
  articleIri,
  InvalidField,
  int,
  isObject,
  liveThemeNames,
  nonEmpty,
  nullable,
  obj,
  PIZHU_VOCAB,
  readAnnotation,
  readTag,
  str,
  toWebAnnotation,
  unique,
} from './webAnnotation.ts';

/** The version of the files' layout; a reader refuses files of a later one. */
export const ANNOTATION_FILE_FORMAT = 1;
/** A file larger than this is not read (100,000 annotations of one article are about 120 MB). */
export const MAX_ANNOTATION_FILE_BYTES = 256 * 1024 * 1024;

const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const CONTEXT = [ANNO_CONTEXT, { pizhu: PIZHU_VOCAB }];
const CODEBOOK_CONTEXT = { pizhu: PIZHU_VOCAB };

/** What one article's file holds. */
export interface ArticleFileData {
  articleKey: string;
  /** The article's fingerprint when the file was written (each annotation keeps its own too). */
  fingerprint: string;
  annotations: AnnotationRow[];
  /** The title the user gave the article (or restored: title null), if ever. */
  title: TitleRow | null;
}

export type AnnotationFileProblem = 'too-large' | 'truncated' | 'not-json' | 'foreign' | 'newer-format' | 'invalid';

export type ParsedAnnotationFile =
  | { ok: true; kind: 'article'; data: ArticleFileData }
  | { ok: true; kind: 'codebook'; themes: ThemeFields[] }
  /** `detail` is English for the log (a JSON path and the rule it broke); the UI words `problem`. */
  | { ok: false; problem: AnnotationFileProblem; detail: string };

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const text = (json: unknown): string => `${JSON.stringify(json, null, 2)}\n`;

/**
 * The file of one article: its annotations (every one with `articleKey`), sorted by id.
 * `themes` name the tagging bodies; a theme's rename therefore rewrites the files of its passages.
 */
export function articleFileText(data: ArticleFileData, themes: readonly ThemeFields[]): string {
  const names = liveThemeNames(themes);
  const items = [...data.annotations].sort((a, b) => byId(a.id, b.id)).map((a) => toWebAnnotation(a, names));
  const collection: Record<string, unknown> = {
    '@context': CONTEXT,
    id: `${articleIri(data.articleKey)}#annotations`,
    type: 'AnnotationCollection',
    label: data.articleKey,
    total: items.length,
    'pizhu:format': ANNOTATION_FILE_FORMAT,
    'pizhu:kind': 'article',
    'pizhu:articleKey': data.articleKey,
    'pizhu:fingerprint': data.fingerprint,
  };
  if (data.title !== null) collection['pizhu:title'] = { title: data.title.title, updatedAt: data.title.updatedAt };
  collection.first = { id: `${articleIri(data.articleKey)}#annotations-page-1`, type: 'AnnotationPage', startIndex: 0, items: ITEMS_MARK };
  // The few fields of the collection are indented; each annotation is one line of compact
  // JSON. A diff or a sync tool still sees one changed annotation as one changed line, and the
  // file is about a third smaller and reads several times faster than indented throughout
  // (JSON.parse spends most of its time on the indentation of 100,000 annotations).
  const lines = items.length === 0 ? '[]' : `[\n${items.map((item) => `      ${JSON.stringify(item)}`).join(',\n')}\n    ]`;
  return text(collection).replace(JSON.stringify(ITEMS_MARK), () => lines);
}

/** Where the annotation lines go in the indented collection: a string no field of ours holds. */
const ITEMS_MARK = '\u0000items\u0000';

/** A theme's fields in one order, whatever order its row had them in. */
function themeJson(t: ThemeFields): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    key: t.key,
    name: t.name,
    aliases: t.aliases,
    color: t.color,
    description: t.description,
    parentId: t.parentId,
    updatedAt: t.updatedAt,
    deletedAt: t.deletedAt,
  };
  if (t.mergedInto !== undefined && t.mergedInto !== null) out.mergedInto = t.mergedInto;
  return out;
}

/** The codebook file: every theme, tombstones and merges included, sorted by id. */
export function codebookFileText(themes: readonly ThemeFields[]): string {
  return text({
    '@context': CODEBOOK_CONTEXT,
    id: 'urn:pizhu:codebook',
    type: 'pizhu:Codebook',
    'pizhu:format': ANNOTATION_FILE_FORMAT,
    'pizhu:kind': 'codebook',
    'pizhu:themes': [...themes].sort((a, b) => byId(a.id, b.id)).map(themeJson),
  });
}

/**
 * Whether text that JSON.parse refused is JSON cut short: everything up to the end reads as
 * the start of an object or array, with brackets still open or a string unfinished. Engines
 * word their parse errors differently, so this looks at the text, not the message.
 */
function isCutShort(source: string): boolean {
  const trimmed = source.trimStart();
  if (trimmed === '') return true;
  if (trimmed[0] !== '{' && trimmed[0] !== '[') return false;
  const open: string[] = [];
  let inString = false;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') open.push(ch);
    else if (ch === '}' || ch === ']') {
      if (open.pop() !== (ch === '}' ? '{' : '[')) return false;
      // Everything closed before the end: the fault is elsewhere, not a cut.
      if (open.length === 0) return false;
    }
  }
  return inString || open.length > 0;
}

function readArticle(json: Record<string, unknown>): ArticleFileData {
  const articleKey = nonEmpty(json['pizhu:articleKey'], 'pizhu:articleKey');
  const first = obj(json.first, 'first');
  const items = arr(first.items, 'first.items');
  const annotations = unique(
    items.map((v, i) => readAnnotation(v, `first.items[${i}]`)),
    (a) => a.id,
    'first.items',
  );
  annotations.forEach((a, i) => {
    if (a.articleKey !== articleKey) throw new InvalidField(`first.items[${i}].pizhu:articleKey: is ${JSON.stringify(a.articleKey)}, not the file's ${JSON.stringify(articleKey)}`);
  });
  if (json.total !== undefined && json.total !== items.length) throw new InvalidField(`total: says ${String(json.total)} but first.items has ${items.length}`);
  let title: TitleRow | null = null;
  if (json['pizhu:title'] !== undefined) {
    const t = obj(json['pizhu:title'], 'pizhu:title');
    title = { articleKey, title: nullable(t.title, 'pizhu:title.title', str), updatedAt: int(t.updatedAt, 'pizhu:title.updatedAt') };
  }
  return { articleKey, fingerprint: str(json['pizhu:fingerprint'], 'pizhu:fingerprint'), annotations, title };
}

function readCodebook(json: Record<string, unknown>): ThemeFields[] {
  return unique(
    arr(json['pizhu:themes'], 'pizhu:themes').map((v, i) => readTag(v, `pizhu:themes[${i}]`)),
    (t) => t.id,
    'pizhu:themes',
  );
}

/** Reads an annotation file's text. `byteLength` is the file's size (refused above MAX_ANNOTATION_FILE_BYTES). */
export function parseAnnotationFile(source: string, byteLength: number = source.length): ParsedAnnotationFile {
  if (byteLength > MAX_ANNOTATION_FILE_BYTES) return { ok: false, problem: 'too-large', detail: `${byteLength} bytes; the limit is ${MAX_ANNOTATION_FILE_BYTES}` };
  const body = source.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return isCutShort(body) ? { ok: false, problem: 'truncated', detail: `ends inside the JSON after ${body.length} characters` } : { ok: false, problem: 'not-json', detail: (error as Error).message };
  }
  if (!isObject(json) || !('pizhu:format' in json) || (json['pizhu:kind'] !== 'article' && json['pizhu:kind'] !== 'codebook')) {
    const backup = isObject(json) && 'pizhu:format' in json && json.type === 'AnnotationCollection';
    return { ok: false, problem: 'foreign', detail: backup ? 'a Pizhu backup, not an annotation file' : 'not a Pizhu annotation file (pizhu:format and pizhu:kind missing)' };
  }
  const format = json['pizhu:format'];
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) return { ok: false, problem: 'invalid', detail: 'pizhu:format: must be a whole number ≥ 1' };
  if (format > ANNOTATION_FILE_FORMAT) return { ok: false, problem: 'newer-format', detail: `format ${format}; this version reads up to ${ANNOTATION_FILE_FORMAT}` };
  try {
    if (json['pizhu:kind'] === 'article') {
      if (json.type !== 'AnnotationCollection') throw new InvalidField('type: must be "AnnotationCollection"');
      return { ok: true, kind: 'article', data: readArticle(json) };
    }
    return { ok: true, kind: 'codebook', themes: readCodebook(json) };
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, problem: 'invalid', detail: error.message };
    throw error;
  }
}

/**
 * The records split into one file's data per article (every article with an annotation or a
 * replaced title), sorted by key. `fingerprintOf` gives an article's current fingerprint; an
 * article not in the library keeps the one its latest annotation was made on.
 */
export function articleFilesOf(records: SyncRecords, fingerprintOf: (articleKey: string) => string | undefined): ArticleFileData[] {
  const byKey = new Map<string, ArticleFileData>();
  const entry = (articleKey: string): ArticleFileData => {
    let data = byKey.get(articleKey);
    if (!data) byKey.set(articleKey, (data = { articleKey, fingerprint: '', annotations: [], title: null }));
    return data;
  };
  for (const a of records.annotations) entry(a.articleKey).annotations.push(a);
  for (const t of records.titles) entry(t.articleKey).title = t;
  const out = [...byKey.values()].sort((a, b) => byId(a.articleKey, b.articleKey));
  for (const data of out) {
    const latest = data.annotations.reduce<AnnotationRow | null>((best, a) => (best === null || a.updatedAt > best.updatedAt ? a : best), null);
    data.fingerprint = fingerprintOf(data.articleKey) ?? latest?.fingerprint ?? '';
  }
  return out;
}

/** The records of files read whole (article files, codebooks, conflict copies alike), merged. */
export function recordsOfFiles(files: readonly Extract<ParsedAnnotationFile, { ok: true }>[]): SyncRecords {
  return mergeRecords(
    files.map((f) =>
      f.kind === 'codebook'
        ? { annotations: [], themes: f.themes, titles: [] }
        : { annotations: f.data.annotations, themes: [], titles: f.data.title === null ? [] : [f.data.title] },
    ),
  );
}
