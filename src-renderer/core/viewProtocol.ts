// Messages between the reader and its script-view worker (workers/scriptView.worker.ts).
import type { OffsetMapParts } from './offsetMap.ts';
import type { Script, ViewOptions } from './types.ts';

export interface ViewRequest {
  id: number;
  /** The canonical text. */
  text: string;
  script: Script;
  /** The user's view options (corner quotes, overrides), plain data. */
  options?: ViewOptions;
}

export type ViewReply = { id: number; ok: true; text: string; map: OffsetMapParts } | { id: number; ok: false; error: string };
