// The notebook's read: every live annotation of the library, a page at a time.
import { readEveryAnnotation } from './annotations.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord } from './records.ts';

/** Every annotation that is not a tombstone, in id order. */
export function readLiveAnnotations(db: PizhuDatabase): Promise<AnnotationRecord[]> {
  return readEveryAnnotation(db, (r) => (r.deletedAt === null ? r : null));
}
