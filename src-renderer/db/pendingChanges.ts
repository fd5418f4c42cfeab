// The changes IndexedDB refused (rows shown but not stored, note text typed while the disk was
// full), in the form the host keeps them in the user-data folder until they are stored.
import type { AnnotationRecord, DraftRecord, TagRecord } from './records.ts';

export interface PendingChanges {
  /** Rows as the user last left them, with the new themes they point at. */
  annotations: { record: AnnotationRecord; newTags: TagRecord[] }[];
  /** Note text typed after its row's last change. */
  drafts: DraftRecord[];
  /**
   * Handed over by a page going away with writes still waiting their turn, not refused by the
   * database: stored at the next start, they leave no doubt about the store.
   */
  left?: boolean;
}

/** The host's side: keeps the JSON ('' = nothing pending) and hands it back after a reload. */
export interface PendingChangesHost {
  keep(json: string): Promise<void>;
  read(): Promise<string>;
}

const FORMAT = 'pizhu-pending-changes';

export function encodePendingChanges(changes: PendingChanges): string {
  if (changes.annotations.length === 0 && changes.drafts.length === 0) return '';
  return JSON.stringify({ format: FORMAT, version: 1, ...changes });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isRecord = (v: unknown): v is AnnotationRecord => isObject(v) && typeof v.id === 'string' && typeof v.articleKey === 'string' && typeof v.updatedAt === 'number' && typeof v.note === 'string' && Array.isArray(v.tagIds);
const isTag = (v: unknown): v is TagRecord => isObject(v) && typeof v.id === 'string' && typeof v.key === 'string' && typeof v.name === 'string';
const isDraft = (v: unknown): v is DraftRecord => isObject(v) && typeof v.annotationId === 'string' && typeof v.note === 'string' && typeof v.typedAt === 'number';

/** What was kept, or null when nothing was; throws on a file this code did not write. */
export function decodePendingChanges(json: string): PendingChanges | null {
  if (json.trim() === '') return null;
  const parsed: unknown = JSON.parse(json);
  if (!isObject(parsed) || parsed.format !== FORMAT || parsed.version !== 1 || !Array.isArray(parsed.annotations) || !Array.isArray(parsed.drafts)) {
    throw new Error('pending changes: not a file Pizhu wrote');
  }
  const annotations = parsed.annotations.filter((a): a is PendingChanges['annotations'][number] => isObject(a) && isRecord(a.record) && Array.isArray(a.newTags) && a.newTags.every(isTag));
  const drafts = parsed.drafts.filter(isDraft);
  if (annotations.length !== parsed.annotations.length || drafts.length !== parsed.drafts.length) throw new Error('pending changes: damaged entries');
  return parsed.left === true ? { annotations, drafts, left: true } : { annotations, drafts };
}
