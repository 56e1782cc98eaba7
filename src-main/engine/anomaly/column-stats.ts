import type { LoadedTable } from '../analytics/read-table';

/** Robust and classical summaries of one numeric column (missing values ignored). */
export interface NumericStats {
  column: string;
  mean: number;
  std: number;
  median: number;
  q1: number;
  q3: number;
  /** q3 - q1. */
  spread: number;
  /**
   * When the IQR is 0 (one value, the median, fills the middle half: a 0/1 flag, a zero-inflated amount):
   * the share of the other values and their own quartiles. Those values are judged among themselves.
   */
  rest?: { share: number; q1: number; q3: number };
}

/** A rare value in a near-constant column: under 1% of rows, as for categories. */
export const RARE_SHARE = 0.01;

export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function numericStats(column: string, values: Float64Array): NumericStats | null {
  const v = Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
  if (v.length === 0) return null;
  let mean = 0;
  for (const x of v) mean += x / v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  const q1 = quantile(v, 0.25);
  const q3 = quantile(v, 0.75);
  const median = quantile(v, 0.5);
  const stats: NumericStats = { column, mean, std: Math.sqrt(sq / v.length), median, q1, q3, spread: q3 - q1 };
  // A zero IQR must not make every other value an outlier: a union flag held by 18% of workers is
  // ordinary. The other values are judged among themselves, or as rare when they are under 1% together.
  if (!(q3 > q1)) {
    const rest = v.filter((x) => x !== median);
    stats.rest = { share: rest.length / v.length, q1: quantile(rest, 0.25), q3: quantile(rest, 0.75) };
  }
  return stats;
}

/**
 * How far one value lies beyond the quartiles, in IQRs (0 inside them). When the IQR is 0, a value other
 * than the median is scored beyond the quartiles of the other values; when those are under 1% of rows
 * together, by its distance in standard deviations rescaled to IQRs (finite, so CSV and JSON keep a number).
 */
export function iqrDistance(s: NumericStats, x: number): number {
  if (s.spread > 0) return Math.max(0, (s.q1 - x) / s.spread, (x - s.q3) / s.spread);
  if (x === s.median || !s.rest || !(s.std > 0)) return 0;
  if (s.rest.share < RARE_SHARE) return Math.abs(x - s.median) / (1.349 * s.std);
  const w = s.rest.q3 - s.rest.q1;
  return w > 0 ? Math.max(0, (s.rest.q1 - x) / w, (x - s.rest.q3) / w) : 0;
}

/** Per-row univariate scores over numeric columns: max |z| and max distance beyond the quartiles in IQRs. */
export function univariateScores(table: LoadedTable, stats: NumericStats[]): { z: Float64Array; iqr: Float64Array } {
  const n = table.rows;
  const z = new Float64Array(n);
  const iqr = new Float64Array(n);
  for (const s of stats) {
    const values = table.columns.find((c) => c.name === s.column)!.values as Float64Array;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (Number.isNaN(x)) continue;
      if (s.std > 0) z[i] = Math.max(z[i], Math.abs(x - s.mean) / s.std);
      iqr[i] = Math.max(iqr[i], iqrDistance(s, x));
    }
  }
  return { z, iqr };
}
