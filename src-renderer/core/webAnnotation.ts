// The lossless backup: everything the user made (annotations with their notes and
// tombstones, themes, titles, settings, reading positions) as a W3C Web Annotation
// AnnotationCollection in JSON-LD. Each annotation is a valid Web Annotation on its own
// (quote and position selectors, the note as a Markdown TextualBody, themes as tagging
// bodies); what the model has no word for is kept under the `pizhu:` prefix, so another
// tool reads the standard part and we read back every byte of ours.
//
// Reading a file is strict: anything that is not our collection, or has a field of the
// wrong type, is refused as a whole with a message naming the place, before the database
// is touched.
import type { ReadingMarks } from './readingProgress.ts';
import type { ThemeFields } from './themeIdentity.ts';
import { NO_LIBRARY, type AnnotationRow, type LibraryTitleRow, type ReadingRow, type SettingRow } from './userRows.ts';

export const BACKUP_FORMAT = 1;
/**
 * Larger files are refused before they are read. A backup of 10,000 annotations is about
 * 12 MB; the limit lets a snapshot of 100,000 (about 120 MB) be restored (MAX_SNAPSHOT_BYTES).
 */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Our vocabulary's IRI prefix: a URN, so nothing suggests a web page that does not exist. */
export const PIZHU_VOCAB = 'urn:pizhu:vocab:';
const ANNOTATION_IRI = 'urn:pizhu:annotation:';
const ARTICLE_IRI = 'urn:pizhu:article:';
const AUTHOR_IRI = 'urn:pizhu:author:';

// The backup carries the database's rows as they are.
export type BackupAnnotation = AnnotationRow;
export type BackupTag = ThemeFields;
export type BackupTitle = LibraryTitleRow;
export type BackupSetting = SettingRow;
export type BackupReading = ReadingRow;

export interface BackupData {
  annotations: BackupAnnotation[];
  tags: BackupTag[];
  titles: BackupTitle[];
  settings: BackupSetting[];
  reading: BackupReading[];
}

export type BackupErrorCode = 'too-large' | 'not-json' | 'not-backup' | 'newer-format' | 'invalid';

export interface BackupError {
  code: BackupErrorCode;
  /** Where and what, in English (a JSON path and the rule it broke); the UI words the code. */
  detail: string;
}

export type ParsedBackup = { ok: true; data: BackupData; exportedAt: string } | { ok: false; error: BackupError };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (ms: number) => new Date(ms).toISOString();
const annotationIri = (id: string) => (UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : `${ANNOTATION_IRI}${encodeURIComponent(id)}`);
/** The article asked for last and its IRI: a file or backup names one article in row after row. */
let lastArticle: { key: string; iri: string } | null = null;
export function articleIri(key: string): string {
  if (lastArticle?.key !== key) lastArticle = { key, iri: `${ARTICLE_IRI}${key.split('/').map(encodeURIComponent).join('/')}` };
  return lastArticle.iri;
}
/** The author asked for last and their IRI: most rows of a file are one person's. */
let lastAuthor: { id: string; iri: string } | null = null;
function authorIri(id: string): string {
  if (lastAuthor?.id !== id) lastAuthor = { id, iri: `${AUTHOR_IRI}${encodeURIComponent(id)}` };
  return lastAuthor.iri;
}

/** `pizhu-backup-2026-01-02.json`: dated, so backups of different days sit side by side. */
export const backupFileName = (exportedAt: number): string => `pizhu-backup-${iso(exportedAt).slice(0, 10)}.json`;

/** Names of live themes by id, for tagging bodies: a deleted theme names no passage (its tombstone still travels). */
export const liveThemeNames = (themes: readonly BackupTag[]): Map<string, string> => new Map(themes.filter((t) => t.deletedAt === null).map((t) => [t.id, t.name]));

/**
 * One annotation as a W3C Web Annotation, its fields always in one order (the annotation
 * files must not change when the data has not).
 */
