// A theme with many tagged passages for the theme page's tests and bench: `perArticle`
// four-character passages spread evenly over each seed, every tenth with a note, written
// with raw IndexedDB into the app's own `pizhu` database (after the app has created it), so
// the product needs no test hook.
import type { Page } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fingerprintText } from '../../src-main/library/decode.ts';
import { loadArticle } from '../../src-renderer/core/article.ts';
import { CLEAN_VERSION } from '../../src-renderer/core/clean.ts';
import { describeRange } from '../../src-renderer/core/textQuote.ts';
import type { AnnotationRecord, TagRecord } from '../../src-renderer/db/records.ts';
import { putRows } from './rawIndexedDb.ts';

const SEEDS = resolve(import.meta.dirname, '../../seeds');

export const MANY_TAG: TagRecord = { id: 'tag-many', key: '窗口测试', name: '窗口测试', aliases: [], color: 'blue', description: '', parentId: null, updatedAt: 0, deletedAt: null };

export function taggedPassages(perArticle: number, tag: TagRecord = MANY_TAG): AnnotationRecord[] {
  const rows: AnnotationRecord[] = [];
  for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()) {
    const raw = readFileSync(join(SEEDS, file), 'utf8');
    const canonical = loadArticle(raw, { fileName: file }).clean.text;
    const fingerprint = fingerprintText(raw);
    const step = Math.floor(canonical.length / perArticle);
    for (let i = 0; i < perArticle; i++) {
      const start = i * step;
      rows.push({
        id: `${file}-${String(i).padStart(4, '0')}`,
        articleKey: file,
        fingerprint,
        cleanVersion: CLEAN_VERSION,
        ...describeRange(canonical, { start, end: start + 4 }),
        color: 'blue',
        style: 'highlight',
        note: i % 10 === 0 ? `第 ${i} 条笔记` : '',
        tagIds: [tag.id],
        createdAt: i,
        updatedAt: i,
        deletedAt: null,
      });
    }
  }
  return rows;
}

/** Adds the tag and the rows to what the database holds. */
export async function putTagged(page: Page, tag: TagRecord, rows: AnnotationRecord[]): Promise<void> {
  await putRows(page, { tags: [tag], annotations: rows });
}
