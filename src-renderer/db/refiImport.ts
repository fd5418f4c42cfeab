// A planned REFI-QDA import (core/refiImport.ts) written in one transaction: the new themes,
// then the passages, merged by id with what is here (the newer `updatedAt` wins; the colour
// and style chosen here stay). Either all of it lands or nothing does.
import type { RefiImportPlan } from '../core/refiImport.ts';
import type { PizhuDatabase } from './database.ts';
import type { AnnotationRecord } from './records.ts';
import { checkOneLivePerKey } from './themeRows.ts';
import { keepingHeldLibraries } from './heldLibraries.ts';

export interface RefiImportSummary {
  themesAdded: number;
  themesMatched: number;
  added: number;
  updated: number;
  unchanged: number;
  unmatchedSources: string[];
  unplaced: number;
}

export async function applyRefiImport(db: PizhuDatabase, plan: RefiImportPlan): Promise<RefiImportSummary> {
  return db.transaction('rw', db.tags, db.annotations, async () => {
    if (plan.newThemes.length > 0) {
      await db.tags.bulkAdd(plan.newThemes.map((t) => structuredClone(t)));
      // Another window may have made a theme of one of these names since the plan was made.
      await checkOneLivePerKey(
        db,
        plan.newThemes.map((t) => t.key),
      );
    }
    const existing = await db.annotations.bulkGet(plan.annotations.map((a) => a.id));
    const write: AnnotationRecord[] = [];
    let added = 0;
    plan.annotations.forEach((incoming, i) => {
      const here = existing[i];
      if (here === undefined) {
        added++;
        write.push(structuredClone(incoming));
      } else if (incoming.updatedAt > here.updatedAt) {
        // The libraries holding it are this machine's: kept, as colour and style are.
        write.push(structuredClone(keepingHeldLibraries({ ...incoming, color: here.color, style: here.style, createdAt: here.createdAt }, here)));
      }
    });
    if (write.length > 0) await db.annotations.bulkPut(write);
    return {
      themesAdded: plan.newThemes.length,
      themesMatched: plan.themesMatched,
      added,
      updated: write.length - added,
      unchanged: plan.annotations.length - write.length,
      unmatchedSources: plan.unmatchedSources,
      unplaced: plan.unplaced,
    };
  });
}
