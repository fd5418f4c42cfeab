// Steps that write annotation rows and themes outside the reader's commands — a theme renamed,
// merged, deleted or moved, mentions tagged, a notebook bulk action — are published here once
// stored, and whatever shows those rows (the annotations model, the counts) follows. The
// publisher never reaches into another state. Hand-written rather than an emitter library
// (mitt, nanoevents): a step must wait until every listener has followed (an undo right after
// a merge acts on the rows the merge left), and those call listeners without awaiting them.
import type { AnnotationRecord, TagRecord } from '../db/records.ts';

export interface AnnotationChange {
  /** Which part of the window made the step (done, undone or redone). */
  source: 'themes' | 'notebook';
  /** The live themes after the step, when it changed any; null: the themes are as they were. */
  themes: TagRecord[] | null;
  /** The annotation rows the step wrote, as written (tombstones included). */
  annotations: readonly AnnotationRecord[];
}

export type AnnotationChangeListener = (change: AnnotationChange) => void | Promise<void>;

export class AnnotationChanges {
  private readonly listeners = new Set<AnnotationChangeListener>();

  /** Calls `listener` with every change published from now on; returns its unsubscribe. */
  subscribe(listener: AnnotationChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every listener has followed the change (one after another, in subscription order). */
  async publish(change: AnnotationChange): Promise<void> {
    for (const listener of [...this.listeners]) await listener(change);
  }
}
