// What the last scan learned about each file of a library (size, mtime, inode → fingerprint,
// encoding, or why it is not an article), kept in the data folder so a restart lists a big
// library from stat() alone instead of reading and hashing every file again. A damaged or
// foreign cache file only costs a full scan: loading never throws.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleEntry, ArticleErrorCode, TextEncoding } from '../api.ts';
import { ensurePrivateDir, writeFileAtomically } from '../privateFiles.ts';

/**
 * Bump when what decodeBytes/fingerprintDecoded return for the same bytes changes: every
 * cached fingerprint is then stale, and the next scan reads every file once.
 */
// 2: decode strips controls, reads BOM-less UTF-16, tells binary formats by their signature.
// 3: WHATWG Big5 (HKSCS rows), stray controls no longer binary, mojibake refused by encoding name.
export const SCAN_CACHE_VERSION = 3;
/** The scan caches' folder inside the data folder. */
export const LIBRARY_CACHE_DIR_NAME = 'library-cache';

export interface ScanCacheRecord {
  size: number;
  mtimeMs: number;
  ino: number;
  entry: ArticleEntry;
}

/** Errors that follow from the bytes alone, so unchanged bytes give the same error again. */
const CACHEABLE_ERRORS: ReadonlySet<ArticleErrorCode> = new Set(['empty', 'binary', 'undecodable', 'too-large']);
const ENCODINGS: ReadonlySet<TextEncoding> = new Set(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030', 'big5']);

/** Whether an entry may be kept across restarts (a permission error may be gone tomorrow with the same mtime). */
export function isCacheable(entry: ArticleEntry): boolean {
  return entry.error === null ? entry.fingerprint !== null : CACHEABLE_ERRORS.has(entry.error.code);
}

// One row per file as a flat array: a 10,000-file library is ~1 MB instead of ~3.
type Row = [key: string, size: number, mtimeMs: number, ino: number, fingerprint: string | null, encoding: TextEncoding | null, errorCode: ArticleErrorCode | null, errorDetail: string | null];

interface CacheFileShape {
  version: number;
  root: string;
  rows: Row[];
}

function rowOf(record: ScanCacheRecord): Row {
  const { entry } = record;
  return [entry.key, record.size, record.mtimeMs, record.ino, entry.fingerprint, entry.encoding, entry.error?.code ?? null, entry.error?.detail ?? null];
}

function recordOf(row: unknown): ScanCacheRecord | null {
  if (!Array.isArray(row) || row.length !== 8) return null;
  const [key, size, mtimeMs, ino, fingerprint, encoding, errorCode, errorDetail] = row as unknown[];
  if (typeof key !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof ino !== 'number') return null;
  if (errorCode === null) {
    if (typeof fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(fingerprint) || !ENCODINGS.has(encoding as TextEncoding)) return null;
    return { size, mtimeMs, ino, entry: { key, size, mtimeMs, fingerprint, encoding: encoding as TextEncoding, error: null } };
  }
  if (!CACHEABLE_ERRORS.has(errorCode as ArticleErrorCode) || typeof errorDetail !== 'string') return null;
  return { size, mtimeMs, ino, entry: { key, size, mtimeMs, fingerprint: null, encoding: null, error: { code: errorCode as ArticleErrorCode, detail: errorDetail } } };
}

export class ScanCacheFile {
  readonly path: string;

  constructor(
    dataDir: string,
    private readonly root: string,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {
    // One file per library folder, named by a hash: folder paths are not safe file names.
    const id = createHash('sha256').update(root).digest('hex').slice(0, 16);
    this.path = join(dataDir, LIBRARY_CACHE_DIR_NAME, `${id}.json`);
  }

  async load(): Promise<Map<string, ScanCacheRecord>> {
    const records = new Map<string, ScanCacheRecord>();
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`Pizhu: cannot read the library cache ${this.path}: ${(error as Error).message}; scanning every file`);
      return records;
    }
    let parsed: Partial<CacheFileShape>;
    try {
      parsed = JSON.parse(raw) as Partial<CacheFileShape>;
    } catch (error) {
      this.warn(`Pizhu: ignoring a damaged library cache ${this.path}: ${(error as Error).message}`);
      return records;
    }
    if (parsed?.version !== SCAN_CACHE_VERSION || parsed.root !== this.root || !Array.isArray(parsed.rows)) return records;
    for (const row of parsed.rows) {
      const record = recordOf(row);
      if (record) records.set(record.entry.key, record);
    }
    return records;
  }

  /** Whole or not at all, readable by this user only (privateFiles.ts). */
  async save(records: Iterable<ScanCacheRecord>): Promise<void> {
    const rows: Row[] = [];
    for (const record of records) if (isCacheable(record.entry)) rows.push(rowOf(record));
    const body: CacheFileShape = { version: SCAN_CACHE_VERSION, root: this.root, rows };
    await ensurePrivateDir(join(this.path, '..'));
    await writeFileAtomically(this.path, JSON.stringify(body));
  }
}
