// Re-anchoring figures: an article with 1,000 highlights, opened unchanged
// (position), after an edit above every highlight (quote), and through a script switch.
import { anchorAll, canonicalRangeToView, describeRange } from '../../src-renderer/core/anchor.ts';
import { clearViewCache, view } from '../../src-renderer/core/scriptView.ts';
import type { AnchorTarget } from '../../src-renderer/core/types.ts';

type Measure = (name: string, runs: number, fn: () => void, note?: string) => unknown;

export function benchAnchoring(measure: Measure, canonical: string, runs: number): void {
  const targets: AnchorTarget[] = [];
  // 1,000 highlights of 6–40 characters spread evenly, as a dense reader would leave them.
  const step = Math.floor(canonical.length / 1000);
  for (let i = 0; i < 1000; i++) {
    const start = i * step;
    const end = Math.min(canonical.length, start + 6 + (i % 35));
    targets.push({ fingerprint: 'f0', cleanVersion: 2, ...describeRange(canonical, { start, end }) });
  }
  measure('re-anchor 1,000 highlights, 15,000 chars, file unchanged', runs, () => anchorAll(canonical, 'f0', targets));
  const edited = '新插入的一段文字，位于文章开头。\n' + canonical;
  measure('re-anchor 1,000 highlights, 15,000 chars, paragraph inserted at the top', runs, () => anchorAll(edited, 'f1', targets));
  measure('script switch to 繁體 with 1,000 highlights mapped for drawing (cache cleared)', runs, () => {
    clearViewCache();
    const v = view(canonical, 't');
    for (const t of targets) canonicalRangeToView(v, t.position);
  });
}