export function toWebAnnotation(a: BackupAnnotation, tagName: ReadonlyMap<string, string>): Record<string, unknown> {
  const body: Record<string, unknown>[] = [];
  if (a.note !== '') body.push({ type: 'TextualBody', value: a.note, format: 'text/markdown', purpose: 'commenting' });
  for (const id of a.tagIds) {
    const name = tagName.get(id);
    if (name !== undefined) body.push({ type: 'TextualBody', value: name, purpose: 'tagging' });
  }
  const annotation: Record<string, unknown> = {
    '@context': ANNO_CONTEXT,
    id: annotationIri(a.id),
    type: 'Annotation',
    motivation: a.note !== '' ? 'commenting' : 'highlighting',
    created: iso(a.createdAt),
    modified: iso(a.updatedAt),
  };
  if (a.author !== undefined) annotation.creator = { id: authorIri(a.author.id), type: 'Person', name: a.author.name };
  if (body.length > 0) annotation.body = body;
  annotation.target = {
    source: articleIri(a.articleKey),
    selector: [
      { type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix },
      { type: 'TextPositionSelector', start: a.position.start, end: a.position.end },
    ],
  };
  Object.assign(annotation, {
    'pizhu:id': a.id,
    'pizhu:articleKey': a.articleKey,
    'pizhu:fingerprint': a.fingerprint,
    'pizhu:cleanVersion': a.cleanVersion,
    'pizhu:color': a.color,
    ...(a.style !== undefined ? { 'pizhu:style': a.style } : {}),
    'pizhu:tagIds': a.tagIds,
    'pizhu:createdAt': a.createdAt,
    'pizhu:updatedAt': a.updatedAt,
    'pizhu:deletedAt': a.deletedAt,
  });
  return annotation;
}

/** The collection for `data`. `collectionId` is a UUID naming this backup. */
export function toAnnotationCollection(data: BackupData, exportedAt: number, collectionId: string): Record<string, unknown> {
  const tagName = liveThemeNames(data.tags);
  const items = data.annotations.map((a) => toWebAnnotation(a, tagName));
  return {
    '@context': [ANNO_CONTEXT, { pizhu: PIZHU_VOCAB }],
    id: `urn:uuid:${collectionId}`,
    type: 'AnnotationCollection',
    label: 'Pizhu 批注 backup',
    total: items.length,
    'pizhu:format': BACKUP_FORMAT,
    'pizhu:exported': iso(exportedAt),
    // Which libraries' codebooks hold a theme is this machine's note (local paths): it stays here.
    'pizhu:tags': data.tags.map(({ libraryIds: _local, ...tag }: BackupTag & { libraryIds?: string[] }) => tag),
    'pizhu:titles': data.titles,
    'pizhu:settings': data.settings,
    'pizhu:reading': data.reading,
    first: { id: `urn:uuid:${collectionId}#page-1`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

// ── reading ────────────────────────────────────────────────────────────────

/** A field that breaks a rule; its message is the JSON path and the rule. */
export class InvalidField extends Error {}

type Json = Record<string, unknown>;

const fail = (path: string, rule: string): never => {
  throw new InvalidField(`${path}: ${rule}`);
};
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export function obj(v: unknown, path: string): Json {
  return isObject(v) ? v : fail(path, 'must be an object');
}
export function arr(v: unknown, path: string): unknown[] {
  return Array.isArray(v) ? v : fail(path, 'must be an array');
}
export function str(v: unknown, path: string): string {
  return typeof v === 'string' ? v : fail(path, 'must be a string');
}
export function nonEmpty(v: unknown, path: string): string {
  const s = str(v, path);
  return s.length > 0 ? s : fail(path, 'must not be empty');
}
export function int(v: unknown, path: string, min = 0): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min ? v : fail(path, `must be a whole number ≥ ${min}`);
}
function num(v: unknown, path: string): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'must be a number');
}
export const nullable = <T>(v: unknown, path: string, read: (v: unknown, path: string) => T): T | null => (v === null ? null : read(v, path));

