import type { Range } from '../core/types.ts';

/** Open an article at a passage and flash it (search result, theme passage); `n` makes a repeat a new request. */
export interface RevealRequest {
  key: string;
  range: Range;
  annotationId: string | null;
  n: number;
}
