// What a bench figure is and how BENCHMARKS.md shows it: each figure keeps all its samples,
// the table gives the median, the spread (min–max, or p10–p90 once there are 20 samples or
// more, where one outlier would otherwise hide the shape) and, where the product sets one, the
// target and whether the median meets it. Pure: the unit tests check the maths and the text.

export type Unit = 'ms' | 'MB' | 'count' | 'ratio';

export interface Target {
  /** The median must be below (`<`) or at least (`>=`) this value, in the figure's unit. */
  op: '<' | '>=';
  value: number;
  /** As the target's own words put it, e.g. "< 1 s warm". */
  label: string;
}

export interface Figure {
  /** Which suite made it: one table per suite. */
  suite: string;
  name: string;
  samples: number[];
  unit?: Unit;
  note?: string;
  target?: Target;
}

export interface Summary {
  median: number;
  low: number;
  high: number;
  /** How `low`–`high` was taken. */
  spread: 'min–max' | 'p10–p90';
  runs: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (p in 0–100): the smallest sample with at least p % at or below it. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw new Error('percentile of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export const PERCENTILE_SPREAD_FROM = 20;

export function summarise(samples: readonly number[]): Summary {
  const runs = samples.length;
  if (runs >= PERCENTILE_SPREAD_FROM) return { median: median(samples), low: percentile(samples, 10), high: percentile(samples, 90), spread: 'p10–p90', runs };
  return { median: median(samples), low: Math.min(...samples), high: Math.max(...samples), spread: 'min–max', runs };
}

/** Three significant figures or so, no exponent: 0.42, 5.20, 27.3, 148, 27806. */
export function formatNumber(x: number): string {
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function formatValue(x: number, unit: Unit = 'ms'): string {
  switch (unit) {
    case 'ms':
      return `${formatNumber(x)} ms`;
    case 'MB':
      return `${formatNumber(x)} MB`;
    case 'ratio':
      return `${formatNumber(x)}×`;
    case 'count':
      return Number.isInteger(x) ? String(x) : formatNumber(x);
  }
}

export function meets(target: Target, value: number): boolean {
  return target.op === '<' ? value < target.value : value >= target.value;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One Markdown table for one suite's figures, in the order they were recorded. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const s = summarise(f.samples);
    const unit = f.unit ?? 'ms';
    const name = f.note ? `${f.name} — ${f.note}` : f.name;
    const spread = `${formatValue(s.low, unit)} – ${formatValue(s.high, unit)}${s.spread === 'p10–p90' ? ' (p10–p90)' : ''}`;
    const verdict = f.target ? (meets(f.target, s.median) ? 'met' : '**missed**') : '';
    return `| ${cell(name)} | ${formatValue(s.median, unit)} | ${spread} | ${s.runs} | ${f.target ? cell(f.target.label) : ''} | ${verdict} |`;
  });
  return ['| figure | median | spread (min–max unless marked) | runs | target | |', '|---|---:|---:|---:|---|---|', ...rows].join('\n');
}

/** One console line while the bench runs. */
export function describe(f: Figure): string {
  const s = summarise(f.samples);
  const unit = f.unit ?? 'ms';
  const verdict = f.target ? ` [${meets(f.target, s.median) ? 'met' : 'MISSED'} ${f.target.label}]` : '';
  return `${f.name}: ${formatValue(s.median, unit)} (${formatValue(s.low, unit)}–${formatValue(s.high, unit)}, ${s.runs} runs)${verdict}`;
}
