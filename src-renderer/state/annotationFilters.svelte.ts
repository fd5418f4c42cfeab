// The annotation pane's filters (colour, theme, has a note, author) and the list they leave.
import type { AnnotationRecord, AnnotationStyle } from '../db/records.ts';
import type { AnchoredAnnotation } from './annotationPlacement.ts';

export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type AnnotationColor = (typeof COLORS)[number];

export const styleOf = (record: AnnotationRecord): AnnotationStyle => record.style ?? 'highlight';
export const colorOf = (record: AnnotationRecord): AnnotationColor => ((COLORS as readonly string[]).includes(record.color) ? (record.color as AnnotationColor) : 'yellow');

export interface AnnotationFilter {
  color: AnnotationColor | null;
  tagId: string | null;
  hasNote: boolean;
  /** Only this author's annotations (their installation id); absent or null: everyone's. */
  authorId?: string | null;
}

export const NO_FILTER: AnnotationFilter = { color: null, tagId: null, hasNote: false };

/** Whether `record` passes `filter`. */
export function passes(filter: AnnotationFilter, record: AnnotationRecord): boolean {
  const { color, tagId, hasNote, authorId } = filter;
  return (!color || colorOf(record) === color) && (!tagId || record.tagIds.includes(tagId)) && (!hasNote || record.note.trim() !== '') && (!authorId || record.author?.id === authorId);
}

export class AnnotationFilters {
  filter = $state<AnnotationFilter>({ ...NO_FILTER });

  /** The pane's list: anchored ones in reading order, filtered. */
  readonly visible: AnchoredAnnotation[] = $derived.by(() => {
    const filter = this.filter;
    return this.anchored().filter((a) => passes(filter, a.record));
  });

  constructor(private readonly anchored: () => readonly AnchoredAnnotation[]) {}

  clear(): void {
    this.filter = { ...NO_FILTER };
  }
}