/** The author in a `creator` of ours; another tool's creator is not ours to read. */
function readAuthor(v: unknown, path: string): BackupAnnotation['author'] {
  if (!isObject(v) || typeof v.id !== 'string' || !v.id.startsWith(AUTHOR_IRI)) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(v.id.slice(AUTHOR_IRI.length));
  } catch {
    return fail(`${path}.id`, 'is not a well-formed author IRI');
  }
  return { id: nonEmpty(id, `${path}.id`), name: str(v.name ?? '', `${path}.name`) };
}

/** One of our Web Annotations back as a row; throws InvalidField naming the place. */
export function readAnnotation(v: unknown, path: string): BackupAnnotation {
  const a = obj(v, path);
  if (a.type !== 'Annotation') fail(`${path}.type`, 'must be "Annotation"');
  const target = obj(a.target, `${path}.target`);
  const selectors = arr(target.selector, `${path}.target.selector`).map((s, i) => obj(s, `${path}.target.selector[${i}]`));
  const quoteAt = selectors.findIndex((s) => s.type === 'TextQuoteSelector');
  const positionAt = selectors.findIndex((s) => s.type === 'TextPositionSelector');
  if (quoteAt < 0) fail(`${path}.target.selector`, 'needs a TextQuoteSelector');
  if (positionAt < 0) fail(`${path}.target.selector`, 'needs a TextPositionSelector');
  const q = selectors[quoteAt];
  const qp = `${path}.target.selector[${quoteAt}]`;
  const quote = { exact: str(q.exact, `${qp}.exact`), prefix: str(q.prefix ?? '', `${qp}.prefix`), suffix: str(q.suffix ?? '', `${qp}.suffix`) };
  const p = selectors[positionAt];
  const pp = `${path}.target.selector[${positionAt}]`;
  const position = { start: int(p.start, `${pp}.start`), end: int(p.end, `${pp}.end`) };
  if (position.end < position.start) fail(`${pp}.end`, 'must not be before start');
  const bodies = a.body === undefined ? [] : Array.isArray(a.body) ? a.body : [a.body];
  const notes = bodies.map((b, i) => obj(b, `${path}.body[${i}]`)).filter((b) => b.purpose === 'commenting');
  if (notes.length > 1) fail(`${path}.body`, 'has more than one commenting body');
  const note = notes.length === 1 ? str(notes[0].value, `${path}.body.value`) : '';
  const style = a['pizhu:style'];
  if (style !== undefined && style !== 'highlight' && style !== 'underline') fail(`${path}.pizhu:style`, 'must be "highlight" or "underline"');
  const record: BackupAnnotation = {
    id: nonEmpty(a['pizhu:id'], `${path}.pizhu:id`),
    articleKey: nonEmpty(a['pizhu:articleKey'], `${path}.pizhu:articleKey`),
    fingerprint: str(a['pizhu:fingerprint'], `${path}.pizhu:fingerprint`),
    cleanVersion: int(a['pizhu:cleanVersion'], `${path}.pizhu:cleanVersion`),
    position,
    quote,
    color: str(a['pizhu:color'], `${path}.pizhu:color`),
    note,
    tagIds: arr(a['pizhu:tagIds'], `${path}.pizhu:tagIds`).map((t, i) => nonEmpty(t, `${path}.pizhu:tagIds[${i}]`)),
    createdAt: int(a['pizhu:createdAt'], `${path}.pizhu:createdAt`),
    updatedAt: int(a['pizhu:updatedAt'], `${path}.pizhu:updatedAt`),
    deletedAt: nullable(a['pizhu:deletedAt'], `${path}.pizhu:deletedAt`, int),
  };
  if (style === 'highlight' || style === 'underline') record.style = style;
  const author = a.creator === undefined ? undefined : readAuthor(a.creator, `${path}.creator`);
  if (author !== undefined) record.author = author;
  return record;
}

