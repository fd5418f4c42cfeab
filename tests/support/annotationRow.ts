// One stored annotation row for tests that write the database directly: a yellow highlight
// of 营商环境 at the start of a.txt, with no note and no themes, unless told otherwise.
import type { AnnotationRecord } from '../../src-renderer/db/records.ts';

export function annotationRow(id: string, extra: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return {
    id,
    articleKey: 'a.txt',
    fingerprint: 'f1',
    cleanVersion: 1,
    position: { start: 0, end: 4 },
    quote: { exact: '营商环境', prefix: '', suffix: '' },
    color: 'yellow',
    style: 'highlight',
    note: '',
    tagIds: [],
    createdAt: 1,
    updatedAt: 1,
    deletedAt: null,
    ...extra,
  };
}