/**
 * A theme. Backups made before themes had a parent and times lack those fields: such a theme
 * is top-level, live, and dated 0 (never edited since), as the database upgrade dates it.
 */
export function readTag(v: unknown, path: string): BackupTag {
  const t = obj(v, path);
  const mergedInto = t.mergedInto === undefined ? undefined : nullable(t.mergedInto, `${path}.mergedInto`, nonEmpty);
  return {
    id: nonEmpty(t.id, `${path}.id`),
    key: nonEmpty(t.key, `${path}.key`),
    name: nonEmpty(t.name, `${path}.name`),
    aliases: arr(t.aliases, `${path}.aliases`).map((s, i) => str(s, `${path}.aliases[${i}]`)),
    color: str(t.color, `${path}.color`),
    description: str(t.description, `${path}.description`),
    parentId: t.parentId === undefined ? null : nullable(t.parentId, `${path}.parentId`, nonEmpty),
    updatedAt: t.updatedAt === undefined ? 0 : int(t.updatedAt, `${path}.updatedAt`),
    deletedAt: t.deletedAt === undefined ? null : nullable(t.deletedAt, `${path}.deletedAt`, int),
    ...(mergedInto !== undefined ? { mergedInto } : {}),
  };
}

export function readTitle(v: unknown, path: string): BackupTitle {
  const t = obj(v, path);
  return {
    libraryId: libraryOf(t, path),
    articleKey: nonEmpty(t.articleKey, `${path}.articleKey`),
    title: nullable(t.title, `${path}.title`, str),
    updatedAt: int(t.updatedAt, `${path}.updatedAt`),
  };
}

/** The library of a title or reading position; a backup made before they were kept per library names none. */
function libraryOf(row: Record<string, unknown>, path: string): string {
  return row.libraryId === undefined ? NO_LIBRARY : str(row.libraryId, `${path}.libraryId`);
}

/** Titles and reading positions are one per library and article. */
const libraryAndArticle = (row: { libraryId: string; articleKey: string }): string => JSON.stringify([row.libraryId, row.articleKey]);

/** Deepest nesting a setting's value may have; ours are scalars or small records. */
export const MAX_SETTING_DEPTH = 16;

/** Nesting depth of a JSON value (a scalar is 0), counted without recursion and given up past `limit`. */
function depthOver(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const v of level) if (typeof v === 'object' && v !== null) next.push(...Object.values(v));
    if (next.length > 0 && depth + 1 > limit) return true;
    level = next;
  }
  return false;
}

function readSetting(v: unknown, path: string): BackupSetting {
  const s = obj(v, path);
  if (!('value' in s)) fail(`${path}.value`, 'is missing');
  // IndexedDB copies a value recursively: a value nested thousands deep passed every check
  // here and then failed the import with "Maximum call stack size exceeded".
  if (depthOver(s.value, MAX_SETTING_DEPTH)) fail(`${path}.value`, `is nested deeper than ${MAX_SETTING_DEPTH} levels`);
  return { key: nonEmpty(s.key, `${path}.key`), value: s.value };
}

function readReading(v: unknown, path: string): BackupReading {
  const r = obj(v, path);
  return {
    libraryId: libraryOf(r, path),
    articleKey: nonEmpty(r.articleKey, `${path}.articleKey`),
    fingerprint: nullable(r.fingerprint, `${path}.fingerprint`, str),
    // -1: the top of the article, above its first block.
    blockIndex: int(r.blockIndex, `${path}.blockIndex`, -1),
    fraction: num(r.fraction, `${path}.fraction`),
    offset: int(r.offset, `${path}.offset`),
    updatedAt: int(r.updatedAt, `${path}.updatedAt`),
    ...readReadingMarks(r, path),
  };
}

/** Progress and read state, on rows written since they were kept (older rows have none). */
function readReadingMarks(r: Record<string, unknown>, path: string): ReadingMarks {
  const marks: ReadingMarks = {};
  if (r.progress !== undefined) marks.progress = num(r.progress, `${path}.progress`);
  if (r.furthest !== undefined) marks.furthest = num(r.furthest, `${path}.furthest`);
  if (r.readAt !== undefined) marks.readAt = nullable(r.readAt, `${path}.readAt`, (v, at) => int(v, at));
  if (r.lastReadAt !== undefined) marks.lastReadAt = int(r.lastReadAt, `${path}.lastReadAt`);
  return marks;
}

export function unique<T>(rows: T[], key: (row: T) => string, path: string): T[] {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const k = key(row);
    if (seen.has(k)) fail(`${path}[${i}]`, `repeats ${JSON.stringify(k)}`);
    seen.add(k);
  });
  return rows;
}

/** Reads a backup file's text. `byteLength` is the file's size (refused above MAX_BACKUP_BYTES). */
export function parseBackup(text: string, byteLength: number = text.length): ParsedBackup {
  if (byteLength > MAX_BACKUP_BYTES) return { ok: false, error: { code: 'too-large', detail: `${byteLength} bytes; the limit is ${MAX_BACKUP_BYTES}` } };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: { code: 'not-json', detail: (error as Error).message } };
  }
  if (!isObject(json) || json.type !== 'AnnotationCollection' || !('pizhu:format' in json)) {
    return { ok: false, error: { code: 'not-backup', detail: 'not a Pizhu AnnotationCollection (type and pizhu:format missing)' } };
  }
  const format = json['pizhu:format'];
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) return { ok: false, error: { code: 'invalid', detail: 'pizhu:format: must be a whole number ≥ 1' } };
  if (format > BACKUP_FORMAT) return { ok: false, error: { code: 'newer-format', detail: `format ${format}; this version reads up to ${BACKUP_FORMAT}` } };
  try {
    const first = obj(json.first, 'first');
    const items = arr(first.items, 'first.items');
    const data: BackupData = {
      annotations: unique(
        items.map((v, i) => readAnnotation(v, `first.items[${i}]`)),
        (a) => a.id,
        'first.items',
      ),
      tags: unique(
        arr(json['pizhu:tags'], 'pizhu:tags').map((v, i) => readTag(v, `pizhu:tags[${i}]`)),
        (t) => t.id,
        'pizhu:tags',
      ),
      titles: unique(
        arr(json['pizhu:titles'], 'pizhu:titles').map((v, i) => readTitle(v, `pizhu:titles[${i}]`)),
        libraryAndArticle,
        'pizhu:titles',
      ),
      settings: unique(
        arr(json['pizhu:settings'], 'pizhu:settings').map((v, i) => readSetting(v, `pizhu:settings[${i}]`)),
        (s) => s.key,
        'pizhu:settings',
      ),
      reading: unique(
        arr(json['pizhu:reading'], 'pizhu:reading').map((v, i) => readReading(v, `pizhu:reading[${i}]`)),
        libraryAndArticle,
        'pizhu:reading',
      ),
    };
    // One live theme per key; a tombstone keeps the key of a name that may be in use again.
    const liveKeys = new Set<string>();
    data.tags.forEach((t, i) => {
      if (t.deletedAt !== null) return;
      if (liveKeys.has(t.key)) fail(`pizhu:tags[${i}]`, `repeats ${JSON.stringify(t.key)}`);
      liveKeys.add(t.key);
    });
    if (json.total !== undefined && json.total !== items.length) fail('total', `says ${String(json.total)} but first.items has ${items.length}`);
    return { ok: true, data, exportedAt: typeof json['pizhu:exported'] === 'string' ? json['pizhu:exported'] : '' };
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, error: { code: 'invalid', detail: error.message } };
    throw error;
  }
}
